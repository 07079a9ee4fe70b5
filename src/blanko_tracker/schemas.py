"""Structs on the wire: the API, the web forms and `client.py` share them.

The shape of input is declared here once (types, bounds, patterns); domain rules that
depend on more than one value are checked in `domain/`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.ledger import AdjustmentReason, MovementKind, SpoiledReason
from blanko_tracker.domain.print_debt import RecordingKind

RegionCode = Annotated[
    str,
    Meta(
        pattern=r"^(00|\d{2}(\.\d{2}(\.\d{2})?)?)$",
        description="Kemendagri dotted code: 00 (the ministry), 75, 75.05, 75.05.01",
        examples=["31", "75.05"],
    ),
]
PositiveInt = Annotated[int, Meta(gt=0, le=2_000_000_000)]
SignedInt = Annotated[int, Meta(ge=-2_000_000_000, le=2_000_000_000)]
Serial = Annotated[int, Meta(ge=0, le=2**63 - 1)]
# A serial range [first, last] on the wire. A list, not tuple[Serial, Serial]: Litestar documents
# a tuple as bare `prefixItems` (no length), which schemathesis cannot read back.
SerialRange = Annotated[list[Serial], Meta(min_length=2, max_length=2)]
# Free text: PostgreSQL refuses a NUL character in text (it was a 500 there, fine on SQLite).
NO_NUL = r"^[^\x00]*$"
Note = Annotated[str, Meta(max_length=1000, pattern=NO_NUL)]


class Problem(Struct, kw_only=True):
    """RFC 9457 problem details with a stable `code` (API.md)."""

    status: int
    title: str
    detail: str
    code: str
    type: str = "about:blank"
    errors: list[dict[str, str | int]] | None = None  # {field, message} or {row, column, message}


# ---- auth and users -------------------------------------------------------------------------


class TokenRequest(Struct, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=64, pattern=NO_NUL)]
    password: Annotated[str, Meta(min_length=1, max_length=256)]


class Token(Struct, kw_only=True):
    access_token: str
    token_type: str
    expires_in: int


class CreateUser(Struct, kw_only=True):
    username: Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9._-]{2,63}$")]
    password: Annotated[str, Meta(min_length=10, max_length=256)]
    role: Role
    region: RegionCode


class UserOut(Struct, kw_only=True):
    id: int
    username: str
    role: Role
    region: str


# ---- regions --------------------------------------------------------------------------------


class RegionOut(Struct, kw_only=True):
    code: str
    name: str
    level: str
    parent: str | None


class RegionPage(Struct, kw_only=True):
    items: list[RegionOut]
    total: int


# ---- stock ----------------------------------------------------------------------------------


class RecordProcurement(Struct, kw_only=True):
    """Blanks delivered by the card maker to the national warehouse `00`."""

    quantity: PositiveInt
    serial_ranges: Annotated[list[SerialRange], Meta(max_length=10_000)] | None = None
    note: Note = ""
    on: date | None = None  # the day they arrived; today when omitted


class AdjustStock(Struct, kw_only=True):
    region: RegionCode
    quantity: SignedInt
    reason: AdjustmentReason
    note: Note
    on: date | None = None


class ReverseMovement(Struct, kw_only=True):
    note: Note


class MovementOut(Struct, kw_only=True):
    id: int
    region: str
    at: datetime
    on: date
    kind: MovementKind
    quantity: int
    balance_after: int
    reference: str
    actor: str
    reverses: int | None
    reason: str | None
    note: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> MovementOut:
        return cls(
            id=row["id"], region=row["region"], at=row["recorded_at"], on=row["occurred_on"],
            kind=MovementKind(row["kind"]), quantity=row["quantity"],
            balance_after=row["balance_after"], reference=row["reference"], actor=row["actor"],
            reverses=row["reverses"], reason=row["reason"], note=row["note"],
        )


class MovementPage(Struct, kw_only=True):
    items: list[MovementOut]
    total: int | None
    """How many movements match; null when paging by key (`after_id`), where counting a
    long card would cost more than the page itself."""
    next_after_id: int | None = None
    """Pass as `after_id` for the next page; null on the last page."""


class StockLevel(Struct, kw_only=True):
    region: str
    on_hand: int
    incoming_dispatched: int
    incoming_planned: int


class StockPage(Struct, kw_only=True):
    items: list[StockLevel]
    total: int


class Health(Struct, kw_only=True):
    status: str
    database: str


# ---- requests -------------------------------------------------------------------------------


class RaiseRequest(Struct, kw_only=True):
    """A region asks its supplier (normally the ministry, `00`) for blanks."""

    region: RegionCode
    quantity: PositiveInt
    supplier: RegionCode = "00"
    needed_by: date | None = None
    note: Note = ""


class ApproveRequest(Struct, kw_only=True):
    approved_quantity: PositiveInt


class RejectRequest(Struct, kw_only=True):
    reason: Annotated[str, Meta(min_length=1, max_length=1000, pattern=NO_NUL)]


class StockRequestOut(Struct, kw_only=True):
    id: int
    region: str
    supplier: str
    quantity: int
    approved_quantity: int | None
    status: str
    received_quantity: int
    owed: int
    in_flight: int
    needed_by: date | None
    note: str
    decision_note: str
    created_at: datetime
    created_by: str


class StockRequestPage(Struct, kw_only=True):
    items: list[StockRequestOut]
    total: int


# ---- shipments ------------------------------------------------------------------------------

SerialRanges = Annotated[list[SerialRange], Meta(max_length=10_000)]


class CreateShipment(Struct, kw_only=True):
    """An installment from the ministry or a transfer down the hierarchy."""

    destination: RegionCode
    quantity: PositiveInt
    source: RegionCode = "00"
    request_id: int | None = None
    installment: Annotated[int, Meta(ge=1, le=1000)] | None = None
    expected_on: date | None = None
    serial_ranges: SerialRanges | None = None
    status: Literal["planned", "dispatched"] = "planned"
    dispatched_on: date | None = None  # created dispatched: the day it left (today if omitted)
    note: Note = ""


class DispatchShipment(Struct, kw_only=True):
    dispatched_on: date | None = None  # the day the blanks left; today when omitted


class ReceiveShipment(Struct, kw_only=True):
    """What arrived: `received` good blanks and `damaged` ones; the rest is missing.

    A shipment carrying serials names which serials were damaged or missing.
    """

    received: Annotated[int, Meta(ge=0, le=2_000_000_000)]
    damaged: Annotated[int, Meta(ge=0, le=2_000_000_000)] = 0
    received_on: date | None = None
    note: Note = ""
    damaged_ranges: SerialRanges | None = None
    missing_ranges: SerialRanges | None = None


class ShipmentOut(Struct, kw_only=True):
    id: int
    source: str
    destination: str
    quantity: int
    status: str
    request_id: int | None
    installment: int | None
    expected_on: date | None
    dispatched_at: datetime | None
    received_at: datetime | None
    received_on: date | None
    received: int | None
    damaged: int | None
    missing: int | None
    serial_ranges: list[SerialRange]
    note: str
    created_at: datetime
    created_by: str

    @classmethod
    def from_row(cls, row: dict[str, Any], ranges: list[tuple[int, int]]) -> ShipmentOut:
        fields = {name: row[name] for name in cls.__struct_fields__ if name in row}
        return cls(**fields, serial_ranges=ranges)


class ShipmentPage(Struct, kw_only=True):
    items: list[ShipmentOut]
    total: int


class SerialLocation(Struct, kw_only=True):
    """Where one blank was on a day: `in_stock`, `in_transit`, `used`, `spoiled`, `damaged`
    (arrived damaged) or `missing` (never arrived)."""

    serial: int
    region: str
    since: date
    shipment_id: int | None
    status: str


# ---- printing and print debt ----------------------------------------------------------------

Count = Annotated[int, Meta(ge=0, le=2_000_000_000)]


class RecordPrintRun(Struct, kw_only=True):
    """A print operator's day at a regency: cards printed and blanks spoiled."""

    region: RegionCode
    date: date
    printed: Count
    spoiled: Count = 0
    spoiled_reason: SpoiledReason | None = None
    station: Annotated[str, Meta(max_length=64, pattern=NO_NUL)] = ""
    note: Note = ""


