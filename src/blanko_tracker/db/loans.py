"""Loan queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import under
from blanko_tracker.db.tables import Loan


@dataclass(frozen=True, slots=True)
class LoanRow:
    id: int
    lender: str
    borrower: str
    quantity: int
    returned: int  # blanks sent back in return shipments so far
    due_on: date
    status: str  # stored: open | returned
    shipment_id: int  # the dispatched shipment that carried the loan
    note: str
    created_at: datetime
    created_by: str

    @property
    def outstanding(self) -> int:
        return self.quantity - self.returned

    @classmethod
    def of(cls, row: dict[str, Any]) -> LoanRow:
        return cls(id=row["id"], lender=row["lender"], borrower=row["borrower"],
                   quantity=row["quantity"], returned=row["returned"],
                   due_on=rows.as_date(row["due_on"]), status=row["status"],
                   shipment_id=row["shipment_id"], note=row["note"],
                   created_at=row["created_at"], created_by=row["created_by"])


async def insert(**values: Any) -> LoanRow:
    return await rows.insert(Loan, LoanRow, **values)


async def get(loan_id: int, *, lock: bool = False) -> LoanRow | None:
    return await rows.by_id(Loan, LoanRow, loan_id, lock=lock)


async def update(loan_id: int, **values: Any) -> LoanRow:
    return await rows.update(Loan, LoanRow, loan_id, **values)


async def touching(scope: str, *, region: str | None = None, stored: str | None = None
                   ) -> list[LoanRow]:
    """Loans whose lender or borrower is at or under `scope` (and `region`, if given),
    newest first."""
    query = Loan.select()
    for code in (scope, region):
        if code is not None and (condition := under(Loan.lender, code)) is not None:
            query = query.where(condition | under(Loan.borrower, code))
    if stored is not None:
        query = query.where(Loan.status == stored)
    return [LoanRow.of(row) for row in await query.order_by(Loan.id, ascending=False)]


async def open_under(code: str) -> list[LoanRow]:
    """Open loans whose borrower is at or under `code` (who owes them)."""
    query = Loan.select().where(Loan.status == "open")
    if (condition := under(Loan.borrower, code)) is not None:
        query = query.where(condition)
    return [LoanRow.of(row) for row in await query.order_by(Loan.id)]
