"""What the forecast learns from: recent printing, spoilage, inflow, stock and deliveries.

Bulk by region, so planning an installment over 514 regencies is a handful of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db.rows import as_date, under
from blanko_tracker.db.shipments import ShipmentRow
from blanko_tracker.db.tables import PrintDebtDay, PrintRun, Shipment, StockMovement
from blanko_tracker.domain.forecast.observations import Expected


async def daily_printing(root: str, start: date, end: date
                         ) -> dict[str, list[tuple[date, int, int]]]:
    """Per regency at or under `root`: (day, printed, spoiled) for each day with print runs
    in start..end."""
    query = PrintRun.select(
        PrintRun.region, PrintRun.run_on, Sum(PrintRun.printed, alias="printed"),
        Sum(PrintRun.spoiled, alias="spoiled"),
    ).where((PrintRun.run_on >= start) & (PrintRun.run_on <= end))
    # A prefix, not a 514-value IN list: PostgreSQL's generic plan for the latter checks
    # every value on every row, and the nation's forecast reads every regency.
    if (condition := under(PrintRun.region, root)) is not None:
        query = query.where(condition)
    rows = await query.group_by(PrintRun.region, PrintRun.run_on)
    found: dict[str, list[tuple[date, int, int]]] = {}
    for row in rows:
        found.setdefault(row["region"], []).append(
            (row["run_on"], row["printed"] or 0, row["spoiled"] or 0))
    return found


async def daily_inflow(root: str, start: date, end: date) -> dict[str, dict[date, int]]:
    """Per regency at or under `root`: new print-ready records per day in start..end."""
    query = PrintDebtDay.select(PrintDebtDay.region, PrintDebtDay.day,
                                PrintDebtDay.recorded).where(
        (PrintDebtDay.day >= start) & (PrintDebtDay.day <= end)
    )
    if (condition := under(PrintDebtDay.region, root)) is not None:
        query = query.where(condition)
    rows = await query
    found: dict[str, dict[date, int]] = {}
    for row in rows:
        found.setdefault(row["region"], {})[row["day"]] = row["recorded"]
    return found


# Each region's stock card in one pass: what it held before the window (day NULL) and its
# net change on each day of the window.
STOCK_DAYS_SQL = """
SELECT region, CASE WHEN occurred_on >= {} THEN occurred_on END AS day,
       SUM(quantity) AS quantity
FROM stock_movement
WHERE occurred_on <= {} AND (region = {} OR region LIKE {})
GROUP BY 1, 2  -- by position: the day is the CASE, once
"""


@dataclass(frozen=True, slots=True)
class StockWindow:
    """A region's stock card over a window: on hand before it, and its net change by day."""

    opening: int  # at the end of the day before the window
    moved: dict[date, int]

    @property
    def closing(self) -> int:
        """On hand at the end of the window's last day (never shown below 0)."""
        return max(0, self.opening + sum(self.moved.values()))


async def stock_days(root: str, start: date, end: date) -> dict[str, StockWindow]:
    """Per region at or under `root` with any movement on or before `end`: its stock card
    over start..end, summed by the day things happened. One query, however long the
    window (the forecast reads which days a regency had no blanks from it)."""
    pattern = "%" if root == "00" else f"{root}.%"
    rows = await StockMovement.raw(STOCK_DAYS_SQL, start, end, root, pattern)
    opening: dict[str, int] = {}
    moved: dict[str, dict[date, int]] = {}
    for row in rows:
        region, quantity = row["region"], row["quantity"] or 0
        if row["day"] is None:
            opening[region] = quantity
        else:
            moved.setdefault(region, {})[as_date(row["day"])] = quantity
    return {region: StockWindow(opening.get(region, 0), moved.get(region, {}))
            for region in opening.keys() | moved.keys()}


async def arrivals(root: str, as_of: date) -> list[Expected]:
    """Shipments to regions at or under `root` still to arrive after `as_of`: planned or
    dispatched now, or received after `as_of`."""
    query = Shipment.select().where(
        Shipment.status.is_in(["planned", "dispatched"])
        | ((Shipment.status == "received") & (Shipment.received_on > as_of))
    )
    if (condition := under(Shipment.destination, root)) is not None:
        query = query.where(condition)
    shipments = [ShipmentRow.of(row) for row in await query]
    return [Expected(shipment_id=s.id, source=s.source, destination=s.destination,
                     arrives_on=_arrival_day(s, as_of), quantity=s.quantity,
                     dispatched_on=s.dispatched_on) for s in shipments]


def _arrival_day(shipment: ShipmentRow, as_of: date) -> date:
    """When a shipment is expected: its `expected_on`, else three days after dispatch, else
    two weeks out — never before tomorrow."""
    if shipment.expected_on is not None:
        day = shipment.expected_on
    elif shipment.dispatched_on is not None:
        day = shipment.dispatched_on + timedelta(days=3)
    else:
        day = as_of + timedelta(days=14)
    return max(day, as_of + timedelta(days=1))