class PrintRunOut(Struct, kw_only=True):
    id: int
    region: str
    date: date
    printed: int
    spoiled: int
    spoiled_reason: str | None
    station: str
    note: str
    created_at: datetime
    created_by: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PrintRunOut:
        return cls(id=row["id"], region=row["region"], date=row["run_on"],
                   printed=row["printed"], spoiled=row["spoiled"],
                   spoiled_reason=row["spoiled_reason"], station=row["station"],
                   note=row["note"], created_at=row["created_at"], created_by=row["created_by"])


class PrintRunPage(Struct, kw_only=True):
    items: list[PrintRunOut]
    total: int


class RecordRecordings(Struct, kw_only=True):
    """Print-ready records added to a regency's debt (new recordings, replacements for lost or
    damaged cards, data changes)."""

    date: date
    count: Annotated[int, Meta(gt=0, le=2_000_000_000)]
    kind: RecordingKind = RecordingKind.NEW


class TakeDebtSnapshot(Struct, kw_only=True):
    """The authoritative print-ready count from the national system on a day."""

    date: date
    pending: Count


class DebtEntryOut(Struct, kw_only=True):
    id: int
    region: str
    date: date
    kind: str
    count: int
    recording_kind: str | None
    pending: int  # the debt at the end of that day, once this entry is applied
    reconciliation: int | None  # snapshots: pending − what the system had


