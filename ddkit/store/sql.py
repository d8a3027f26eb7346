"""The statements a save runs, compiled once per database for speed.

Twenty volunteers saving at once spend most of their time in the database's lock, not in
Python; building each SQL statement anew on every save would double the time each writer
needs (measured in ``bench/bench_store.py``). Compiling once for the engine's dialect keeps
the code portable (SQLite or PostgreSQL) and the hot path short.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select

from ddkit.store import schema as s
from ddkit.store.engine import give_back_turn, hold_turn


@dataclass(frozen=True)
class Prepared:
    """One statement as the database driver takes it, and the order of its parameters."""

    sql: str
    order: tuple[str, ...] | None

    def params(self, values: dict[str, Any]):
        """The parameters in the driver's form: a tuple (SQLite) or a mapping (PostgreSQL)."""
        return tuple(values[key] for key in self.order) if self.order else values

    def run(self, conn, values: dict[str, Any] | list[dict[str, Any]]):
        """Execute on a SQLAlchemy connection; a list of rows runs as one batch."""
        if isinstance(values, list):
            return conn.exec_driver_sql(self.sql, [self.params(v) for v in values])
        return conn.exec_driver_sql(self.sql, self.params(values))

    def on(self, cursor, values: dict[str, Any] | list[dict[str, Any]]):
        """Execute on a driver cursor (see :func:`driver_transaction`)."""
        if isinstance(values, list):
            return cursor.executemany(self.sql, [self.params(v) for v in values])
        return cursor.execute(self.sql, self.params(values))


def _prepare(statement, dialect, keys: list[str] | None = None) -> Prepared:
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    order = tuple(compiled.positiontup) if compiled.positiontup else None
    return Prepared(compiled.string, order)


class SaveStatements:
    """The statements of one save, compiled for ``dialect``."""

    def __init__(self, dialect):
        columns = [c.name for c in s.cases.c]
        # A key that names its case in ``extra_keys`` (see ddkit.store.schema).
        self.find = _prepare(
            select(s.extra_keys.c.case_id, s.extra_keys.c.content).where(
                s.extra_keys.c.idem == bindparam("idem")
            ),
            dialect,
        )
        self.case = _prepare(insert(s.cases), dialect, columns)
        self.extra_key = _prepare(insert(s.extra_keys), dialect, ["idem", "case_id", "content"])
        self.audit = _prepare(insert(s.audit), dialect, ["case_id", "action", "stamp"])
        # The cases whose code a new case's id has (see ddkit.store.codes): a range of ids, in
        # which a case made before under the same key (its derived id) is found as well.
        self.same_code = _prepare(
            select(s.cases.c.id, s.cases.c.idem, s.cases.c.content).where(
                s.cases.c.id >= bindparam("lo"), s.cases.c.id < bindparam("hi")
            ),
            dialect,
        )
        self.retired = _prepare(
            select(s.retired.c.id).where(s.retired.c.id == bindparam("id")), dialect
        )


@contextmanager
def driver_transaction(engine, immediate: bool):
    """A write transaction on the driver's own connection, committed at the end of the block.

    With SQLite (``immediate``) it waits for its turn, then starts with ``BEGIN IMMEDIATE``:
    the write lock first. Errors are the driver's own (``sqlite3.OperationalError``...), not
    SQLAlchemy's.
    """
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if immediate:
            hold_turn(engine, raw.info)
            cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
            if immediate:
                cursor.execute("COMMIT")
            else:
                raw.commit()
        except BaseException:
            raw.rollback()
            raise
        finally:
            give_back_turn(raw.info)  # at once: the next writer need not wait for the pool
            cursor.close()
    finally:
        raw.close()


@contextmanager
def reading(engine):
    """A connection in a read-only transaction (deferred BEGIN: no write lock), then closed."""
    with engine.connect() as conn:
        conn.execution_options(ddkit_begin="DEFERRED")
        with conn.begin():
            yield conn
