"""Read models the API and the pages share: a region's figures, its children's, the alerts.

Reads own no transaction and write nothing; who may read what is checked by the caller
(`authorize(actor, Action.READ, code)`) before any of these run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from blanko_tracker.db import (
    alerts,
    indicators,
    print_debt,
    regions,
    serials,
    shipments,
    stock,
    stock_requests,
)
from blanko_tracker.db.engine import is_sqlite
from blanko_tracker.db.transaction import in_transaction
from blanko_tracker.domain import calendar
from blanko_tracker.domain import indicators as rules
from blanko_tracker.domain import stock_requests as request_rules
from blanko_tracker.domain.access import Actor
from blanko_tracker.domain.errors import NotFound, OutOfScope
from blanko_tracker.domain.indicators import Figures
from blanko_tracker.domain.regions import Level, within
from blanko_tracker.domain.stock_requests import RequestStatus
from blanko_tracker.schemas import (
    ForecastOut,
    Gaps,
    IncomingOut,
    IndicatorsOut,
    Rates,
    RepaidOn,
    SeriesPoint,
    ShipmentOut,
    StockLevel,
    StockRequestOut,
)
from blanko_tracker.services import forecasting
from blanko_tracker.services.grouping import Grouped

OVERDUE_AFTER = timedelta(days=3)  # dispatched, not received, this long past expected_on
WAITING_AFTER = timedelta(days=7)  # submitted and undecided this long
USAGE_WINDOW_DAYS = 30  # "days of stock left" divides by the printing of the last 30 days
# A line of the dashboard shows one P50 date: 200 paths put it within a day or two of the
# full forecast's (the region page's chart runs the full count) at a fifth of the cost.
STANDING_PATHS = 200


async def stock_levels(codes: list[str]) -> list[StockLevel]:
    """Each region's own warehouse: on hand, and blanks dispatched / planned to it."""
    on_hand = await stock.on_hand_of(codes)
    incoming = await shipments.incoming_of(codes)
    return [
        StockLevel(
            region=code, on_hand=on_hand.get(code, 0),
            incoming_dispatched=incoming.get(code, (0, 0))[0],
            incoming_planned=incoming.get(code, (0, 0))[1],
        )
        for code in codes
    ]


async def stock_level(code: str) -> StockLevel:
    """`stock_levels` of one region, in one statement; on PostgreSQL outside a transaction,
    the levels asked for while one such statement runs share the next one."""
    if in_transaction() or is_sqlite():  # SQLite: a statement costs no round trip
        return _level(code, await stock.level(code))
    return await stock_level_reads.submit(code)


async def _stock_levels_of(codes: list[str]) -> list[StockLevel | Exception]:
    levels = await stock.levels(list(dict.fromkeys(codes)))
    return [_level(code, levels[code]) for code in codes]


def _level(code: str, level: tuple[int, int, int]) -> StockLevel:
    on_hand, dispatched, planned = level
    return StockLevel(region=code, on_hand=on_hand, incoming_dispatched=dispatched,
                      incoming_planned=planned)


stock_level_reads: Grouped[str, StockLevel] = Grouped(_stock_levels_of)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def indicator_view(code: str, day: date) -> IndicatorsOut:
    """The latest figures on or before `day` (summed over regencies), rates, targets, gaps."""
    rows = await indicators.latest_of_regencies(code, day)
    figures = rules.total([Figures(**{k: row[k] for k in indicators.FIGURES}) for row in rows])
    targets = await indicators.targets_for(code, day.year)
    debt = await print_debt.pending_of_regencies(code, day)
    return IndicatorsOut(
        region=code,
        date=max((_as_date(row["day"]) for row in rows), default=None),
        wajib_ktp=figures.wajib_ktp, recorded=figures.recorded, printed=figures.printed,
        ikd_activated=figures.ikd_activated, suket_outstanding=figures.suket_outstanding,
        recording_rate=rules.rate(figures.recorded, figures.wajib_ktp),
        ikd_rate=rules.rate(figures.ikd_activated, figures.recorded),
        print_debt=sum(pending for pending, _ in debt.values()),
        targets=Rates(**targets),
        gaps=Gaps(
            recording=rules.gap(targets["recording_rate"], figures.wajib_ktp, figures.recorded),
            ikd=rules.gap(targets["ikd_rate"], figures.recorded, figures.ikd_activated),
        ),
        regencies_reporting=len(rows),
    )


