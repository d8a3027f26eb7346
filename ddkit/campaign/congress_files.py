"""The files of a trimmed copy of the congressional data: how they are written and read.

A copy is a folder of four files (:data:`FILES`):

- ``SOURCE.yaml``: where each data set comes from, its commit, date and license, and counts;
- ``members.csv``: one row per member (bioguide id, name, chamber, state, district, party,
  DC office phone and address, contact form, website);
- ``district-offices.csv``: the members' offices back home (address, city, phone...);
- ``zcta-districts.txt``: each line a ZIP prefix, a state, a district, and the last two
  digits of every ZCTA of that prefix in that district (compact, and still readable).

The same download always gives the same bytes, so the shipped copy can be checked against
its sources.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from ddkit.campaign.congress import Congress, DistrictOffice, Member, Source
from ddkit.campaign.congress_upstream import Download

SOURCE_FILE = "SOURCE.yaml"
MEMBERS_FILE = "members.csv"
OFFICES_FILE = "district-offices.csv"
ZCTA_FILE = "zcta-districts.txt"
FILES = (SOURCE_FILE, MEMBERS_FILE, OFFICES_FILE, ZCTA_FILE)
MEMBER_COLUMNS = (
    "bioguide", "name", "chamber", "state", "district", "party", "phone", "address",
    "contact_form", "url",
)  # fmt: skip
OFFICE_COLUMNS = ("bioguide", "address", "suite", "building", "city", "state", "zip", "phone")
SOURCE_TEMPLATE = """\
# The congressional data shipped with ddkit, trimmed to what the kit uses. Rebuilt by
# `ddkit congress update --from DIR` from the files named below; shown with every member.
legislators:
  project: unitedstates/congress-legislators
  url: https://github.com/unitedstates/congress-legislators
  files: [legislators-current, legislators-district-offices]
  commit: "{leg_commit}"
  date: {leg_date}
  license: CC0-1.0 (public domain dedication)
zcta:
  project: OpenSourceActivismTech/us-zipcodes-congress
  url: https://github.com/OpenSourceActivismTech/us-zipcodes-congress
  files: [zccd.csv]
  commit: "{zcta_commit}"
  date: {zcta_date}
  license: >-
    Public domain: U.S. Census Bureau ZIP code tabulation areas (ZCTAs) and 119th Congress
    districts, United States Government works; the project's conversion scripts are MIT.
  note: >-
    ZCTAs approximate ZIP codes (a ZIP code used only for PO boxes may have none), and a
    ZIP code can cross a district line: the person confirms the district.
counts:
  members: {members}
  senators: {senators}
  house: {house}
  district_offices: {offices}
  zctas: {zctas}
