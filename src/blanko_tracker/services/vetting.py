"""Vetting a request (issue 23 item 3): beside each request, what the region needs over 30
days as installment planning computes it, its IKD activations per blank received over a year
(the ministry asks regions to activate IKD for at least half the blanks they receive), how
much of what it was approved it received, and flags for a decision.

Reads own no transaction and write nothing; who may read what is checked by the caller.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from piccolo.query.functions.aggregate import Sum

from blanko_tracker.db import stock, stock_requests
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import IndicatorReport, StockMovement, StockRequest
from blanko_tracker.domain.forecast.scenarios import need, working_days_ahead
from blanko_tracker.schemas.stock_requests import Vetting
from blanko_tracker.services.forecasting import regency_inputs

NEED_DAYS = 30  # as installment planning, over 30 days
LOOKBACK = timedelta(days=365)
IKD_RULE = 0.5  # IKD activated for at least half the blanks received (since 2023)
ABOVE_NEED = 2  # a request of more than twice the need is flagged


async def need_of(region: str, today: date) -> int:
    """Σ the need of the regencies at or under `region` over 30 days (print debt and inflow,
    less their on hand and incoming), less what `region`'s own warehouse holds above them."""
    inputs = await regency_inputs(region, today, NEED_DAYS)
    ahead = working_days_ahead(today, NEED_DAYS)
    total = sum(need(one, ahead) for one in inputs.values())
    if region not in inputs:
        total = max(0, total - await stock.on_hand(region))
    return total


async def ikd_activated(region: str, start: date, end: date) -> int:
    """IKD activations reported at or under `region` in start..end: per regency, its last
    cumulative count by `end` less its last before `start` (0 when none)."""
    query = IndicatorReport.select(IndicatorReport.region, IndicatorReport.day,
                                   IndicatorReport.ikd_activated).where(
        IndicatorReport.ikd_activated.is_not_null() & (IndicatorReport.day <= end))
    if (condition := under(IndicatorReport.region, region)) is not None:
        query = query.where(condition)
    latest: dict[str, tuple[date, int]] = {}
    before: dict[str, tuple[date, int]] = {}
    for row in await query:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
        found = before if day < start else latest
        if row["region"] not in found or found[row["region"]][0] < day:
            found[row["region"]] = (day, row["ikd_activated"])
    return sum(max(0, count - before.get(code, (start, 0))[1])
               for code, (_, count) in latest.items())


async def received(region: str, start: date, end: date) -> int:
    """Blanks that came into `region`'s own warehouse (receipts and purchases) in start..end."""
    row = await StockMovement.select(Sum(StockMovement.quantity, alias="total")).where(
        (StockMovement.region == region)
        & StockMovement.kind.is_in(["receipt", "procurement"])
        & (StockMovement.occurred_on >= start) & (StockMovement.occurred_on <= end)).first()
    return int(row["total"] or 0) if row else 0


async def fill_rate(region: str, since: datetime) -> float | None:
    """Received ÷ approved over the region's requests raised since `since` (None without)."""
    rows = await StockRequest.select(StockRequest.id, StockRequest.approved_quantity).where(
        (StockRequest.region == region) & (StockRequest.created_at >= since)
        & StockRequest.approved_quantity.is_not_null())
    approved = sum(row["approved_quantity"] for row in rows)
    if not approved:
        return None
    delivered = await stock_requests.fulfilment([row["id"] for row in rows])
    return sum(found.received for found in delivered.values()) / approved


async def vetting_of(region: str, quantity: int, today: date, now: datetime) -> Vetting:
    start = today - LOOKBACK + timedelta(days=1)
    needed = await need_of(region, today)
    came = await received(region, start, today)
    ikd_ratio = (await ikd_activated(region, start, today)) / came if came else None
    flags = []
    if quantity > ABOVE_NEED * needed:
        flags.append("above_need")
    if ikd_ratio is not None and ikd_ratio < IKD_RULE:
        flags.append("ikd_below_rule")
    return Vetting(need=needed, ikd_ratio=ikd_ratio,
                   fill_rate=await fill_rate(region, now - LOOKBACK), flags=flags)
