"""Loans between regions (*pinjam blanko*): lent at once in a dispatched shipment the borrower
receives like any other; repaid by return shipments that name the loan.

Written by warehouse staff, ministry officers and admins whose scope holds both regions (the
right to ship, `Action.SHIP`, at the lender and at the borrower). The stock card tells the
loan's lines and its returns' lines apart from other transfers by their `reason` (`loan`,
`loan_return`), and the monthly report counts them apart.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker.db import loans, shipments
from blanko_tracker.db.loans import LoanRow
from blanko_tracker.db.shipments import ShipmentRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import loans as rules
from blanko_tracker.domain.access import Action, Actor, authorize, may_at_all
from blanko_tracker.domain.errors import NotFound, NotPermitted
from blanko_tracker.domain.regions import local_date
from blanko_tracker.domain.shipments import ShipmentStatus
from blanko_tracker.schemas import CreateLoan, LoanOut, ReturnLoan
from blanko_tracker.services import shipments as shipping
from blanko_tracker.services.common import audit_write, require_stock_region, utcnow

LOAN, LOAN_RETURN = "loan", "loan_return"  # the shipments' purpose, the stock card's reason


def authorize_both(actor: Actor, lender: str, borrower: str) -> None:
    """The caller's scope must hold both regions (403 naming whichever it does not)."""
    authorize(actor, Action.SHIP, lender)
    authorize(actor, Action.SHIP, borrower)


async def create_loan(cmd: CreateLoan, *, actor: Actor) -> tuple[LoanRow, ShipmentRow]:
    """The blanks leave the lender at once (409 `insufficient_stock` beyond its stock)."""
    authorize_both(actor, cmd.lender, cmd.borrower)
    rules.check_parties(cmd.lender, cmd.borrower)
    now = utcnow()
    rules.check_due(cmd.due_on, local_date(cmd.lender, now))
    async with write_transaction():
        await require_stock_region(cmd.lender, field="lender")
        await require_stock_region(cmd.borrower, field="borrower")
        return await lend(cmd.lender, cmd.borrower, cmd.quantity, cmd.due_on, actor=actor,
                          note=cmd.note, on=cmd.lent_on)


async def lend(lender: str, borrower: str, quantity: int, due_on: date, *, actor: Actor,
               note: str = "", on: date | None = None) -> tuple[LoanRow, ShipmentRow]:
    """A loan inside the caller's write transaction, checked and authorized by it."""
    now = utcnow()
    shipment = await shipments.insert(
        source=lender, destination=borrower, quantity=quantity,
        status=ShipmentStatus.PLANNED.value, request_id=None, installment=None,
        expected_on=None, note=note or f"loan to {borrower}", created_at=now,
        created_by=actor.username, purpose=LOAN,
    )
    loan = await loans.insert(
        lender=lender, borrower=borrower, quantity=quantity, returned=0, due_on=due_on,
        status=rules.LoanStatus.OPEN.value, shipment_id=shipment.id, note=note,
        created_at=now, created_by=actor.username,
    )
    shipment = await shipments.update(shipment.id, loan_id=loan.id)
    await audit_write(actor, "create_loan", target=f"loan:{loan.id}", region=borrower,
                      detail={"lender": lender, "borrower": borrower, "quantity": quantity,
                              "due_on": due_on.isoformat(), "shipment": shipment.id},
                      now=now)
    shipment = await shipping.dispatch_within(shipment, on, actor=actor)
    return loan, shipment


async def return_loan(loan_id: int, cmd: ReturnLoan, *, actor: Actor) -> ShipmentRow:
    """A dispatched shipment from borrower back to lender naming the loan; more than is
    outstanding → 422 `return_exceeds_outstanding`."""
    if not may_at_all(actor, Action.SHIP):
        raise NotPermitted(actor.role.value, Action.SHIP.value)  # before revealing any id
    now = utcnow()
    async with write_transaction():
        loan = await loans.get(loan_id, lock=True)
        if loan is None:
            raise NotFound("loan", loan_id)
        authorize_both(actor, loan.lender, loan.borrower)
        returned, status = rules.after_return(loan.id, loan.quantity, loan.returned,
                                              cmd.quantity)
        shipment = await shipments.insert(
            source=loan.borrower, destination=loan.lender, quantity=cmd.quantity,
            status=ShipmentStatus.PLANNED.value, request_id=None, installment=None,
            expected_on=None, note=cmd.note or f"return of loan {loan.id}", created_at=now,
            created_by=actor.username, loan_id=loan.id, purpose=LOAN_RETURN,
        )
        await loans.update(loan.id, returned=returned, status=status.value)
        await audit_write(actor, "return_loan", target=f"loan:{loan.id}", region=loan.borrower,
                          detail={"quantity": cmd.quantity, "returned": returned,
                                  "shipment": shipment.id}, now=now)
        return await shipping.dispatch_within(shipment, cmd.returned_on, actor=actor)


def loan_out(loan: LoanRow, today: date | None = None) -> LoanOut:
    today = today or local_date(loan.lender, utcnow())
    return LoanOut(
        id=loan.id, lender=loan.lender, borrower=loan.borrower, quantity=loan.quantity,
        returned=loan.returned, outstanding=loan.outstanding, due_on=loan.due_on,
        status=rules.status_of(loan.status, loan.due_on, today).value,
        shipment_id=loan.shipment_id, note=loan.note, created_at=loan.created_at,
        created_by=loan.created_by)


async def loan_views(scope: str, *, region: str | None, status: str | None) -> list[LoanOut]:
    """Loans touching `scope` (and `region`), by today's status if one is asked."""
    stored = None if status is None else (
        rules.LoanStatus.RETURNED.value if status == "returned" else "open")
    found = [loan_out(row) for row in await loans.touching(scope, region=region,
                                                             stored=stored)]
    return [view for view in found if status is None or view.status == status]
