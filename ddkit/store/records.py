"""How a case is cut into sealed pieces for storage, and put back together.

Each sensitive field (``ddkit.case.sensitive_paths()``) is sealed on its own, bound to the
case id and the field; everything else in the case is sealed together as one more piece,
``_rest``. The sealed pieces travel in one column of the case's row (see :func:`bundle`), so a
save writes one row, not thirteen. Only the summary columns (:class:`CaseSummary`) stay
readable without the passphrase.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from ddkit.case import Case, case_to_dict, parse_case, sensitive_paths
from ddkit.store.crypto import MIN_PADDED, aad, cipher, seal_all, unseal
from ddkit.store.errors import IntegrityFailure, UnknownCase

_CASE_ID = re.compile(r"^[0-9a-f]{32}$")
REST = "_rest"
FIELD_PATHS: tuple[str, ...] = (*sorted(sensitive_paths()), REST)
# Each sealed field's path cut once: (path, its parents, its own name).
_SPLIT_PATHS = tuple((p, tuple(p.split(".")[:-1]), p.split(".")[-1]) for p in FIELD_PATHS[:-1])
SEALED = "__sealed__"  # in ``_rest``: the fields this record sealed on their own
# The pieces of every record written before records listed their own (store version 1).
FIRST_SEALED = frozenset(
    {
        "person.name",
        "person.aliases",
        "person.a_number",
        "person.date_of_birth",
        "person.address",
        "person.phone",
        "person.email",
        "custody.facility",
        "criminal_history",
        "equities.serious_health_condition",
        "equities.pregnant_or_nursing",
        "story",
        REST,
    }
)
# Short values of one fixed format (a number, a date, yes or no) need only a small size class
# to hide which value they hold; free text gets the large one, to hide its length.
FIXED_FORMAT = frozenset(
    {
        "person.a_number",
        "person.date_of_birth",
        "equities.serious_health_condition",
        "equities.pregnant_or_nursing",
    }
)
SMALL_PADDED = 32

# Flags readable without the passphrase. Each comes from a field that is not sensitive.
FLAGS: tuple[str, ...] = (
    "fictional",
    "under_supervision",
    "has_attorney",
    "consent_public_campaign",
    "consent_congressional_contact",
)


@dataclass(frozen=True)
class CaseSummary:
    """What the case list shows: no names, no numbers, nothing that identifies a person."""

    id: str
    created: str  # YYYY-MM
    updated: str  # YYYY-MM
    stage: str
    detained: bool
    fictional: bool
    flags: tuple[str, ...]
    code: str = ""  # set where it is shown (ddkit.store.codes.codes_for): the list's codes

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        data = asdict(self)
        data["flags"] = list(self.flags)
        return data


def month(moment: datetime) -> str:
    """The coarse date kept in clear: year and month.

    >>> month(datetime(2026, 3, 9, 14, 5))
    '2026-03'
    """
    return moment.strftime("%Y-%m")


def flags_of(case: Case) -> tuple[str, ...]:
    """The list flags that apply to ``case``, in :data:`FLAGS` order."""
    present = {
        "fictional": case.fictional,
        "under_supervision": case.proceedings.under_supervision,
        "has_attorney": bool(case.attorney.name or case.attorney.organization),
        "consent_public_campaign": case.consent.public_campaign,
        "consent_congressional_contact": case.consent.congressional_contact,
    }
    return tuple(flag for flag in FLAGS if present[flag])


def clear_columns(case: Case) -> dict[str, Any]:
    """The summary columns stored in clear for ``case`` (dates are added by the store)."""
    return {
        "stage": case.proceedings.stage,
        "detained": case.custody.detained,
        "fictional": case.fictional,
        "flags": ",".join(flags_of(case)),
    }


def summary_from_row(row: Any) -> CaseSummary:
    """A :class:`CaseSummary` from a row of the ``cases`` table."""
    return CaseSummary(
        id=row.id,
        created=row.created_month,
        updated=row.updated_month,
        stage=row.stage,
        detained=bool(row.detained),
        fictional=bool(row.fictional),
        flags=tuple(f for f in row.flags.split(",") if f),
    )


def split_case(case: Case, dumped: str | None = None) -> dict[str, bytes]:
    """Cut a case into the pieces to seal: one per sensitive field, plus ``_rest``.

    Every piece exists even when its field is empty, so a missing row is always damage.
    ``dumped``: the case's ``model_dump_json()`` if the caller has it already.

    >>> pieces = split_case(parse_case({"person": {"name": "Ana (fictional)"}}))
    >>> pieces["person.name"], b"Ana" in pieces["_rest"]
    (b'"Ana (fictional)"', False)
    """
    data = case_to_dict(case) if dumped is None else json.loads(dumped)
    pieces: dict[str, bytes] = {}
    for path, parents, leaf in _SPLIT_PATHS:
        holder = data
        for part in parents:
            holder = holder[part]
        pieces[path] = _encode(holder.pop(leaf))
    # The list of sealed fields travels sealed inside ``_rest``: a record says which pieces
    # it must have, so a field made sensitive later never makes older records unreadable.
    data[SEALED] = list(FIELD_PATHS[:-1])
    pieces[REST] = _encode(data)
    return pieces


def join_case(pieces: dict[str, bytes]) -> Case:
    """Put the pieces from :func:`split_case` back together into a validated case.

    A field that was not sealed on its own when the record was written is in ``_rest``, or
    absent (then the model's default applies).
    """
    data = json.loads(pieces[REST])
    data.pop(SEALED, None)
    for path, piece in pieces.items():
        if path == REST:
            continue
        *parents, leaf = path.split(".")
        holder = data
        for part in parents:
            holder = holder.setdefault(part, {})
        holder[leaf] = json.loads(piece)
    return parse_case(data)


# One encoder for every piece: ``json.dumps`` with options builds a new encoder on each call,
# which was a third of the time of cutting a case into pieces. Same bytes either way.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encode(value: Any) -> bytes:
    return _JSON.encode(value).encode("utf-8")


def check_case_id(case_id: str) -> str:
    """Return ``case_id`` (trimmed, lower case) if it has the form of a store id.

    Anything else raises :class:`UnknownCase` without repeating it.

    >>> check_case_id(" 3F2A" + "0" * 28)
    '3f2a0000000000000000000000000000'
    """
    if not isinstance(case_id, str) or not _CASE_ID.match(case_id.strip().lower()):
        raise UnknownCase("store.error.not_an_id")  # never echo what was typed: it may be a name
    return case_id.strip().lower()


# ---------------------------------------------------------------- sealed pieces in one column


def seal_pieces(dek, case_id: str, pieces: dict[str, bytes]) -> bytes:
    """Seal every piece with the case's key, each bound to the case id and its field."""
    paths = (*sorted(p for p in pieces if p != REST), REST)
    sealed = seal_all(
        dek,
        [
            (
                pieces[path],
                aad("cases", case_id, path),
                SMALL_PADDED if path in FIXED_FORMAT else MIN_PADDED,
            )
            for path in paths
        ],
    )
    return bundle(zip(paths, sealed, strict=True))


def open_pieces(dek, case_id: str, blob: bytes, only: frozenset[str] | None = None
                ) -> dict[str, bytes]:  # fmt: skip
    """Open every sealed piece (or ``only`` those, and ``_rest``); a missing, extra, moved or
    changed piece is damage."""
    dek = cipher(dek)
    items = dict(unbundle(blob))
    if REST not in items:
        raise IntegrityFailure()
    rest = unseal(dek, items[REST], aad("cases", case_id, REST))
    check_pieces(set(items), rest)
    opened = {
        path: unseal(dek, sealed, aad("cases", case_id, path))
        for path, sealed in items.items()
        if path != REST and (only is None or path in only)
    }
    opened[REST] = rest
    return opened


def check_pieces(names: set[str], rest: bytes) -> None:
    """The pieces a record holds must be the ones it says it sealed (in ``_rest``).

    Records written before the list was kept say nothing: they must hold at least the fields
    sealed in the first version of the store, and nothing the kit does not know.
    """
    try:
        listed = json.loads(rest).get(SEALED)
    except (ValueError, AttributeError):
        raise IntegrityFailure() from None
    if listed is not None:
        if not isinstance(listed, list) or names != {*listed, REST}:
            raise IntegrityFailure()
    elif not (FIRST_SEALED <= names <= {*FIELD_PATHS, *FIRST_SEALED}):
        raise IntegrityFailure()


def bundle(items) -> bytes:
    """Frame ``(field, sealed bytes)`` pairs into one value: lengths, then bytes.

    >>> unbundle(bundle([("a", b"xy"), ("b.c", b"")]))
    [('a', b'xy'), ('b.c', b'')]
    """
    out = bytearray()
    for path, sealed in items:
        name = path.encode("ascii")
        out += struct.pack(">H", len(name)) + name + struct.pack(">I", len(sealed)) + sealed
    return bytes(out)


def unbundle(blob: bytes) -> list[tuple[str, bytes]]:
    """The ``(field, sealed bytes)`` pairs of :func:`bundle`; a damaged frame is an integrity failure."""
    items, at = [], 0
    try:
        while at < len(blob):
            (size,) = struct.unpack_from(">H", blob, at)
            name = blob[at + 2 : at + 2 + size].decode("ascii")
            (length,) = struct.unpack_from(">I", blob, at + 2 + size)
            start = at + 6 + size
            if start + length > len(blob):
                raise IntegrityFailure()
            items.append((name, blob[start : start + length]))
            at = start + length
    except (struct.error, UnicodeDecodeError):
        raise IntegrityFailure() from None
    return items
