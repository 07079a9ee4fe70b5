"""Destruction minutes (*berita acara pemusnahan*): spoiled and surrendered cards awaiting
destruction at a regency, and the minutes that destroy them.

Rules held here:
- what awaits destruction at a regency = the spoiled blanks it logged (print runs and
  mobile-service kits, by cause) + the old cards residents surrendered − what its minutes
  already destroyed, each of the two piles on its own;
- a minute destroys at least one card, never more of a pile than awaits
  (DestructionOverAwaiting), and is signed by at least two different witnesses;
- the oldest cards go first: a minute's spoiled cards are taken from the oldest spoiled
  days, so its counts by cause and the day the oldest card still waiting was spoiled follow
  from the history alone;
- a minute's number is `BA-PMS/{regency}/{year}/{seq}`, seq counting from 1 per regency and
  year of the minute's day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from blanko_tracker.domain.errors import InvalidInput, RuleViolated

UNSPECIFIED = "unspecified"  # a spoiled line logged without its cause (older entries)
OVERDUE_AFTER_DAYS = 30  # spoiled cards are burned within a month (SE 400.8.1.2/202241)


class DestructionOverAwaiting(RuleViolated):
    """More spoiled or surrendered cards in a minute than await destruction."""

    code = "destruction_over_awaiting"

    def context(self) -> dict[str, object]:
        return {"region": self.values["region"], "pile": self.values["pile"],
                "awaiting": self.values["awaiting"], "asked": self.values["asked"]}


@dataclass(frozen=True, slots=True)
class SpoiledLot:
    """Blanks spoiled at a regency on a day, of one cause (signed: a reversal is negative)."""

    on: date
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class Awaiting:
    """A regency's cards awaiting destruction, and the day its oldest spoiled one was spoiled
    (None when no spoiled card waits)."""

    region: str
    spoiled: int
    surrendered: int
    oldest_on: date | None
    spoiled_by_reason: dict[str, int]


def _remaining(lots: Iterable[SpoiledLot], destroyed: int) -> list[SpoiledLot]:
    """The lots still waiting once `destroyed` spoiled cards were taken, oldest first.

    Lots of one day and cause are netted first (a reversed print run gives its spoiled
    blanks back on the day they were spoiled)."""
    netted: dict[tuple[date, str], int] = {}
    for lot in lots:
        key = (lot.on, lot.reason or UNSPECIFIED)
        netted[key] = netted.get(key, 0) + lot.count
    left = destroyed
    remaining = []
    for (on, reason), count in sorted(netted.items()):
        if count <= 0:
            continue
        taken = min(count, left)
        left -= taken
        if count > taken:
            remaining.append(SpoiledLot(on, reason, count - taken))
    return remaining


def awaiting(region: str, lots: Iterable[SpoiledLot], surrendered: int, *,
             destroyed_spoiled: int, destroyed_surrendered: int) -> Awaiting:
    """What awaits destruction at `region` from its whole history."""
    remaining = _remaining(lots, destroyed_spoiled)
    by_reason: dict[str, int] = {}
    for lot in remaining:
        by_reason[lot.reason] = by_reason.get(lot.reason, 0) + lot.count
    return Awaiting(region=region, spoiled=sum(lot.count for lot in remaining),
                    surrendered=max(surrendered - destroyed_surrendered, 0),
                    oldest_on=remaining[0].on if remaining else None,
                    spoiled_by_reason=by_reason)


def take(held: Awaiting, spoiled: int, surrendered: int, lots: Iterable[SpoiledLot], *,
         destroyed_spoiled: int) -> dict[str, int]:
    """The spoiled cards a minute destroys, by cause (oldest first).

    Raises InvalidInput for a minute that destroys nothing, DestructionOverAwaiting for
    more of either pile than awaits."""
    if spoiled + surrendered == 0:
        raise InvalidInput("spoiled", "a minute destroys at least one card",
                           rule="destruction_nothing")
    for pile, asked, waiting in (("spoiled", spoiled, held.spoiled),
                                 ("surrendered", surrendered, held.surrendered)):
        if asked > waiting:
            raise DestructionOverAwaiting(
                f"{held.region} has {waiting:,} {pile} cards awaiting destruction; "
                f"{asked:,} cannot be destroyed.", rule=f"destruction_over_{pile}",
                values={"region": held.region, "pile": pile, "awaiting": waiting,
                        "asked": asked})
    by_reason: dict[str, int] = {}
    left = spoiled
    for lot in _remaining(lots, destroyed_spoiled):
        if left == 0:
            break
        taken = min(lot.count, left)
        by_reason[lot.reason] = by_reason.get(lot.reason, 0) + taken
        left -= taken
    return by_reason


def witnesses(names: Iterable[str]) -> list[str]:
    """The witnesses as they sign: trimmed, at least two different people."""
    signed = [" ".join(name.split()) for name in names]
    if any(not name for name in signed):
        raise InvalidInput("witnesses", "a witness needs a name", rule="witness_unnamed")
    if len({name.casefold() for name in signed}) != len(signed):
        raise InvalidInput("witnesses", "each witness signs once: the names must differ",
                           rule="witnesses_repeated")
    if len(signed) < 2:
        raise InvalidInput("witnesses", "a minute needs at least two witnesses",
                           rule="witnesses_too_few", values={"count": len(signed)})
    return signed


def number(region: str, year: int, seq: int) -> str:
    """`BA-PMS/75.05/2026/007`: the minute's number, as it is filed."""
    return f"BA-PMS/{region}/{year}/{seq:03d}"


def overdue(held: Awaiting, today: date) -> bool:
    """Spoiled cards have waited more than 30 days."""
    return held.oldest_on is not None and (today - held.oldest_on).days > OVERDUE_AFTER_DAYS
