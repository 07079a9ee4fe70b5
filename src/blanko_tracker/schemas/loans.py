"""Loans between regions (*pinjam blanko*) on the wire."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from msgspec import Struct

from blanko_tracker.schemas.common import Note, PositiveInt, RegionCode

LoanStatusName = Literal["open", "returned", "overdue"]


class CreateLoan(Struct, kw_only=True):
    lender: RegionCode
    borrower: RegionCode
    quantity: PositiveInt
    due_on: date
    note: Note = ""
    lent_on: date | None = None  # the day the blanks left the lender; today when omitted


class ReturnLoan(Struct, kw_only=True):
    quantity: PositiveInt
    returned_on: date | None = None  # the day the blanks left the borrower; today if omitted
    note: Note = ""


class LoanOut(Struct, kw_only=True):
    id: int
    lender: str
    borrower: str
    quantity: int
    returned: int
    outstanding: int
    due_on: date
    status: LoanStatusName
    shipment_id: int
    note: str
    created_at: datetime
    created_by: str


class LoanPage(Struct, kw_only=True):
    items: list[LoanOut]
    total: int
