"""The store's locks and keys: a passphrase opens a key that opens each case's own key.

How it works (SECURITY.md section 10.5):

- The passphrase goes through Argon2id (3 passes, 64 MiB, 4 lanes, a random 16-byte salt kept
  in the store) to make the *key-encryption key*. Each wrong guess costs that much work.
- A small *verifier* sealed with that key tells a wrong passphrase apart from damaged data.
- Every case has its own random 256-bit *data key*, kept only wrapped (sealed) by the
  key-encryption key. Deleting a case shreds its wrapped key.
- Each sensitive field is sealed with AES-256-GCM under the case's data key. The associated
  data names the table, the case id and the field, so a sealed value moved to another case
  or another field fails to open.
- Short values are padded to a common size first, so the length of a sealed value does not
  tell "yes" from "no" or a short name from a long one.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ddkit.paths import open_private
from ddkit.store.errors import (
    IntegrityFailure,
    KeyFileError,
    NoPassphrase,
    WeakPassphrase,
    WrongPassphrase,
)

FORMAT = b"\x01"  # first byte of every sealed value, so the format can change later
NONCE_BYTES = 12
KEY_BYTES = 32
MIN_PADDED = 256  # every value up to 255 bytes seals to the same length (CRY-7)
MIN_PASSPHRASE = 12
VERIFIER = b"ddkit case store v1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id settings; the defaults are the kit's (SECURITY.md "Suggested defaults")."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4
    salt: bytes = field(default=b"", repr=False)

    def with_new_salt(self) -> KdfParams:
        """The same settings with a fresh random 16-byte salt."""
        return KdfParams(self.time_cost, self.memory_kib, self.parallelism, os.urandom(16))

    def to_json(self) -> bytes:
        data = asdict(self)
        data["salt"] = self.salt.hex()
        return json.dumps({"alg": "argon2id", **data}, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> KdfParams:
        data = json.loads(raw)
        if data.pop("alg", None) != "argon2id":
            raise IntegrityFailure()
        data["salt"] = bytes.fromhex(data["salt"])
        return cls(**data)


def derive_kek(passphrase: str, params: KdfParams) -> bytes:
    """Turn a passphrase into the key-encryption key (slow on purpose: Argon2id)."""
    from argon2.low_level import Type, hash_secret_raw

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hash_secret_raw(
        secret=secret,
        salt=params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


# ---------------------------------------------------------------- padding


def padded_size(length: int, minimum: int = MIN_PADDED) -> int:
    """The sealed size class for ``length`` bytes: ``minimum``, then powers of two.

    >>> padded_size(0), padded_size(255), padded_size(256), padded_size(3000)
    (256, 256, 512, 4096)
    >>> padded_size(12, minimum=32)
    32
    """
    size = minimum
    while size <= length:
        size *= 2
    return size


def pad(data: bytes, minimum: int = MIN_PADDED) -> bytes:
    """Pad with 0x80 then zeros up to the size class (ISO/IEC 7816-4 padding).

    >>> len(pad(b"yes")) == len(pad(b"no")) == 256
    True
    """
    return data + b"\x80" + b"\x00" * (padded_size(len(data), minimum) - len(data) - 1)


def unpad(data: bytes) -> bytes:
    """Remove :func:`pad`'s padding; damaged padding is an integrity failure.

    >>> unpad(pad(b"abc"))
    b'abc'
    """
    body = data.rstrip(b"\x00")
    if not body.endswith(b"\x80"):
        raise IntegrityFailure()
    return body[:-1]


# ---------------------------------------------------------------- sealing


def aad(*parts: str) -> bytes:
    """Associated data naming where a sealed value belongs (table, case id, field).

    >>> aad("cases", "ab12", "person.a_number")
    b'cases|ab12|person.a_number'
    """
    return "|".join(parts).encode("utf-8")


def cipher(key: bytes | AESGCM) -> AESGCM:
    """An AES-256-GCM cipher for ``key`` (one made once can seal many values of a case)."""
    return key if isinstance(key, AESGCM) else AESGCM(key)


def seal(key: bytes | AESGCM, plaintext: bytes, where: bytes, padded: bool = True,
         minimum: int = MIN_PADDED) -> bytes:  # fmt: skip
    """Encrypt and authenticate ``plaintext`` with AES-256-GCM, bound to ``where``.

    ``padded`` values are padded to a size class of at least ``minimum`` bytes first.
    """
    nonce = os.urandom(NONCE_BYTES)
    body = pad(plaintext, minimum) if padded else plaintext
    return FORMAT + nonce + cipher(key).encrypt(nonce, body, where)


def seal_all(key: bytes | AESGCM, items: list[tuple[bytes, bytes, int]]) -> list[bytes]:
    """:func:`seal` for many ``(plaintext, where, minimum)`` values under one key, padded.

    The same sealed format, each value with its own random nonce; one draw from the system's
    random source for all of them (a case seals sixteen values on every save).

    >>> key = new_key()
    >>> [unseal(key, v, b"w") for v in seal_all(key, [(b"yes", b"w", 32), (b"no", b"w", 256)])]
    [b'yes', b'no']
    """
    encrypt = cipher(key).encrypt
    nonces = os.urandom(NONCE_BYTES * len(items))
    out = []
    for index, (plaintext, where, minimum) in enumerate(items):
        nonce = nonces[index * NONCE_BYTES : (index + 1) * NONCE_BYTES]
        out.append(FORMAT + nonce + encrypt(nonce, pad(plaintext, minimum), where))
    return out


def unseal(key: bytes | AESGCM, sealed: bytes, where: bytes, padded: bool = True) -> bytes:
    """Open a value sealed by :func:`seal`; any change at all raises :class:`IntegrityFailure`."""
    if not sealed or sealed[:1] != FORMAT or len(sealed) < 1 + NONCE_BYTES + 16:
        raise IntegrityFailure()
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    try:
        plain = cipher(key).decrypt(nonce, body, where)
    except InvalidTag:
        raise IntegrityFailure() from None
    return unpad(plain) if padded else plain


def new_key() -> bytes:
    """A fresh random 256-bit key (one per case)."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


