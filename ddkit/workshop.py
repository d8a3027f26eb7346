"""Helpers the workshop notebooks call, so that no notebook cell holds logic.

Everything here is plain Python (no widgets): tables and charts of the policy timeline,
finding the fictional practice cases from wherever a notebook runs, letters as plain text,
the mass-letter and filing packets of modules 04 and 05, and the note-sorting exercise of
module 03. Files go to the kit's private exports folder, never next to the notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ddkit.i18n import check_lang, t

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ddkit.case import Case
    from ddkit.documents.mass import MassResult
    from ddkit.documents.packet import PacketResult
    from ddkit.documents.supporters import RowIssue
    from ddkit.letters.model import Letter


def practice_dir(start: Path | None = None) -> Path:
    """The ``practice_cases`` folder, found from the notebook's folder upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for candidate in (folder / "practice_cases", folder / "notebooks" / "practice_cases"):
            if candidate.is_dir():
                return candidate
    raise FileNotFoundError("practice_cases folder not found; open the notebooks from the kit")


def practice_case(name: str) -> Case:
    """Load one fictional practice case by its file name (with or without ``.yaml``)."""
    from ddkit.case import load_case

    return load_case(practice_dir() / (name if name.endswith(".yaml") else f"{name}.yaml"))


def practice_cases() -> dict[str, Case]:
    """Every practice case, by file stem."""
    from ddkit.case import load_case

    return {p.stem: load_case(p) for p in sorted(practice_dir().glob("[0-9][0-9]_*.yaml"))}


def timeline_frame(lang: str = "en") -> pd.DataFrame:
    """The policy timeline as a table: date, what happened, source."""
    import pandas as pd

    from ddkit.policy import timeline

    lang = check_lang(lang)
    frame = pd.DataFrame(
        [
            {
                t("workshop.col.date", lang): e.date.isoformat(),
                t("workshop.col.event", lang): getattr(e, lang),
                t("workshop.col.source", lang): e.source["url"],
            }
            for e in timeline()
        ]
    )
    frame.index = range(1, len(frame) + 1)  # the numbers on timeline_chart()
    return frame


def timeline_chart(lang: str = "en", until: date | None = None) -> Figure:
    """A chart a trainer can project: when each framework was in force, and the key events."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.dates as mdates

    from ddkit.campaign.chart import new_figure
    from ddkit.policy import policies, timeline

    lang = check_lang(lang)
    until = until or date.today()
    frameworks = list(policies().values())
    fig = new_figure(11, 2.2 + 0.6 * len(frameworks))
    ax = fig.add_subplot()
    colors = ("#1b6ca8", "#c0392b", "#27ae60", "#8e44ad")
    for row, policy in enumerate(frameworks):
        for interval in policy.in_force:
            end = interval.until or until
            ax.barh(row, (end - interval.start).days, left=interval.start, height=0.5,
                    color=colors[row % len(colors)])  # fmt: skip
    ax.set_yticks(range(len(frameworks)), [p.id for p in frameworks])
    events = timeline()
    for i, event in enumerate(events, start=1):
        # Numbered like the rows of timeline_frame(), on three levels so that labels never overlap.
        ax.axvline(event.date, color="#555", linewidth=0.6, linestyle=":")
        ax.annotate(str(i), (event.date, len(frameworks) - 0.45 + 0.22 * (i % 3)),
                    fontsize=8, ha="center")  # fmt: skip
    ax.axvline(until, color="black", linewidth=1.5)
    ax.annotate(t("workshop.today", lang), (until, -0.6), ha="center", fontsize=8)
    ax.set_xlim(date(2021, 1, 1), until.replace(year=until.year + 1, month=1, day=1))
    ax.set_ylim(-0.8, len(frameworks) + 0.2)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(t("workshop.timeline_title", lang))
    return fig


def factors_frame(policy_id: str, lang: str = "en") -> pd.DataFrame:
    """A framework's priorities and factors as one table: kind, what it says."""
    import pandas as pd

    from ddkit.policy import get_policy

    lang = check_lang(lang)
    policy = get_policy(policy_id)
    rows = [
        (t("workshop.priority", lang), f"{p.label(lang)}: {p.explanation(lang)}")
        for p in policy.priorities
    ]
    for kind in ("aggravating", "mitigating"):
        rows += [(t(f"report.{kind}", lang), f.label(lang)) for f in getattr(policy.factors, kind)]
    frame = pd.DataFrame(rows, columns=[t("workshop.col.kind", lang), t("workshop.col.what", lang)])
    frame.index = range(1, len(frame) + 1)
    return frame


def compare_policies(case: Case, on: date, lang: str = "en") -> pd.DataFrame:
    """The same case under every framework, side by side: interventions, flags, factors."""
    import pandas as pd

    from ddkit.assess import assess
    from ddkit.policy import policies

    lang = check_lang(lang)
    columns = {}
    for policy in policies().values():
        result = assess(case, on=on, policy=policy)
        columns[policy.id] = {
            t("workshop.col.in_force", lang): t(
                "common.yes" if result.in_force else "common.no", lang
            ),
            t("report.priority", lang): result.priority or "-",
            t("report.flags", lang): ", ".join(f.id for f in result.flags) or "-",
            t("report.aggravating", lang): ", ".join(result.factors["aggravating"]) or "-",
            t("report.mitigating", lang): ", ".join(result.factors["mitigating"]) or "-",
        }
    return pd.DataFrame(columns)


