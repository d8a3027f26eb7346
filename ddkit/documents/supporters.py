"""A supporters table (CSV or Excel): who can sign a letter, and which rows cannot.

Petition tools and spreadsheets name their columns in many ways ("First Name", "E-mail",
"Zip Code", "Comentarios"); :func:`column_for` maps the common ones. Rows are read in
chunks, and the valid ones wait in an unnamed temporary file (gone when the job ends, never
visible in a folder), so a table of 50,000 supporters never sits in memory at once. Row
numbers are the ones the spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ddkit.case import clean_text
from ddkit.documents.sheets import table_rows
from ddkit.errors import UserError
from ddkit.export import is_formula_like

FIELDS = ("name", "first_name", "last_name", "email", "zip", "city", "state", "comment")
MAX_LENGTH = {"name": 200, "first_name": 100, "last_name": 100, "email": 254, "zip": 20}
MAX_OTHER = 100  # city, state
COMMENT_MAX = 2000  # a longer comment is shortened (and noted), so each letter fits a page

_HEADERS = {
    "name": "name fullname supportername signername nombrecompleto",
    "first_name": "firstname first givenname forename nombredepila",
    "last_name": "lastname last surname familyname apellido apellidos",
    "email": "email emailaddress mail correo correoelectronico",
    "zip": "zip zipcode postalcode postcode zip5 codigopostal cp",
    "city": "city town ciudad municipio",
    "state": "state province region stateprovince estado",
    "comment": "comment comments message messages note notes why comentario comentarios mensaje",
}
_FIELD_OF = {alias: name for name, aliases in _HEADERS.items() for alias in aliases.split()}
# Line breaks are welcome in a comment; anywhere else they are control characters too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f]")


def column_for(header: str) -> str | None:
    """The supporter field a column header names, if any (case, spaces, accents ignored).

    >>> column_for("E-mail"), column_for("Zip Code"), column_for("Código postal")
    ('email', 'zip', 'zip')
    >>> column_for("Favorite color") is None
    True
    """
    key = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return _FIELD_OF.get(re.sub(r"[^a-z0-9]", "", key.lower()))


def map_columns(headers: list[str]) -> dict[str, int]:
    """Which column holds each field; the first matching column wins.

    A lone "Nombre" next to an "Apellido" column is a first name; alone it is the full name.

    >>> map_columns(["Nombre", "Apellido", "Correo"])
    {'first_name': 0, 'last_name': 1, 'email': 2}
    """
    found: dict[str, int] = {}
    loose = []
    for index, header in enumerate(headers):
        key = re.sub(r"[^a-z]", "", str(header).lower())
        if key == "nombre":
            loose.append(index)
            continue
        name = column_for(header)
        if name and name not in found:
            found[name] = index
    for index in loose:
        name = "first_name" if "last_name" in found else "name"
        found.setdefault(name, index)
    return dict(sorted(found.items(), key=lambda item: item[1]))


@dataclass(frozen=True, slots=True)
class Supporter:
    """One person who signs the mass letter."""

    row: int
    name: str
    email: str = ""
    zip: str = ""
    city: str = ""
    state: str = ""
    comment: str = ""


@dataclass(frozen=True)
class RowIssue:
    """Why a row was skipped (or changed): a reason code and values that hold no personal data."""

    row: int
    reason: str
    values: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        from ddkit.i18n import t

        values = dict(self.values)
        if "column" in values:
            values["column"] = t(f"documents.mass.column.{values['column']}", lang)
        return t(f"documents.mass.reason.{self.reason}", lang, **values)


def check_row(row: int, cells: dict[str, str]) -> tuple[Supporter | None, list[RowIssue]]:
    """A supporter from one row's cells, or the reasons the row cannot be a letter.

    Duplicate e-mails are not checked here (that needs the rows before; see
    :class:`~ddkit.documents.mass.SupporterTable`).

    >>> check_row(2, {"name": "=HYPERLINK(1)"})[1][0].reason
    'formula'
    >>> check_row(3, {"first_name": "Łukasz", "last_name": "Nowak"})[0].name
    'Łukasz Nowak'
    """
    problems: list[RowIssue] = []
    clean: dict[str, str] = {}
    for name, raw in cells.items():
        control = _CONTROL if name == "comment" else _CONTROL_OR_BREAK
        if control.search(raw):
            problems.append(RowIssue(row, "control", {"column": name}))
        elif is_formula_like(raw):
            problems.append(RowIssue(row, "formula", {"column": name}))
        elif name != "comment" and len(raw) > MAX_LENGTH.get(name, MAX_OTHER):
            limit = MAX_LENGTH.get(name, MAX_OTHER)
            problems.append(RowIssue(row, "too_long", {"column": name, "max": limit}))
        else:
            clean[name] = _tidy(raw, name)
    full = clean.get("name") or " ".join(
        part for part in (clean.get("first_name"), clean.get("last_name")) if part
    )
    if not full and not any(
        p.values.get("column") in ("name", "first_name", "last_name") for p in problems
    ):
        problems.append(RowIssue(row, "no_name"))
    if problems:
        return None, problems
    comment, notes = clean.get("comment", ""), []
    if len(comment) > COMMENT_MAX:
        comment = comment[: COMMENT_MAX - 1].rstrip() + "…"
        notes.append(RowIssue(row, "comment_shortened", {"max": COMMENT_MAX}))
    state = clean.get("state", "")
    if len(state) == 2 and state.isalpha():
        state = state.upper()
    supporter = Supporter(
        row=row,
        name=full,
        email=clean.get("email", ""),
        zip=clean.get("zip", ""),
        city=clean.get("city", ""),
        state=state,
        comment=comment,
    )
    return supporter, notes


def _tidy(raw: str, name: str) -> str:
    if raw.isprintable():  # the common case: nothing invisible to remove
        return " ".join(unicodedata.normalize("NFC", raw).split())
    if name == "comment":
        lines = [
            clean_text(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ]
        return "\n".join(lines).strip()
    return " ".join(clean_text(raw).split())


# ---------------------------------------------------------------- reading the file


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Each non-blank row as ``(row number, {field: text})``; raises :class:`UserError`.

    The first row must be the header (see :mod:`ddkit.documents.sheets` for the reading).
    """
    path = Path(path)
    rows = table_rows(path)
    try:
        header = next(rows, None)
        if header is None:
            raise UserError("documents.supporters.empty", file=path.name)
        columns = map_columns([str(h) for h in header])
        if "name" not in columns and "first_name" not in columns and "last_name" not in columns:
            raise UserError("documents.supporters.no_name_column", file=path.name)
        any_row = False
        for number, values in enumerate(rows, start=2):
            cells = {name: _cell(values, index) for name, index in columns.items()}
            if any(cells.values()):
                any_row = True
                yield number, {name: text for name, text in cells.items() if text}
        if not any_row:
            raise UserError("documents.supporters.empty", file=path.name)
    finally:
        rows.close()


