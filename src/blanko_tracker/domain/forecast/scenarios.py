"""From what was observed to the engine's inputs, with a what-if scenario laid over it.

Rules held here:
- a scenario replaces any observed input and writes nothing; an overridden mean keeps the
  observed relative variability (sd and standard error scale with it);
- ignoring planned shipments drops every arrival that is a shipment (extra what-if shipments
  stay), and frees the warehouse blanks promised to them;
- a pool's overridden capacity or inflow is its total, split among its regencies in
  proportion to what each was observed to do (evenly when none was);
- a regency's need is print debt + forecast inflow over the horizon's working days − on hand
  − incoming, at least 0 (the print-ready count the ministry allocates by);
- blanks held above a pool's regencies, and a scenario's extra shipments to the pool, are
  forwarded to the regencies by need (`allocation.forward_by_need`) on the day they are on
  hand; what none needs stays at the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from blanko_tracker.domain import allocation, calendar
from blanko_tracker.domain.forecast.answers import whole
from blanko_tracker.domain.forecast.model import Arrival, ForecastInputs
from blanko_tracker.domain.forecast.observations import Observed, Subtree


@dataclass(frozen=True)
class Overrides:
    """A what-if scenario: any observed input replaced; nothing is written."""

    daily_capacity: float | None = None
    daily_inflow: float | None = None
    spoilage_rate: float | None = None
    extra_shipments: tuple[Arrival, ...] = ()
    ignore_planned: bool = False
    extra_printers: tuple[int, ...] = ()  # each one's rated cards a working day


def inputs_for(seen: Observed, as_of: date, horizon_days: int, what_if: Overrides
               ) -> ForecastInputs:
    arrivals = tuple(a for a in seen.arrivals
                     if not (what_if.ignore_planned and a.shipment_id is not None))
    capacity = seen.capacity if what_if.daily_capacity is None else what_if.daily_capacity
    if what_if.extra_printers:
        capacity = with_printers(capacity, seen.printers, sum(what_if.extra_printers))
    inflow = seen.inflow if what_if.daily_inflow is None else what_if.daily_inflow
    return ForecastInputs(
        as_of=as_of, horizon_days=horizon_days, print_debt=seen.debt, on_hand=seen.on_hand,
        arrivals=arrivals + tuple(what_if.extra_shipments),
        daily_capacity=capacity,
        capacity_sd=_scaled(seen.capacity_sd, seen.capacity, capacity),
        daily_inflow=inflow, inflow_sd=_scaled(seen.inflow_sd, seen.inflow, inflow),
        spoilage_rate=seen.spoilage if what_if.spoilage_rate is None else what_if.spoilage_rate,
        capacity_se=_scaled(seen.capacity_se, seen.capacity, capacity),
        inflow_se=_scaled(seen.inflow_se, seen.inflow, inflow),
    )


def _scaled(sd: float, mean: float, new_mean: float) -> float:
    return sd * new_mean / mean if mean else 0.0


def with_printers(capacity: float, rated: int | None, extra: int) -> float:
    """A regency's capacity with `extra` rated cards a day of printers more. Where its
    printers are on record (`rated`, the active ones' sum) they are what limits it, so the
    new ones print as the old ones do (a second equal printer doubles it); otherwise each
    new one adds what it is rated for."""
    return capacity * (rated + extra) / rated if rated else capacity + extra


def pool_inputs(subtree: Subtree, as_of: date, horizon_days: int, what_if: Overrides
                ) -> tuple[dict[str, ForecastInputs], tuple[Arrival, ...]]:
    """Each regency's forecast inputs in a pool, with the blanks forwarded to it, and the
    blanks that stay above the regencies (held at a warehouse, by day)."""
    seen = subtree.regencies
    total = what_if.daily_capacity
    if what_if.extra_printers:  # a pool's new printers add to its capacity, shared as it is
        total = (sum(o.capacity for o in seen.values()) if total is None else total) + sum(
            what_if.extra_printers)
    capacity = split(total, {c: o.capacity for c, o in seen.items()})
    inflow = split(what_if.daily_inflow, {c: o.inflow for c, o in seen.items()})
    members = {
        code: inputs_for(o, as_of, horizon_days, replace(
            what_if, daily_capacity=capacity[code], daily_inflow=inflow[code],
            extra_shipments=(), extra_printers=()))
        for code, o in seen.items()
    }
    held = subtree.held(ignore_planned=what_if.ignore_planned) + [
        allocation.Held(max(a.on, as_of), subtree.code, a.quantity)
        for a in what_if.extra_shipments]
    if not held:
        return members, ()
    ahead = working_days_ahead(as_of, horizon_days)
    needs = {code: need(inputs, ahead) for code, inputs in members.items()}
    received, kept = allocation.forward_by_need(held, needs)
    for code, lots in received.items():
        extra = tuple(Arrival(on=max(day, as_of), quantity=q) for day, q in lots)
        members[code] = replace(members[code], arrivals=members[code].arrivals + extra)
    return members, tuple(Arrival(on=day, quantity=q) for day, q in kept)


def forwarding_note(subtree: Subtree, what_if: Overrides, kept: tuple[Arrival, ...]
                    ) -> str | None:
    """What a pool's forecast tells its reader about the blanks above its regencies (None
    when there are none); `kept` as `pool_inputs` returned it."""
    held = subtree.held(ignore_planned=what_if.ignore_planned)
    forwarded = (sum(lot.quantity for lot in held)
                 + sum(a.quantity for a in what_if.extra_shipments))
    if not forwarded:
        return None
    stays = sum(a.quantity for a in kept)
    return (f"{forwarded:,} blanks held or arriving above the regencies are forwarded to them "
            "in proportion to need on the day they are on hand"
            + (f"; {stays:,} are needed by none and stay at the warehouse" if stays else ""))


def split(total: float | None, observed: dict[str, float]) -> dict[str, float | None]:
    """A pool's overridden total split in proportion to what was observed (evenly when
    nothing was); None (not overridden) stays None for every regency."""
    if total is None:
        return dict.fromkeys(observed)
    whole = sum(observed.values())
    if whole <= 0:
        return {code: total / len(observed) for code in observed}
    return {code: total * value / whole for code, value in observed.items()}


def working_days_ahead(as_of: date, horizon_days: int) -> int:
    """Working days in the horizon: the days after `as_of` on which records come in."""
    return len(calendar.working_days(as_of + timedelta(days=1),
                                     as_of + timedelta(days=horizon_days)))


def need(inputs: ForecastInputs, horizon_working: int) -> int:
    """Blanks to print the print debt and the forecast inflow over `horizon_working` days —
    spoiled cards use blanks too, so cards ÷ (1 − spoilage) — less on hand and incoming; ≥ 0.
    Short of the spoiled share, a regency given exactly its need runs out a few cards before
    its debt is paid."""
    cards = inputs.print_debt + inputs.daily_inflow * horizon_working
    return max(0, whole(cards / (1.0 - inputs.spoilage_rate) - inputs.on_hand
                        - sum(a.quantity for a in inputs.arrivals)))
