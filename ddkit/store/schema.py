"""The store's tables. Anything a person could be identified by is sealed; see the list below.

What someone holding the database file *without the passphrase* can read (CRY-6, the
data-exposure statement):

- ``cases``: random case ids, the month each case was created and last changed, the stage
  (no case / in court / final order), whether the person is detained, whether the case is
  fictional, and flags from :data:`ddkit.store.records.FLAGS`;
- ``audit``: case ids and actions (create, update, delete, expire, export, backup,
  consent_withdrawn);
- case codes (``K7M-4QX``): they are the first 30 bits of the random case ids, so they show
  nothing more than the ids do;
- ``cases.sealed``: the field names and their sealed values, in size classes (all short
  values of a field have one size);
- ``drafts``: sealed values, in size classes;
- sealed values: each case's wrapped key and exact times, the audit entries' times;
- idempotency keys as keyed fingerprints (HMAC), with fingerprints of the answers saved under
  them and their case ids: in ``cases.idem`` and ``cases.content`` for the case a key made,
  in ``extra_keys`` for the others (the ``save_keys`` view shows both);
- ``retired``: the ids of purged cases, so that none is made again (the audit log holds them
  too);
- ``meta``: the Argon2id settings and salt, the schema version, the retention setting;
- ``tracker_calls``, ``tracker_letters``, ``tracker_signatures``, ``tracker_actions``: random
  row ids and case ids, so how many entries of each kind a case has; each entry's day, count,
  kind, task, caller and note are sealed with the case's own key;
- counts of all of the above.

Names, A-numbers, dates of birth, addresses, facilities, criminal history, stories, all other
answers, exact times and idempotency keys are sealed or keyed.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
)

# 1: cases, save keys, drafts, audit, meta. 2: the campaign trackers' tables (opening a store of
# version 1 adds them; see ddkit.store.opening.create_tables). 3: a save's key folded into the
# case it made (``cases.idem``, ``extra_keys``, ``retired``, the ``save_keys`` view; opening a
# store of version 2 moves its keys over, see ddkit.store.migrate).
SCHEMA_VERSION = 3

metadata = MetaData()

# Tables of small rows keyed by text ids keep them in the key's own b-tree (SQLite "WITHOUT
# ROWID"): one b-tree fewer to write on every save. ``cases`` holds rows of a few kilobytes,
# which SQLite keeps best in an ordinary table. Other databases ignore the option.
NO_ROWID = {"sqlite_with_rowid": False}

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", LargeBinary, nullable=False),
    **NO_ROWID,
)

cases = Table(
    "cases",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_month", String(7), nullable=False),
    Column("updated_month", String(7), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("detained", Boolean, nullable=False),
    Column("fictional", Boolean, nullable=False),
    Column("flags", String(200), nullable=False),
    Column("stamps", LargeBinary, nullable=False),  # sealed exact times, for retention
    Column("wrapped", LargeBinary, nullable=False),  # the case's own key, sealed; shredded on purge
    Column("sealed", LargeBinary, nullable=False),  # every field, sealed one by one, in one value
    # The save request that made the case (schema 3). Such a case's id is derived from the key
    # (ddkit.store.store.derived_id), so the id's own index finds a retried save: no second
    # table and index to write on every save.
    Column("idem", String(64), nullable=True),  # HMAC of the key, never the key itself
    Column("content", String(64), nullable=True),  # HMAC of the case last saved under that key
)

# The other save requests: keys of updates, keys whose derived id was taken (same case code,
# or a purged case's), and every key of a store made before schema 3.
extra_keys = Table(
    "extra_keys",
    metadata,
    Column("idem", String(64), primary_key=True),  # HMAC of the key, never the key itself
    Column("case_id", String(32), nullable=False),  # no index: read only when a case is purged
    Column("content", String(64), nullable=False),  # HMAC of the case saved under this key
    **NO_ROWID,
)

# The ids of purged cases: a key saved again after its case was deleted makes a new case under
# a new random id, never the purged one's id again.
retired = Table(
    "retired",
    metadata,
    Column("id", String(32), primary_key=True),
    **NO_ROWID,
)

# Every save request and its case, as one table (a view: nothing is written twice).
SAVE_KEYS_VIEW = (
    "SELECT idem, id AS case_id, content FROM cases WHERE idem IS NOT NULL"
    " UNION ALL SELECT idem, case_id, content FROM extra_keys"
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("sealed", LargeBinary, nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(64), nullable=False),
    Column("action", String(20), nullable=False),
    Column("stamp", LargeBinary, nullable=False),
)


# Campaign trackers (:mod:`ddkit.store.trackers`): one table per kind, rows keyed by the case id,
# sealed with the case's own key, deleted with the case.
def _tracker_table(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("id", String(32), primary_key=True),  # random
        Column("case_id", String(32), nullable=False, index=True),
        Column("sealed", LargeBinary, nullable=False),
        **NO_ROWID,
    )


tracker_calls = _tracker_table("tracker_calls")
tracker_letters = _tracker_table("tracker_letters")
tracker_signatures = _tracker_table("tracker_signatures")
tracker_actions = _tracker_table("tracker_actions")
# In the order of ddkit.store.trackers.WHAT: call, letter, signature, action.
TRACKER_TABLES = (tracker_calls, tracker_letters, tracker_signatures, tracker_actions)
