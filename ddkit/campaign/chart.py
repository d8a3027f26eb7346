"""Charts a trainer can project: the plan's timeline, and the trackers' progress.

Figures are built with matplotlib's object API (``matplotlib.figure.Figure``), which draws
off-screen with no GUI and without touching pyplot's global state, so charts work the same
on a server, in CI and inside a notebook whose own plotting backend must not change.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ddkit.i18n import check_lang, t
from ddkit.paths import open_private

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")
COLORS = {"todo": "#1f5fa8", "done": "#2e7d32", "too_late": "#c62828", "key": "#c62828"}


def new_figure(width: float, height: float) -> Figure:
    """An empty figure (inches), shown as a picture when a notebook cell returns it."""
    from matplotlib.figure import Figure

    show_in_notebooks()
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def show_in_notebooks() -> None:
    """In a notebook, show the kit's figures as PNG pictures.

    IPython learns to draw figures when pyplot is imported; the kit never imports pyplot, so
    without this a chart shows as the words ``<Figure size 1100x340 with 1 Axes>``. Outside
    IPython (the command line, the tests, a server) it does nothing and imports nothing.
    """
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    from matplotlib.figure import Figure

    png = shell.display_formatter.formatters["image/png"]
    if Figure not in png.type_printers:  # the inline backend's own, if pyplot came first
        png.for_type(Figure, figure_bytes)


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def timeline_figure(plan: pd.DataFrame, lang: str | None = None) -> Figure:
    """The plan's tasks on a dated axis, with today and the key date marked."""
    import matplotlib.dates as mdates

    lang = check_lang(lang or plan.attrs.get("lang"))
    rows = list(plan.itertuples(index=False))
    fig = new_figure(11, max(3.0, 0.42 * len(rows) + 1.6))
    ax = fig.add_subplot()
    for y, row in enumerate(rows):
        status = row.status if row.status in COLORS else "todo"
        marker = "X" if status == "too_late" else ("D" if row.public else "o")
        ax.plot([_day(row.date)], [y], marker=marker, markersize=9, color=COLORS[status])
    labels = [_label(row, lang) for row in rows]
    ax.set_yticks(range(len(rows)), labels=labels, fontsize=9)
    ax.invert_yaxis()
    on = plan.attrs.get("on")
    if on:
        ax.axvline(on, color="#777777", linestyle=":", linewidth=1.5)
        ax.annotate(t("campaign.chart.today", lang), (on, 1.0), xycoords=("data", "axes fraction"),
                    ha="center", va="bottom", fontsize=9, color="#555555")  # fmt: skip
    key = plan.attrs.get("key_date")
    if key:
        ax.axvline(key, color=COLORS["key"], linestyle="--", linewidth=2)
        ax.annotate(t("campaign.chart.key_date", lang) + f"\n{key.isoformat()}", (key, 1.0),
                    xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=10,
                    color=COLORS["key"], fontweight="bold")  # fmt: skip
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.tick_params(axis="x", labelrotation=40)
    ax.margins(x=0.04)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(handles=_legend(lang), loc="lower left", fontsize=9, framealpha=0.9)
    fig.suptitle(t("campaign.chart.title", lang), fontsize=14)
    return fig


def _legend(lang: str) -> list:
    from matplotlib.lines import Line2D

    def handle(marker: str, color: str, key: str) -> Line2D:
        return Line2D([], [], marker=marker, color=color, linestyle="", label=t(key, lang))

    return [
        handle("o", COLORS["todo"], "campaign.chart.task"),
        handle("D", COLORS["todo"], "campaign.chart.public"),
        handle("X", COLORS["too_late"], "campaign.chart.too_late"),
    ]


def _label(row, lang: str) -> str:
    text = textwrap.shorten(str(row.title), width=60, placeholder="…")
    if row.status == "too_late":
        text += f" ({t('campaign.chart.too_late', lang)})"
    return text


def letters_figure(progress: pd.DataFrame, lang: str = "en") -> Figure:
    """Bars: letters collected by kind, beside the plan's target for each kind.

    ``progress`` has columns ``kind``, ``collected`` and ``target`` (see
    :func:`ddkit.campaign.trackers.letters_progress`).
    """
    lang = check_lang(lang)
    fig = new_figure(9, 4.5)
    ax = fig.add_subplot()
    if progress.empty:
        return _empty(fig, ax, "campaign.chart.letters_title", lang)
    names = [textwrap.fill(t(f"campaign.letter_kind.{k}", lang), 18) for k in progress["kind"]]
    xs = range(len(names))
    targets = progress["target"].fillna(0).astype(int)
    ax.bar([x - 0.2 for x in xs], targets, width=0.4, color="#bbbbbb",
           label=t("campaign.chart.target", lang))  # fmt: skip
    ax.bar([x + 0.2 for x in xs], progress["collected"].astype(int), width=0.4,
           color=COLORS["todo"], label=t("campaign.chart.collected", lang))  # fmt: skip
    ax.set_xticks(list(xs), labels=names, fontsize=9)
    ax.legend()
    ax.set_title(t("campaign.chart.letters_title", lang))
    return fig


def counts_figure(counts: dict[date, int], kind: str, lang: str = "en") -> Figure:
    """A line over the days: calls per day (``kind="calls"``) or running signatures total."""
    lang = check_lang(lang)
    title = f"campaign.chart.{kind}_title"
    fig = new_figure(9, 4)
    ax = fig.add_subplot()
    if not counts:
        return _empty(fig, ax, title, lang)
    import matplotlib.dates as mdates

    days = sorted(counts)
    values = [counts[d] for d in days]
    if kind == "signatures":
        values = [sum(values[: n + 1]) for n in range(len(values))]
    ax.plot(days, values, marker="o", color=COLORS["todo"])
    ax.set_ylabel(t(f"campaign.chart.{kind}", lang))
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.grid(alpha=0.3)
    ax.set_title(t(title, lang))
    fig.autofmt_xdate()
    return fig


def _empty(fig: Figure, ax, title_key: str, lang: str) -> Figure:
    ax.set_axis_off()
    ax.text(0.5, 0.5, t("campaign.chart.no_data", lang), ha="center", va="center", fontsize=14)
    ax.set_title(t(title_key, lang))
    return fig


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure as PNG or SVG bytes (for the app, or to write to a file)."""
    import matplotlib

    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    # A fixed salt and no date keep SVG output the same from run to run.
    with matplotlib.rc_context({"svg.hashsalt": "ddkit"}):
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def write_figure(fig: Figure, path: str | Path, fmt: str | None = None) -> Path:
    """Write a figure to ``path`` (format from ``fmt`` or the file's suffix), mode 0600."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "png").lower()
    data = figure_bytes(fig, fmt)
    with open_private(path, "wb") as handle:
        handle.write(data)
    return path


def write_timeline(plan: pd.DataFrame, path: str | Path, fmt: str | None = None,
                   lang: str | None = None) -> Path:  # fmt: skip
    """Write the plan's timeline chart as PNG or SVG."""
    return write_figure(timeline_figure(plan, lang), path, fmt)
