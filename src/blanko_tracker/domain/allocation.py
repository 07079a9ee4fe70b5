"""Installment planning: splitting the ministry's next tranche of blanks among regencies.

Rules held here:
- each regency's need (print debt + forecast inflow − on hand − incoming, at least 0) is
  computed by the caller; a plan never gives a regency more than its need, gives a
  zero-need regency nothing, and allocates min(tranche, Σ need) in whole blanks;
- `proportional` splits in proportion to need by largest remainder (Hamilton's method);
- `earliest_repayment` gives blanks, chunk by chunk, to the regency whose P50 repayment is
  latest, bringing the latest repayment forward most;
- ties go to the lower region code, so a plan is the same every time it is asked for;
- a committed plan never promises more than its source will have: the source's on hand
  less what planned shipments out of it already promise (`uncommitted`, `check_commitment`);
- `forward_by_need`: blanks held above the regencies (a province's or the national
  warehouse's, or arriving there) go down to the regencies under where they are, split
  proportionally to what each still needs, on the day they are on hand; what no regency
  needs stays where it is.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from blanko_tracker.domain.errors import InsufficientStock, InvalidInput
from blanko_tracker.domain.regions import within


@dataclass(frozen=True, slots=True)
class Need:
    region: str
    need: int  # max(0, print debt + forecast inflow − on hand − incoming), by the caller


def proportional(quantity: int, needs: list[Need]) -> dict[str, int]:
    """`quantity` blanks split in proportion to need, in whole blanks, for every region given.

    Each gets the whole part of its exact share; the blanks left over go one each to the
    largest fractional parts. Exact shares never exceed a need (the tranche is split only
    when it is smaller than the total need), so neither does a share rounded up.
    """
    _check(quantity, needs)
    total = sum(n.need for n in needs)
    if quantity >= total:
        return {n.region: n.need for n in needs}
    # Integer arithmetic: share = quantity·need / total exactly, as (whole, remainder/total).
    shares = {n.region: divmod(quantity * n.need, total) for n in needs}
    plan = {region: whole for region, (whole, _) in shares.items()}
    left = quantity - sum(plan.values())
    by_remainder = sorted(shares, key=lambda region: (-shares[region][1], region))
    for region in by_remainder[:left]:
        plan[region] += 1
    return plan


def earliest_repayment(
    quantity: int,
    needs: list[Need],
    repaid_after: Callable[[str, int], date | None],
    *,
    step: int | None = None,
) -> dict[str, int]:
    """`quantity` blanks given where they bring the latest P50 repayment date forward most.

    Greedy, in chunks of `step` blanks (default max(1, quantity // 200)): each chunk goes to
    the region whose P50 repayment date with what it has so far — `repaid_after(region,
    blanks_given)`, None meaning not within the horizon, the latest of all — is the latest,
    never beyond its need, until min(quantity, Σ need) is given.

    What it optimises: the latest P50 repayment date among the regions — the day the whole
    parent is repaid — by always spending the next chunk on the region that sets it. Greedy,
    so the best the chunks allow one at a time, not a proven optimum. `repaid_after` is
    asked once per region with need and once per chunk given (while need remains).
    """
    _check(quantity, needs)
    step = max(1, quantity // 200) if step is None else step
    if step < 1:
        raise InvalidInput("step", "must be 1 or more", rule="at_least", values={"limit": 1})
    need = {n.region: n.need for n in needs}
    plan = dict.fromkeys(need, 0)
    waiting = [_latest_first(n.region, repaid_after(n.region, 0)) for n in needs if n.need > 0]
    heapq.heapify(waiting)
    left = min(quantity, sum(need.values()))
    while left > 0:
        *_, region = heapq.heappop(waiting)
        given = min(step, need[region] - plan[region], left)
        plan[region] += given
        left -= given
        if plan[region] < need[region]:
            heapq.heappush(waiting, _latest_first(region, repaid_after(region, plan[region])))
    return plan


def _latest_first(region: str, repaid_on: date | None) -> tuple[int, int, str]:
    """A min-heap key putting "never" first, then the latest date, then the lowest code."""
    if repaid_on is None:
        return (0, 0, region)
    return (1, -repaid_on.toordinal(), region)


def _check(quantity: int, needs: list[Need]) -> None:
    if quantity < 0:
        raise InvalidInput("quantity", "must be 0 or more", rule="non_negative")
    if any(n.need < 0 for n in needs):
        raise InvalidInput("need", "must be 0 or more", rule="non_negative")
    if len({n.region for n in needs}) != len(needs):
        raise InvalidInput("region", "each region may appear once",
                           rule="region_twice_in_plan")


def uncommitted(on_hand: int, planned_out: int) -> int:
    """Blanks at a source free to plan: on hand less what planned shipments already
    promise (those blanks leave when the shipments are dispatched), at least 0."""
    return max(0, on_hand - planned_out)


def check_commitment(source: str, *, on_hand: int, planned_out: int, quantity: int) -> None:
    """Refuses a plan of `quantity` blanks out of `source` beyond what it has free.

    Two installments planned against the same shelf would both look covered until the
    second dispatch fails; refusing at planning time keeps every promise one that can be
    kept. Raises InsufficientStock with what is free as `available`.
    """
    free = uncommitted(on_hand, planned_out)
    if quantity > free:
        raise InsufficientStock(region=source, requested=quantity, available=free)


@dataclass(frozen=True, slots=True)
class Held:
    """Blanks on hand (or arriving) above the regencies: at `region`'s warehouse from `on`."""

    on: date
    region: str  # a province or the nation ("00"): the regencies under it may get them
    quantity: int


def forward_by_need(
    held: list[Held], needs: dict[str, int]
) -> tuple[dict[str, list[tuple[date, int]]], list[tuple[date, int]]]:
    """Where blanks held above the regencies go: to the regencies, by need, or nowhere.

    Taken in order of day (then region, then quantity, largest first), each lot is split
    `proportional`ly among the regencies under its region by the need they still have
    (`needs`, less what earlier lots gave them), on its own day. Returns, per regency, the
    (day, blanks) it receives, and the (day, blanks) left over because no regency under
    that warehouse needed them any more.
    """
    if any(lot.quantity < 0 for lot in held):
        raise InvalidInput("quantity", "must be 0 or more", rule="non_negative")
    left = dict(needs)
    received: dict[str, list[tuple[date, int]]] = {}
    kept: list[tuple[date, int]] = []
    for lot in sorted(held, key=lambda lot: (lot.on, lot.region, -lot.quantity)):
        under = [Need(code, need) for code, need in sorted(left.items())
                 if need > 0 and within(lot.region, code)]
        split = proportional(lot.quantity, under) if under else {}
        for code, quantity in split.items():
            if quantity:
                left[code] -= quantity
                received.setdefault(code, []).append((lot.on, quantity))
        if (rest := lot.quantity - sum(split.values())) > 0:
            kept.append((lot.on, rest))
    return received, kept
