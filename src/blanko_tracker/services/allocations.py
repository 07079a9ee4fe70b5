"""Installment planning: a tranche split among regencies by need (a read), and a plan
committed as planned shipments, all or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from blanko_tracker.db import shipments, stock
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import allocation
from blanko_tracker.domain import forecast as engine
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.forecast import ForecastInputs
from blanko_tracker.domain.forecast.answers import why_not_repaid
from blanko_tracker.domain.forecast.scenarios import need, working_days_ahead
from blanko_tracker.schemas import CommitAllocation, CreateShipment
from blanko_tracker.services.forecasting import regency_inputs
from blanko_tracker.services.shipments import create_shipment

# Planning runs two forecasts per regency with a need (before and after its share), and the
# earliest-repayment policy many more: fewer paths, same seed.
PLAN_PATHS = 100


async def plan_allocation(parent: str, quantity: int, as_of: date, horizon_days: int,
                          policy: str) -> dict[str, Any]:
    """Split a tranche among the regencies under `parent` by need; writes nothing."""
    all_inputs = await regency_inputs(parent, as_of, horizon_days)
    ahead = working_days_ahead(as_of, horizon_days)
    base: dict[str, ForecastInputs] = {}
    needs: list[allocation.Need] = []
    for code, inputs in all_inputs.items():
        if (owed := need(inputs, ahead)) > 0:
            needs.append(allocation.Need(region=code, need=owed))
            base[code] = inputs

    def repaid_after(code: str, extra: int) -> date | None:
        inputs = replace(base[code], on_hand=base[code].on_hand + extra)
        return engine.forecast(inputs, n_paths=PLAN_PATHS).repaid_on["p50"]

    def repayment(code: str, extra: int) -> dict[str, Any]:
        """The P50 repayment day with `extra` blanks more, searched as far as the longest
        horizon when the plan's is too short (its inputs only say how far to simulate);
        without one, why not (a catalogue key, as a region's page says it)."""
        inputs = replace(base[code], on_hand=base[code].on_hand + extra)
        result = engine.forecast(inputs, n_paths=PLAN_PATHS)
        if result.repaid_on["p50"] is None and inputs.horizon_days < engine.MAX_HORIZON_DAYS:
            inputs = replace(inputs, horizon_days=engine.MAX_HORIZON_DAYS)
            result = engine.forecast(inputs, n_paths=PLAN_PATHS)
        on = result.repaid_on["p50"]
        return {"on": on, "unrepaid": None if on else why_not_repaid(
            inputs, stockout_on=result.stockout_on)}

    def repayments(code: str, share: int) -> dict[str, Any]:
        before, after = repayment(code, 0), repayment(code, share)
        return {"repaid_on_before": before["on"], "unrepaid_before": before["unrepaid"],
                "repaid_on_after": after["on"], "unrepaid_after": after["unrepaid"]}

    if policy == "earliest_repayment":
        split = allocation.earliest_repayment(quantity, needs, repaid_after)
    else:
        split = allocation.proportional(quantity, needs)
    items = [
        {"region": line.region, "print_debt": base[line.region].print_debt,
         "on_hand": base[line.region].on_hand,
         "incoming": sum(a.quantity for a in base[line.region].arrivals), "need": line.need,
         "quantity": split.get(line.region, 0),
         **repayments(line.region, split.get(line.region, 0))}
        for line in needs
    ]
    return {"parent": parent, "quantity": quantity, "policy": policy,
            "allocated": sum(item["quantity"] for item in items), "items": items}


async def source_of_plan(source: str) -> dict[str, int]:
    """What a plan out of `source` can draw on: on hand, already promised to planned
    shipments out of it, and what is free (the most a commit may ship). A read."""
    on_hand = await stock.on_hand(source)
    planned_out = await shipments.planned_out_of(source)
    return {"on_hand": on_hand, "planned_out": planned_out,
            "free": allocation.uncommitted(on_hand, planned_out)}


async def commit_allocation(cmd: CommitAllocation, *, actor: Actor) -> list[dict[str, Any]]:
    """One planned shipment per line, in one transaction: a refused line refuses them all."""
    authorize(actor, Action.SHIP, cmd.source)
    regions = [line.region for line in cmd.items]
    if len(set(regions)) != len(regions):
        raise InvalidInput("items", "each region appears once in a plan",
                           rule="region_twice_in_plan")
    note = f"installment {cmd.installment} plan" if cmd.installment else "installment plan"
    async with write_transaction():
        # The source's balance row is locked first, so two plans committed at once out of
        # the same warehouse are checked one after the other against what is free.
        on_hand = await stock.lock_balance(cmd.source)
        allocation.check_commitment(cmd.source, on_hand=on_hand,
                                    planned_out=await shipments.planned_out_of(cmd.source),
                                    quantity=sum(line.quantity for line in cmd.items))
        return [
            await create_shipment(
                CreateShipment(source=cmd.source, destination=line.region,
                               quantity=line.quantity, installment=cmd.installment,
                               expected_on=cmd.expected_on,
                               note=note),
                actor=actor,
            )
            for line in cmd.items
        ]