class PrintDebtChild(Struct, kw_only=True):
    region: str
    name: str
    pending: int
    as_of: date | None
    recorded_30d: int
    printed_30d: int


class PrintDebtOut(Struct, kw_only=True):
    region: str
    pending: int
    as_of: date | None
    recorded_30d: int
    printed_30d: int
    children: list[PrintDebtChild]


class DebtDayOut(Struct, kw_only=True):
    date: date
    pending: int
    recorded: int
    printed: int


# ---- indicators and targets -----------------------------------------------------------------

Rate = Annotated[float, Meta(ge=0, le=1, description="a fraction: 0.994 for 99.4 %")]


class ReportIndicators(Struct, kw_only=True):
    wajib_ktp: Count
    recorded: Count
    printed: Count | None = None
    ikd_activated: Count | None = None
    suket_outstanding: Count | None = None


class Rates(Struct, kw_only=True):
    recording_rate: float | None
    ikd_rate: float | None


class Gaps(Struct, kw_only=True):
    recording: int | None  # people still to record to reach the target
    ikd: int | None  # recorded residents still to activate IKD to reach the target


class IndicatorsOut(Struct, kw_only=True):
    region: str
    date: date | None  # the latest report on or before the asked day (regency level)
    wajib_ktp: int
    recorded: int
    printed: int | None
    ikd_activated: int | None
    suket_outstanding: int | None
    recording_rate: float | None
    ikd_rate: float | None
    print_debt: int
    targets: Rates
    gaps: Gaps
    regencies_reporting: int


class SetTargets(Struct, kw_only=True):
    recording_rate: Rate | None = None
    ikd_rate: Rate | None = None
    region: RegionCode | None = None  # omitted: the national default


class TargetOut(Struct, kw_only=True):
    year: int
    region: str
    recording_rate: float | None
    ikd_rate: float | None


# ---- forecast and installment planning ------------------------------------------------------

Horizon = Annotated[int, Meta(ge=1, le=730, description="calendar days to simulate")]


class ExtraShipment(Struct, kw_only=True):
    date: date
    quantity: PositiveInt


class Scenario(Struct, kw_only=True):
    """What if: any observed input replaced. Writes nothing."""

    as_of: date | None = None
    horizon_days: Horizon = 90
    daily_capacity: Annotated[float, Meta(ge=0, le=1_000_000)] | None = None
    daily_inflow: Annotated[float, Meta(ge=0, le=1_000_000)] | None = None
    spoilage_rate: Annotated[float, Meta(ge=0, le=0.99)] | None = None
    extra_shipments: list[ExtraShipment] = []
    ignore_planned: bool = False


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
    repaid_on_before: date | None
    repaid_on_after: date | None


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


# ---- audit and alerts -----------------------------------------------------------------------


class AuditEntryOut(Struct, kw_only=True):
    at: datetime
    actor: str
    action: str
    target: str
    region: str
    detail: dict[str, Any]


class AuditPage(Struct, kw_only=True):
    items: list[AuditEntryOut]
    total: int


class Alert(Struct, kw_only=True):
    region: str
    kind: Literal["stockout_soon", "shipment_overdue", "request_waiting"]
    since: date
    detail: str


class AlertList(Struct, kw_only=True):
    items: list[Alert]


# ---- reports --------------------------------------------------------------------------------


class MonthlyReportRow(Struct, kw_only=True):
    region: str
    name: str
    opening: int
    received: int
    transferred_out: int
    printed: int
    spoiled: int
    spoiled_by_reason: dict[str, int]
    adjusted: int
    closing: int
    print_debt_opening: int
    print_debt_closing: int
    recorded: int


class MonthlyReport(Struct, kw_only=True):
    region: str
    name: str
    month: str
    rows: list[MonthlyReportRow]


class ImportResult(Struct, kw_only=True):
    kind: str
    rows: int
    imported: int
    dry_run: bool