@dataclass(frozen=True, slots=True)
class AlertFacts:
    """One thing to act on today, as facts; the API words it in English (`english`), the
    pages in the reader's language."""

    region: str
    kind: str  # stockout_soon | shipment_overdue | request_waiting
    since: date
    on: date  # the stock-out day, the day a shipment was expected, the day a request came
    quantity: int  # cards owed; blanks shipped; blanks requested
    subject_id: int | None = None  # the shipment or request
    other: str = ""  # the shipment's source; the request's supplier

    def english(self) -> str:
        if self.kind == "stockout_soon":
            return f"stock runs out around {self.on.isoformat()} with {self.quantity:,} cards owed"
        if self.kind == "shipment_overdue":
            return (f"shipment {self.subject_id} of {self.quantity:,} blanks from {self.other} "
                    f"was expected on {self.on.isoformat()}")
        return (f"request {self.subject_id} for {self.quantity:,} blanks to {self.other} "
                f"submitted on {self.on.isoformat()}")


async def alerts_of(code: str, today: date, now: datetime) -> list[AlertFacts]:
    """What needs acting on today: stock-outs within two weeks while debt remains,
    shipments more than 3 days overdue, requests waiting more than 7 days."""
    items = [
        AlertFacts(region=r, kind="stockout_soon", since=today, on=day, quantity=debt)
        for r, day, debt in await forecasting.stockouts_soon(code, today)
    ]
    items += [
        AlertFacts(region=s["destination"], kind="shipment_overdue",
                   since=s["expected_on"] + OVERDUE_AFTER, on=s["expected_on"],
                   quantity=s["quantity"], subject_id=s["id"], other=s["source"])
        for s in await alerts.overdue_shipments(code, today - OVERDUE_AFTER)
    ]
    items += [
        AlertFacts(region=r["region"], kind="request_waiting",
                   since=r["created_at"].date() + WAITING_AFTER, on=r["created_at"].date(),
                   quantity=r["quantity"], subject_id=r["id"], other=r["supplier"])
        for r in await alerts.waiting_requests(code, now - WAITING_AFTER)
    ]
    return items


async def shipment_views(rows: list[dict[str, Any]]) -> list[ShipmentOut]:
    ranges = await serials.of_shipments([row["id"] for row in rows])
    return [ShipmentOut.from_row(row, ranges.get(row["id"], [])) for row in rows]


async def shipment_view(row: dict[str, Any]) -> ShipmentOut:
    return (await shipment_views([row]))[0]


async def visible_shipment(shipment_id: int, actor: Actor) -> ShipmentOut:
    """A shipment from or to the caller's scope (403 otherwise, 404 if there is none)."""
    row = await shipments.get(shipment_id)
    if row is None:
        raise NotFound("shipment", shipment_id)
    if not shipments.touches(actor.region, row):
        raise OutOfScope(actor.region, row["destination"])
    return await shipment_view(row)


def forecast_view(code: str, answer: dict[str, Any]) -> ForecastOut:
    inputs, result = answer["inputs"], answer["result"]
    return ForecastOut(
        region=code, as_of=inputs.as_of, horizon_days=inputs.horizon_days,
        print_debt=inputs.print_debt, on_hand=inputs.on_hand,
        incoming=[IncomingOut(date=a.on, quantity=a.quantity, shipment_id=a.shipment_id)
                  for a in sorted(inputs.arrivals, key=lambda a: a.on)],
        daily_capacity=round(inputs.daily_capacity, 1),
        daily_inflow=round(inputs.daily_inflow, 1),
        spoilage_rate=round(inputs.spoilage_rate, 4),
        repaid_on=RepaidOn(**result.repaid_on), stockout_on=result.stockout_on,
        shortfall=result.shortfall, recommended_request=result.recommended_request,
        series=[SeriesPoint(date=day, print_debt=debt, on_hand=stock, print_debt_p10=low,
                            print_debt_p90=high)
                for (day, debt, stock), (low, high) in zip(result.series, result.band,
                                                           strict=True)],
        notes=answer["notes"],
    )


