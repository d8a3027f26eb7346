"""Members of Congress as people read them: plain lines for the screen, JSON for programs.

Every answer ends with the data's source and date (:meth:`Source.note`), because members
and offices change and the committee must know how old the list is.
"""

from __future__ import annotations

from typing import Any

from ddkit.campaign.congress import Lookup, Member, Source, Targets, seat_name
from ddkit.i18n import has, t


def party(member: Member, lang: str) -> str:
    """The member's party in ``lang`` (as the data writes it when the kit has no word for it)."""
    key = f"campaign.congress.party.{member.party}"
    return t(key, lang) if has(key, lang) else member.party


def member_lines(member: Member, lang: str = "en", offices: bool = True) -> list[str]:
    """A member in a few lines: name and party, Washington office, contact, district offices."""
    k = "campaign.congress."
    lines = [
        t(
            k + "member_line",
            lang,
            name=member.name,
            party=party(member, lang),
            bioguide=member.bioguide,
        )  # fmt: skip
    ]
    if member.address or member.phone:
        key = "dc_office" if member.phone else "dc_office_no_phone"
        lines.append(t(k + key, lang, address=member.address or "—", phone=member.phone))
    if member.contact_form:
        lines.append(t(k + "contact", lang, url=member.contact_form))
    elif member.url:
        lines.append(t(k + "website", lang, url=member.url))
    if offices and member.offices:
        lines.append(t(k + "offices_head", lang))
        for office in member.offices:
            parts = [x for x in (office.street(), office.phone) if x and x != office.city]
            lines.append(t(k + "office_line", lang, city=office.city, details=" · ".join(parts)))
    return lines


def targets_lines(target: Targets, lang: str = "en") -> list[str]:
    """One state's senators and House members, headed by their titles."""
    k = "campaign.congress."
    lines: list[str] = []
    if target.has_senators:
        lines.append(t(k + "senators_head", lang, state=target.state))
        for senator in target.senators:
            lines += member_lines(senator, lang)
    for district, members in target.house:
        role = members[0].title(lang) if members else t(k + "role.representative", lang)
        seat = _seat(target.state, district, lang, target.has_senators)
        lines += ["", t(k + "house_head", lang, role=role, seat=seat)]
        if not members:
            lines.append(t(k + "vacant", lang))
        for member in members:
            lines += member_lines(member, lang)
    if not target.has_senators:
        members = [m for _, ms in target.house for m in ms]
        role = members[0].title(lang) if members else t(k + "role.delegate", lang)
        lines += ["", t(k + "no_senators", lang, state=target.state, role=role.lower())]
    return lines


def _seat(state: str, district: int, lang: str, is_state: bool) -> str:
    if district or not is_state:  # a delegate's seat is simply DC, GU...
        return seat_name(state, district)
    return f"{state} ({t('campaign.congress.at_large', lang)})"


def lookup_text(found: Lookup, source: Source, lang: str = "en", *, word=t) -> str:
    """The whole answer: which districts, who represents them, and where the data comes from.

    ``word`` says the heads that tell what to do next: the command line's wording by default
    (``--district``), :func:`ddkit.ui.words.say` on a screen.
    """
    k = "campaign.congress."
    lines: list[str] = []
    seats = [seat_name(target.state, d) for target in found.targets for d, _ in target.house]
    if found.zip is not None:
        if len(seats) == 1:
            lines.append(t(k + "zip_one", lang, seat=seats[0]))
        else:
            lines.append(word(k + "zip_many", lang, count=len(seats), seats=", ".join(seats)))
        lines.append("")
    elif len(seats) > 1:
        lines += [word(k + "state_seats", lang, state=found.targets[0].state, count=len(seats),
                    seats=", ".join(seats)), ""]  # fmt: skip
    for n, target in enumerate(found.targets):
        if n:
            lines.append("")
        lines += _compact(target, lang) if len(target.house) > 3 else targets_lines(target, lang)
    lines += ["", source.note(lang)]
    return _tidy(lines)


def _tidy(lines: list[str]) -> str:
    """Join lines with at most one blank line between blocks, none at the start."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _compact(target: Targets, lang: str) -> list[str]:
    """A whole state's delegation: senators in full, House members one line each."""
    k = "campaign.congress."
    lines = [t(k + "senators_head", lang, state=target.state)]
    for senator in target.senators:
        lines += member_lines(senator, lang)
    lines.append("")
    for district, members in target.house:
        who = "; ".join(f"{m.name} ({party(m, lang)}) · id {m.bioguide}" for m in members)
        lines.append(
            f"  {seat_name(target.state, district)}: {who or t(k + 'vacant', lang).strip()}"
        )
    return lines


def member_dict(member: Member, lang: str = "en") -> dict[str, Any]:
    """The documented JSON shape of one member."""
    return {
        "bioguide": member.bioguide,
        "name": member.name,
        "role": member.role,
        "title": member.title(lang),
        "chamber": member.chamber,
        "state": member.state,
        "district": member.district,
        "party": member.party,
        "phone": member.phone or None,
        "address": member.address or None,
        "contact_form": member.contact_form or None,
        "url": member.url or None,
        "district_offices": [
            {
                "address": o.street() or None,
                "city": o.city,
                "state": o.state,
                "zip": o.zip or None,
                "phone": o.phone or None,
            }
            for o in member.offices
        ],
    }


def lookup_dict(found: Lookup, source: Source, lang: str = "en") -> dict[str, Any]:
    """The documented JSON shape of ``ddkit congress --format json``."""
    return {
        "zip": found.zip.zip if found.zip else None,
        "districts": [
            {
                "state": target.state,
                "district": district,
                "vacant": not members,
            }
            for target in found.targets
            for district, members in target.house
        ],
        "confirm_district": not found.confirmed,
        "states": [
            {
                "state": target.state,
                "has_senators": target.has_senators,
                "senators": [member_dict(m, lang) for m in target.senators],
                "house": [member_dict(m, lang) for _, members in target.house for m in members],
            }
            for target in found.targets
        ],
        "source": {**source.to_dict(), "note": source.note(lang)},
    }
