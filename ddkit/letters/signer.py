"""The signer: who writes a letter, from a YAML file, ``--set key=value`` options or a form.

The documented keys are in :data:`SIGNER_KEYS`; their labels and help live in the
``letters.signer.*`` catalog entries. Values are cleaned like case fields (no invisible or
control characters) and capped in length; an unknown key is an error, so that a typo such as
``nmae`` is caught instead of silently leaving the name out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ddkit.case import clean_text, parse_date
from ddkit.errors import UserError
from ddkit.i18n import t

SIGNER_KEYS: tuple[str, ...] = (
    "name",
    "relationship",
    "organization",
    "title",
    "address",
    "city",
    "state",
    "email",
    "phone",
    "years_known",
    "story",
    "language",
    "date",
    "relief_filed",
)
# Yes-or-no keys: ``relief_filed: yes`` is the attorney's word that the pending applications
# were filed and may be named in the discretion request (ddkit.letters.safeguards).
YES_NO_KEYS = frozenset({"relief_filed"})
YES = frozenset({"yes", "y", "true", "1", "sí", "si", "s"})
NO = frozenset({"no", "n", "false", "0"})
MAX_LENGTH = {"story": 10_000, "address": 500}
DEFAULT_MAX = 200
MAX_YEARS = 120


class SignerError(UserError):
    """The signer's details cannot be used. Lists every problem at once, in the user's language."""

    def __init__(self, problems: list[tuple[str, dict[str, Any]]]):
        self.problems = problems
        super().__init__(key="letters.signer_error.head")

    def message(self, lang: str | None = None) -> str:
        lines = [
            t(f"letters.signer_error.{code}", lang, **values) for code, values in self.problems
        ]
        return "\n".join([t("letters.signer_error.head", lang), *("  - " + x for x in lines)])

    def issues(self):
        """Each signer field at fault (problems about the whole form name no field)."""
        from ddkit.errors import FieldIssue

        return tuple(
            FieldIssue(f"signer.{values['key']}", code, dict(values))
            for code, values in self.problems
            if "key" in values and code != "unknown_key"
        )


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of free text: split at blank lines, each on one line.

    >>> split_paragraphs("One\\nline.\\n\\n  Two. ")
    ('One line.', 'Two.')
    """
    parts = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(p for p in (" ".join(part.split()) for part in parts) if p)


def _years(value: Any, problems: list) -> int | None:
    text = str(value).strip()
    if text == "":
        return None
    if not re.fullmatch(r"\d{1,3}", text) or int(text) > MAX_YEARS:
        problems.append(("bad_years", {"key": "years_known", "max": MAX_YEARS}))
        return None
    return int(text)


def _yes_no(key: str, value: Any, problems: list) -> bool | None:
    """A yes-or-no answer (YAML's true/false, or yes/no/sí written out)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str | int) else None
    if text in YES:
        return True
    if text in NO or text == "":
        return False
    problems.append(("bad_yes_no", {"key": key}))
    return None


def _clean_value(key: str, value: Any, problems: list) -> Any:
    if value is None:
        return None
    if key in YES_NO_KEYS:
        return _yes_no(key, value, problems)
    if key == "date":
        try:
            return parse_date(value if not isinstance(value, str) else value.strip())
        except ValueError:  # pydantic's custom error is a ValueError
            problems.append(("bad_date", {"key": key}))
            return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        problems.append(("not_text", {"key": key}))
        return None
    if key == "years_known":
        return _years(value, problems)
    text = str(value)
    if key == "story":
        text = "\n\n".join(clean_text(p) for p in re.split(r"\n\s*\n", text))
    else:
        text = " ".join(clean_text(text.replace("\n", " ")).split())
    limit = MAX_LENGTH.get(key, DEFAULT_MAX)
    if len(text) > limit:
        problems.append(("too_long", {"key": key, "max": limit}))
        return None
    return text or None


def parse_signer(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """Check and clean a signer's details. Empty values are dropped.

    Raises :class:`SignerError` naming every unknown key and every bad value.

    >>> parse_signer({"name": "  Rev. Ana Ruiz (fictional) ", "years_known": 12})
    {'name': 'Rev. Ana Ruiz (fictional)', 'years_known': 12}
    """
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise SignerError([("not_mapping", {})])
    problems: list[tuple[str, dict[str, Any]]] = []
    signer: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SIGNER_KEYS:
            problems.append(("unknown_key", {"key": key, "keys": ", ".join(SIGNER_KEYS)}))
            continue
        cleaned = _clean_value(key, value, problems)
        if cleaned is not None and cleaned != "" and cleaned is not False:
            signer[key] = cleaned
    if problems:
        raise SignerError(problems)
    return signer


def load_signer(path: str | Path) -> dict[str, Any]:
    """Read a signer file (YAML with the keys of :data:`SIGNER_KEYS`) and check it."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError("letters.signer_file.missing", file=path.name) from None
    except (OSError, UnicodeDecodeError):
        raise UserError("letters.signer_file.unreadable", file=path.name) from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError:
        raise UserError("letters.signer_file.not_yaml", file=path.name) from None
    if not isinstance(data, dict):
        raise UserError("letters.signer_file.not_mapping", file=path.name)
    return parse_signer(data)


def parse_assignments(items: Iterable[str] | None) -> dict[str, str]:
    """Turn ``--set key=value`` options into a mapping (``signer.name=...`` also works).

    >>> parse_assignments(["name=Ana Ruiz", "signer.city=El Paso"])
    {'name': 'Ana Ruiz', 'city': 'El Paso'}
    """
    values: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        key = key.strip().removeprefix("signer.")
        if not sep or not key:
            raise UserError("letters.bad_set", item=key or "?")
        values[key] = value.replace("\\n", "\n")
    return values


def combine_signer(
    file: str | Path | None = None,
    assignments: Iterable[str] | None = None,
    form: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One signer from a file, then a form's values, then ``--set`` options (later wins)."""
    merged: dict[str, Any] = {}
    if file is not None:
        merged.update(load_signer(file))
    merged.update(form or {})
    merged.update(parse_assignments(assignments))
    return parse_signer(merged)