class Keyring:
    """The keys that come from one passphrase: the key-encryption key and keys made from it."""

    def __init__(self, kek: bytes):
        self._kek = kek
        self.drafts = cipher(self._subkey(b"ddkit drafts v1"))
        self.stamps = cipher(self._subkey(b"ddkit timestamps v1"))
        self._mac = self._subkey(b"ddkit idempotency v1")
        self._wrapper = cipher(kek)

    def _subkey(self, info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(
            self._kek
        )

    def verifier(self) -> bytes:
        """A sealed constant that proves, later, that a passphrase is the right one."""
        return seal(self._wrapper, VERIFIER, aad("meta", "verifier"))

    def check(self, verifier: bytes) -> None:
        """Raise :class:`WrongPassphrase` unless this keyring opens ``verifier``."""
        try:
            ok = unseal(self._wrapper, verifier, aad("meta", "verifier")) == VERIFIER
        except IntegrityFailure:
            ok = False
        if not ok:
            raise WrongPassphrase()

    def wrap(self, dek: bytes, case_id: str) -> bytes:
        """Seal a case's data key under the key-encryption key."""
        return seal(self._wrapper, dek, aad("cases", case_id, "dek"), padded=False)

    def unwrap(self, wrapped: bytes, case_id: str) -> bytes:
        """Open a case's data key; a key moved from another case fails."""
        return unseal(self._wrapper, wrapped, aad("cases", case_id, "dek"), padded=False)

    def tag(self, text: str) -> str:
        """A keyed fingerprint (HMAC-SHA256) of ``text``: stored instead of an idempotency key."""
        mac = hmac.HMAC(self._mac, hashes.SHA256())
        mac.update(text.encode("utf-8"))
        return mac.finalize().hex()

    def __repr__(self) -> str:  # never show key bytes, even in a debugger or a log
        return "Keyring(<hidden>)"


# ---------------------------------------------------------------- passphrase sources


def resolve_passphrase(passphrase: str | None = None, environ: dict | None = None) -> str:
    """The passphrase: given, else ``DDKIT_PASSPHRASE``, else the ``DDKIT_KEY_FILE`` file."""
    env = os.environ if environ is None else environ
    if passphrase:
        return passphrase
    if env.get("DDKIT_PASSPHRASE"):
        return env["DDKIT_PASSPHRASE"]
    if env.get("DDKIT_KEY_FILE"):
        return read_key_file(env["DDKIT_KEY_FILE"])
    raise NoPassphrase()


def read_key_file(path: str | Path) -> str:
    """Read a key file; refuse one that others on the machine could read (must be 0600)."""
    path = Path(path).expanduser()
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise KeyFileError() from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO) or not text:
        raise KeyFileError()
    return text


def create_key_file(path: str | Path) -> Path:
    """Write a new random key file (mode 0600). Keep it off shared and synced folders."""
    path = Path(path).expanduser()
    if path.exists():
        raise KeyFileError()
    with open_private(path, "w") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    return path


def check_new_passphrase(passphrase: str) -> None:
    """A new store needs at least 12 characters (a few words is easier to remember)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase(min=MIN_PASSPHRASE)
