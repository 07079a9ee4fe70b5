"""Checks and records every write shares: the clock, region existence, the audit entry."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from blanko_tracker.db import audit, regions
from blanko_tracker.db.regions import RegionRow
from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.regions import STOCK_LEVELS, Level, local_date

SYSTEM = "system"  # the actor of command-line set-up, run by whoever holds the server

# The days the system takes as input. KTP-el began in 2011, so a day outside this window is a
# typo; and year 1 or 9999 would overflow the date arithmetic of reports and forecasts (a 500).
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def utcnow() -> datetime:
    return datetime.now(UTC)


async def require_region(code: str, *, field: str = "region") -> RegionRow:
    row = await regions.get(code)
    if row is None:
        raise InvalidInput(field, f"there is no region {code}", rule="no_region",
                           values={"code": code})
    return row


async def require_stock_region(code: str, *, field: str = "region") -> RegionRow:
    """A region that holds blanks: the ministry, a province or a regency (not a district)."""
    row = await require_region(code, field=field)
    if row.level not in STOCK_LEVELS:
        raise InvalidInput(
            field, f"{code} is a district; blanks are held by its regency, province or `00`",
            rule="district_holds_no_stock", values={"code": code})
    return row


async def require_regency(code: str, *, field: str = "region") -> RegionRow:
    """Printing, the print debt and indicators belong to a regency (kabupaten/kota)."""
    row = await require_region(code, field=field)
    if row.level != Level.REGENCY:
        raise InvalidInput(field, f"{code} is a {row.level}; this is recorded per regency "
                           "(kabupaten/kota), and provinces sum their regencies",
                           rule="per_regency", values={"code": code})
    return row


def day_of(on: date | None, region: str, now: datetime, *, field: str) -> date:
    """The day something happened: as given (never in the future), else today in `region`."""
    today = local_date(region, now)
    if on is None:
        return today
    if on > today:
        raise InvalidInput(field, f"{on} is in the future (today is {today} in {region})",
                           rule="future_day", values={"day": on, "today": today})
    return check_day(on, field=field)


def check_day(day: date, *, field: str) -> date:
    """`day`, once it lies in the window the system takes (EARLIEST_DAY … LATEST_DAY)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidInput(field, f"{day} is outside {EARLIEST_DAY} … {LATEST_DAY}",
                           rule="day_out_of_range", values={
                               "day": day, "earliest": EARLIEST_DAY, "latest": LATEST_DAY})
    return day


async def audit_write(
    actor: Actor | None, action: str, *, target: str, region: str, detail: dict[str, Any],
    now: datetime,
) -> None:
    await audit.record(
        at=now, actor=actor.username if actor else SYSTEM, action=action, target=target,
        region=region, detail=detail,
    )
