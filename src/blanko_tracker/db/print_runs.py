"""Print run queries. A print run is the busiest write there is, so its rows are written with
hand-written SQL (`db/sql.py`), a group of runs at a time (services/printing.py): on
PostgreSQL the locks of all the group's regencies take one statement and all its writes one
more; on SQLite, where a statement costs no round trip, one statement per table and run."""

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
    """`lock` for several regencies at once (a group of print runs): in one statement on
    PostgreSQL, in the order of their codes, so that two groups wanting the same regencies
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


# Every row of a group of print runs in one statement: the runs, their stock-card lines, debt
# entries and audit entries (in the runs' order, so ids follow it), each regency's balance,
# the day rows the group leaves and each regency's latest day.
RECORD_ALL_POSTGRES = Statement("""
WITH input AS (
    SELECT * FROM unnest($1::varchar[], $2::date[], $3::int[], $4::int[], $5::varchar[],
                         $6::varchar[], $7::varchar[], $8::timestamptz[], $9::varchar[],
                         $10::timestamptz[], $11::json[], $12::boolean[])
    WITH ORDINALITY AS r(region, run_on, printed, spoiled, spoiled_reason, station, note,
                         created_at, created_by, recorded_at, audit_detail, debt_entry, n)
), run AS (
    INSERT INTO print_run (region, run_on, printed, spoiled, spoiled_reason, station, note,
                           created_at, created_by)
    SELECT region, run_on, printed, spoiled, spoiled_reason, station, note, created_at,
           created_by
    FROM input ORDER BY n
    RETURNING id
), ref AS (  -- ids are drawn in insertion order: the k-th smallest is the k-th run's
    SELECT id, row_number() OVER (ORDER BY id) AS n, 'print_run:' || id AS reference FROM run
), movement AS (
    INSERT INTO stock_movement (region, kind, quantity, balance_after, occurred_on,
                                recorded_at, reference, actor, reverses, reason, note)
    SELECT input.region, line.kind, line.quantity, line.balance_after, input.run_on,
           input.recorded_at, ref.reference, input.created_by, NULL, line.reason, ''
    FROM unnest($13::int[], $14::varchar[], $15::int[], $16::int[], $17::varchar[])
         WITH ORDINALITY AS line(run, kind, quantity, balance_after, reason, position)
    JOIN input ON input.n = line.run JOIN ref ON ref.n = line.run
    ORDER BY line.position
), entry AS (
    INSERT INTO print_debt_entry (region, occurred_on, kind, quantity, recording_kind,
                                  reconciliation, reference, actor, recorded_at)
    SELECT input.region, input.run_on, 'printed', input.printed, NULL, NULL, ref.reference,
           input.created_by, input.recorded_at
    FROM input JOIN ref USING (n) WHERE input.debt_entry ORDER BY n
), balance AS (
    UPDATE stock_balance b SET on_hand = v.on_hand
    FROM unnest($18::varchar[], $19::int[]) AS v(region, on_hand) WHERE b.region = v.region
), day AS (
    INSERT INTO print_debt_day (region, day, recorded, printed, pending)
    SELECT * FROM unnest($20::varchar[], $21::date[], $22::int[], $23::int[], $24::int[])
    ON CONFLICT (region, day) DO UPDATE
    SET recorded = excluded.recorded, printed = excluded.printed, pending = excluded.pending
), debt AS (
    UPDATE print_debt d
    SET as_of = v.day, recorded = v.recorded, printed = v.printed, pending = v.pending
    FROM unnest($25::varchar[], $26::date[], $27::int[], $28::int[], $29::int[])
         AS v(region, day, recorded, printed, pending)
    WHERE d.region = v.region
), audit AS (
    INSERT INTO audit_entry (at, actor, action, target, region, detail)
    SELECT input.created_at, input.created_by, 'record_print_run', ref.reference,
           input.region, input.audit_detail
    FROM input JOIN ref USING (n) ORDER BY n
)
SELECT id FROM ref ORDER BY n
""")


async def record_all(group: list[PrintRunRows]) -> list[dict[str, Any]]:
    """Write the rows of print runs decided one after another (the caller holds `lock_all`
    on their regencies); each run as stored."""
    if is_sqlite():
        return [await _record_each(written) for written in group]
    runs = [written.run for written in group]
    lines = [(number, line) for number, written in enumerate(group, start=1)
             for line in written.lines]
    # What the group leaves: each regency's last balance and latest day, each day's last row.
    balances = {written.run["region"]: written.on_hand_after for written in group}
    days = {(written.run["region"], written.debt_day.day): written.debt_day
            for written in group if written.debt_day is not None}
    latest = {region: day for (region, _), day in days.items()}
    rows = await fetch(
        RECORD_ALL_POSTGRES,
        *_columns(runs, "region", "run_on", "printed", "spoiled", "spoiled_reason", "station",
                  "note", "created_at", "created_by"),
        [written.recorded_at for written in group],
        [_json(written.audit_detail) for written in group],
        [written.debt_entry for written in group],
        [number for number, _ in lines], [line.kind for _, line in lines],
        [line.quantity for _, line in lines], [line.balance_after for _, line in lines],
        [line.reason for _, line in lines],
        list(balances), list(balances.values()),
        *_day_columns(list(days.items())), *_day_columns([((r, d.day), d) for r, d in
                                                          latest.items()]),
    )
    return [{"id": row["id"], **run} for row, run in zip(rows, runs, strict=True)]


def _columns(rows: list[dict[str, Any]], *names: str) -> list[list[Any]]:
    return [[row[name] for row in rows] for name in names]


def _day_columns(days: list[tuple[tuple[str, date], DebtDay]]) -> list[list[Any]]:
    return [[region for (region, _), _ in days], [day.day for _, day in days],
            [day.recorded for _, day in days], [day.printed for _, day in days],
            [day.pending for _, day in days]]


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
