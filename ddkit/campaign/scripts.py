"""Call scripts: supporters calling the ICE field office, and congressional staff calling it.

Both are filled from the case, in English or Spanish, and respect consent:

- the supporters' script is public (it goes out to everyone who calls), so it exists only with
  ``consent.public_campaign`` and never holds the A-number or anything sensitive beyond the
  person's name (no health, no criminal history, no address), and only the first name when
  the person set that limit;
- the congressional staff script exists only with ``consent.congressional_contact`` and is the
  only script that carries the A-number, which ICE needs to find the case.

Scripts come back as :class:`ddkit.letters.model.Letter` parts (``is_script=True``), plain text
that every exporter escapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ddkit.assess import Assessment
from ddkit.campaign.congress import Member
from ddkit.campaign.offices import Office
from ddkit.campaign.plan import key_date
from ddkit.case import Case
from ddkit.consent import public_name
from ddkit.errors import UserError
from ddkit.i18n import check_lang, t
from ddkit.letters.model import Letter

ASKS = ("release_request", "stay_of_removal", "pd_request")
STAFF_FIELDS = ("name", "organization", "phone")  # what the congressional script asks of staff
EMAIL_FIELDS = ("name", "title", "organization", "phone", "email")  # and the email


def format_a_number(a_number: str) -> str:
    """Write an A-number the way ICE forms do.

    >>> format_a_number("A012345678")
    'A012-345-678'
    """
    digits = a_number.lstrip("Aa")
    return f"A{digits[0:3]}-{digits[3:6]}-{digits[6:9]}"


def _office_line(office: Office | None, key: str, lang: str) -> list[str]:
    if office is None:
        return []
    if office.phone:
        return [t(f"{key}.office", lang, office=office.office, phone=office.phone)]
    return [t(f"{key}.office_no_phone", lang, office=office.office)]


def supporter_script(
    case: Case,
    assessment: Assessment,
    lang: str = "en",
    office: Office | None = None,
    case_id: str = "",
    on: date | None = None,
) -> Letter:
    """The script supporters read when they call the field office (public: needs consent)."""
    lang = check_lang(lang)
    if not case.consent.public_campaign:
        raise UserError("campaign.script.no_consent_public")
    key = "campaign.script.supporter"
    name = public_name(case)  # "first name only" if the person asked for it
    ask = next((a for a in ASKS if assessment.has(a)), "general")
    eq = case.equities
    facts = []
    if eq.us_citizen_children:
        facts.append(t(f"{key}.children", lang, name=name, children=eq.us_citizen_children))
    if eq.primary_caregiver:
        facts.append(t(f"{key}.caregiver", lang, name=name))
    if eq.military_service:
        facts.append(t(f"{key}.military", lang, name=name))
    if eq.education_in_us:
        facts.append(t(f"{key}.education", lang, name=name))
    facts.append(t(f"{key}.community", lang, name=name))
    paragraphs = (
        *_office_line(office, key, lang),
        t(f"{key}.greeting", lang),
        t(f"{key}.ask_{ask}", lang, name=name),
        " ".join(facts),
        t(f"{key}.close", lang, name=name),
        t(f"{key}.tips", lang),
    )
    return Letter(
        kind="supporter_call_script",
        lang=lang,
        case_id=case_id,
        title=t(f"{key}.title", lang),
        date=on or assessment.on,
        paragraphs=paragraphs,
        is_script=True,
        meta={"public": True},
    )


def congressional_script(
    case: Case,
    assessment: Assessment,
    lang: str = "en",
    office: Office | None = None,
    case_id: str = "",
    on: date | None = None,
    signer: Mapping[str, Any] | None = None,
    member: Member | None = None,
) -> Letter:
    """The script congressional staff read when they call the field office (needs consent).

    It is the letters engine's ``congressional_call_script`` kind, so that the committee edits
    one wording; ``signer`` is the staff member, when known; ``member`` the member of Congress
    whose office calls (the script names the office and gives its phone). Until that template
    is installed the kit falls back to its own short script in the campaign catalog.
    """
    lang = check_lang(lang)
    if not case.consent.congressional_contact:
        raise UserError("campaign.script.no_consent_congress")
    engine = _engine_script(case, assessment, lang, office, case_id, on, signer, member)
    return (
        engine
        if engine is not None
        else _own_congressional_script(case, assessment, lang, office, case_id, on, member)
    )


def congressional_email(
    case: Case,
    assessment: Assessment,
    lang: str = "en",
    office: Office | None = None,
    member: Member | None = None,
    case_id: str = "",
    on: date | None = None,
    signer: Mapping[str, Any] | None = None,
) -> Letter:
    """The draft email the member's office sends to ICE (needs consent to congressional contact).

    The letters engine's ``congressional_email``: it names the member's office and gives its
    address and phone; the caseworker's own details show as blanks until they are known.
    """
    from ddkit.letters.render import render_letter

    lang = check_lang(lang)
    if not case.consent.congressional_contact:
        raise UserError("campaign.script.no_consent_congress")
    return render_letter(
        "congressional_email",
        case,
        {**_blanks(EMAIL_FIELDS, lang, member), **(signer or {})},
        lang,
        on=on or assessment.on,
        assessment=assessment,
        office=_office_fields(office),
        case_id=case_id or None,
        member=member,
    )


def _blanks(fields: tuple[str, ...], lang: str, member: Member | None) -> dict[str, str]:
    """Blanks for what the caseworker fills in; the member's office gives its own name and phone."""
    given = {"organization", "phone"} if member is not None else set()
    return {k: t(f"campaign.script.congress.blank_{k}", lang) for k in fields if k not in given}