def _cell(values, index: int) -> str:
    value = values[index] if index < len(values) else ""
    return "" if value is None or value != value else str(value)  # NaN != NaN


# ---------------------------------------------------------------- the table


class SupporterTable:
    """The valid supporters of a table, grouped by state, plus every skipped row.

    Reading checks each row once (:func:`~ddkit.documents.supporters.check_row`) and
    rejects a repeated e-mail. Use it as a context manager, so the temporary file closes.
    """

    def __init__(self, path: str | Path, required: tuple[str, ...] = ()):
        self.required = required  # fields the letter cannot do without, e.g. ("city",)
        self.issues: list[RowIssue] = []
        self.notes: list[RowIssue] = []
        self.count = 0
        self._offsets: dict[str, array] = {}
        self._spill = tempfile.TemporaryFile()  # unnamed on Linux, 0600, removed on close
        try:
            self._read(path)
        except BaseException:
            self.close()
            raise

    def _read(self, path: str | Path) -> None:
        seen: dict[str, int] = {}
        for row, cells in read_rows(path):
            supporter, found = check_row(row, cells)
            if supporter is None:
                self.issues.extend(found)
                continue
            missing = [
                RowIssue(row, "missing", {"column": f})
                for f in self.required
                if not getattr(supporter, f)
            ]
            if missing:
                self.issues.extend(missing)
                continue
            email = supporter.email.casefold()
            if email and email in seen:
                self.issues.append(RowIssue(row, "duplicate_email", {"first": seen[email]}))
                continue
            if email:
                seen[email] = row
            self.notes.extend(found)
            self._offsets.setdefault(supporter.state, array("q")).append(self._spill.tell())
            self._spill.write(_dump(supporter))
            self.count += 1
        self._spill.flush()

    def states(self) -> list[str]:
        """State labels in index order: alphabetical, rows with no state last."""
        return sorted(self._offsets, key=lambda s: (s == "", s.casefold()))

    def size(self, state: str) -> int:
        return len(self._offsets.get(state, ()))

    def supporters(self) -> Iterator[Supporter]:
        """Every valid supporter, by state, in the table's order within a state."""
        for state in self.states():
            for offset in self._offsets[state]:
                self._spill.seek(offset)
                yield Supporter(*json.loads(self._spill.readline()))

    def close(self) -> None:
        self._spill.close()

    def __enter__(self) -> SupporterTable:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _dump(s: Supporter) -> bytes:
    fields = [s.row, s.name, s.email, s.zip, s.city, s.state, s.comment]
    return json.dumps(fields, ensure_ascii=False).encode() + b"\n"


# Which signer key each supporter column fills (the letters' signer keys, ddkit.letters.signer).
SIGNER_FROM_SUPPORTER = {
    "name": "name",
    "city": "city",
    "state": "state",
    "email": "email",
    "story": "comment",
}


def supporter_signer(supporter: Supporter) -> dict[str, str]:
    """The signer of one supporter's letter: name, city, state, e-mail and own comment.

    >>> supporter_signer(Supporter(row=2, name="Ana Ruiz", city="El Paso"))
    {'name': 'Ana Ruiz', 'city': 'El Paso'}
    """
    signer = {key: getattr(supporter, column) for key, column in SIGNER_FROM_SUPPORTER.items()}
    return {key: value for key, value in signer.items() if value}


def required_columns(signer_needs: tuple[str, ...]) -> tuple[str, ...]:
    """The supporter columns a letter needs, from the signer keys its template needs.

    >>> required_columns(("name", "city"))
    ('name', 'city')
    """
    return tuple(SIGNER_FROM_SUPPORTER[k] for k in signer_needs if k in SIGNER_FROM_SUPPORTER)
