"""Destruction queries: a regency's lock, the spoiled lots and surrendered cards that await
destruction, the minutes and their numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.rows import as_date, under
from blanko_tracker.db.tables import Destruction, Region, Surrender
from blanko_tracker.domain.destruction import UNSPECIFIED, SpoiledLot


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class SurrenderRow:
    id: int
    region: str
    day: date
    count: int
    actor: str
    recorded_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> SurrenderRow:
        return cls(id=row["id"], region=row["region"], day=as_date(row["day"]),
                   count=row["quantity"], actor=row["actor"], recorded_at=row["recorded_at"])


@dataclass(frozen=True, slots=True)
class DestructionRow:
    id: int
    region: str
    number: str
    day: date
    spoiled: int
    surrendered: int
    spoiled_by_reason: dict[str, int]
    witnesses: list[str]
    note: str
    actor: str
    recorded_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> DestructionRow:
        return cls(id=row["id"], region=row["region"], number=row["number"],
                   day=as_date(row["day"]), spoiled=row["spoiled"],
                   surrendered=row["surrendered"],
                   spoiled_by_reason=_json(row["spoiled_by_reason"]),
                   witnesses=_json(row["witnesses"]), note=row["note"], actor=row["actor"],
                   recorded_at=row["recorded_at"])


async def lock(region: str) -> None:
    """Serialise the minutes of one regency until the transaction ends (what awaits and the
    next number are read under it). PostgreSQL: the region's own row, `FOR NO KEY UPDATE`;
    SQLite: the caller's BEGIN IMMEDIATE already excludes other writers."""
    if not is_sqlite():
        await Region.raw("SELECT code FROM region WHERE code = {} FOR NO KEY UPDATE", region)


def _scope(column: str, code: str) -> tuple[str, list[Any]]:
    if code == "00":
        return "TRUE" if not is_sqlite() else "1 = 1", []
    return f"({column} = {{}} OR {column} LIKE {{}})", [code, f"{code}.%"]


# Spoiled blanks are lines of the stock card; a reversed print run gives its spoiled blanks
# back on the day and with the cause of the line it reverses.
_LOTS = """
SELECT m.region AS region, m.occurred_on AS on_day, m.reason AS reason,
       -m.quantity AS count
  FROM stock_movement m WHERE m.kind = 'spoiled' AND {scope}
UNION ALL
SELECT r.region, o.occurred_on, o.reason, -r.quantity
  FROM stock_movement r JOIN stock_movement o ON o.id = r.reverses
 WHERE r.kind = 'reversal' AND o.kind = 'spoiled' AND {scope_r}
"""


async def spoiled_lots(code: str) -> dict[str, list[SpoiledLot]]:
    """The spoiled lots of every regency at or under `code`, by region."""
    scope, values = _scope("m.region", code)
    scope_r, values_r = _scope("r.region", code)
    found = await Region.raw(_LOTS.format(scope=scope, scope_r=scope_r), *values, *values_r)
    lots: dict[str, list[SpoiledLot]] = {}
    for row in found:
        lots.setdefault(row["region"], []).append(
            SpoiledLot(as_date(row["on_day"]), row["reason"] or UNSPECIFIED, row["count"]))
    return lots


async def surrendered(code: str) -> dict[str, int]:
    """Old cards surrendered at every regency at or under `code`, by region."""
    scope, values = _scope("region", code)
    found = await Region.raw(
        f"SELECT region, SUM(quantity) AS total FROM surrender WHERE {scope} GROUP BY region",
        *values)
    return {row["region"]: int(row["total"]) for row in found}


async def destroyed(code: str) -> dict[str, tuple[int, int]]:
    """(spoiled, surrendered) destroyed by the minutes of every regency at or under `code`."""
    scope, values = _scope("region", code)
    found = await Region.raw(
        "SELECT region, SUM(spoiled) AS spoiled, SUM(surrendered) AS surrendered "
        f"FROM destruction WHERE {scope} GROUP BY region", *values)
    return {row["region"]: (int(row["spoiled"]), int(row["surrendered"])) for row in found}


async def insert_surrender(*, region: str, day: date, count: int, actor: str, now: datetime
                           ) -> SurrenderRow:
    return await rows.insert(Surrender, SurrenderRow, region=region, day=day, quantity=count,
                             actor=actor, recorded_at=now)


async def count_in_year(region: str, year: int) -> int:
    """How many minutes the regency has numbered in `year` (the caller holds `lock`)."""
    return await Destruction.count().where(
        (Destruction.region == region)
        & (Destruction.day >= date(year, 1, 1)) & (Destruction.day <= date(year, 12, 31)))


async def insert(*, region: str, number: str, day: date, spoiled: int, surrendered: int,
                 spoiled_by_reason: dict[str, int], witnesses: list[str], note: str,
                 actor: str, now: datetime) -> DestructionRow:
    return await rows.insert(Destruction, DestructionRow, region=region, number=number,
                             day=day, spoiled=spoiled, surrendered=surrendered,
                             spoiled_by_reason=json.dumps(spoiled_by_reason),
                             witnesses=json.dumps(witnesses), note=note, actor=actor,
                             recorded_at=now)


async def get(destruction_id: int) -> DestructionRow | None:
    return await rows.by_id(Destruction, DestructionRow, destruction_id)


async def listing(scope: str, *, limit: int, offset: int) -> tuple[list[DestructionRow], int]:
    """The minutes at or under `scope`, newest day first."""
    query, count = Destruction.select(), Destruction.count()
    if (condition := under(Destruction.region, scope)) is not None:
        query, count = query.where(condition), count.where(condition)
    found = await query.order_by(Destruction.day, ascending=False).order_by(
        Destruction.id, ascending=False).limit(limit).offset(offset)
    return [DestructionRow.of(row) for row in found], await count
