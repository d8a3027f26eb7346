"""File names for letters: ``<kind>-<case id>-<yyyymmdd>.<ext>``, never the person's name.

A case saved in the kit's store has its own id; pass it. A case read from a file has none, so
:func:`case_id` makes one: a keyed hash (HMAC-SHA256) of the A-number, or of the name and date
of birth when there is no A-number, cut to 10 hex characters.

Why a key: there are only a billion A-numbers, so a plain hash of one can be reversed by trying
them all in seconds. The key is 32 random bytes made once per installation and kept in the
private data directory (``case-id.key``, mode 0600). The same case therefore gets the same id
on the same machine, and the id tells nothing to anyone who has a letter's file name but not
that machine's key. In demo mode (Binder) the key lives in memory only and ids change from one
session to the next.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from datetime import date
from functools import cache

from ddkit.case import Case
from ddkit.mode import is_demo
from ddkit.paths import data_dir, open_private

KEY_FILE = "case-id.key"
KEY_BYTES = 32
ID_LENGTH = 10


@cache
def _ephemeral_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def installation_key() -> bytes:
    """This installation's secret for case ids, created on first use (0600)."""
    if is_demo():
        return _ephemeral_key()
    try:
        path = data_dir() / KEY_FILE
        try:
            key = path.read_bytes()
            if len(key) == KEY_BYTES:
                return key
        except FileNotFoundError:
            pass
        key = secrets.token_bytes(KEY_BYTES)
        tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}")
        with open_private(tmp, "wb") as out:
            out.write(key)
        os.replace(tmp, path)  # atomic: two processes never see half a key
        return path.read_bytes()
    except OSError:
        return _ephemeral_key()  # an unwritable data folder costs stable ids, nothing more


def _basis(case: Case) -> str:
    person = case.person
    if person.a_number:
        return f"a:{person.a_number}"
    name = " ".join(person.name.casefold().split())
    born = person.date_of_birth.isoformat() if person.date_of_birth else ""
    return f"n:{name}|{born}"


def case_id(case: Case, key: bytes | None = None) -> str:
    """A short id for a case's files that does not reveal whose case it is.

    >>> from ddkit.case import parse_case
    >>> case = parse_case({"person": {"name": "Ana (fictional)", "a_number": "A012345678"}})
    >>> case_id(case, key=b"k" * 32)
    '73b544a07d'
    """
    secret = key if key is not None else installation_key()
    digest = hmac.new(secret, _basis(case).encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:ID_LENGTH]


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def _part(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_-")[:40] or "case"


def letter_filename(kind: str, case_id: str, day: date, ext: str) -> str:
    """The file name of a letter: kind, case id and date, nothing else (SECURITY.md INP-2).

    >>> letter_filename("pd_request", "f36b4a3d0c", date(2026, 12, 1), "docx")
    'pd_request-f36b4a3d0c-20261201.docx'
    >>> letter_filename("pd_request", "../../.bashrc", date(2026, 12, 1), ".md")
    'pd_request-bashrc-20261201.md'
    """
    return f"{_part(kind)}-{_part(case_id)}-{day:%Y%m%d}.{_part(ext)}"
