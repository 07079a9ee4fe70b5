"""Loans between regions (*pinjam blanko*): the Dirjen asks provinces to lend between
regencies "so one province runs out together".

A loan is a dispatched shipment from lender to borrower plus this record: what was lent, what
has come back, by when. Returns are shipments back that name the loan; what is owed never goes
below zero, so a return of more than is outstanding is refused. `status`: `open`, `returned`
(returned ≥ quantity), `overdue` (open past `due_on`), the last worked out on reading.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from blanko_tracker.domain.errors import InvalidInput, InvalidState, RuleViolated


class LoanStatus(StrEnum):
    OPEN = "open"
    RETURNED = "returned"
    OVERDUE = "overdue"  # never stored: an open loan past its due day


class ReturnExceedsOutstanding(RuleViolated):
    """A return of more blanks than the borrower still owes."""

    code = "return_exceeds_outstanding"

    def __init__(self, loan_id: int, asked: int, outstanding: int) -> None:
        super().__init__(
            f"Loan {loan_id} has {outstanding} blanks outstanding; {asked} cannot be returned.",
            rule="return_exceeds_outstanding",
            values={"loan": str(loan_id), "asked": asked, "outstanding": outstanding})
        self.loan_id, self.asked, self.outstanding = loan_id, asked, outstanding

    def context(self) -> dict[str, object]:
        return {"loan": self.loan_id, "asked": self.asked, "outstanding": self.outstanding}


def check_parties(lender: str, borrower: str) -> None:
    if lender == borrower:
        raise InvalidInput("borrower", "a loan goes to another region than its lender",
                           rule="loan_to_itself", values={"region": lender})


def check_due(due_on: date, today: date) -> None:
    if due_on < today:
        raise InvalidInput("due_on", f"{due_on} is before today ({today})",
                           rule="loan_due_in_past", values={"day": due_on, "today": today})


def status_of(stored: str, due_on: date, today: date) -> LoanStatus:
    """What the loan is today: a stored `open` loan past its due day is overdue."""
    if stored == LoanStatus.RETURNED:
        return LoanStatus.RETURNED
    return LoanStatus.OVERDUE if today > due_on else LoanStatus.OPEN


def after_return(loan_id: int, quantity: int, returned: int, asked: int
                 ) -> tuple[int, LoanStatus]:
    """(returned so far, stored status) after a return of `asked` blanks."""
    outstanding = quantity - returned
    if outstanding <= 0:
        raise InvalidState(f"Loan {loan_id} has been returned in full.",
                           rule="loan_already_returned", values={"loan": str(loan_id)})
    if asked > outstanding:
        raise ReturnExceedsOutstanding(loan_id, asked, outstanding)
    total = returned + asked
    return total, LoanStatus.RETURNED if total >= quantity else LoanStatus.OPEN