async def request_views(rows: list[dict[str, Any]]) -> list[StockRequestOut]:
    """Rows with what their shipments delivered: received, owed, on its way."""
    totals = await stock_requests.fulfilment([row["id"] for row in rows])
    return [
        StockRequestOut(
            id=row["id"], region=row["region"], supplier=row["supplier"],
            quantity=row["quantity"], approved_quantity=row["approved_quantity"],
            status=row["status"], received_quantity=totals[row["id"]]["received"],
            owed=request_rules.owed(row["approved_quantity"], totals[row["id"]]["received"])
            if row["status"] in (RequestStatus.APPROVED, RequestStatus.FULFILLED) else 0,
            in_flight=totals[row["id"]]["in_flight"], needed_by=row["needed_by"],
            note=row["note"], decision_note=row["decision_note"], created_at=row["created_at"],
            created_by=row["created_by"],
        )
        for row in rows
    ]


async def request_view(row: dict[str, Any]) -> StockRequestOut:
    return (await request_views([row]))[0]


@dataclass(frozen=True, slots=True)
class Standing:
    """A region and its whole subtree as a head sees it on one line of the dashboard."""

    code: str
    name: str
    level: str
    on_hand: int  # in the subtree's warehouses
    incoming: int  # planned or dispatched into the subtree from outside it
    print_debt: int  # hutang cetak: cards owed to residents, summed over regencies
    printed_30d: int
    days_of_stock: int | None  # on hand at the last 30 days' printing pace; None: no printing
    repaid_p50: date | None = None
    not_repaid: bool = False  # the forecast's P50 path does not repay within the horizon

    @property
    def urgency(self) -> tuple[int, int, int]:
        """Sorts the most pressing first: not repaid, then the later repayment, bigger debt."""
        repaid = self.repaid_p50.toordinal() if self.repaid_p50 else 0
        return (0 if self.not_repaid else 1, -repaid, -self.print_debt)


async def standings(code: str, today: date, *, forecast_own: bool, forecast_children: bool,
                    horizon_days: int = 180) -> tuple[Standing, list[Standing]]:
    """`code`'s own standing and one per child region (none below a regency), each with its
    P50 repayment when asked (a page that draws the region's full forecast does not ask)."""
    region = await regions.known(code)
    children: list[dict[str, Any]] = []
    if Level(region["level"]) in (Level.NATIONAL, Level.PROVINCE):
        children, _ = await regions.children(code, limit=1000, offset=0)
    balances = await stock.on_hand_under(code)
    open_shipments = await shipments.open_into(code)
    debts = await print_debt.pending_of_regencies(code, today)
    flows = await print_debt.flows_of_regencies(
        code, today - timedelta(days=USAGE_WINDOW_DAYS - 1), today)
    working = len(calendar.working_days(today - timedelta(days=USAGE_WINDOW_DAYS - 1), today))

    async def standing(row: dict[str, Any], with_forecast: bool) -> Standing:
        sub = row["code"]
        on_hand = sum(q for r, q in balances.items() if within(sub, r))
        printed = sum(p for r, (_, p) in flows.items() if within(sub, r))
        pace = printed / working if working else 0.0
        figures = Standing(
            code=sub, name=row["name"], level=row["level"], on_hand=on_hand,
            incoming=sum(s["quantity"] for s in open_shipments
                         if within(sub, s["destination"]) and not within(sub, s["source"])),
            print_debt=sum(d for r, (d, _) in debts.items() if within(sub, r)),
            printed_30d=printed,
            days_of_stock=int(on_hand / pace) if pace > 0 else None,
        )
        if not with_forecast or figures.print_debt == 0:
            return figures
        result = (await forecasting.forecast_region(sub, today, horizon_days,
                                                    paths=STANDING_PATHS))["result"]
        p50 = result.repaid_on["p50"]
        return replace(figures, repaid_p50=p50, not_repaid=p50 is None)

    own = await standing(region, forecast_own)
    rows = [await standing(child, forecast_children) for child in children]
    return own, sorted(rows, key=lambda s: s.urgency)
