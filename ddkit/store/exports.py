"""The committee's tracking table: one row per case, as CSV or XLSX, redacted by default.

The redacted table holds what the committee tracks (stage, detention, dates to watch,
consent) and nothing that identifies a person: no name, A-number, date of birth, address,
phone, email, facility or criminal history. ``full=True`` adds those, and needs the
passphrase typed again. Every cell goes through :mod:`ddkit.export` (no live formulas, no
links, rows never split) and files are written 0600 as ``cases-<date>.<ext>``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ddkit.case import Case
from ddkit.i18n import t
from ddkit.paths import PRIVATE_DIR_MODE, exports_dir
from ddkit.store.errors import BadSetting
from ddkit.store.records import CaseSummary

FORMATS = ("csv", "xlsx")
Getter = Callable[[CaseSummary, Case, str], Any]


def _yes(value: bool, lang: str) -> str:
    return t("common.yes" if value else "common.no", lang)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _choice(kind: str, value: str | None, lang: str) -> str:
    return t(f"choice.{kind}.{value}", lang) if value else ""


def _records(case: Case) -> str:
    parts = []
    for r in case.criminal_history:
        details = ", ".join(x for x in (_day(r.date), r.disposition or "", r.severity or "") if x)
        parts.append(f"{r.offense} ({details})" if details else r.offense)
    return "; ".join(parts)


# (catalog key of the header, value) — the redacted table, in order.
REDACTED: tuple[tuple[str, Getter], ...] = (
    ("store.column.code", lambda s, c, lang: s.code),
    ("store.column.id", lambda s, c, lang: s.id),
    ("store.column.created", lambda s, c, lang: s.created),
    ("store.column.updated", lambda s, c, lang: s.updated),
    ("store.column.fictional", lambda s, c, lang: _yes(c.fictional, lang)),
    (
        "field.proceedings.stage.label",
        lambda s, c, lang: _choice("stage", c.proceedings.stage, lang),
    ),
    ("field.custody.detained.label", lambda s, c, lang: _yes(c.custody.detained, lang)),
    ("field.custody.state.label", lambda s, c, lang: c.custody.state or ""),
    ("field.proceedings.next_hearing.label", lambda s, c, lang: _day(c.proceedings.next_hearing)),
    (
        "field.proceedings.hearing_type.label",
        lambda s, c, lang: _choice("hearing_type", c.proceedings.hearing_type, lang),
    ),
    (
        "field.proceedings.under_supervision.label",
        lambda s, c, lang: _yes(c.proceedings.under_supervision, lang),
    ),
    ("field.proceedings.next_check_in.label", lambda s, c, lang: _day(c.proceedings.next_check_in)),
    ("field.proceedings.removal_date.label", lambda s, c, lang: _day(c.proceedings.removal_date)),
    ("field.equities.us_citizen_children.label", lambda s, c, lang: c.equities.us_citizen_children),
    ("field.person.languages.label", lambda s, c, lang: ", ".join(c.person.languages)),
    ("store.column.has_attorney", lambda s, c, lang: _yes("has_attorney" in s.flags, lang)),
    (
        "field.consent.public_campaign.label",
        lambda s, c, lang: _yes(c.consent.public_campaign, lang),
    ),
    (
        "field.consent.congressional_contact.label",
        lambda s, c, lang: _yes(c.consent.congressional_contact, lang),
    ),
)

# Added by ``full=True`` only: everything that identifies the person or their record.
FULL: tuple[tuple[str, Getter], ...] = (
    ("field.person.name.label", lambda s, c, lang: c.person.name),
    ("field.person.aliases.label", lambda s, c, lang: "; ".join(c.person.aliases)),
    ("field.person.a_number.label", lambda s, c, lang: c.person.a_number or ""),
    ("field.person.date_of_birth.label", lambda s, c, lang: _day(c.person.date_of_birth)),
    ("field.person.country_of_birth.label", lambda s, c, lang: c.person.country_of_birth or ""),
    ("field.person.address.label", lambda s, c, lang: c.person.address or ""),
    ("field.person.zip.label", lambda s, c, lang: c.person.zip or ""),
    ("field.person.phone.label", lambda s, c, lang: c.person.phone or ""),
    ("field.person.email.label", lambda s, c, lang: c.person.email or ""),
    ("field.custody.facility.label", lambda s, c, lang: c.custody.facility or ""),
    ("field.custody.detained_since.label", lambda s, c, lang: _day(c.custody.detained_since)),
    ("store.column.criminal_history", lambda s, c, lang: _records(c)),
    ("field.story.label", lambda s, c, lang: c.story or ""),
)


def tracking_table(store, lang: str = "en", full: bool = False):
    """The tracking table as a pandas DataFrame (redacted unless ``full``)."""
    from dataclasses import replace

    import pandas as pd

    from ddkit.store.codes import codes_for

    columns = REDACTED + (FULL if full else ())
    rows = []
    summaries = store.list()
    codes = codes_for([summary.id for summary in summaries])  # the codes the list shows
    for summary in summaries:
        case = store.load(summary.id)
        summary = replace(summary, code=codes[summary.id])
        rows.append([get(summary, case, lang) for _, get in columns])
    headers = [t(key, lang) for key, _ in columns]
    frame = pd.DataFrame(rows, columns=headers)
    count = t("field.equities.us_citizen_children.label", lang)
    frame[count] = frame[count].astype("int64")  # a number stays a number (CSV-5)
    return frame


def export_path(out: str | Path | None, fmt: str, on: date | None = None,
                stem: str = "cases") -> Path:  # fmt: skip
    """Where the export goes: ``<stem>-<date>.<ext>`` in ``out`` (a folder) or the exports folder.

    A path ending in ``.csv`` or ``.xlsx`` is used as given. An existing file is never
    overwritten: ``cases-<date>-2.<ext>`` and so on.
    """
    on = on or date.today()
    target = Path(out).expanduser() if out else exports_dir()
    if target.suffix.lower() in (".csv", ".xlsx"):
        if not target.parent.is_dir():
            raise BadSetting(what="-o")
        return target
    if not target.exists():
        target.mkdir(mode=PRIVATE_DIR_MODE, parents=True)
    if not target.is_dir():
        raise BadSetting(what="-o")
    path, n = target / f"{stem}-{on.isoformat()}.{fmt}", 1
    while path.exists():
        n += 1
        path = target / f"{stem}-{on.isoformat()}-{n}.{fmt}"
    return path


def export_cases(store, out: str | Path | None = None, fmt: str | None = None, *,
                 full: bool = False, passphrase: str | None = None, lang: str = "en",
                 on: date | None = None) -> Path:  # fmt: skip
    """Write the tracking table to a file (0600) and return its path.

    Args:
        store: an open case store.
        out: a folder, a ``.csv``/``.xlsx`` file path, or ``None`` for the exports folder.
        fmt: ``csv`` or ``xlsx``; by default from ``out``'s ending, else ``csv``.
        full: include names, numbers and records. Checks ``passphrase`` again first.
        passphrase: the store's passphrase (``None``: ``DDKIT_PASSPHRASE`` or the key file).
        lang: language of the headers and values.
        on: the date in the file name (default today).
    """
    from ddkit.export import write_csv, write_xlsx

    if fmt is None:
        suffix = Path(out).suffix.lower().lstrip(".") if out else ""
        fmt = suffix if suffix in FORMATS else "csv"
    if fmt not in FORMATS:
        raise BadSetting(what="--format")
    if full:
        store.verify_passphrase(passphrase)
    frame = tracking_table(store, lang=lang, full=full)
    path = export_path(out, fmt, on)
    if fmt == "csv":
        write_csv(frame, path)
    else:
        write_xlsx(frame, path, sheet_name="cases")
    store.record("export_full" if full else "export")
    return path
