"""What can go wrong with the case store, said plainly in the user's language.

Every message here is safe to show and to log: it never holds a name, an A-number or any
other value from a case, only catalog keys and random case ids.
"""

from __future__ import annotations

from ddkit.errors import UserError


class StoreError(UserError):
    """Something went wrong with the case store. Each subclass has its own catalog key."""

    key_name = "store.error.unavailable"

    def __init__(self, key: str | None = None, **values: object):
        super().__init__(key or self.key_name, **values)


class NoPassphrase(StoreError):
    """No passphrase was given: none typed, no DDKIT_PASSPHRASE, no DDKIT_KEY_FILE."""

    key_name = "store.error.no_passphrase"


class WrongPassphrase(StoreError):
    """The passphrase does not open this store (no hint about which part was wrong)."""

    key_name = "store.error.wrong_passphrase"


class WeakPassphrase(StoreError):
    """A new store needs a passphrase long enough to resist guessing."""

    key_name = "store.error.weak_passphrase"


class KeyFileError(StoreError):
    """The key file is missing, empty, or readable by other people on the machine."""

    key_name = "store.error.key_file"


class UnknownCase(StoreError):
    """No case or draft with that id is in the store."""

    key_name = "store.error.unknown_case"

    @classmethod
    def named(cls, item_id: str) -> UnknownCase:
        """ "Not found", naming the case by its code (the long id stays internal)."""
        from ddkit.store.codes import case_code

        return cls("store.error.unknown_code", code=case_code(item_id))


class AmbiguousCode(StoreError):
    """Two cases share the code typed: open the case from the list (it shows longer codes)."""

    key_name = "store.error.ambiguous_code"


class IntegrityFailure(StoreError):
    """A record was changed or damaged on disk: it fails its integrity check."""

    key_name = "store.error.integrity"


class StoreBusy(StoreError):
    """Other people were saving at the same moment; nothing was saved, try again."""

    key_name = "store.error.busy"


class StoreUnavailable(StoreError):
    """The store could not be read or written (disk, permissions, database server)."""

    key_name = "store.error.unavailable"


class NeedsUpgrade(StoreError):
    """The store's tables are of an older schema, and this role may not change them."""

    key_name = "store.error.needs_upgrade"


class DemoRefused(StoreError):
    """Demo mode keeps practice cases only; a case not marked fictional is refused."""

    key_name = "store.error.demo_real_data"


class SharedFolder(StoreError):
    """The store's file sits on a network share or a synced folder, where it can break or leak."""

    key_name = "store.error.shared_folder"


class BadSetting(StoreError):
    """A setting (retention days, draft id, output path) has a value the store cannot use."""

    key_name = "store.error.setting"
