"""The monthly blank report (*laporan bulanan blanko*): built from the stock card and the
print debt, by the day things happened. Reads only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from blanko_tracker.db import print_debt, regions, reports
from blanko_tracker.domain.print_debt import by_class, summed
from blanko_tracker.domain.regions import Level, within
from blanko_tracker.domain.reports import MonthlyRow, month_bounds

HOLDERS = ("national", "province", "regency")


async def monthly_report(code: str, month: str) -> dict[str, Any]:
    """One row for the region (its whole subtree) and, above regency level, one per child."""
    region = await regions.known(code)
    first, last = month_bounds(month)
    children = []
    if region.level in (Level.NATIONAL, Level.PROVINCE):
        children, _ = await regions.children(code, limit=1000, offset=0)
    rows = [MonthlyRow(region=code, name=region.name)]
    rows += [MonthlyRow(region=child.code, name=child.name) for child in children]
    holders = await regions.subtree(code, HOLDERS)
    openings = await reports.opening_balances(holders, first)
    movements = await reports.month_movements(holders, first, last)
    debt_before = await print_debt.pending_of_regencies(code, first - timedelta(days=1))
    debt_after = await print_debt.pending_of_regencies(code, last)
    flows = await print_debt.flows_of_regencies(code, first, last)
    for row in rows:
        def mine(holder: str, row: MonthlyRow = row) -> bool:
            return within(row.region, holder)

        row.opening = sum(q for holder, q in openings.items() if mine(holder))
        for movement in movements:
            if mine(movement.region):
                row.add(movement.kind, movement.quantity, movement.reason)
        row.close()
        row.print_debt_opening = sum(d.pending for r, d in debt_before.items() if mine(r))
        row.print_debt_closing = sum(d.pending for r, d in debt_after.items() if mine(r))
        row.print_debt_closing_by_class = by_class(summed(
            d.classes for r, d in debt_after.items() if mine(r)))
        row.recorded = sum(recorded for r, (recorded, _) in flows.items() if mine(r))
    return {"region": code, "name": region.name, "month": month, "rows": rows}
