"""The one-page case summary for the committee, as a PDF, in English or Spanish.

It holds the case code, the stage, the dates that cannot move, what to do next with its flags,
the consent and its limits, the attorney, the policy applied and when the legal data was last
checked. The person's name, A-number and date of birth are left out unless the volunteer asks
for identifiers: a printed page gets left on tables. The file name carries the case code only
(``summary-K7M-4QX-20261202.pdf``).

It is drawn with the letters' own PDF machinery (:mod:`ddkit.documents.pdf`): pre-wrapped lines
on a canvas, an embedded font, no HTML and nothing fetched. If the page is full, the type gets
smaller, then the reasons are left out, so the summary is always one page.
"""

from __future__ import annotations

import io
from datetime import date

from ddkit.assess import Assessment, assess
from ddkit.case import Case
from ddkit.deadlines import case_deadlines
from ddkit.documents.files import filename
from ddkit.documents.layout import (
    BOLD,
    REGULAR,
    TITLE,
    Block,
    Item,
    Style,
    format_date,
    paginate,
    plain,
)
from ddkit.i18n import check_lang, t

STYLES = tuple(Style(size=s, margin=54.0, top=54.0, bottom=54.0) for s in (10.5, 9.5, 8.5, 7.5))
K = "documents.summary"
NOTE_CAP = 400  # other limits, in the person's words: the whole text is in the case


def legal_review_date() -> date:
    """When the legal data was last checked against its sources (:func:`ddkit.law.reviewed`:
    one date for the developments, the form facts and the circuit map)."""
    from ddkit.law import reviewed

    return reviewed()


def summary_filename(code: str, on: date) -> str:
    """``summary-<code>-<yyyymmdd>.pdf``: the case code and the day, nothing else.

    >>> summary_filename("K7M-4QX", date(2026, 12, 2))
    'summary-K7M-4QX-20261202.pdf'
    """
    return filename("summary", code, on, "pdf")


def _head(case: Case, code: str, lang: str, on: date, identifiers: bool) -> list[Item]:
    items = [Item(0, TITLE, t(f"{K}.title", lang, code=code))]
    items.append(Item(0.3, REGULAR, t(f"{K}.made", lang, day=format_date(on, lang))))
    if identifiers:
        p = case.person
        items.append(Item(0.6, BOLD, plain(p.name)))
        if p.a_number:
            items.append(Item(0, REGULAR, t(f"{K}.a_number", lang, a_number=_a(p.a_number))))
        if p.date_of_birth:
            born = format_date(p.date_of_birth, lang)
            items.append(Item(0, REGULAR, t(f"{K}.born", lang, day=born)))
    if case.fictional:
        items.append(Item(0.3, REGULAR, t(f"{K}.fictional", lang)))
    return items


def _a(a_number: str) -> str:
    digits = a_number.removeprefix("A")
    return f"A{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def _stage(case: Case, lang: str) -> list[Item]:
    c = case.custody
    stage = t(f"choice.stage.{case.proceedings.stage}", lang)
    where = t(f"{K}.detained" if c.detained else f"{K}.not_detained", lang)
    if c.detained and c.state:
        where = t(f"{K}.detained_in", lang, state=c.state)
    return [_heading(lang, "stage"), Item(0, REGULAR, f"{stage}. {where}")]


def _heading(lang: str, key: str) -> Item:
    return Item(0.9, BOLD, t(f"{K}.heading.{key}", lang))


def _dates(case: Case, assessment: Assessment, lang: str) -> list[Item]:
    items = [_heading(lang, "dates")]
    found = case_deadlines(case, assessment)
    if not found:
        return [*items, Item(0, REGULAR, t(f"{K}.no_dates", lang))]
    for deadline in found:
        what = (
            t(f"campaign.event.{deadline.event}", lang)
            if deadline.event
            else t(f"{K}.deadline", lang)
        )
        due = ", ".join(t(f"assess.intervention.{i}", lang) for i in deadline.interventions)
        text = f"{format_date(deadline.day, lang)}: {what}" + (f" ({due})" if due else "")
        if deadline.passed(assessment.on):
            text += " " + t(f"{K}.passed", lang)
        items.append(Item(0, REGULAR, text, bullet=True))
    return items


def _next(assessment: Assessment, lang: str, reasons: bool) -> list[Item]:
    items = [_heading(lang, "next")]
    for i in assessment.interventions:
        text = f"{i.rank}. {t(f'assess.intervention.{i.id}', lang)}"
        if i.deadline:
            text += " " + t(f"{K}.by", lang, day=format_date(i.deadline, lang))
        items.append(Item(0.2, REGULAR, text, bullet=True))
        if reasons:
            for caution in i.cautions:
                items.append(Item(0, REGULAR, t(f"{K}.caution", lang, text=caution[lang])))
    if assessment.flags:
        items.append(_heading(lang, "flags"))
    for flag in assessment.flags:
        text = t(f"assess.flag_title.{flag.id}", lang)
        if reasons:
            text += ": " + flag.why[lang]
        items.append(Item(0.2, REGULAR, text, bullet=True))
    return items


