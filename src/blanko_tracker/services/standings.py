"""Standings: a region and each of its children on one line of a head's dashboard — stock in
the subtree (and at the region itself), blanks on the road and those only planned, print
debt, the last 30 days' printing, days of stock left, and the repayment dates.

Reads own no transaction and write nothing; who may read what is checked by the caller
(`authorize(actor, Action.READ, code)`) before any of these run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from blanko_tracker.db import print_debt, regions, shipments, stock
from blanko_tracker.db.print_debt import RegencyDebt
from blanko_tracker.db.regions import RegionRow
from blanko_tracker.db.shipments import OpenShipment
from blanko_tracker.domain import calendar
from blanko_tracker.domain.print_debt import Classes, summed
from blanko_tracker.domain.regions import Level, regency_of, within
from blanko_tracker.services import forecasting

USAGE_WINDOW_DAYS = 30  # "days of stock left" divides by the printing of the last 30 days
# A line of the dashboard shows one P50 date: 200 paths put it within a day or two of the
# full forecast's (the region page's chart runs the full count) at a fifth of the cost.
STANDING_PATHS = 200


@dataclass(frozen=True, slots=True)
class Standing:
    """A region and its whole subtree as a head sees it on one line of the dashboard."""

    code: str
    name: str
    level: str
    on_hand: int  # in the subtree's warehouses
    incoming: int  # dispatched into the subtree from outside it: on the road (in transit)
    print_debt: int  # hutang cetak: cards owed to residents, summed over regencies
    debt_classes: Classes  # print_debt by class (domain.print_debt.PRIORITY order)
    printed_30d: int
    days_of_stock: int | None  # on hand at the last 30 days' printing pace; None: no printing
    repaid_p50: date | None = None
    not_repaid: bool = False  # the forecast's P50 path does not repay within two years
    planned: int = 0  # planned into the subtree, not dispatched yet: a promise, not stock
    own_on_hand: int = 0  # at the region itself (a warehouse's own shelves)
    reported: bool = True  # some regency in the subtree ever reported its print debt
    repaid_p10: date | None = None
    repaid_p90: date | None = None
    unrepaid: str | None = None  # why not repaid (forecasting.answer_region), a catalogue key

    @property
    def urgency(self) -> tuple[int, int, int]:
        """Sorts the most pressing first: not repaid, then the later repayment, bigger debt."""
        repaid = self.repaid_p50.toordinal() if self.repaid_p50 else 0
        return (0 if self.not_repaid else 1, -repaid, -self.print_debt)


@dataclass(frozen=True, slots=True)
class _Ledgers:
    """What the lines under one region are summed from, read once for all of them."""

    balances: dict[str, int]
    open_shipments: list[OpenShipment]
    debts: dict[str, RegencyDebt]
    flows: dict[str, tuple[int, int]]
    working: int  # working days in the usage window


async def _ledgers(code: str, today: date) -> _Ledgers:
    start = today - timedelta(days=USAGE_WINDOW_DAYS - 1)
    return _Ledgers(balances=await stock.on_hand_under(code),
                    open_shipments=await shipments.open_into(code),
                    debts=await print_debt.pending_of_regencies(code, today),
                    flows=await print_debt.flows_of_regencies(code, start, today),
                    working=len(calendar.working_days(start, today)))


def _figures(row: RegionRow, ledgers: _Ledgers) -> Standing:
    """`row`'s subtree summed from `ledgers` (read at `row` or above it)."""
    sub = row.code
    on_hand = sum(q for r, q in ledgers.balances.items() if within(sub, r))
    printed = sum(p for r, (_, p) in ledgers.flows.items() if within(sub, r))
    pace = printed / ledgers.working if ledgers.working else 0.0
    into = [s for s in ledgers.open_shipments
            if within(sub, s.destination) and not within(sub, s.source)]
    debts = ledgers.debts
    return Standing(
        code=sub, name=row.name, level=row.level, on_hand=on_hand,
        incoming=sum(s.quantity for s in into if s.status == "dispatched"),
        planned=sum(s.quantity for s in into if s.status == "planned"),
        own_on_hand=ledgers.balances.get(sub, 0),
        reported=any(within(sub, r) for r in debts),
        print_debt=sum(d.pending for r, d in debts.items() if within(sub, r)),
        debt_classes=summed(d.classes for r, d in debts.items() if within(sub, r)),
        printed_30d=printed,
        days_of_stock=int(on_hand / pace) if pace > 0 else None,
    )


async def regency_standings(code: str, today: date) -> list[Standing]:
    """One standing per regency at or under `code` (the nation, a province, or a regency
    itself), in code order, with no forecast: the lines a public stock list shows."""
    await regions.known(code)
    ledgers = await _ledgers(code, today)
    holders = await regions.stock_holders()
    # Each regency's own slice of the ledgers (its districts with it), so the nation's 500
    # lines are summed in one pass rather than each over the whole country.
    slices: dict[str, _Ledgers] = {}
    for regency in (row.code for row in holders.values()
                    if row.level is Level.REGENCY and within(code, row.code)):
        slices[regency] = _Ledgers(balances={}, open_shipments=[], debts={}, flows={},
                                   working=ledgers.working)
    for key, quantity in ledgers.balances.items():
        if (mine := slices.get(regency_of(key) or "")) is not None:
            mine.balances[key] = quantity
    for key, debt in ledgers.debts.items():
        if (mine := slices.get(regency_of(key) or "")) is not None:
            mine.debts[key] = debt
    for key, flow in ledgers.flows.items():
        if (mine := slices.get(regency_of(key) or "")) is not None:
            mine.flows[key] = flow
    for shipment in ledgers.open_shipments:
        if (mine := slices.get(regency_of(shipment.destination) or "")) is not None:
            mine.open_shipments.append(shipment)
    return [_figures(holders[regency], mine) for regency, mine in slices.items()]


async def standings(code: str, today: date, *, forecast_own: bool, forecast_children: bool,
                    horizon_days: int = 180) -> tuple[Standing, list[Standing]]:
    """`code`'s own standing and one per child region (none below a regency), each with its
    P50 repayment when asked (a page that draws the region's full forecast does not ask)."""
    region = await regions.known(code)
    children: list[RegionRow] = []
    if region.level in (Level.NATIONAL, Level.PROVINCE):
        children, _ = await regions.children(code, limit=1000, offset=0)
    ledgers = await _ledgers(code, today)

    async def standing(row: RegionRow, with_forecast: bool) -> Standing:
        figures = _figures(row, ledgers)
        if not with_forecast or figures.print_debt == 0:
            return figures
        answer = await forecasting.answer_region(row.code, today, horizon_days,
                                                 paths=STANDING_PATHS)
        repaid = answer["result"].repaid_on
        return replace(figures, repaid_p50=repaid["p50"], repaid_p10=repaid["p10"],
                       repaid_p90=repaid["p90"], not_repaid=repaid["p50"] is None,
                       unrepaid=answer["unrepaid"])

    own = await standing(region, forecast_own)
    rows = [await standing(child, forecast_children) for child in children]
    return own, sorted(rows, key=lambda s: s.urgency)
