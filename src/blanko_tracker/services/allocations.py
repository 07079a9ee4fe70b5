"""Committing an installment plan: planned shipments, all or none."""

from __future__ import annotations

from typing import Any

from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.schemas import CommitAllocation, CreateShipment
from blanko_tracker.services.shipments import create_shipment


async def commit_allocation(cmd: CommitAllocation, *, actor: Actor) -> list[dict[str, Any]]:
    """One planned shipment per line, in one transaction: a refused line refuses them all."""
    authorize(actor, Action.SHIP, cmd.source)
    regions = [line.region for line in cmd.items]
    if len(set(regions)) != len(regions):
        raise InvalidInput("items", "each region appears once in a plan",
                           rule="region_twice_in_plan")
    note = f"installment {cmd.installment} plan" if cmd.installment else "installment plan"
    async with write_transaction():
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
