"""What is on disk: no plaintext, nothing left after a purge, private modes (CRY-1, 6, 8-10).

Every person here is fictional. Each run uses fresh random markers in names and numbers, so
a hit can only come from this test.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

from ddkit.case import parse_case
from ddkit.store import open_store
from ddkit.store.exports import export_cases
from ddkit.store.records import FIELD_PATHS, unbundle
from tests.test_store import FAST_KDF, PASSPHRASE, open_test_store

CASES = 100


def person(n: int, tag: str) -> dict:
    """A fictional person whose identifying values carry ``tag`` (the A-number, its digits)."""
    return {
        "name": f"Zoë Ficticia {tag}{n:03d} Núñez",
        "a_number": f"A{int(tag[1:], 16) % 900 + 100}{n:06d}",
        "date_of_birth": f"19{50 + n % 40}-{1 + n % 12:02d}-{1 + n % 28:02d}",
        "address": f"{n} Calle {tag} Inventada",
        "aliases": [f"Zoe {tag}{n:03d}"],
    }


def case_for(n: int, tag: str):
    return parse_case(
        {
            "fictional": True,
            "person": person(n, tag),
            "custody": {"detained": n % 2 == 0, "facility": f"Centro {tag} Imaginario"},
            "proceedings": {"stage": "in_proceedings", "next_hearing": "2026-12-08"},
            "criminal_history": [{"offense": f"Delito {tag} inventado"}],
            "story": f"Historia {tag} de práctica número {n}.",
        }
    )


def needles(case) -> list[bytes]:
    """The values that must never be on disk in plaintext."""
    p = case.person
    values = [p.name, p.a_number, p.a_number[1:], p.date_of_birth.isoformat(), p.address]
    values += [case.custody.facility, case.story, case.criminal_history[0].offense, *p.aliases]
    return [v.encode("utf-8") for v in values]


def readable(path: Path) -> bytes:
    """A file's bytes; for XLSX, the uncompressed XML inside too."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            data += b"".join(z.read(name) for name in z.namelist())
    return data


def hits(paths, wanted: list[bytes]) -> list[tuple[str, bytes]]:
    found = []
    for path in paths:
        data = readable(path)
        found += [(path.name, w) for w in wanted if w in data]
    return found


def store_files(store) -> list[Path]:
    return [
        p for p in (store.path, Path(f"{store.path}-wal"), Path(f"{store.path}-shm")) if p.exists()
    ]


@pytest.fixture
def tag():
    return "Q" + secrets.token_hex(3).upper()


@pytest.fixture
def filled(tmp_path, monkeypatch, tag):
    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    store = open_store(demo=False, kdf=FAST_KDF)  # the default place: the data folder
    cases = [case_for(n, tag) for n in range(CASES)]
    ids = [store.save(case) for case in cases]
    store.save_draft("draft-1", {"person": person(999, tag)}, "person")
    yield store, cases, ids
    store.close()


# ------------------------------------------------------------------ CRY-1


def test_no_plaintext_anywhere_after_a_hundred_cases(filled, tag, tmp_path):
    store, cases, _ = filled
    start = time.time() - 5
    wanted = [n for case in cases for n in needles(case)] + [f"{tag}999".encode()]
    redacted = [
        export_cases(store, fmt="csv"),
        export_cases(store, fmt="xlsx"),
    ]
    files = store_files(store)
    assert {p.name for p in files} == {"store.db", "store.db-wal", "store.db-shm"}
    assert hits(files + redacted, wanted) == []
    # Nothing the store wrote elsewhere: no temporary files, nothing in the data folder.
    everything = [p for p in Path(store.path).parent.rglob("*") if p.is_file()]
    assert hits(everything, wanted) == []
    recent = [
        p
        for p in Path(tempfile.gettempdir()).glob("*")
        if p.is_file() and p.stat().st_mtime >= start and p.stat().st_size < 10_000_000
    ]
    tagged = [w for w in wanted if tag.encode() in w]
    assert hits([p for p in recent if os.access(p, os.R_OK)], tagged) == []
    # Only an explicit full export holds them.
    full = export_cases(store, tmp_path / "full", fmt="csv", full=True)
    assert len(hits([full], wanted)) >= CASES * 3


# ------------------------------------------------------------------ CRY-6


ALLOWED_TEXT = re.compile(
    r"^([0-9a-f]{32}|[0-9a-f]{64}|\d{4}-\d{2}|none|in_proceedings|final_order|\*|"
    r"(fictional|under_supervision|has_attorney|consent_public_campaign|"
    r"consent_congressional_contact)(,[a-z_]+)*|create|update|delete|expire|export|export_full|"
    r"backup|kdf|verifier|schema_version|retention_days|[a-z_]+(\.[a-z_]+)?|draft-\d+|)$"
)


def subpoena_view(db: Path) -> list[tuple[str, str, object]]:
    """Everything readable in the file without the passphrase: (table, column, value)."""
    con = sqlite3.connect(db)
    out = []
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        cursor = con.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
        names = [d[0] for d in cursor.description]
        for row in cursor:
            out += [(table, name, value) for name, value in zip(names, row, strict=True)]
    con.close()
    return out


