"""Importing the offices' existing spreadsheets, all or nothing.

Rules held here: every row is checked and every bad cell is counted (row number as the
spreadsheet shows it, header = row 1), the first MAX_LISTED of them named; one bad row
refuses the whole file; region codes are Kemendagri dotted text (a number such as 75.05 read
back as 75.05 is accepted only when it is exactly the code's text); counts are whole,
non-negative numbers. A sheet reaches at most row MAX_ROWS + 1 (a header row and MAX_ROWS
rows) and column MAX_COLUMNS (AX), blank rows and cells included: an import of the offices'
figures never needs more (API.md), and a reader can then refuse a hostile sheet at its first
cell past the limits, before holding any of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from blanko_tracker.domain.errors import RuleViolated
from blanko_tracker.domain.regions import is_code

COLUMNS = {
    "indicators": ["region", "date", "wajib_ktp", "recorded", "printed", "ikd_activated",
                   "suket_outstanding"],
    "print_debt": ["region", "date", "pending"],
    "suket": ["region", "date", "issued", "redeemed", "renewed"],
}
MAX_COUNT = 2_000_000_000  # as the API's counts: beyond it a database column overflows
REQUIRED = {"indicators": {"region", "date", "wajib_ktp", "recorded"},
            "print_debt": {"region", "date", "pending"},
            "suket": {"region", "date", "issued", "redeemed", "renewed"}}
MAX_ROWS = 100_000  # data rows under the header row
MAX_COLUMNS = 50  # A … AX
# A refusal names this many bad cells and counts the rest: a file of a million bad rows is
# refused in a few kilobytes, small enough to keep under an Idempotency-Key.
MAX_LISTED = 100


class InvalidRows(RuleViolated):
    code = "invalid_rows"

    def __init__(self, errors: list[dict[str, Any]], *, rows: int, bad_rows: int,
                 error_count: int, detail: str | None = None) -> None:
        listed = (f" The first {len(errors)} of {error_count:,} errors are listed."
                  if error_count > len(errors) else "")
        super().__init__(detail or f"{bad_rows:,} of {rows:,} rows are not valid; nothing "
                         f"was imported.{listed}")
        self.errors = errors
        self.error_count = error_count
        self.bad_rows = bad_rows

    @classmethod
    def missing_columns(cls, row: int, columns: list[str]) -> InvalidRows:
        errors = [{"row": row, "column": column,
                   "message": "this column is missing from the header row"}
                  for column in columns]
        return cls(errors, rows=0, bad_rows=1, error_count=len(errors),
                   detail=f"The header row lacks {', '.join(columns)}; nothing was imported.")

    def context(self) -> dict[str, object]:
        return {"errors": self.errors, "error_count": self.error_count,
                "bad_rows": self.bad_rows}


class SpreadsheetTooLarge(RuleViolated):
    """A sheet past what one import takes: beyond MAX_ROWS rows or MAX_COLUMNS columns, or
    an .xlsx part that unpacks to more than its reader allows."""

    code = "spreadsheet_too_large"

    def __init__(self, found: str, **members: object) -> None:
        super().__init__(f"{found}: an import takes a header row and at most {MAX_ROWS:,} "
                         f"rows, in at most {MAX_COLUMNS} columns (A to AX); nothing was "
                         "imported.")
        self.members = members

    def context(self) -> dict[str, object]:
        return {"max_rows": MAX_ROWS, "max_columns": MAX_COLUMNS, **self.members}


def check_extent(last_row: int, last_column: int, *, where: str) -> None:
    """Raises SpreadsheetTooLarge if a sheet reaching `last_row` (1-based, the header
    included) or `last_column` is past the limits; `where` says what reached it."""
    if last_row > MAX_ROWS + 1 or last_column > MAX_COLUMNS:
        raise SpreadsheetTooLarge(
            f"The sheet reaches row {last_row:,} and column {last_column:,} ({where})",
            rows=last_row, columns=last_column)


@dataclass
class RowErrors:
    """The bad cells of a file, in file order: all counted, the first MAX_LISTED kept."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0
    bad_rows: int = 0
    _last_bad_row: int = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if row != self._last_bad_row:  # a row's cells are checked together
            self.bad_rows += 1
            self._last_bad_row = row
        if len(self.errors) < MAX_LISTED:
            self.errors.append({"row": row, "column": column, "message": message})

    def refusal(self, rows: int) -> InvalidRows:
        return InvalidRows(self.errors, rows=rows, bad_rows=self.bad_rows,
                           error_count=self.count)


def region_cell(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if is_code(text) else None


def date_cell(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def count_cell(value: Any) -> int | None:
    """A whole count, 0 … MAX_COUNT; spreadsheet readers give floats (90060.0)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else -1
    if not isinstance(value, int):
        text = str(value).strip()
        # ASCII only: "²".isdigit() is True, yet int("²") raises
        value = int(text) if text.isascii() and text.isdigit() else -1
    return value if 0 <= value <= MAX_COUNT else None
