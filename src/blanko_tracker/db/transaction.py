"""Write transactions, the same guarantees on both engines.

SQLite: `BEGIN IMMEDIATE` takes the single writer lock up front, so a read-then-write inside
the transaction cannot interleave with another writer (deferred mode lost updates in trials).
PostgreSQL: a plain transaction; the rows a decision depends on are locked first (the
balance row by an upsert that takes its row lock, `db/stock.lock_balance`; documents by
`SELECT … FOR UPDATE`, Piccolo's `lock_rows()`). Nested use joins the outer
transaction (Piccolo treats the inner one as a no-op), so a service called inside a
request-wide transaction shares it.
"""

from __future__ import annotations

from piccolo.engine.base import BaseTransaction
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from blanko_tracker.db.engine import current


def write_transaction() -> BaseTransaction:
    engine = current()
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


def read_transaction() -> BaseTransaction:
    """SQLite: one connection and one snapshot for a whole read (WAL: writers go on). Piccolo
    opens a new connection, and aiosqlite a new thread, for every query outside a transaction:
    a page of twenty queries spent a fifth of its time opening them."""
    engine = current()
    assert isinstance(engine, SQLiteEngine), "PostgreSQL reads use the pool"
    return engine.transaction(transaction_type=TransactionType.deferred)
