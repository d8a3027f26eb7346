"""`ddkit congress update`: rebuilding the trimmed copy from a download, and refusing a bad one.

``tests/fixtures/congress-reference`` is a faithful subset of the reference download (see its
README); the full reference, when this machine has it, must rebuild the shipped copy byte for
byte.
"""

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from ddkit.campaign import congress_copy
from ddkit.campaign.congress import SHIPPED, congress, copy_in_use
from ddkit.campaign.congress_copy import refreshed_root, update
from ddkit.campaign.congress_files import FILES, copy_files, parse_copy
from ddkit.campaign.congress_upstream import CongressDataError, read_download
from ddkit.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "congress-reference"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
if not REFERENCE.is_dir():
    REFERENCE = Path("/work/shared/reference")
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "congress-legislators").is_dir(), reason="the full reference is not here"
)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def download(tmp_path):
    """A writable copy of the fixture download."""
    folder = tmp_path / "download"
    shutil.copytree(FIXTURE, folder)
    return folder


# ---------------------------------------------------------------- the subset fixture


def test_the_fixture_rebuilds_the_same_records_as_the_shipped_copy_has_for_its_members():
    subset = read_download(FIXTURE, complete=False)
    built = copy_files(subset)
    shipped = {name: (SHIPPED / name).read_text(encoding="utf-8") for name in FILES}
    ids = {m.bioguide for m in subset.members}
    assert len(ids) == 10
    for name in ("members.csv", "district-offices.csv"):
        mine = csv_rows(built[name])
        theirs = [row for row in csv_rows(shipped[name]) if row[0] in ids or row[0] == "bioguide"]
        assert mine == theirs, name
    index = congress().zip_index()
    assert subset.zctas and all(index[z] == seats for z, seats in subset.zctas.items())


def test_the_fixture_names_its_sources_and_dates_like_the_shipped_copy():
    built = copy_files(read_download(FIXTURE, complete=False))["SOURCE.yaml"]
    shipped = (SHIPPED / "SOURCE.yaml").read_text(encoding="utf-8")
    assert built.split("counts:")[0] == shipped.split("counts:")[0]


def test_update_refuses_a_partial_download_and_names_what_is_missing(capsys):
    before = digest(SHIPPED)
    assert main(["congress", "update", "--from", str(FIXTURE)]) == 2
    err = capsys.readouterr().err
    assert "looks partial" in err and "no senator for AL" in err
    assert "Nothing was changed" in err
    assert digest(SHIPPED) == before and not refreshed_root().exists()


@pytest.mark.parametrize(
    ("remove", "says"),
    [
        ("zcta-congress/zccd.csv", "zccd.csv: this file is missing"),
        ("congress-legislators/legislators-current.yaml", "legislators-current.yaml: this file"),
        ("congress-legislators/legislators-district-offices.yaml", "district-offices.yaml: this"),
        ("congress-legislators/SNAPSHOT", "--as-of"),
    ],
)
def test_update_refuses_a_folder_with_a_file_missing(download, capsys, remove, says):
    (download / remove).unlink()
    before = digest(SHIPPED)
    assert main(["congress", "update", "--from", str(download)]) == 2
    assert says in capsys.readouterr().err
    assert digest(SHIPPED) == before and not refreshed_root().exists()


@pytest.mark.parametrize(
    ("file", "old", "new", "says"),
    [
        ("congress-legislators/legislators-current.yaml", "bioguide:", "bioguid:",
         "entry 1 has no id.bioguide"),
        ("congress-legislators/legislators-current.yaml", "  terms:", "  term:",
         "entry 1 has no terms"),
        ("congress-legislators/legislators-current.yaml", "    party:", "    partido:",
         "entry 1 has no terms.party"),
        ("congress-legislators/legislators-district-offices.yaml", "    city:", "    town:",
         "entry 1 has no offices.city"),
        ("zcta-congress/zccd.csv", "state_abbr,zcta,cd", "state_abbr,zip,cd",
         "the column zcta is missing"),
        ("zcta-congress/zccd.csv", ",05401,", ",5401,", "row 239 has no valid zcta"),
    ],
)  # fmt: skip
def test_update_refuses_a_key_or_column_renamed_and_names_it(download, file, old, new, says):
    path = download / file
    text = path.read_bytes().decode("utf-8")
    assert old in text
    # Renamed everywhere (as a new upstream format would): entry 1 is the first to miss it.
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    with pytest.raises(CongressDataError) as err:
        read_download(download, complete=False)
    message = err.value.message("en")
    assert says in message and Path(file).name in message
    assert err.value.message("es") != message


def test_a_truncated_file_is_refused_not_half_read(download):
    path = download / "congress-legislators" / "legislators-current.yaml"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CongressDataError):
        read_download(download, complete=False)


@needs_reference
def test_the_fixture_is_a_faithful_subset_of_the_reference():
    for sub in ("congress-legislators", "zcta-congress"):
        for path in (FIXTURE / sub).iterdir():
            ours, theirs = path.read_bytes(), (REFERENCE / sub / path.name).read_bytes()
            if path.suffix == ".yaml":
                blocks = re.split(rb"(?m)^(?=- )", ours)
                assert all(b in theirs for b in blocks if b), path.name
            elif path.suffix == ".csv":
                assert set(ours.split(b"\r\n")) <= set(theirs.split(b"\r\n")), path.name
            else:
                assert ours == theirs, path.name


