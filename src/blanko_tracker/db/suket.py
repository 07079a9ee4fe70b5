"""Suket register queries: a regency's lock and history, its entries, and the histories and
recent issues of every regency under a region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db import rows
from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.rows import as_date, under
from blanko_tracker.db.tables import Region, SuketEntry
from blanko_tracker.domain.suket import DayEntry


@dataclass(frozen=True, slots=True)
class SuketEntryRow:
    id: int
    region: str
    day: date
    issued: int
    redeemed: int
    renewed: int
    reference: str
    actor: str
    recorded_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> SuketEntryRow:
        return cls(id=row["id"], region=row["region"], day=as_date(row["day"]),
                   issued=row["issued"], redeemed=row["redeemed"], renewed=row["renewed"],
                   reference=row["reference"], actor=row["actor"],
                   recorded_at=row["recorded_at"])


async def lock(region: str) -> None:
    """Serialise writers of one regency's suket until the transaction ends. PostgreSQL: the
    region's own row, `FOR NO KEY UPDATE` (nothing else locks region rows); SQLite: the
    caller's BEGIN IMMEDIATE already excludes other writers."""
    if not is_sqlite():
        await Region.raw("SELECT code FROM region WHERE code = {} FOR NO KEY UPDATE", region)


async def insert(*, region: str, day: date, issued: int, redeemed: int, renewed: int,
                 reference: str, actor: str, now: datetime) -> SuketEntryRow:
    return await rows.insert(SuketEntry, SuketEntryRow, region=region, day=day, issued=issued,
                             redeemed=redeemed, renewed=renewed, reference=reference,
                             actor=actor, recorded_at=now)


async def insert_many(entries: list[tuple[str, DayEntry]], *, reference: str, actor: str,
                      now: datetime) -> None:
    """Many entries at once (an import); the caller holds each region's `lock`."""
    batch = 500
    for start in range(0, len(entries), batch):
        await SuketEntry.insert(*[
            SuketEntry(region=region, day=e.on, issued=e.issued, redeemed=e.redeemed,
                       renewed=e.renewed, reference=reference, actor=actor, recorded_at=now)
            for region, e in entries[start:start + batch]])


def _by_day(query: Any) -> Any:
    return query.group_by(SuketEntry.region, SuketEntry.day).order_by(SuketEntry.day)


def _sums() -> tuple[Any, ...]:
    return (SuketEntry.region, SuketEntry.day, Sum(SuketEntry.issued, alias="issued"),
            Sum(SuketEntry.redeemed, alias="redeemed"), Sum(SuketEntry.renewed, alias="renewed"))


def _day_entry(row: dict[str, Any]) -> DayEntry:
    return DayEntry(as_date(row["day"]), row["issued"] or 0, row["redeemed"] or 0,
                    row["renewed"] or 0)


async def history(region: str) -> list[DayEntry]:
    """The regency's suket, a line per day with entries, oldest first. Bounded: days lie in
    the window the system takes (2000 … 2099, services.common), so at most ~36,500 lines."""
    found = await _by_day(SuketEntry.select(*_sums()).where(SuketEntry.region == region))
    return [_day_entry(row) for row in found]


async def histories_under(code: str) -> dict[str, list[DayEntry]]:
    """The history of every regency at or under `code` that has one (the nation: a line per
    regency and day with entries)."""
    query = SuketEntry.select(*_sums())
    if (condition := under(SuketEntry.region, code)) is not None:
        query = query.where(condition)
    found: dict[str, list[DayEntry]] = {}
    for row in await _by_day(query):
        found.setdefault(row["region"], []).append(_day_entry(row))
    return found


async def issued_days(code: str, start: date, end: date) -> list[tuple[str, date, int]]:
    """(regency, day, issued) for every day in start..end on which a regency at or under
    `code` issued suket."""
    query = SuketEntry.select(*_sums()).where(
        (SuketEntry.day >= start) & (SuketEntry.day <= end))
    if (condition := under(SuketEntry.region, code)) is not None:
        query = query.where(condition)
    return [(row["region"], as_date(row["day"]), row["issued"])
            for row in await _by_day(query) if row["issued"]]
