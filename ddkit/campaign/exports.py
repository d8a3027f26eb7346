"""Take the plan out of the kit: a calendar (.ics), a spreadsheet (CSV/XLSX), a one-pager.

None of these files names the person: a calendar syncs to phones and online services, and a
spreadsheet gets forwarded. Titles come from the kit's own wording; the owner and note columns,
which the committee may edit, are neutralized in spreadsheets and escaped in Markdown.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ddkit.export import write_csv, write_xlsx
from ddkit.i18n import check_lang, t
from ddkit.paths import open_private

if TYPE_CHECKING:
    import pandas as pd

REMINDER_DAYS = (2, 0)  # alarms two days before and on the morning of each task
EXPORT_COLUMNS = ("date", "title", "owner", "status", "intervention", "public", "target", "note")


def _lang(frame: pd.DataFrame, lang: str | None) -> str:
    return check_lang(lang or frame.attrs.get("lang"))


def export_frame(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The plan as people read it: dates as text, statuses in words, headers in ``lang``."""
    lang = _lang(frame, lang)
    out = frame.loc[:, list(EXPORT_COLUMNS)].copy()
    out["date"] = [_day(d).isoformat() for d in out["date"]]
    out["status"] = [t(f"campaign.status.{s}", lang) for s in out["status"]]
    out["intervention"] = [
        t(f"assess.intervention.{i}", lang) if i else "" for i in out["intervention"]
    ]
    out["public"] = [t("common.yes" if p else "common.no", lang) for p in out["public"]]
    out.columns = [t(f"campaign.column.{c}", lang) for c in EXPORT_COLUMNS]
    # pandas 3 infers the "str" dtype, which ddkit.export.safe_frame does not yet treat as
    # text; plain object columns make sure every cell goes through the neutralizer.
    text = [c for c in out.columns if c != t("campaign.column.target", lang)]
    out[text] = out[text].astype(object)
    return out


def _day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def write_plan_csv(frame: pd.DataFrame, path: str | Path, lang: str | None = None) -> Path:
    """Write the plan as CSV for Excel (formulas neutralized, 0600)."""
    return write_csv(export_frame(frame, lang), path)


def write_plan_xlsx(frame: pd.DataFrame, path: str | Path, lang: str | None = None) -> Path:
    """Write the plan as an Excel workbook (no live formulas or links, 0600)."""
    lang = _lang(frame, lang)
    return write_xlsx(export_frame(frame, lang), path, t("campaign.md.title", lang))


# ---------------------------------------------------------------- calendar


def _uid(frame: pd.DataFrame, task: str) -> str:
    """A stable event id: the same plan exported twice updates the same events."""
    seed = f"{frame.attrs.get('on')}|{frame.attrs.get('horizon')}|{task}"
    return hashlib.sha256(seed.encode()).hexdigest()[:24] + "@ddkit"


def plan_calendar(frame: pd.DataFrame, lang: str | None = None):
    """The plan as an ``icalendar.Calendar``: one all-day event per task, plus the key date."""
    from icalendar import Alarm, Calendar, Event

    lang = _lang(frame, lang)
    cal = Calendar()
    cal.add("prodid", "-//ddkit//campaign plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", t("campaign.ics.calendar", lang))
    if frame.attrs.get("law_reviewed"):
        reviewed = frame.attrs["law_reviewed"].isoformat()
        cal.add("x-wr-caldesc", t("law.reviewed", lang, day=reviewed))
    made = frame.attrs.get("on") or date.today()
    stamp = datetime.combine(made, time(0, 0), tzinfo=UTC)  # deterministic output
    for row in _events(frame, lang):
        event = Event()
        event.add("uid", _uid(frame, row["task"]))
        event.add("dtstamp", stamp)
        event.add("summary", row["summary"])
        event.add("dtstart", row["date"])
        event.add("dtend", row["date"] + timedelta(days=1))
        if row["description"]:
            event.add("description", row["description"])
        for days in REMINDER_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", row["summary"])
            # 09:00 on the day (all-day events start at midnight), or some days before.
            alarm.add("trigger", timedelta(days=-days, hours=9))
            event.add_component(alarm)
        cal.add_component(event)
    return cal


