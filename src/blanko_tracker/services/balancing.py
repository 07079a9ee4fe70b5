"""Balancing a province by loans between its regencies: a preview that writes nothing, and a
commit that creates the loans all or none (domain/balancing.py decides)."""

from __future__ import annotations

from datetime import date

from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import balancing
from blanko_tracker.domain import loans as loan_rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas.balancing import (
    BalancingItem,
    BalancingPlan,
    CommitBalancing,
    RegionCover,
)
from blanko_tracker.schemas.loans import LoanOut
from blanko_tracker.services import loans
from blanko_tracker.services.common import require_stock_region, utcnow
from blanko_tracker.services.forecasting import regency_inputs

HORIZON_DAYS = 30


def daily_use(inputs) -> float:
    """Blanks a working day's printing uses, as the forecast sees it: its printing capacity
    while cards are owed, else what new records ask for, spoiled blanks included."""
    cards = inputs.daily_capacity if inputs.print_debt > 0 else min(inputs.daily_capacity,
                                                                   inputs.daily_inflow)
    return cards / (1.0 - inputs.spoilage_rate)


async def holdings(parent: str, today: date) -> list[balancing.Holding]:
    found = await regency_inputs(parent, today, HORIZON_DAYS)
    return [balancing.Holding(region=code, on_hand=inputs.on_hand, daily_use=daily_use(inputs))
            for code, inputs in sorted(found.items())]


async def plan_balancing(parent: str, keep_days: int, *, actor: Actor) -> BalancingPlan:
    """Writes nothing: the loans, and each regency's days of cover before and after."""
    authorize(actor, Action.READ, parent)
    await require_stock_region(parent, field="parent")
    held = await holdings(parent, local_date(parent, utcnow()))
    moves = balancing.plan(held, keep_days)
    later = balancing.after(held, moves)
    return BalancingPlan(
        parent=parent,
        items=[BalancingItem(lender=m.lender, borrower=m.borrower, quantity=m.quantity)
               for m in moves],
        before=[RegionCover(region=h.region,
                            days_of_cover=balancing.days_of_cover(h.on_hand, h.daily_use))
                for h in held],
        after=[RegionCover(region=h.region,
                           days_of_cover=balancing.days_of_cover(later[h.region], h.daily_use))
               for h in held])


async def commit_balancing(cmd: CommitBalancing, *, actor: Actor) -> list[LoanOut]:
    """Every loan of the plan, all or none (one refused, none written)."""
    for item in cmd.items:
        loans.authorize_both(actor, item.lender, item.borrower)
        loan_rules.check_parties(item.lender, item.borrower)
    now = utcnow()
    for item in cmd.items:
        loan_rules.check_due(cmd.due_on, local_date(item.lender, now))
    made = []
    async with write_transaction():
        for item in cmd.items:
            await require_stock_region(item.lender, field="lender")
            await require_stock_region(item.borrower, field="borrower")
            loan, _ = await loans.lend(item.lender, item.borrower, item.quantity, cmd.due_on,
                                       actor=actor, note="balancing")
            made.append(loan)
    return [loans.loan_out(loan) for loan in made]
