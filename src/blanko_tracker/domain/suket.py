"""Suket (*surat keterangan*): the paper a resident holds while their card is owed. Counts
only, never who holds one.

Rules held here:
- a suket is valid for VALID_MONTHS calendar months from its issue or its last renewal:
  one issued (or renewed) on day d is valid through `add_months(d, 6)` and expired from the
  day after. A month-end start clamps to the shorter month's end: 2026-01-31 is valid
  through 2026-07-31 and 2026-08-31 through 2027-02-28; 2026-03-15 through 2026-09-15;
- the outstanding suket of a regency are kept as cohorts (count, valid_from), oldest
  validity first. A day's entry is applied as: issued join as a new cohort; then `redeemed`
  (the resident got their card) take the oldest outstanding first; then `renewed` take the
  oldest outstanding first and start their validity again on that day (they join the end);
- entries are applied in the order of their day; redeeming or renewing more than are
  outstanding on a day is refused (SuketOverOutstanding), so a back-dated redemption that
  leaves a later one short is refused too: the whole history is replayed with it;
- a day's counts are each 0 … MAX_PER_DAY and at least one of them is above 0.
"""

from __future__ import annotations

import calendar
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from blanko_tracker.domain.errors import InvalidInput, RuleViolated

VALID_MONTHS = 6
WINDOW_DAYS = 30  # "expiring within 30 days", "issued in the last 30 days"
# A regency issues tens to hundreds a day; a national backlog is ~100k (Kaltim 113,046).
MAX_PER_DAY = 1_000_000