# ------------------------------------------------------------------ modules 03-05

ON_PAPER = 88  # characters per line when a letter is printed on screen


def letter_text(letter: Letter) -> str:
    """A letter as plain text, the way it reads on paper (for a projector or a terminal)."""
    import textwrap

    from ddkit.letters.formats import date_text

    parts = ["\n".join(letter.sender), date_text(letter), "\n".join(letter.recipient)]
    parts += [letter.re_line, letter.salutation]
    parts += [textwrap.fill(p, ON_PAPER, subsequent_indent="  " if p[:2] == "• " else "")
              for p in letter.paragraphs]  # fmt: skip
    parts += [letter.closing, "\n".join(letter.signature)]
    return "\n\n".join(p for p in parts if p) + "\n"


def mass_letters(
    case: Case, supporters: str | Path, lang: str = "en", *, on: date | None = None, progress=None
) -> MassResult:
    """One mass letter per supporter in a sheet, as a packet PDF in the kit's exports folder.

    Rows that cannot be a letter are skipped and listed in ``result.issues`` (see
    :func:`row_report`). ``progress`` is a bar such as :class:`ddkit.ui.progress.WidgetProgress`.
    """
    from ddkit.documents.files import filename
    from ddkit.documents.mass import (
        Cover,
        SupporterTable,
        required_columns,
        supporter_signer,
        write_mass_packet,
    )
    from ddkit.letters.context import format_a_number
    from ddkit.letters.render import LetterMaker
    from ddkit.paths import exports_dir

    maker = LetterMaker("mass_personal", case, check_lang(lang), on=on)
    maker.check_case()  # a mass letter is public: it needs consent to a public campaign
    a_number = format_a_number(case.person.a_number) if case.person.a_number else None
    cover = Cover(case.person.name, maker.case_id, maker.on, maker.lang, a_number)
    out = exports_dir() / filename("mass_personal", maker.case_id, maker.on, "pdf")
    with SupporterTable(supporters, required_columns(maker.info.signer_needs)) as table:
        return write_mass_packet(
            table, lambda s: maker.render(supporter_signer(s)), cover, out, progress=progress
        )


def row_report(issues: Iterable[RowIssue], lang: str = "en") -> list[str]:
    """The rows of a supporters sheet that became no letter, one line per row, with why."""
    lang = check_lang(lang)
    by_row: dict[int, list[str]] = {}
    for issue in issues:
        by_row.setdefault(issue.row, []).append(issue.message(lang))
    return [f"{t('documents.row', lang, row=row)}: {'; '.join(why)}" for row, why in
            sorted(by_row.items())]  # fmt: skip


def filing_packet(
    cover: Letter, letters: Iterable[Letter], lang: str = "en", *, attach: Iterable[Path] = ()
) -> PacketResult:
    """The filing packet in the exports folder: the request, an index, the letters, attachments.

    ``cover`` is the discretion request (``pd_request``); ``attach`` names PDFs to add after
    the letters, such as medical records or the person's statement. The index prints the
    A-number the request carries on every exhibit's line; the letters themselves have none.
    """
    from ddkit.documents.files import filename
    from ddkit.documents.packet import open_pdf, part_from_letter, write_filing_packet
    from ddkit.letters.safeguards import approval_keywords
    from ddkit.paths import exports_dir

    parts = [part_from_letter(letter) for letter in letters]
    extra = [open_pdf(path, kit_made=False) for path in attach]
    out = exports_dir() / filename("packet", cover.case_id, cover.date, "pdf")
    return write_filing_packet(
        part_from_letter(cover),
        parts,
        extra,
        out,
        check_lang(lang),
        a_number=cover.meta.get("a_number"),
        keywords=approval_keywords(cover.meta),
    )


# What an intake volunteer writes down, and what stays out of the file (module 03).
# True: write it down. The reasons are in the ``exercises.notes`` catalog entries.
NOTES: dict[str, bool] = {
    "hearing_date": True,
    "relative_status": False,
    "a_number": True,
    "journey": False,
    "children": True,
    "rumor": False,
    "consent": True,
    "uncharged": False,
    "caregiving": True,
}


def check_notes(answers: dict[str, bool | None], lang: str = "en") -> list[str]:
    """Feedback on a learner's sorting of :data:`NOTES`: a verdict, then each note and why.

    >>> check_notes(dict(NOTES))[0]
    'Right: every note is where it belongs.'
    """
    lang = check_lang(lang)
    unknown = set(answers) - set(NOTES)
    if unknown:
        raise ValueError(f"unknown notes: {', '.join(sorted(unknown))}")
    right = all(answers.get(note) is keep for note, keep in NOTES.items())
    lines = [t("exercises.notes.all_right" if right else "exercises.notes.not_quite", lang)]
    for note, keep in NOTES.items():
        picked = answers.get(note)
        mark = "exercises.notes.unanswered" if picked is None else (
            "exercises.notes.right" if picked is keep else "exercises.notes.wrong")  # fmt: skip
        verdict = t("exercises.notes.write" if keep else "exercises.notes.leave_out", lang)
        lines.append(t(mark, lang, note=t(f"exercises.notes.{note}.text", lang), verdict=verdict,
                       why=t(f"exercises.notes.{note}.why", lang)))  # fmt: skip
    return lines
