"""The one place stored rows become the structs the API and the pages send.

`db/` returns typed rows named for what they hold (`PrintRunRow`); the wire format
(`schemas/`) says what a caller sees. Field names differ where the contract names a thing
differently from the table (a run's `run_on` is its `date`, a movement's `occurred_on` its
`on`). Read models that query more than a row (`request_views`, `shipment_views`) fetch what
they need and map it here."""

from __future__ import annotations

from blanko_tracker.db.audit import AuditRow
from blanko_tracker.db.destructions import DestructionRow
from blanko_tracker.db.indicators import TargetRow, Targets
from blanko_tracker.db.print_debt import DebtEntryRow
from blanko_tracker.db.print_runs import PrintRunRow
from blanko_tracker.db.printers import PrinterRow
from blanko_tracker.db.regions import RegionRow
from blanko_tracker.db.serials import CustodyRow
from blanko_tracker.db.shipments import ShipmentRow
from blanko_tracker.db.stock import MovementRow
from blanko_tracker.db.stock_requests import Fulfilment, StockRequestRow
from blanko_tracker.db.users import UserRow
from blanko_tracker.domain import stock_requests as request_rules
from blanko_tracker.domain.print_debt import Classes, by_class
from blanko_tracker.domain.serials import Range
from blanko_tracker.domain.stock_requests import RequestStatus
from blanko_tracker.schemas import (
    AuditEntryOut,
    ByClass,
    DailyReportOut,
    DebtEntryOut,
    DestructionOut,
    MovementOut,
    PrinterOut,
    PrintRunOut,
    Rates,
    RegionOut,
    SerialLocation,
    ShipmentOut,
    StockRequestOut,
    TargetOut,
    UserOut,
)
from blanko_tracker.services.daily_reports import ReportedDay


def print_run_out(run: PrintRunRow) -> PrintRunOut:
    return PrintRunOut(id=run.id, region=run.region, date=run.run_on, printed=run.printed,
                       spoiled=run.spoiled, spoiled_reason=run.spoiled_reason,
                       station=run.station, note=run.note, created_at=run.created_at,
                       created_by=run.created_by)


def user_out(user: UserRow) -> UserOut:
    return UserOut(id=user.id, username=user.username, role=user.role, region=user.region,
                   active=user.active)


def movement_out(movement: MovementRow) -> MovementOut:
    return MovementOut(
        id=movement.id, region=movement.region, at=movement.recorded_at,
        on=movement.occurred_on, kind=movement.kind, quantity=movement.quantity,
        balance_after=movement.balance_after, reference=movement.reference,
        actor=movement.actor, reverses=movement.reverses, reason=movement.reason,
        note=movement.note,
    )


def shipment_out(shipment: ShipmentRow, ranges: list[Range]) -> ShipmentOut:
    """`ranges`: the serial ranges the shipment carries, as declared when it was created."""
    return ShipmentOut(
        id=shipment.id, source=shipment.source, destination=shipment.destination,
        quantity=shipment.quantity, status=shipment.status, request_id=shipment.request_id,
        installment=shipment.installment, expected_on=shipment.expected_on,
        dispatched_at=shipment.dispatched_at, received_at=shipment.received_at,
        received_on=shipment.received_on, received=shipment.received,
        damaged=shipment.damaged, missing=shipment.missing, serial_ranges=ranges,
        note=shipment.note, created_at=shipment.created_at, created_by=shipment.created_by,
        loan_id=shipment.loan_id, purpose=shipment.purpose,
    )


def request_out(request: StockRequestRow, delivered: Fulfilment) -> StockRequestOut:
    """`delivered`: what the request's shipments delivered so far. Only an approved (or
    fulfilled) request is owed anything by its supplier."""
    owes = request.status in (RequestStatus.APPROVED, RequestStatus.FULFILLED)
    return StockRequestOut(
        id=request.id, region=request.region, supplier=request.supplier,
        quantity=request.quantity, approved_quantity=request.approved_quantity,
        status=request.status, received_quantity=delivered.received,
        owed=request_rules.owed(request.approved_quantity, delivered.received) if owes else 0,
        in_flight=delivered.in_flight, needed_by=request.needed_by, note=request.note,
        decision_note=request.decision_note, created_at=request.created_at,
        created_by=request.created_by,
    )


def region_out(region: RegionRow) -> RegionOut:
    return RegionOut(code=region.code, name=region.name, level=region.level,
                     parent=region.parent)


def audit_entry_out(entry: AuditRow) -> AuditEntryOut:
    return AuditEntryOut(at=entry.at, actor=entry.actor, action=entry.action,
                         target=entry.target, region=entry.region, detail=entry.detail)


def debt_entry_out(entry: DebtEntryRow, pending: int) -> DebtEntryOut:
    """`pending`: the debt at the end of the entry's day, once it is applied."""
    return DebtEntryOut(
        id=entry.id, region=entry.region, date=entry.occurred_on, kind=entry.kind,
        count=entry.quantity, recording_kind=entry.recording_kind,
        by_class=by_class_out(entry.split), pending=pending,
        reconciliation=entry.reconciliation,
    )


def daily_report_out(told: ReportedDay) -> DailyReportOut:
    report, figures = told.report, told.report.figures
    return DailyReportOut(
        region=report.region, name=told.name, date=report.day, on_hand=figures.on_hand,
        printed=figures.printed, spoiled=figures.spoiled, recorded=figures.recorded,
        print_debt=figures.print_debt, suket_outstanding=figures.suket_outstanding,
        printers_active=figures.printers_active, days_of_cover=figures.days_of_cover,
        note=report.note, reported_by=report.reported_by, reported_at=report.reported_at,
        text=told.text)


def by_class_out(classes: Classes) -> ByClass:
    return ByClass(**by_class(classes))

def target_out(target: TargetRow) -> TargetOut:
    return TargetOut(year=target.year, region=target.region,
                     recording_rate=target.recording_rate, ikd_rate=target.ikd_rate)


def rates_out(targets: Targets) -> Rates:
    return Rates(recording_rate=targets.recording_rate, ikd_rate=targets.ikd_rate)


def serial_location(serial: int, custody: CustodyRow) -> SerialLocation:
    """Where `serial` was, from the custody row that covered it on the asked day."""
    return SerialLocation(serial=serial, region=custody.region, since=custody.since,
                          shipment_id=custody.shipment_id, status=custody.status)


def destruction_out(row: DestructionRow) -> DestructionOut:
    return DestructionOut(id=row.id, number=row.number, region=row.region, date=row.day,
                          spoiled=row.spoiled, surrendered=row.surrendered,
                          spoiled_by_reason=row.spoiled_by_reason, witnesses=row.witnesses,
                          note=row.note, recorded_by=row.actor)


def printer_out(row: PrinterRow) -> PrinterOut:
    return PrinterOut(id=row.id, region=row.region, name=row.name,
                      cards_per_day=row.cards_per_day, status=row.status,  # type: ignore[arg-type]
                      updated_at=row.updated_at, updated_by=row.updated_by)