class SuketOverOutstanding(RuleViolated):
    """More suket redeemed or renewed on a day than were outstanding on it."""

    code = "suket_over_outstanding"

    def __init__(self, region: str, day: date, asked: int, outstanding: int, what: str
                 ) -> None:
        super().__init__(
            f"Region {region} had {outstanding} suket outstanding on {day.isoformat()}; "
            f"{asked} were {what}.", rule=f"suket_over_{what}",  # the pages word each
            values={"region": region, "day": day, "asked": asked,
                    "outstanding": outstanding, "what": what})
        self.region, self.day, self.asked, self.outstanding, self.what = (
            region, day, asked, outstanding, what)

    def context(self) -> dict[str, object]:
        return {"region": self.region, "day": self.day.isoformat(), "asked": self.asked,
                "outstanding": self.outstanding, "what": self.what}


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the end of a shorter month
    (2026-01-31 + 1 → 2026-02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def valid_through(valid_from: date) -> date:
    """The last day a suket issued or renewed on `valid_from` is valid."""
    return add_months(valid_from, VALID_MONTHS)


@dataclass(frozen=True, slots=True)
class DayEntry:
    """What a regency recorded of its suket on a day (several entries of a day add up)."""

    on: date
    issued: int = 0
    redeemed: int = 0
    renewed: int = 0


@dataclass(frozen=True, slots=True)
class Cohort:
    count: int
    valid_from: date


@dataclass(frozen=True, slots=True)
class Summary:
    """A regency's (or a sum of regencies') suket on `as_of`: outstanding = valid + expired."""

    outstanding: int = 0
    valid: int = 0
    expired: int = 0
    expiring_30d: int = 0  # valid on `as_of`, no longer valid within 30 days
    issued_30d: int = 0  # in the 30 days ending on `as_of`
    redeemed_30d: int = 0
    first_expiry: date | None = None  # the last valid day of the soonest-expiring valid one

    def __add__(self, other: Summary) -> Summary:
        firsts = [d for d in (self.first_expiry, other.first_expiry) if d is not None]
        return Summary(self.outstanding + other.outstanding, self.valid + other.valid,
                       self.expired + other.expired, self.expiring_30d + other.expiring_30d,
                       self.issued_30d + other.issued_30d,
                       self.redeemed_30d + other.redeemed_30d,
                       min(firsts) if firsts else None)


def check_counts(issued: int, redeemed: int, renewed: int) -> None:
    """A day's entry says something: InvalidInput when every count is 0."""
    if not (issued or redeemed or renewed):
        raise InvalidInput("issued", "at least one of issued, redeemed and renewed must be "
                           "above 0", rule="suket_nothing")


def _take(cohorts: deque[Cohort], count: int) -> list[Cohort]:
    """The oldest `count` suket off the front of `cohorts` (the caller checked there are)."""
    taken: list[Cohort] = []
    while count:
        head = cohorts.popleft()
        if head.count > count:
            cohorts.appendleft(Cohort(head.count - count, head.valid_from))
            taken.append(Cohort(count, head.valid_from))
            count = 0
        else:
            taken.append(head)
            count -= head.count
    return taken


def apply(cohorts: deque[Cohort], entry: DayEntry, *, region: str) -> None:
    """Apply one day's entry to `cohorts` in place (oldest first); SuketOverOutstanding
    when it redeems or renews more than are outstanding, `cohorts` then half-applied (the
    caller refuses the whole write)."""
    if entry.issued:
        if cohorts and cohorts[-1].valid_from == entry.on:
            last = cohorts.pop()
            cohorts.append(Cohort(last.count + entry.issued, entry.on))
        else:
            cohorts.append(Cohort(entry.issued, entry.on))
    for what, count in (("redeemed", entry.redeemed), ("renewed", entry.renewed)):
        outstanding = sum(c.count for c in cohorts)
        if count > outstanding:
            raise SuketOverOutstanding(region, entry.on, count, outstanding, what)
        _take(cohorts, count)
        if what == "renewed" and count:
            if cohorts and cohorts[-1].valid_from == entry.on:
                last = cohorts.pop()
                cohorts.append(Cohort(last.count + count, entry.on))
            else:
                cohorts.append(Cohort(count, entry.on))


def replay(entries: Iterable[DayEntry], *, region: str, until: date | None = None
           ) -> deque[Cohort]:
    """The outstanding cohorts once every entry (on or before `until`) is applied in day
    order; SuketOverOutstanding at the first day that goes short."""
    cohorts: deque[Cohort] = deque()
    for entry in sorted(entries, key=lambda e: e.on):
        if until is not None and entry.on > until:
            break
        apply(cohorts, entry, region=region)
    return cohorts


def merged(entries: Iterable[DayEntry]) -> list[DayEntry]:
    """One entry per day, its counts summed, in day order."""
    days: dict[date, DayEntry] = {}
    for e in entries:
        had = days.get(e.on, DayEntry(e.on))
        days[e.on] = DayEntry(e.on, had.issued + e.issued, had.redeemed + e.redeemed,
                              had.renewed + e.renewed)
    return [days[d] for d in sorted(days)]


def summarise(entries: Iterable[DayEntry], as_of: date, *, region: str) -> Summary:
    """A regency's suket on `as_of` from its whole history (entries after it are ignored)."""
    history = merged(e for e in entries if e.on <= as_of)
    cohorts = replay(history, region=region)
    horizon = as_of + timedelta(days=WINDOW_DAYS)
    since = as_of - timedelta(days=WINDOW_DAYS - 1)
    valid = expiring = 0
    first: date | None = None
    for cohort in cohorts:
        last_day = valid_through(cohort.valid_from)
        if last_day >= as_of:
            valid += cohort.count
            if last_day < horizon:  # no longer valid on or before as_of + 30 days
                expiring += cohort.count
                first = last_day if first is None else min(first, last_day)
    outstanding = sum(c.count for c in cohorts)
    return Summary(outstanding=outstanding, valid=valid, expired=outstanding - valid,
                   expiring_30d=expiring,
                   issued_30d=sum(e.issued for e in history if e.on >= since),
                   redeemed_30d=sum(e.redeemed for e in history if e.on >= since),
                   first_expiry=first)
