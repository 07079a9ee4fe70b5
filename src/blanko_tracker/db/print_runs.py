"""Print run queries. A print run is the busiest write there is, so its rows are written with
hand-written SQL (`db/sql.py`): on PostgreSQL the locks take one statement and the writes one
more; on SQLite, where a statement costs no round trip, one statement per table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import msgspec

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.rows import under
from blanko_tracker.db.sql import Statement, fetch, fetch_one
from blanko_tracker.db.tables import PrintRun
from blanko_tracker.domain.print_debt import DebtDay


@dataclass(frozen=True)
class Held:
    """What a print run decides on, read under the regency's debt and balance locks."""

    on_hand: int
    latest_day: DebtDay | None


@dataclass(frozen=True)
class StockLine:
    kind: str
    quantity: int  # signed
    balance_after: int
    reason: str | None


@dataclass(frozen=True)
class PrintRunRows:
    """Everything one print run writes; `debt_day` None means the caller rebuilds the days."""

    run: dict[str, Any]  # print_run's columns but id
    lines: list[StockLine]
    on_hand_after: int
    debt_entry: bool  # printed > 0: the run repays part of the debt
    debt_day: DebtDay | None
    recorded_at: datetime
    audit_detail: dict[str, Any]


# Both rows locked as they are (a writer the lock waited for is seen), without writing a new
# version of either. Only print runs lock both, so their order cannot deadlock.
LOCK_POSTGRES = Statement("""
SELECT b.on_hand, d.as_of, d.recorded, d.printed, d.pending
FROM print_debt d JOIN stock_balance b ON b.region = d.region
WHERE d.region = $1
FOR UPDATE
""")


LOCK_ALL_POSTGRES = Statement("""
SELECT d.region, b.on_hand, d.as_of, d.recorded, d.printed, d.pending
FROM print_debt d JOIN stock_balance b ON b.region = d.region
WHERE d.region = ANY($1::varchar[])
ORDER BY d.region
FOR UPDATE
""")


async def lock_all(regions: list[str]) -> dict[str, Held]:
    """`lock` for several regencies at once (a batch of print runs): in one statement on
    PostgreSQL, in the order of their codes, so that two batches wanting the same regencies
    queue for them instead of deadlocking."""
    held: dict[str, Held] = {}
    if not is_sqlite() and regions:
        for row in await fetch(LOCK_ALL_POSTGRES, sorted(regions)):
            held[row["region"]] = Held(row["on_hand"], print_debt.latest_of(row))
    for region in sorted(set(regions) - held.keys()):  # first print run of a regency; SQLite
        held[region] = await lock(region)
    return held


async def lock(region: str) -> Held:
    """Lock the regency's debt and balance rows until the transaction ends: one statement on
    PostgreSQL once both rows exist (the upserts that create them run once per regency)."""
    if not is_sqlite():
        row = await fetch_one(LOCK_POSTGRES, region)
        if row is not None:
            return Held(row["on_hand"], print_debt.latest_of(row))
    # SQLite's BEGIN IMMEDIATE already serialises writers: the upserts create the rows.
    latest = await print_debt.lock(region)
    return Held(await stock.lock_balance(region), latest)


RECORD_POSTGRES = Statement("""
WITH run AS (
    INSERT INTO print_run (region, run_on, printed, spoiled, spoiled_reason, station, note,
                           created_at, created_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
), ref AS (
    SELECT id, 'print_run:' || id AS reference FROM run
), balance AS (
    UPDATE stock_balance SET on_hand = $10 WHERE region = $1
), movement AS (
    INSERT INTO stock_movement (region, kind, quantity, balance_after, occurred_on,
                                recorded_at, reference, actor, reverses, reason, note)
    SELECT $1::varchar, line.kind, line.quantity, line.balance_after, $2::date,
           $15::timestamptz, ref.reference, $9::varchar, NULL, line.reason, ''
    FROM ref, unnest($11::varchar[], $12::int[], $13::int[], $14::varchar[])
         WITH ORDINALITY AS line(kind, quantity, balance_after, reason, position)
    ORDER BY line.position
), entry AS (
    INSERT INTO print_debt_entry (region, occurred_on, kind, quantity, recording_kind,
                                  reconciliation, reference, actor, recorded_at)
    SELECT $1::varchar, $2::date, 'printed', $3::int, NULL, NULL, ref.reference, $9::varchar,
           $15::timestamptz
    FROM ref WHERE $16::boolean
), day AS (
    INSERT INTO print_debt_day (region, day, recorded, printed, pending)
    SELECT $1::varchar, $17::date, $18::int, $19::int, $20::int WHERE $17::date IS NOT NULL
    ON CONFLICT (region, day) DO UPDATE
    SET recorded = excluded.recorded, printed = excluded.printed, pending = excluded.pending
), debt AS (
    UPDATE print_debt SET as_of = $17, recorded = $18, printed = $19, pending = $20
    WHERE region = $1 AND $17::date IS NOT NULL
), audit AS (
    INSERT INTO audit_entry (at, actor, action, target, region, detail)
    SELECT $8::timestamptz, $9::varchar, 'record_print_run', ref.reference, $1::varchar,
           $21::json
    FROM ref
)
SELECT id FROM run
""")


