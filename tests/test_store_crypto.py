"""The store's cryptography: sealed values cannot be moved, changed or sized (CRY-2/3/4/7).

Every person here is fictional.
"""

from __future__ import annotations

import sqlite3

import pytest

from ddkit.store import IntegrityFailure, WrongPassphrase
from ddkit.store import crypto as c
from ddkit.store.records import FIELD_PATHS, FIXED_FORMAT, bundle, unbundle
from tests.test_store import PASSPHRASE, fictional_case, open_test_store

KEY = bytes(range(32))


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    with open_test_store(tmp_path / "store.db") as opened:
        yield opened


def raw(store) -> sqlite3.Connection:
    """The database file opened directly, as someone without the passphrase would."""
    return sqlite3.connect(store.path, isolation_level=None)


def pieces_of(con, case_id: str) -> list[tuple[str, bytes]]:
    """The sealed pieces of a case as stored: (field, sealed bytes)."""
    blob = con.execute("SELECT sealed FROM cases WHERE id=?", (case_id,)).fetchone()[0]
    return unbundle(blob)


def sealed_field(con, case_id: str, path: str) -> bytes:
    return dict(pieces_of(con, case_id))[path]


def set_field(con, case_id: str, path: str, value: bytes | None) -> None:
    """Replace (or, with ``None``, remove) one sealed piece of a case on disk."""
    items = [(p, value if p == path else v) for p, v in pieces_of(con, case_id)]
    items = [(p, v) for p, v in items if v is not None]
    con.execute("UPDATE cases SET sealed=? WHERE id=?", (bundle(items), case_id))


# ------------------------------------------------------------------ sealing


def test_a_sealed_value_opens_only_with_its_key_and_its_place():
    where = c.aad("case_fields", "abc", "person.a_number")
    sealed = c.seal(KEY, b'"A987654321"', where)
    assert c.unseal(KEY, sealed, where) == b'"A987654321"'
    assert b"A987654321" not in sealed
    with pytest.raises(IntegrityFailure):
        c.unseal(KEY, sealed, c.aad("case_fields", "abd", "person.a_number"))
    with pytest.raises(IntegrityFailure):
        c.unseal(KEY, sealed, c.aad("case_fields", "abc", "person.name"))
    with pytest.raises(IntegrityFailure):
        c.unseal(bytes(32), sealed, where)


def test_flipping_any_bit_of_a_sealed_value_is_detected():  # CRY-3
    where = c.aad("t", "id", "f")
    sealed = c.seal(KEY, b"Ana Ficticia", where)
    for index in range(len(sealed)):
        for bit in (0, 7):
            damaged = bytearray(sealed)
            damaged[index] ^= 1 << bit
            with pytest.raises(IntegrityFailure):
                c.unseal(KEY, bytes(damaged), where)
    for cut in (sealed[:-1], sealed[:20], b""):
        with pytest.raises(IntegrityFailure):
            c.unseal(KEY, cut, where)


def test_the_same_value_seals_differently_every_time():
    where = c.aad("t", "id", "f")
    assert c.seal(KEY, b"yes", where) != c.seal(KEY, b"yes", where)


def test_short_values_seal_to_the_same_length():  # CRY-7
    where = c.aad("t", "id", "f")
    values = [b"true", b"false", b"null", b'"A987654321"', b'"' + "ñ".encode() * 100 + b'"']
    assert len({len(c.seal(KEY, v, where)) for v in values}) == 1
    assert c.padded_size(5000) == 8192


def test_damaged_padding_is_an_integrity_failure():
    with pytest.raises(IntegrityFailure):
        c.unpad(b"abc\x00\x00")


def test_the_keyring_never_shows_its_keys():
    keys = c.Keyring(KEY)
    assert "hidden" in repr(keys) and KEY.hex() not in repr(keys)
    assert keys.tag("draft-1") == c.Keyring(KEY).tag("draft-1") != keys.tag("draft-2")
    assert "draft-1" not in keys.tag("draft-1")


