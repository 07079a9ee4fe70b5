"""Reports and imports: the monthly blank report (*laporan bulanan blanko*) and the outcome of
importing an office's spreadsheet."""

from __future__ import annotations

from msgspec import Struct


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
    kits: int  # out in mobile-service kits, net of what came back
    closing: int
    loaned_out: int  # part of transferred_out: lent to another region
    loan_returned: int  # part of transferred_out: sent back on a loan this region borrowed
    borrowed: int  # part of received: borrowed from another region
    loan_repaid: int  # part of received: a loan this region made, coming back
    procured_apbn: int  # part of received: bought by the ministry
    procured_apbd: int  # part of received: bought from the region's own budget
    print_debt_opening: int
    print_debt_closing: int
    print_debt_closing_by_class: dict[str, int]  # new, disaster, replacement, change, moved
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
