"""Region queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import Region
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.domain.regions import STOCK_LEVELS, Level, is_code

COLUMNS = (Region.code, Region.name, Region.level, Region.parent)


@dataclass(frozen=True, slots=True)
class RegionRow:
    """A Kemendagri region, or the national warehouse `00`."""

    code: str
    name: str
    level: Level
    parent: str | None  # None for `00`

    @classmethod
    def of(cls, row: dict[str, Any]) -> RegionRow:
        return cls(code=row["code"], name=row["name"], level=Level(row["level"]),
                   parent=row["parent"])


# Regions are reference data, written only by migrations: a process may keep what it read
# (the rows are frozen, so a caller cannot change what the next one gets).
_known: dict[str, RegionRow] = {}


async def get(code: str) -> RegionRow | None:
    if not is_code(code):  # names no region; and PostgreSQL refuses text with a NUL (a 500)
        return None
    if (found := _known.get(code)) is None:
        row = await Region.select(*COLUMNS).where(Region.code == code).first()
        if row is None:
            return None
        found = _known[code] = RegionRow.of(row)
    return found


async def known(code: str) -> RegionRow:
    """The region, or NotFound."""
    region = await get(code)
    if region is None:
        raise NotFound("region", code)
    return region


_holders: dict[str, RegionRow] = {}


async def stock_holders() -> dict[str, RegionRow]:
    """The ministry, the provinces and the regencies by code (some 550 rows, kept like
    `_known`; filling it twice at once writes the same rows): the regions a picker offers
    by name."""
    if not _holders:
        rows = await Region.select(*COLUMNS).where(
            Region.level.is_in([level.value for level in STOCK_LEVELS])).order_by(Region.code)
        _holders.update((row["code"], RegionRow.of(row)) for row in rows)
    return _holders


async def children(parent: str, *, limit: int, offset: int) -> tuple[list[RegionRow], int]:
    query = Region.select(*COLUMNS).where(Region.parent == parent).order_by(Region.code)
    rows = await query.limit(limit).offset(offset)
    total = await Region.count().where(Region.parent == parent)
    return [RegionRow.of(row) for row in rows], total


async def subtree(code: str, levels: tuple[str, ...]) -> list[str]:
    """Codes at `levels` at or under `code`, in code order."""
    query = Region.select(Region.code).where(Region.level.is_in(list(levels)))
    if (condition := under(Region.code, code)) is not None:
        query = query.where(condition)
    return [row["code"] for row in await query.order_by(Region.code)]