# ---------------------------------------------------------------- the full reference


@needs_reference
def test_the_full_reference_rebuilds_the_shipped_copy_byte_for_byte(tmp_path):
    out = congress_copy.build_shipped(REFERENCE, tmp_path / "congress")
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    for name in FILES:
        assert (out / name).read_bytes() == (SHIPPED / name).read_bytes(), name


@needs_reference
def test_update_from_the_full_reference_switches_to_an_identical_copy(capsys):
    assert main(["congress", "update", "--from", str(REFERENCE)]) == 0
    assert "2026-06-15" in capsys.readouterr().out
    in_use = copy_in_use()
    assert in_use.parent == refreshed_root()
    assert digest(in_use) == digest(SHIPPED)


# ---------------------------------------------------------------- a newer download


def upstream_from(folder: Path, out: Path, day: str) -> Path:
    """Write a copy back out in the upstream formats (JSON this time), dated ``day``."""
    data = parse_copy(folder)
    legs, offices = [], []
    for m in data.members:
        term = {"type": m.chamber, "state": m.state, "party": m.party, "phone": m.phone,
                "address": m.address, "contact_form": m.contact_form, "url": m.url}  # fmt: skip
        if m.district is not None:
            term["district"] = m.district
        legs.append({"id": {"bioguide": m.bioguide}, "name": {"official_full": m.name},
                     "terms": [term]})  # fmt: skip
        if m.offices:
            rows = [{k: v for k, v in o.__dict__.items() if v} for o in m.offices]
            offices.append({"id": {"bioguide": m.bioguide}, "offices": rows})
    out.mkdir()
    (out / "legislators-current.json").write_text(json.dumps(legs), encoding="utf-8")
    (out / "legislators-district-offices.json").write_text(json.dumps(offices), encoding="utf-8")
    with (out / "zccd.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["state_fips", "state_abbr", "zcta", "cd"])
        for zcta, seats in sorted(data.zip_index().items()):
            writer.writerows(["00", state, zcta, district] for state, district in seats)
    (out / "SNAPSHOT").write_text(f"0123456789abcdef {day}T12:00:00-04:00\n", encoding="utf-8")
    return out


def test_a_newer_download_is_switched_to_and_a_broken_one_leaves_it_in_place(tmp_path, capsys):
    newer = upstream_from(SHIPPED, tmp_path / "newer", "2026-09-01")
    assert main(["congress", "update", "--from", str(newer)]) == 0
    assert "2026-09-01" in capsys.readouterr().out
    first = copy_in_use()
    assert first.parent == refreshed_root() and (refreshed_root() / "CURRENT").is_file()
    assert main(["congress", "--zip", "78704"]) == 0
    out = capsys.readouterr().out
    assert "snapshot of 2026-09-01" in out and "Greg Casar" in out
    # The same members and ZIP codes as the shipped copy: only the dates differ.
    for name in ("members.csv", "district-offices.csv", "zcta-districts.txt"):
        assert (first / name).read_bytes() == (SHIPPED / name).read_bytes(), name

    kept = digest(first)
    (newer / "zccd.csv").unlink()
    assert main(["congress", "update", "--from", str(newer)]) == 2
    assert copy_in_use() == first and digest(first) == kept
    assert sorted(p.name for p in refreshed_root().iterdir()) == sorted(["CURRENT", first.name])


def test_a_download_older_than_the_shipped_copy_is_refused(tmp_path, capsys):
    older = upstream_from(SHIPPED, tmp_path / "older", "2025-01-10")
    assert main(["congress", "update", "--from", str(older)]) == 2
    assert "older than the data the kit ships (2026-06-15)" in capsys.readouterr().err
    assert copy_in_use() == SHIPPED


def test_a_failure_while_writing_leaves_no_half_copy(tmp_path, monkeypatch):
    newer = upstream_from(SHIPPED, tmp_path / "newer", "2026-09-01")

    def broken(folder):
        raise ValueError("disk trouble")

    monkeypatch.setattr(congress_copy, "parse_copy", broken)
    with pytest.raises(ValueError):
        update(newer)
    assert copy_in_use() == SHIPPED
    assert list(refreshed_root().iterdir()) == []


def test_an_old_refresh_gives_way_to_newer_shipped_data(tmp_path):
    update(upstream_from(SHIPPED, tmp_path / "newer", "2026-09-01"))
    source = refreshed_root() / (refreshed_root() / "CURRENT").read_text().strip() / "SOURCE.yaml"
    source.write_text(source.read_text().replace("date: 2026-09-01", "date: 2026-01-01"))
    assert copy_in_use() == SHIPPED


def test_the_as_of_option_dates_a_download_without_a_snapshot(tmp_path, capsys):
    newer = upstream_from(SHIPPED, tmp_path / "newer", "2026-09-01")
    (newer / "SNAPSHOT").unlink()
    assert main(["congress", "update", "--from", str(newer), "--as-of", "2026-10-05"]) == 0
    assert congress().source.snapshot.isoformat() == "2026-10-05"
    assert main(["congress", "update", "--from", str(newer), "--as-of", "soon"]) == 2
    assert "--as-of" in capsys.readouterr().err