def test_a_wrapped_case_key_opens_only_for_its_case():
    keys = c.Keyring(KEY)
    dek = c.new_key()
    wrapped = keys.wrap(dek, "case-x")
    assert keys.unwrap(wrapped, "case-x") == dek
    with pytest.raises(IntegrityFailure):
        keys.unwrap(wrapped, "case-y")


# ------------------------------------------------------------------ Argon2id and passphrases


def test_the_kits_argon2id_settings_are_those_of_the_security_notes():
    params = c.KdfParams().with_new_salt()
    assert (params.time_cost, params.memory_kib, params.parallelism) == (3, 65536, 4)
    assert len(params.salt) == 16 and params.salt != c.KdfParams().with_new_salt().salt
    assert c.KdfParams.from_json(params.to_json()) == params


def test_a_new_store_records_the_kits_settings_and_a_random_salt(tmp_path, monkeypatch):
    from ddkit.store import open_store

    monkeypatch.delenv("DDKIT_RETENTION_DAYS", raising=False)
    open_store(tmp_path / "real.db", PASSPHRASE, demo=False).close()  # default settings
    con = sqlite3.connect(tmp_path / "real.db")
    stored = c.KdfParams.from_json(
        con.execute("SELECT value FROM meta WHERE key='kdf'").fetchone()[0]
    )
    con.close()
    assert (stored.time_cost, stored.memory_kib, stored.parallelism) == (3, 65536, 4)
    assert len(stored.salt) == 16


def test_every_wrong_passphrase_pays_the_full_argon2id_price(tmp_path, monkeypatch):  # CRY-4
    """Ten wrong guesses run Argon2id ten times with the store's settings: no shortcut."""
    open_test_store(tmp_path / "s.db").close()
    calls = []
    real = c.derive_kek

    def counting(passphrase, params):
        calls.append(params)
        return real(passphrase, params)

    monkeypatch.setattr(c, "derive_kek", counting)
    monkeypatch.setattr("ddkit.store.opening.derive_kek", counting)
    for n in range(10):
        with pytest.raises(WrongPassphrase):
            open_test_store(tmp_path / "s.db", f"wrong guess number {n}")
    assert len(calls) == 10
    assert {(p.time_cost, p.memory_kib, p.parallelism) for p in calls} == {(1, 8192, 1)}