def _events(frame: pd.DataFrame, lang: str) -> list[dict]:
    """The events a calendar holds, in plan order: every task, then the key date."""
    events = []
    for row in frame.itertuples(index=False):
        summary = str(row.title)
        if row.status == "too_late":
            summary = f"{t('campaign.ics.too_late', lang)} {summary}"
        owner = str(row.owner or "")
        description = "\n".join(x for x in (owner, str(row.note or "")) if x)
        events.append(
            {
                "task": row.task,
                "date": _day(row.date),
                "summary": summary,
                "description": description,
            }
        )
    key, event = frame.attrs.get("key_date"), frame.attrs.get("key_event")
    if key:
        summary = (
            t("campaign.ics.key_event", lang, event=t(f"campaign.event.{event}", lang))
            if event
            else t("campaign.ics.key_event_plain", lang)
        )
        events.append({"task": "key_date", "date": key, "summary": summary, "description": ""})
    return events


def write_plan_ics(frame: pd.DataFrame, path: str | Path, lang: str | None = None) -> Path:
    """Write the plan as an .ics calendar with reminders (0600)."""
    data = plan_calendar(frame, lang).to_ical()
    with open_private(path, "wb") as handle:
        handle.write(data)
    return Path(path)


# ---------------------------------------------------------------- one-pager

# Enough to keep typed text from becoming a link, an image, a tag or a table cell break.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>!])")


def md_escape(text: str) -> str:
    """Escape text for a Markdown table cell, so that typed text cannot become a link or tag.

    >>> md_escape("a|b <img src=x>")
    'a\\\\|b \\\\<img src=x\\\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def plan_markdown(frame: pd.DataFrame, lang: str | None = None) -> str:
    """A one-page Markdown summary of the plan for the committee."""
    lang = _lang(frame, lang)
    attrs = frame.attrs
    lines = [
        f"# {t('campaign.md.title', lang)}",
        "",
        t("campaign.md.made_on", lang, on=attrs["on"]),
    ]
    if attrs.get("law_reviewed"):
        lines += ["", t("law.reviewed", lang, day=attrs["law_reviewed"].isoformat())]
    lines += ["", key_line(attrs, lang)]
    if attrs.get("compressed"):
        lines += ["", t("campaign.md.compressed", lang)]
    if not frame["public"].any():
        lines += ["", t("campaign.md.no_public", lang)]
    lines += ["", f"## {t('campaign.md.tasks', lang)}", ""]
    heads = [t(f"campaign.column.{c}", lang) for c in ("date", "title", "owner", "status", "note")]
    lines += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    public = t("campaign.md.public_mark", lang)
    for row in frame.itertuples(index=False):
        title = f"{row.title} {public}" if row.public else str(row.title)
        cells = (
            _day(row.date).isoformat(),
            md_escape(title),
            md_escape(row.owner or ""),
            md_escape(t(f"campaign.status.{row.status}", lang)),
            md_escape(row.note or ""),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def key_line(attrs: dict, lang: str) -> str:
    """The sentence that says the key date (or that none is known) and how far away it is."""
    key, event = attrs.get("key_date"), attrs.get("key_event")
    if not key:
        days = (attrs["horizon"] - attrs["on"]).days
        return t("campaign.md.no_key_date", lang, days=days)
    days = (key - attrs["on"]).days
    if event:
        name = t(f"campaign.event.{event}", lang)
        return t("campaign.md.key_date", lang, event=name, day=key.isoformat(), days=days)
    return t("campaign.md.key_date_plain", lang, day=key.isoformat(), days=days)


def write_plan_markdown(frame: pd.DataFrame, path: str | Path, lang: str | None = None) -> Path:
    """Write the one-pager as a Markdown file (0600)."""
    with open_private(path, "w") as handle:
        handle.write(plan_markdown(frame, lang))
    return Path(path)


def plan_bytes(frame: pd.DataFrame, fmt: str, lang: str | None = None) -> bytes:
    """The plan exported as ``fmt`` (md, csv, xlsx, ics, png or svg), as bytes for a download.

    Spreadsheets go through a private temporary folder that is removed at once.
    """
    import tempfile

    if fmt == "md":
        return plan_markdown(frame, lang).encode("utf-8")
    if fmt == "ics":
        return plan_calendar(frame, lang).to_ical()
    if fmt in ("png", "svg"):
        from ddkit.campaign.chart import figure_bytes, timeline_figure

        return figure_bytes(timeline_figure(frame, lang), fmt)
    writers = {"csv": write_plan_csv, "xlsx": write_plan_xlsx}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}")
    with tempfile.TemporaryDirectory(prefix="ddkit-") as folder:  # created 0700
        path = writers[fmt](frame, Path(folder) / f"plan.{fmt}", lang)
        return path.read_bytes()
