"""Forecasts and installment planning: a what-if scenario and a tranche to split in; the
forecast, the plan and the planned shipments out."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import PositiveInt, RegionCode
from blanko_tracker.schemas.shipments import ShipmentOut

Horizon = Annotated[int, Meta(ge=1, le=730, description="calendar days to simulate")]


class ExtraShipment(Struct, kw_only=True):
    date: date
    quantity: PositiveInt


class ExtraPrinter(Struct, kw_only=True):
    cards_per_day: Annotated[int, Meta(ge=1, le=10_000)]


class Scenario(Struct, kw_only=True):
    """What if: any observed input replaced. Writes nothing."""

    as_of: date | None = None
    horizon_days: Horizon = 90
    daily_capacity: Annotated[float, Meta(ge=0, le=1_000_000)] | None = None
    daily_inflow: Annotated[float, Meta(ge=0, le=1_000_000)] | None = None
    spoilage_rate: Annotated[float, Meta(ge=0, le=0.99)] | None = None
    # At most one a day over the longest horizon: a what-if, not a bulk load.
    extra_shipments: Annotated[list[ExtraShipment], Meta(max_length=730)] = []
    ignore_planned: bool = False
    # Printers bought or lent: a regency's (or a pool's) capacity grows with them.
    extra_printers: Annotated[list[ExtraPrinter], Meta(max_length=100)] = []


class IncomingOut(Struct, kw_only=True):
    date: date
    quantity: int
    shipment_id: int | None


class RepaidOn(Struct, kw_only=True):
    p10: date | None
    p50: date | None
    p90: date | None


class SeriesPoint(Struct, kw_only=True):
    """One day of a forecast: the P50 debt and on-hand, and the debt's P10–P90 band (for a
    pool, over the summed paths); all whole and never negative."""

    date: date
    print_debt: int
    on_hand: int
    print_debt_p10: int
    print_debt_p90: int


class ForecastOut(Struct, kw_only=True):
    region: str
    as_of: date
    horizon_days: int
    print_debt: int
    on_hand: int
    incoming: list[IncomingOut]
    daily_capacity: float
    daily_inflow: float
    spoilage_rate: float
    repaid_on: RepaidOn
    stockout_on: date | None
    shortfall: int
    recommended_request: int
    series: list[SeriesPoint]
    notes: list[str]  # where history was too short and a stated default was used


class PlanAllocation(Struct, kw_only=True):
    quantity: PositiveInt
    parent: RegionCode = "00"
    as_of: date | None = None
    horizon_days: Horizon = 90
    policy: Literal["proportional", "earliest_repayment"] = "proportional"


class AllocationItem(Struct, kw_only=True):
    region: str
    print_debt: int
    on_hand: int
    incoming: int
    need: int
    quantity: int
    # P50 repayment without and with the share, searched up to two years ahead; None: not
    # at this pace, and `unrepaid_*` says why (printers_idle, inflow_outpaces, no_blanks,
    # too_slow)
    repaid_on_before: date | None
    repaid_on_after: date | None
    unrepaid_before: str | None = None
    unrepaid_after: str | None = None


class AllocationPlan(Struct, kw_only=True):
    parent: str
    quantity: int
    allocated: int
    policy: str
    items: list[AllocationItem]


class AllocationLine(Struct, kw_only=True):
    region: RegionCode
    quantity: PositiveInt


class CommitAllocation(Struct, kw_only=True):
    """A plan becomes planned shipments, all or none."""

    expected_on: date
    items: Annotated[list[AllocationLine], Meta(min_length=1, max_length=1000)]
    source: RegionCode = "00"
    installment: Annotated[int, Meta(ge=1, le=1000)] | None = None


class CommittedAllocation(Struct, kw_only=True):
    shipments: list[ShipmentOut]


class QueueEstimateOut(Struct, kw_only=True):
    """When the `position`-th oldest print-ready record waiting at a regency is likely
    printed, first in first out. No dates when `reason` says why: `beyond_queue` (fewer are
    waiting) or `not_enough_blanks` (the blanks on hand and expected cannot print that
    many); a date not reached within two years is null."""

    region: str
    as_of: date
    position: int
    waiting: int  # print-ready records waiting at the end of `as_of`
    printed_on: RepaidOn  # p10/p50/p90
    reason: str | None
