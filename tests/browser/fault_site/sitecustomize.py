"""Fault injection for one browser test (DEP-4): the case store's disk fails when a case is saved.

Python imports ``sitecustomize`` at start-up from ``PYTHONPATH``; only the app server that
``test_a_store_failure_shows_a_plain_message`` starts has this folder there. The failure's
message holds an A-number, as a real driver error can: it must reach neither the page nor the log.
"""

import os

FAKE_A_NUMBER = "A123456789"
SWITCH = "DDKIT_TEST_FAULT"  # set to "store_save" by that test only


def _install() -> None:
    import sqlite3

    from ddkit.store.store import CaseStore

    def save(self, case, *args, **kwargs):
        raise sqlite3.OperationalError(f"disk I/O error: {FAKE_A_NUMBER}")

    CaseStore.save = save


if os.environ.get(SWITCH) == "store_save":  # inert anywhere else (pytest imports it too)
    _install()
