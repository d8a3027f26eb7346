"""The trackers as a spreadsheet (CSV or XLSX), through the kit's safe writers.

One row per entry: the case's code, what was logged, the day, how many, the letter kind or
the plan task. The caller's name and the note are sensitive: only ``full=True`` adds them,
and it asks for the passphrase again, as the full case export does. Every cell goes through
:mod:`ddkit.export` (no live formulas or links, rows never split), files are written 0600 as
``trackers-<date>.<ext>`` and the export is recorded in the audit log (case ids only).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ddkit.i18n import t
from ddkit.store.errors import BadSetting
from ddkit.store.exports import FORMATS, export_path

COLUMNS = ("case", "what", "day", "count", "kind", "task")
FULL_COLUMNS = ("caller", "note")


def tracker_table(store, case_ids: list[str] | None = None, lang: str = "en", full: bool = False):
    """Every tracker entry of the cases (all of them by default) as a pandas DataFrame."""
    import pandas as pd

    from ddkit.store.codes import case_code

    ids = case_ids if case_ids is not None else [s.id for s in store.list()]
    rows = []
    for case_id in ids:
        for e in store.tracker(case_id).entries:
            kind = t(f"campaign.letter_kind.{e.kind}", lang) if e.kind else ""
            row = [case_code(case_id), t(f"campaign.track.what.{e.what}", lang, kind=kind),
                   e.on.isoformat(), e.count, kind, e.task or ""]  # fmt: skip
            if full:
                row += [e.caller or "", e.note or ""]
            rows.append(row)
    columns = COLUMNS + (FULL_COLUMNS if full else ())
    frame = pd.DataFrame(rows, columns=[t(f"campaign.track.column.{c}", lang) for c in columns])
    count = t("campaign.track.column.count", lang)
    frame[count] = frame[count].astype("int64")  # a number stays a number (CSV-5)
    text = [c for c in frame.columns if c != count]
    frame[text] = frame[text].astype(object)  # every text cell through the neutralizer
    return frame


def export_trackers(store, out: str | Path | None = None, fmt: str | None = None, *,
                    case_id: str | None = None, full: bool = False,
                    passphrase: str | None = None, lang: str = "en",
                    on: date | None = None) -> Path:  # fmt: skip
    """Write the trackers (of one case, or of all) to a file (0600) and return its path."""
    from ddkit.export import write_csv, write_xlsx

    if fmt is None:
        suffix = Path(out).suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt not in FORMATS:
        raise BadSetting(what="--format")
    if full:
        store.verify_passphrase(passphrase)
    frame = tracker_table(store, [case_id] if case_id else None, lang=lang, full=full)
    path = export_path(out, fmt, on, stem="trackers")
    if fmt == "csv":
        write_csv(frame, path)
    else:
        write_xlsx(frame, path, sheet_name="trackers")
    store.record("export_trackers" if not full else "export_trackers_full", case_id or "*")
    return path
