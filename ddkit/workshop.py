"""Helpers the workshop notebooks call, so that no notebook cell holds logic.

Everything here is plain Python (no widgets): tables and charts of the policy timeline, and
finding the fictional practice cases from wherever a notebook runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ddkit.i18n import check_lang, t

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ddkit.case import Case


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
    from matplotlib.figure import Figure

    from ddkit.policy import policies, timeline

    lang = check_lang(lang)
    until = until or date.today()
    frameworks = list(policies().values())
    fig = Figure(figsize=(11, 2.2 + 0.6 * len(frameworks)), layout="constrained")
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
