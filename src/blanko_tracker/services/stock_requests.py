"""Request actions (*permintaan blanko*): raise, approve, reject, cancel."""

from __future__ import annotations

from blanko_tracker.db import stock_requests
from blanko_tracker.db.stock_requests import StockRequestRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import stock_requests as rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import InvalidInput, NotFound
from blanko_tracker.domain.regions import local_date
from blanko_tracker.domain.stock_requests import RequestStatus
from blanko_tracker.schemas import ApproveRequest, RaiseRequest, RejectRequest
from blanko_tracker.services import vetting
from blanko_tracker.services.common import (
    audit_write,
    check_day,
    require_stock_region,
    utcnow,
)


async def raise_request(cmd: RaiseRequest, *, actor: Actor) -> StockRequestRow:
    """A region asks its supplier for blanks, justified by its print-ready count."""
    authorize(actor, Action.REQUEST, cmd.region)
    rules.check_supplier(cmd.region, cmd.supplier)
    if cmd.needed_by is not None:
        check_day(cmd.needed_by, field="needed_by")
    now = utcnow()
    async with write_transaction():
        await require_stock_region(cmd.region)
        row = await stock_requests.insert(
            region=cmd.region, supplier=cmd.supplier, quantity=cmd.quantity,
            status=RequestStatus.SUBMITTED.value, needed_by=cmd.needed_by, note=cmd.note,
            created_at=now, created_by=actor.username,
        )
        await audit_write(actor, "raise_request", target=f"request:{row.id}",
                          region=cmd.region, detail={"quantity": cmd.quantity,
                                                     "supplier": cmd.supplier}, now=now)
    return row


async def _locked(request_id: int) -> StockRequestRow:
    row = await stock_requests.get(request_id, lock=True)
    if row is None:
        raise NotFound("request", request_id)
    return row


async def approve_request(request_id: int, cmd: ApproveRequest, *, actor: Actor
                          ) -> StockRequestRow:
    """The supplier grants up to the quantity asked for."""
    now = utcnow()
    async with write_transaction():
        row = await _locked(request_id)
        authorize(actor, Action.APPROVE, row.supplier)
        approved = cmd.approved_quantity
        if approved is None:  # the vetted need approves itself, up to what was asked
            rules.check_approval(request_id, row.status, row.quantity, 1)
            needed = await vetting.need_of(row.region, local_date(row.region, now))
            if needed <= 0:
                raise InvalidInput("approved_quantity", f"{row.region} needs no blanks over "
                                   "the next 30 days; give the quantity to approve",
                                   rule="no_vetted_need", values={"region": row.region})
            approved = min(row.quantity, needed)
        rules.check_approval(request_id, row.status, row.quantity, approved)
        row = await stock_requests.update(
            request_id, status=RequestStatus.APPROVED.value,
            approved_quantity=approved, decided_at=now, decided_by=actor.username,
        )
        await audit_write(actor, "approve_request", target=f"request:{request_id}",
                          region=row.region,
                          detail={"approved_quantity": approved,
                                  "vetted": cmd.approved_quantity is None}, now=now)
    return row


async def reject_request(request_id: int, cmd: RejectRequest, *, actor: Actor
                         ) -> StockRequestRow:
    now = utcnow()
    async with write_transaction():
        row = await _locked(request_id)
        authorize(actor, Action.APPROVE, row.supplier)
        rules.check_rejection(request_id, row.status)
        row = await stock_requests.update(
            request_id, status=RequestStatus.REJECTED.value, decision_note=cmd.reason,
            decided_at=now, decided_by=actor.username,
        )
        await audit_write(actor, "reject_request", target=f"request:{request_id}",
                          region=row.region, detail={"reason": cmd.reason}, now=now)
    return row


async def cancel_request(request_id: int, *, actor: Actor) -> StockRequestRow:
    """The requesting region withdraws it (or an approver does, before anything ships)."""
    now = utcnow()
    async with write_transaction():
        row = await _locked(request_id)
        authorize(actor, Action.REQUEST, row.region)
        shipped = (await stock_requests.fulfilment([request_id]))[request_id].shipped
        rules.check_cancellation(request_id, row.status, shipped)
        row = await stock_requests.update(
            request_id, status=RequestStatus.CANCELLED.value, decided_at=now,
            decided_by=actor.username,
        )
        await audit_write(actor, "cancel_request", target=f"request:{request_id}",
                          region=row.region, detail={}, now=now)
    return row