def test_the_passphrase_check_in_a_full_export_is_the_real_one(store):
    store.verify_passphrase(PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        store.verify_passphrase("not the passphrase at all")


def test_a_passphrase_is_the_same_in_any_unicode_form(tmp_path):
    composed, decomposed = "contraseña de práctica", "contrasen\u0303a de pra\u0301ctica"
    open_test_store(tmp_path / "s.db", composed).close()
    open_test_store(tmp_path / "s.db", decomposed).close()


# ------------------------------------------------------------------ records on disk


def test_a_sealed_field_moved_to_another_case_fails_to_open(store):  # CRY-2
    x, y = store.save(fictional_case(1)), store.save(fictional_case(2))
    con = raw(store)
    set_field(con, y, "person.a_number", sealed_field(con, x, "person.a_number"))
    con.close()
    with pytest.raises(IntegrityFailure) as err:
        store.load(y)
    assert err.value.message("en").startswith("Record integrity error")
    assert "A98765" not in err.value.message("en")
    assert store.load(x) == fictional_case(1)


def test_a_sealed_field_moved_to_another_field_fails_to_open(store):
    x = store.save(fictional_case(1))
    con = raw(store)
    set_field(con, x, "person.address", sealed_field(con, x, "person.name"))
    con.close()
    with pytest.raises(IntegrityFailure):
        store.load(x)


def test_a_case_key_moved_to_another_case_fails_to_open(store):
    x, y = store.save(fictional_case(1)), store.save(fictional_case(2))
    con = raw(store)
    wrapped = con.execute("SELECT wrapped FROM cases WHERE id=?", (x,)).fetchone()[0]
    con.execute("UPDATE cases SET wrapped=? WHERE id=?", (wrapped, y))
    con.close()
    with pytest.raises(IntegrityFailure):
        store.load(y)


def test_one_flipped_bit_on_disk_shows_nothing_of_the_record(store, caplog):  # CRY-3
    x = store.save(fictional_case(1))
    con = raw(store)
    sealed = bytearray(sealed_field(con, x, "person.name"))
    sealed[20] ^= 0x01
    set_field(con, x, "person.name", bytes(sealed))
    con.close()
    with pytest.raises(IntegrityFailure) as err:
        store.load(x)
    assert "Lucía" not in str(err.value) + err.value.message("es")
    assert x in caplog.text and "Lucía" not in caplog.text


def test_a_missing_field_row_is_damage_not_an_empty_field(store):
    x = store.save(fictional_case(1))
    con = raw(store)
    set_field(con, x, "person.a_number", None)
    con.close()
    with pytest.raises(IntegrityFailure):
        store.load(x)


def test_every_short_field_has_one_sealed_length_across_cases(store):  # CRY-7
    ids = [
        store.save(fictional_case(1)),
        store.save(
            fictional_case(
                2,
                person__name="Bo (fictional)",
                person__a_number=None,
                person__email=None,
                equities__serious_health_condition=False,
                custody__facility="A much longer name of an invented detention facility",
            )
        ),
    ]
    con = raw(store)
    for path in FIELD_PATHS:
        if path in ("story", "criminal_history", "_rest"):
            continue
        lengths = {len(sealed_field(con, i, path)) for i in ids}
        assert len(lengths) == 1, path
        assert lengths == ({1 + 12 + 32 + 16} if path in FIXED_FORMAT else {1 + 12 + 256 + 16})
    con.close()


def test_a_damaged_frame_of_sealed_pieces_is_an_integrity_failure(store):
    x = store.save(fictional_case(1))
    con = raw(store)
    blob = con.execute("SELECT sealed FROM cases WHERE id=?", (x,)).fetchone()[0]
    con.execute("UPDATE cases SET sealed=? WHERE id=?", (blob[:-5], x))
    con.close()
    with pytest.raises(IntegrityFailure):
        store.load(x)


def _rewrite_as_first_version(store, case_id: str) -> None:
    """Seal the case again as the store's first version did: only the first sensitive fields
    on their own, and no list of sealed fields in ``_rest``."""
    import json

    from ddkit.store.records import FIRST_SEALED, REST, SEALED, seal_pieces, split_case

    case = store.load(case_id)
    pieces = split_case(case)
    rest = json.loads(pieces[REST])
    del rest[SEALED]
    pieces = {p: v for p, v in pieces.items() if p in FIRST_SEALED}
    pieces[REST] = json.dumps(rest).encode()
    con = raw(store)
    wrapped = con.execute("SELECT wrapped FROM cases WHERE id=?", (case_id,)).fetchone()[0]
    dek = store._keys.unwrap(wrapped, case_id)
    con.execute(
        "UPDATE cases SET sealed=? WHERE id=?", (seal_pieces(dek, case_id, pieces), case_id)
    )
    con.close()


def test_a_record_from_before_a_field_was_made_sensitive_still_opens(store):
    from ddkit.store.records import FIRST_SEALED

    assert set(FIELD_PATHS) - FIRST_SEALED  # the kit has sealed more fields since
    x = store.save(fictional_case(1))
    _rewrite_as_first_version(store, x)
    assert store.load(x) == fictional_case(1)
    assert store.case_list()[0].name == fictional_case(1).person.name
    store.save(store.load(x), case_id=x)  # saved again: now in today's form
    assert {p for p, _ in pieces_of(raw(store), x)} == set(FIELD_PATHS)


def test_a_piece_taken_out_of_an_old_record_is_still_damage(store):
    x = store.save(fictional_case(1))
    _rewrite_as_first_version(store, x)
    con = raw(store)
    set_field(con, x, "person.a_number", None)
    con.close()
    with pytest.raises(IntegrityFailure):
        store.load(x)


def test_a_record_lists_its_own_sealed_fields_so_a_newer_piece_taken_out_is_damage(store):
    x = store.save(fictional_case(1))
    newer = sorted(set(FIELD_PATHS) - {"_rest", "person.name", "person.a_number"})[-1]
    con = raw(store)
    set_field(con, x, newer, None)
    con.close()
    with pytest.raises(IntegrityFailure):
        store.load(x)