async def record(written: PrintRunRows) -> dict[str, Any]:
    """Write a print run's rows (the caller holds `lock`); the run as stored."""
    run, day = written.run, written.debt_day
    if is_sqlite():
        return await _record_each(written)
    found = await fetch_one(
        RECORD_POSTGRES, run["region"], run["run_on"], run["printed"], run["spoiled"],
        run["spoiled_reason"], run["station"], run["note"], run["created_at"],
        run["created_by"], written.on_hand_after,
        [line.kind for line in written.lines], [line.quantity for line in written.lines],
        [line.balance_after for line in written.lines], [line.reason for line in written.lines],
        written.recorded_at, written.debt_entry, day and day.day, day and day.recorded,
        day and day.printed, day and day.pending, _json(written.audit_detail),
    )
    assert found is not None
    return {"id": found["id"], **run}


INSERT_RUN = Statement("""
INSERT INTO print_run (region, run_on, printed, spoiled, spoiled_reason, station, note,
                       created_at, created_by)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}) RETURNING id
""")
SET_BALANCE = Statement("UPDATE stock_balance SET on_hand = {} WHERE region = {}")
INSERT_MOVEMENT = Statement("""
INSERT INTO stock_movement (region, kind, quantity, balance_after, occurred_on, recorded_at,
                            reference, actor, reverses, reason, note)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, NULL, {}, '')
""")
INSERT_ENTRY = Statement("""
INSERT INTO print_debt_entry (region, occurred_on, kind, quantity, recording_kind,
                              reconciliation, reference, actor, recorded_at)
VALUES ({}, {}, 'printed', {}, NULL, NULL, {}, {}, {})
""")
INSERT_AUDIT = Statement("""
INSERT INTO audit_entry (at, actor, action, target, region, detail)
VALUES ({}, {}, 'record_print_run', {}, {}, {})
""")


async def _record_each(written: PrintRunRows) -> dict[str, Any]:
    run = written.run
    region, on, actor, at = run["region"], run["run_on"], run["created_by"], written.recorded_at
    found = await fetch_one(INSERT_RUN, region, on, run["printed"], run["spoiled"],
                            run["spoiled_reason"], run["station"], run["note"],
                            run["created_at"], actor)
    assert found is not None
    reference = f"print_run:{found['id']}"
    await fetch(SET_BALANCE, written.on_hand_after, region)
    for line in written.lines:
        await fetch(INSERT_MOVEMENT, region, line.kind, line.quantity, line.balance_after, on,
                    at, reference, actor, line.reason)
    if written.debt_entry:
        await fetch(INSERT_ENTRY, region, on, run["printed"], reference, actor, at)
    if written.debt_day is not None:
        await print_debt.write_day(region, written.debt_day)
    await fetch(INSERT_AUDIT, run["created_at"], actor, reference, region,
                _json(written.audit_detail))
    return {"id": found["id"], **run}


def _json(value: dict[str, Any]) -> str:
    return msgspec.json.encode(value).decode()


async def listing(
    *, code: str, start: date | None, end: date | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Runs of `code` and the regencies under it, newest day first."""
    query = PrintRun.select()
    count = PrintRun.count()
    conditions = []
    if (condition := under(PrintRun.region, code)) is not None:
        conditions.append(condition)
    if start is not None:
        conditions.append(PrintRun.run_on >= start)
    if end is not None:
        conditions.append(PrintRun.run_on <= end)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    found = await query.order_by(PrintRun.run_on, ascending=False).order_by(
        PrintRun.id, ascending=False
    ).limit(limit).offset(offset)
    return found, await count