"""


def _order(m: Member) -> tuple:
    return (m.state, m.chamber != "sen", m.district or 0, m.name, m.bioguide)


def _csv(rows: list[list[str]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def members_text(members: tuple[Member, ...]) -> str:
    """``members.csv``, sorted by state, senators first, then district."""
    rows = [
        [
            m.bioguide,
            m.name,
            m.chamber,
            m.state,
            "" if m.district is None else str(m.district),
            m.party,
            m.phone,
            m.address,
            m.contact_form,
            m.url,
        ]  # fmt: skip
        for m in sorted(members, key=_order)
    ]
    return _csv(rows, MEMBER_COLUMNS)


def offices_text(members: tuple[Member, ...]) -> str:
    """``district-offices.csv``, in the members' order, each member's offices as listed upstream."""
    rows = [
        [m.bioguide, o.address, o.suite, o.building, o.city, o.state, o.zip, o.phone]
        for m in sorted(members, key=_order)
        for o in m.offices
    ]
    return _csv(rows, OFFICE_COLUMNS)


def zctas_text(zctas: dict[str, tuple[tuple[str, int], ...]]) -> str:
    """``zcta-districts.txt``: grouped by ZIP prefix, state and district."""
    groups: dict[tuple[str, str, int], list[str]] = {}
    for zcta, seats in zctas.items():
        for state, district in seats:
            groups.setdefault((zcta[:3], state, district), []).append(zcta[3:])
    lines = [
        "# ZIP code tabulation areas (ZCTAs) and the 119th Congress districts they touch.",
        "# Each line: the first three digits of the ZIP codes, the state, the district",
        "# (0: at large, or the delegate), then the last two digits of each ZIP code in it.",
        "# A ZIP code on several lines crosses a district line: the person confirms theirs.",
    ]
    for (prefix, state, district), tails in sorted(groups.items()):
        lines.append(f"{prefix} {state} {district}: {' '.join(sorted(tails))}")
    return "\n".join(lines) + "\n"


def source_text(download: Download) -> str:
    members = download.members
    return SOURCE_TEMPLATE.format(
        leg_commit=download.legislators.commit,
        leg_date=download.legislators.day.isoformat(),
        zcta_commit=download.zcta.commit,
        zcta_date=download.zcta.day.isoformat(),
        members=len(members),
        senators=sum(m.chamber == "sen" for m in members),
        house=sum(m.chamber == "rep" for m in members),
        offices=sum(len(m.offices) for m in members),
        zctas=len(download.zctas),
    )


def copy_files(download: Download) -> dict[str, str]:
    """The text of every file of the trimmed copy, by file name."""
    return {
        SOURCE_FILE: source_text(download),
        MEMBERS_FILE: members_text(download.members),
        OFFICES_FILE: offices_text(download.members),
        ZCTA_FILE: zctas_text(download.zctas),
    }


# ---------------------------------------------------------------- reading


def parse_zctas(text: str) -> dict[str, tuple[tuple[str, int], ...]]:
    """Read ``zcta-districts.txt``: lines ``787 TX 35: 01 02 04`` (ZIP prefix, state, district,
    then the last two digits of each ZCTA in that district).

    >>> parse_zctas("# note\\n787 TX 35: 04 05\\n787 TX 37: 04\\n")["78704"]
    (('TX', 35), ('TX', 37))
    """
    found: dict[str, list[tuple[str, int]]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        head, _, tails = line.partition(": ")
        prefix, state, district = head.split(" ")
        seat = (state, int(district))
        for tail in tails.split(" "):
            found.setdefault(prefix + tail, []).append(seat)
    return {zcta: tuple(sorted(seats)) for zcta, seats in found.items()}


def _rows(text: str, columns: tuple[str, ...], name: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != columns:
        raise ValueError(f"{name}: unexpected columns")
    return list(reader)


def parse_copy(folder: Path) -> Congress:
    """Read one copy of the data (a folder holding :data:`FILES`); ``ValueError`` if damaged."""
    import yaml

    meta = yaml.safe_load((folder / SOURCE_FILE).read_text(encoding="utf-8"))
    offices: dict[str, list[DistrictOffice]] = {}
    for row in _rows((folder / OFFICES_FILE).read_text(encoding="utf-8"), OFFICE_COLUMNS,
                     OFFICES_FILE):  # fmt: skip
        bioguide = row.pop("bioguide")
        offices.setdefault(bioguide, []).append(DistrictOffice(**row))
    members = []
    rows = _rows((folder / MEMBERS_FILE).read_text(encoding="utf-8"), MEMBER_COLUMNS, MEMBERS_FILE)
    senate_states = {r["state"] for r in rows if r["chamber"] == "sen"}
    for row in rows:
        district = row.pop("district")
        district = int(district) if district else None
        members.append(
            Member(
                **row,
                district=district,
                offices=tuple(offices.get(row["bioguide"], ())),
                votes=row["chamber"] == "sen" or row["state"] in senate_states,
            )
        )
    source = Source(
        snapshot=_day(meta["legislators"]["date"]),
        legislators_commit=str(meta["legislators"].get("commit") or ""),
        zcta_date=_day(meta["zcta"]["date"]),
        zcta_commit=str(meta["zcta"].get("commit") or ""),
        folder=folder,
    )
    if len(members) != int(meta["counts"]["members"]):
        raise ValueError(f"{MEMBERS_FILE}: count differs from {SOURCE_FILE}")
    zcta_text = (folder / ZCTA_FILE).read_text(encoding="utf-8")
    return Congress(members=tuple(members), source=source, _zcta_text=zcta_text)


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