def engine_has_script(lang: str = "en") -> bool:
    """Whether the letters engine has the ``congressional_call_script`` template in ``lang``."""
    try:
        from ddkit.letters.kinds import template_root
    except ImportError:
        return False
    try:
        return (template_root() / lang / "congressional_call_script.j2").is_file()
    except FileNotFoundError:
        return False


def _office_fields(office: Office | None) -> dict[str, str] | None:
    if office is None:
        return None
    fields = {
        "name": office.office,
        "address": f"{office.address}, {office.city}, {office.state} {office.zip}",
    }
    if office.phone:
        fields["phone"] = office.phone
    return fields


def _engine_script(case, assessment, lang, office, case_id, on, signer, member) -> Letter | None:
    if not engine_has_script(lang):
        return None
    from ddkit.letters.render import render_letter

    # The caseworker fills in their own details: until then the script shows blanks to fill.
    return render_letter(
        "congressional_call_script",
        case,
        {**_blanks(STAFF_FIELDS, lang, member), **(signer or {})},
        lang,
        on=on or assessment.on,
        assessment=assessment,
        office=_office_fields(office),
        case_id=case_id or None,
        member=member,
    )


def _own_congressional_script(case, assessment, lang, office, case_id, on, member) -> Letter:
    key = "campaign.script.congress"
    name = case.person.name
    if case.person.a_number:
        about = t(f"{key}.about", lang, name=name, a_number=format_a_number(case.person.a_number))
    else:
        about = t(f"{key}.about_no_a", lang, name=name)
    facts = [about]
    if case.custody.detained:
        facts.append(t(f"{key}.detained", lang, name=name))
    day, event = key_date(case, assessment, on or assessment.on)
    if day and event:
        facts.append(
            t(f"{key}.date", lang, event=t(f"campaign.event.{event}", lang), day=day.isoformat())
        )
    greeting = (
        t(f"{key}.greeting_member", lang, office=member.office_phrase(lang))
        if member is not None
        else t(f"{key}.greeting", lang)
    )
    close = (t(f"{key}.call_back", lang, phone=member.phone),) if member and member.phone else ()
    paragraphs = (
        *_office_line(office, "campaign.script.supporter", lang),
        greeting,
        " ".join(facts),
        t(f"{key}.waiver", lang),
        t(f"{key}.ask", lang),
        *close,
    )
    return Letter(
        kind="congressional_call_script",
        lang=lang,
        case_id=case_id,
        title=t(f"{key}.title", lang),
        date=on or assessment.on,
        paragraphs=paragraphs,
        is_script=True,
        meta={"public": False},
    )


def script_text(script: Letter) -> str:
    """A script as plain text: the title, then one paragraph per block."""
    return "\n\n".join((script.title, *script.paragraphs)) + "\n"
