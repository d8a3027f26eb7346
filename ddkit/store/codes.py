"""Case codes: a short name for a case or a draft, easy to say on the phone (``K7M-4QX``).

Why derived and not stored: a case code is the first 30 bits of the case's random id, written
in an alphabet of 32 signs with no ``0``/``O`` and no ``1``/``I``. So every store, old or new,
on SQLite or PostgreSQL, already has its codes without a new column or a migration, and
looking a code up is a range of ids on the table's own key (no scan). The code tells nothing
the random id does not: it is the id, shortened.

Collisions: there are about a billion codes, so in a store of 1,000 cases two would be alike
by chance in about one store in 2,000. The store picks a new case's random id again when its code is already taken, so on one
machine codes never repeat. Where they still could (two organization servers' saves at the
same instant, or a case another user may not see), the list shows the clashing cases with a
longer code (``K7M-4QX-R2A``, see :func:`codes_for`), and a lookup by a code that matches two
cases says so instead of opening one of them.
"""

from __future__ import annotations

import hashlib
import re

# 8 digits and 24 letters: no 0, O, 1 or I (they are misread and misheard).
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BITS = 5  # one sign holds 5 bits (32 = 2**5)
LENGTH = 6  # the usual code: 30 bits
LONG = 9  # the code shown when two cases share the usual one: 45 bits
ID_BITS = 128  # a case id is 32 hex digits
_HEX_ID = re.compile(r"^[0-9a-f]{32}$")
_TYPED = re.compile(r"^[A-Za-z0-9]+$")


def _bits_of(item_id: str) -> int:
    """The 128 bits a code is cut from: the id itself, or a digest of a draft's other id."""
    if _HEX_ID.match(item_id):
        return int(item_id, 16)
    return int(hashlib.sha256(item_id.encode("utf-8")).hexdigest()[:32], 16)


def case_code(item_id: str, length: int = LENGTH) -> str:
    """The code of a case (or draft) id, in groups of three signs.

    >>> case_code("00000000000000000000000000000000")
    '222-222'
    >>> case_code("ffffffffffffffffffffffffffffffff", LONG)
    'ZZZ-ZZZ-ZZZ'
    """
    value = _bits_of(item_id) >> (ID_BITS - BITS * length)
    signs = []
    for _ in range(length):
        signs.append(ALPHABET[value & 31])
        value >>= BITS
    text = "".join(reversed(signs))
    return "-".join(text[i : i + 3] for i in range(0, length, 3))


def parse_code(text: object) -> str | None:
    """What was typed, as a code without dashes or spaces (upper case), or ``None``.

    Lower case is fine; a ``0``, ``O``, ``1`` or ``I`` is never part of a code.

    >>> parse_code(" k7m-4qx ")
    'K7M4QX'
    >>> parse_code("K7M-0QX") is None, parse_code("3f2a9c0e") is None
    (True, True)
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    signs = re.sub(r"[\s-]", "", text).upper()
    if not (LENGTH <= len(signs) <= LONG) or not _TYPED.match(signs):
        return None
    if any(sign not in ALPHABET for sign in signs):
        return None
    return signs


TOP = "g"  # sorts after every id (ids are lower-case hex)


def id_range(signs: str) -> tuple[str, str]:
    """The ids whose code begins with ``signs``: ``lo <= id < hi`` (``hi`` is :data:`TOP` at the top).

    >>> id_range("222222")
    ('00000000000000000000000000000000', '00000004000000000000000000000000')
    """
    value = 0
    for sign in signs:
        value = (value << BITS) | ALPHABET.index(sign)
    shift = ID_BITS - BITS * len(signs)
    lo, hi = value << shift, (value + 1) << shift
    return f"{lo:032x}", (f"{hi:032x}" if hi < 1 << ID_BITS else TOP)


def matches(item_id: str, signs: str) -> bool:
    """Whether the id's code begins with ``signs`` (a parsed code)."""
    return case_code(item_id, len(signs)).replace("-", "") == signs


def codes_for(ids: list[str]) -> dict[str, str]:
    """The code to show for each id: the usual one, or the long one where two are alike.

    >>> a, b = "0" * 31 + "1", "0" * 31 + "2"
    >>> codes_for([a, b]) == {a: case_code(a, LONG), b: case_code(b, LONG)}
    True
    """
    short = {item_id: case_code(item_id) for item_id in ids}
    seen: dict[str, int] = {}
    for code in short.values():
        seen[code] = seen.get(code, 0) + 1
    return {
        item_id: (code if seen[code] == 1 else case_code(item_id, LONG))
        for item_id, code in short.items()
    }