def test_without_the_passphrase_only_ids_months_flags_and_counts_are_readable(filled):
    store, cases, _ = filled
    store.record("export")
    view = subpoena_view(store.path)
    wanted = [n for case in cases for n in needles(case)]
    for table, column, value in view:
        if isinstance(value, bytes):
            assert not any(w in value for w in wanted)
            if table == "meta":
                assert column == "value"
                continue  # Argon2id settings and salt, a sealed verifier, the schema version
            pieces = unbundle(value) if (table, column) == ("cases", "sealed") else [("", value)]
            for field, sealed in pieces:
                assert field == "" or ALLOWED_TEXT.match(field)  # a field's name, like person.name
                assert sealed[:1] == b"\x01" and len(sealed) >= 29, (table, column)  # sealed
        elif isinstance(value, str):
            assert ALLOWED_TEXT.match(value), (table, column, value)
        else:
            assert isinstance(value, int), (table, column)  # booleans, sequence numbers
    columns = {(t, c) for t, c, _ in view}
    assert ("cases", "stage") in columns and ("audit", "action") in columns


# ------------------------------------------------------------------ CRY-8


def test_a_purged_case_leaves_no_plaintext_and_no_ciphertext(filled):
    store, cases, ids = filled
    victim, index = ids[50], 50
    con = sqlite3.connect(store.path)
    blob = con.execute("SELECT sealed FROM cases WHERE id=?", (victim,)).fetchone()[0]
    sealed = [piece for _, piece in unbundle(blob)]
    for column in ("wrapped", "stamps"):
        sealed += [r[0] for r in con.execute(f"SELECT {column} FROM cases WHERE id=?", (victim,))]
    fingerprints = [
        r[0] for r in con.execute("SELECT idem FROM save_keys WHERE case_id=?", (victim,))
    ]
    con.close()
    assert len(sealed) == len(FIELD_PATHS) + 2  # every sealed field, the wrapped key, the stamps
    # Every 16-byte stretch of every sealed value: no fragment may survive either.
    fragments = [blob[i : i + 16] for blob in sealed for i in range(0, len(blob) - 16, 16)]
    before = hits(store_files(store), needles(cases[index]) + fragments[:40])
    assert before  # the test can see them while the case exists

    store.delete(victim)

    files = store_files(store)
    assert Path(f"{store.path}-wal").stat().st_size == 0  # checkpoint(TRUNCATE)
    wanted = needles(cases[index]) + fragments + [f.encode() for f in fingerprints]
    assert hits(files, wanted) == []
    assert store.load(ids[49]) == cases[49] and store.load(ids[51]) == cases[51]
    store.close()
    assert hits([store.path], wanted) == []


def test_purge_all_leaves_no_plaintext(filled):
    store, cases, _ = filled
    store.purge_all()
    wanted = [n for case in cases for n in needles(case)]
    assert hits(store_files(store), wanted) == []


# ------------------------------------------------------------------ CRY-9


def test_secure_delete_is_on_for_every_connection(filled):
    store, _, _ = filled
    # Several pooled connections at once, each in a read transaction.
    connections = [
        store._engine.connect().execution_options(ddkit_begin="DEFERRED") for _ in range(4)
    ]
    try:
        for conn in connections:
            settings = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("secure_delete", "journal_mode", "synchronous", "busy_timeout")
            }
            assert settings == {
                "secure_delete": 1,
                "journal_mode": "wal",
                "synchronous": 2,
                "busy_timeout": 5000,
            }
    finally:
        for conn in connections:
            conn.close()


# ------------------------------------------------------------------ CRY-10


def test_every_file_is_private_even_under_a_careless_umask(tmp_path, monkeypatch, tag):
    monkeypatch.setenv("DDKIT_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    old = os.umask(0)  # the worst case: everything would be world-writable
    try:
        store = open_store(demo=False, kdf=FAST_KDF)
        store.save(case_for(1, tag))
        export = export_cases(store, fmt="csv")
        backup = store.backup(tmp_path / "backup.db")
        modes = {p.name: p.stat().st_mode & 0o777 for p in store_files(store)}
        assert modes == {"store.db": 0o600, "store.db-wal": 0o600, "store.db-shm": 0o600}
        assert store.path.parent.stat().st_mode & 0o777 == 0o700
        assert export.stat().st_mode & 0o777 == 0o600
        assert export.parent.stat().st_mode & 0o777 == 0o700
        assert backup.stat().st_mode & 0o777 == 0o600
        store.close()
    finally:
        os.umask(old)


def test_a_store_file_left_loose_is_tightened_on_open(tmp_path, monkeypatch):
    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    open_test_store(tmp_path / "s.db").close()
    (tmp_path / "s.db").chmod(0o644)
    open_test_store(tmp_path / "s.db").close()
    assert (tmp_path / "s.db").stat().st_mode & 0o777 == 0o600