def _consent(case: Case, lang: str) -> list[Item]:
    c = case.consent
    yes_no = {True: t("common.yes", lang), False: t("common.no", lang)}
    items = [
        _heading(lang, "consent"),
        Item(0, REGULAR, t(f"{K}.public", lang, answer=yes_no[c.public_campaign])),
        Item(0, REGULAR, t(f"{K}.congress", lang, answer=yes_no[c.congressional_contact])),
    ]
    if c.explained_by or c.explained_on:
        day = format_date(c.explained_on, lang) if c.explained_on else "—"
        text = t(f"{K}.explained", lang, who=plain(c.explained_by or "—"), day=day,
                 language=plain(c.explained_in or "—"))  # fmt: skip
        items.append(Item(0, REGULAR, text))
    if c.limits:
        names = ", ".join(t(f"choice.limits.{limit}", lang) for limit in c.limits)
        items.append(Item(0, REGULAR, t(f"{K}.limits", lang, limits=names)))
    if c.other_limits:
        text = plain(c.other_limits)
        text = text if len(text) <= NOTE_CAP else text[: NOTE_CAP - 1].rstrip() + "…"
        items.append(Item(0, REGULAR, t(f"{K}.other_limits", lang, text=text)))
    if c.withdrawn_on:
        day = format_date(c.withdrawn_on, lang)
        items.append(Item(0, BOLD, t(f"{K}.withdrawn", lang, day=day)))
    return items


def _attorney(case: Case, lang: str) -> list[Item]:
    a = case.attorney
    parts = [plain(x) for x in (a.name, a.organization, a.phone, a.email) if x]
    text = ", ".join(parts) if parts else t(f"{K}.no_attorney", lang)
    return [_heading(lang, "attorney"), Item(0, REGULAR, text)]


def _sources(assessment: Assessment, lang: str) -> list[Item]:
    policy = assessment.policy
    force = t(f"{K}.in_force" if assessment.in_force else f"{K}.not_in_force", lang)
    review = format_date(legal_review_date(), lang)
    return [
        _heading(lang, "law"),
        Item(0, REGULAR, t(f"{K}.policy", lang, title=policy.title(lang), force=force)),
        Item(0, REGULAR, t(f"{K}.reviewed", lang, day=review)),
        Item(0.6, REGULAR, t(f"{K}.not_advice", lang)),
    ]


def summary_blocks(case: Case, assessment: Assessment, code: str, lang: str,
                   identifiers: bool = False, reasons: bool = True) -> list[Block]:  # fmt: skip
    """The summary's blocks in reading order (``reasons``: cautions and why each flag)."""
    on = assessment.on
    parts = [
        _head(case, code, lang, on, identifiers),
        _stage(case, lang),
        _dates(case, assessment, lang),
        _next(assessment, lang, reasons),
        _consent(case, lang),
        _attorney(case, lang),
        _sources(assessment, lang),
    ]
    return [Block(tuple(items)) for items in parts]


def summary_pdf(case: Case, code: str, lang: str = "en", *, on: date | None = None,
                identifiers: bool = False, assessment: Assessment | None = None
                ) -> bytes:  # fmt: skip
    """The one-page summary of ``case`` (named ``code``) as the bytes of a PDF file.

    Args:
        case: the case.
        code: its case code (``K7M-4QX``), printed at the top.
        lang: the summary's language, ``en`` or ``es`` (not necessarily the screen's).
        on: the day of the assessment and of the summary (default today).
        identifiers: also print the name, A-number and date of birth.
        assessment: an assessment already made for ``on``; by default made here.
    """
    from ddkit.documents.pdf import PageWriter

    lang = check_lang(lang)
    assessment = assessment or assess(case, on)
    pages, style = _one_page(case, assessment, code, lang, identifiers)
    buffer = io.BytesIO()
    writer = PageWriter(buffer, title=t(f"{K}.title", lang, code=code), lang=lang, total=1,
                        style=style)  # fmt: skip
    writer.footer = False
    writer.page(pages[0])
    writer.close()
    return buffer.getvalue()


def _one_page(case, assessment, code, lang, identifiers):
    for reasons in (True, False):
        blocks = summary_blocks(case, assessment, code, lang, identifiers, reasons)
        for style in STYLES:
            pages = paginate(blocks, style)
            if len(pages) == 1:
                return pages, style
    return pages[:1], style  # never more than one page: the rest would not be read anyway
