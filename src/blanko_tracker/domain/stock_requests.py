"""Requests for blanks (*permintaan blanko*): a region asks its supplier (normally `00`).

`submitted → approved | rejected | cancelled`; `approved → fulfilled` once the good blanks
received on its shipments reach the approved quantity, `approved → cancelled` while nothing
is on its way. Owed = approved − received: the supplier's debt to the region, never typed.
"""

from __future__ import annotations

from enum import StrEnum

from blanko_tracker.domain.errors import InvalidInput, InvalidState, RuleViolated
from blanko_tracker.domain.regions import ancestors


class RequestStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    FULFILLED = "fulfilled"


class ExceedsOwed(RuleViolated):
    code = "exceeds_owed"


def check_supplier(region: str, supplier: str) -> None:
    """A region asks a region above it: its province or the ministry."""
    if supplier == region or supplier not in ancestors(region):
        raise InvalidInput("supplier", f"{supplier} does not supply {region}; ask a region above "
                           "it, normally 00", rule="not_a_supplier",
                           values={"supplier": supplier, "region": region})


def check_approval(request_id: int, status: RequestStatus, quantity: int, approved: int) -> None:
    if status != RequestStatus.SUBMITTED:
        raise InvalidState(f"Request {request_id} is {status.value}; only a submitted one is "
                           "approved.", rule="approval_needs_submitted",
                           values={"request": str(request_id), "status": status.value})
    if approved > quantity:
        raise InvalidInput("approved_quantity", f"at most the {quantity} requested",
                           rule="approved_over_requested", values={"requested": quantity})


def check_rejection(request_id: int, status: RequestStatus) -> None:
    if status != RequestStatus.SUBMITTED:
        raise InvalidState(f"Request {request_id} is {status.value}; only a submitted one is "
                           "rejected.", rule="rejection_needs_submitted",
                           values={"request": str(request_id), "status": status.value})


def check_cancellation(request_id: int, status: RequestStatus, shipped: int) -> None:
    """Cancel while submitted, or approved with nothing shipped against it yet."""
    if status == RequestStatus.SUBMITTED or (status == RequestStatus.APPROVED and shipped == 0):
        return
    raise InvalidState(f"Request {request_id} is {status.value}"
                       + (f" with {shipped} blanks shipped" if shipped else "")
                       + "; it can no longer be cancelled.", rule="request_not_cancellable",
                       values={"request": str(request_id), "status": status.value})


def owed(approved: int | None, received: int) -> int:
    return max(0, (approved or 0) - received)


def check_shipment_for(
    request_id: int, status: RequestStatus, approved: int | None, received: int,
    in_flight: int, quantity: int,
) -> None:
    """A shipment against a request carries no more than is still owed and not on its way."""
    if status != RequestStatus.APPROVED:
        raise InvalidState(f"Request {request_id} is {status.value}; shipments go against an "
                           "approved request.", rule="shipment_needs_approved",
                           values={"request": str(request_id), "status": status.value})
    open_quantity = owed(approved, received) - in_flight
    if quantity > open_quantity:
        raise ExceedsOwed(f"Request {request_id} has {open_quantity} blanks owed and not yet "
                          f"on their way; {quantity} is more.", rule="exceeds_owed",
                          values={"request": str(request_id), "open": open_quantity,
                                  "quantity": quantity})


def status_after_receipt(status: RequestStatus, approved: int | None, received: int
                         ) -> RequestStatus:
    if status == RequestStatus.APPROVED and owed(approved, received) == 0:
        return RequestStatus.FULFILLED
    return status
