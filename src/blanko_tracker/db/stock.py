"""Stock balances and the stock card.

`post` is how a balance changes: it locks the region's balance row (`lock_balance`), applies
the domain rule (never below zero), updates the balance and appends the movement, all inside
the caller's write transaction. A print run, which takes two lines at once, locks the balance
and writes its lines with `append` and `set_balance` itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from piccolo.query import Select
from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.rows import as_date, under
from blanko_tracker.db.tables import MAX_ID, StockBalance, StockMovement
from blanko_tracker.domain import ledger
from blanko_tracker.domain.ledger import Movement, MovementKind


@dataclass(frozen=True, slots=True)
class MovementRow:
    """A line of a region's stock card as stored: `occurred_on` is the day it happened,
    `recorded_at` the moment it was written (the wire's `on` and `at`)."""

    id: int
    region: str
    kind: MovementKind
    quantity: int  # signed: + into the region, - out of it
    balance_after: int
    occurred_on: date
    recorded_at: datetime
    reference: str  # "print_run:412", "shipment:88"
    actor: str
    reverses: int | None  # the movement this one cancels
    reason: str | None
    note: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> MovementRow:
        return cls(id=row["id"], region=row["region"], kind=MovementKind(row["kind"]),
                   quantity=row["quantity"], balance_after=row["balance_after"],
                   occurred_on=row["occurred_on"], recorded_at=row["recorded_at"],
                   reference=row["reference"], actor=row["actor"], reverses=row["reverses"],
                   reason=row["reason"], note=row["note"])


@dataclass(frozen=True, slots=True)
class LedgerMismatch:
    """A region whose stored balance is not the sum of its stock card."""

    region: str
    stored: int | None  # None: movements but no balance row
    ledger: int


MOVEMENT_COLUMNS = (
    StockMovement.id,
    StockMovement.region,
    StockMovement.kind,
    StockMovement.quantity,
    StockMovement.balance_after,
    StockMovement.occurred_on,
    StockMovement.recorded_at,
    StockMovement.reference,
    StockMovement.actor,
    StockMovement.reverses,
    StockMovement.reason,
    StockMovement.note,
)


async def lock_balance(region: str) -> int:
    """The region's on-hand, locked against other writers until the transaction ends.

    PostgreSQL: `SELECT … FOR UPDATE` locks the row without writing a new version of it; a
    region's first movement finds none and creates it with an upsert, whose `ON CONFLICT`
    takes the lock a rival creating it holds. SQLite: the caller's `BEGIN IMMEDIATE` already
    excludes other writers, so the upsert alone makes sure the row is there."""
    if not is_sqlite():
        rows = await StockBalance.raw(
            "SELECT on_hand FROM stock_balance WHERE region = {} FOR UPDATE", region)
        if rows:
            return rows[0]["on_hand"]
    rows = await StockBalance.raw(
        "INSERT INTO stock_balance (region, on_hand) VALUES ({}, 0) "
        "ON CONFLICT (region) DO UPDATE SET on_hand = stock_balance.on_hand "
        "RETURNING on_hand", region)
    return rows[0]["on_hand"]


async def post(movement: Movement, *, actor: str, reason: str | None = None) -> MovementRow:
    """Append `movement` and move the balance with it; InsufficientStock if it would go < 0."""
    after = ledger.apply(await lock_balance(movement.region), movement.quantity,
                         region=movement.region)
    row = await append(movement, after, actor=actor, reason=reason)
    await set_balance(movement.region, after)
    return row


async def append(movement: Movement, balance_after: int, *, actor: str,
                 reason: str | None = None) -> MovementRow:
    """One line of the stock card; the caller holds `lock_balance` and sets the balance."""
    return (await append_all([(movement, balance_after, reason)], actor=actor))[0]


@functools.cache
def _insert_lines(count: int) -> str:
    """The INSERT of `count` stock-card lines, written once per count (a print run writes
    one or two on every run)."""
    values = ", ".join(["({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})"] * count)
    return ("INSERT INTO stock_movement (region, kind, quantity, balance_after, occurred_on, "
            "recorded_at, reference, actor, reverses, reason, note) "
            f"VALUES {values} RETURNING id")


async def append_all(lines: list[tuple[Movement, int, str | None]], *, actor: str
                     ) -> list[MovementRow]:
    """Lines of the stock card in one statement, each (movement, balance after it, reason);
    the caller holds `lock_balance` and sets the balance. `recorded_at` is read after the
    lock, so the stock card's times follow its order."""
    at = datetime.now(UTC)
    values = [value for movement, after, reason in lines for value in (
        movement.region, movement.kind.value, movement.quantity, after, movement.on, at,
        movement.reference, actor, movement.reverses, reason, movement.note)]
    rows = await StockMovement.raw(_insert_lines(len(lines)), *values)
    # Ids are drawn in the order of VALUES; RETURNING promises no order of its own.
    ids = sorted(row["id"] for row in rows)
    return [MovementRow(line_id, movement.region, movement.kind, movement.quantity, after,
                        movement.on, at, movement.reference, actor, movement.reverses,
                        reason, movement.note)
            for line_id, (movement, after, reason) in zip(ids, lines, strict=True)]


async def set_balance(region: str, on_hand: int) -> None:
    await StockBalance.raw("UPDATE stock_balance SET on_hand = {} WHERE region = {}",
                           on_hand, region)


async def on_hand(region: str) -> int:
    row = await StockBalance.select(StockBalance.on_hand).where(
        StockBalance.region == region
    ).first()
    return row["on_hand"] if row else 0


# A region's own warehouse in one statement (the most frequent read of all).
LEVEL_SQL = """
SELECT COALESCE((SELECT on_hand FROM stock_balance WHERE region = {}), 0) AS on_hand,
       COALESCE((SELECT SUM(quantity) FROM shipment
                 WHERE destination = {} AND status = 'dispatched'), 0) AS dispatched,
       COALESCE((SELECT SUM(quantity) FROM shipment
                 WHERE destination = {} AND status = 'planned'), 0) AS planned
"""


async def level(region: str) -> tuple[int, int, int]:
    """(on hand, incoming dispatched, incoming planned) of one region's own warehouse."""
    row = (await StockBalance.raw(LEVEL_SQL, region, region, region))[0]
    return row["on_hand"], row["dispatched"], row["planned"]


async def on_hand_of(regions: list[str]) -> dict[str, int]:
    if not regions:
        return {}
    rows = await StockBalance.select().where(StockBalance.region.is_in(regions))
    return {row["region"]: row["on_hand"] for row in rows}


async def get_movement(movement_id: int) -> MovementRow | None:
    if not 0 < movement_id <= MAX_ID:
        return None
    row = await StockMovement.select(*MOVEMENT_COLUMNS).where(
        StockMovement.id == movement_id
    ).first()
    return MovementRow.of(row) if row is not None else None


async def is_reversed(movement_id: int) -> bool:
    return await StockMovement.exists().where(StockMovement.reverses == movement_id)


def _card(region: str, start: date | None, end: date | None) -> Select:
    query = StockMovement.select(*MOVEMENT_COLUMNS).where(StockMovement.region == region)
    if start is not None:
        query = query.where(StockMovement.occurred_on >= start)
    if end is not None:
        query = query.where(StockMovement.occurred_on <= end)
    return query


async def movements(
    region: str, *, start: date | None, end: date | None, limit: int, offset: int,
    after_id: int | None = None,
) -> tuple[list[MovementRow], int | None]:
    """The stock card, oldest first, with its total. `after_id` pages by key on the
    (region, id) index and skips the count: one index range, however long the card."""
    query = _card(region, start, end)
    if after_id is not None:
        query = query.where(StockMovement.id > after_id)
        rows = await query.order_by(StockMovement.id).limit(limit).offset(offset)
        return [MovementRow.of(row) for row in rows], None
    count_query = StockMovement.count().where(StockMovement.region == region)
    if start is not None:
        count_query = count_query.where(StockMovement.occurred_on >= start)
    if end is not None:
        count_query = count_query.where(StockMovement.occurred_on <= end)
    rows = await query.order_by(StockMovement.id).limit(limit).offset(offset)
    return [MovementRow.of(row) for row in rows], await count_query


async def recent_adjustments(region: str, *, limit: int) -> list[tuple[MovementRow, bool]]:
    """A warehouse's latest adjustments, newest first, each with whether it has been
    reversed: the adjustment page lists them to undo a mistake."""
    rows = await StockMovement.select(*MOVEMENT_COLUMNS).where(
        (StockMovement.region == region)
        & (StockMovement.kind == MovementKind.ADJUSTMENT.value)
    ).order_by(StockMovement.id, ascending=False).limit(limit)
    found = [MovementRow.of(row) for row in rows]
    reversed_ = {row["reverses"] for row in await StockMovement.select(
        StockMovement.reverses).where(StockMovement.reverses.is_in(
            [movement.id for movement in found] or [0]))}
    return [(movement, movement.id in reversed_) for movement in found]


async def latest_movements(region: str, *, limit: int, before_id: int | None = None
                           ) -> list[MovementRow]:
    """The stock card newest first, a page at a time by key (`before_id`): one index range,
    however long the card."""
    query = StockMovement.select(*MOVEMENT_COLUMNS).where(StockMovement.region == region)
    if before_id is not None:
        query = query.where(StockMovement.id < before_id)
    rows = await query.order_by(StockMovement.id, ascending=False).limit(limit)
    return [MovementRow.of(row) for row in rows]


LEDGER_CHECK_SQL = """
SELECT region, stored, ledger FROM (
    SELECT b.region AS region, b.on_hand AS stored,
           COALESCE((SELECT SUM(m.quantity) FROM stock_movement m WHERE m.region = b.region), 0)
               AS ledger
    FROM stock_balance b
    UNION ALL
    SELECT m.region AS region, NULL AS stored, SUM(m.quantity) AS ledger
    FROM stock_movement m
    WHERE NOT EXISTS (SELECT 1 FROM stock_balance b WHERE b.region = m.region)
    GROUP BY m.region
) AS comparison
WHERE stored IS NULL OR stored <> ledger
ORDER BY region
"""


async def ledger_mismatches() -> list[LedgerMismatch]:
    """Every region whose stored balance differs from the sum of its stock card."""
    return [LedgerMismatch(region=row["region"], stored=row["stored"], ledger=row["ledger"])
            for row in await StockBalance.raw(LEDGER_CHECK_SQL)]


async def region_count() -> int:
    return await StockBalance.count()


async def on_hand_under(code: str) -> dict[str, int]:
    """Every balance at or under `code` (the nation: at most a few hundred rows)."""
    query = StockBalance.select(StockBalance.region, StockBalance.on_hand)
    if (condition := under(StockBalance.region, code)) is not None:
        query = query.where(condition)
    return {row["region"]: row["on_hand"] for row in await query}


async def lines_of(reference: str) -> list[MovementRow]:
    """The stock-card lines a document wrote ("print_run:4"), reversals included, in order."""
    rows = await StockMovement.select(*MOVEMENT_COLUMNS).where(
        StockMovement.reference == reference).order_by(StockMovement.id)
    return [MovementRow.of(row) for row in rows]


async def on_hand_at_start(regions: list[str], start: date, end: date
                           ) -> dict[str, dict[date, int]]:
    """Each region's blanks on hand at the start of every day in start..end (the sum of its
    stock card before that day, by the day each movement happened, so a back-dated line
    counts on its own day)."""
    if not regions:
        return {}
    before = await StockMovement.select(
        StockMovement.region, Sum(StockMovement.quantity, alias="quantity")
    ).where(StockMovement.region.is_in(regions) & (StockMovement.occurred_on < start)
            ).group_by(StockMovement.region)
    during = await StockMovement.select(
        StockMovement.region, StockMovement.occurred_on,
        Sum(StockMovement.quantity, alias="quantity"),
    ).where(StockMovement.region.is_in(regions) & (StockMovement.occurred_on >= start)
            & (StockMovement.occurred_on <= end)
            ).group_by(StockMovement.region, StockMovement.occurred_on)
    opening = {row["region"]: row["quantity"] or 0 for row in before}
    moves: dict[str, dict[date, int]] = {}
    for row in during:
        moves.setdefault(row["region"], {})[as_date(row["occurred_on"])] = row["quantity"] or 0
    found: dict[str, dict[date, int]] = {}
    for region in regions:
        balance, days = opening.get(region, 0), {}
        day = start
        while day <= end:
            days[day] = balance
            balance += moves.get(region, {}).get(day, 0)
            day += timedelta(days=1)
        found[region] = days
    return found
