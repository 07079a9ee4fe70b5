"""Importing the offices' existing spreadsheets, all or nothing.

Rules held here: every row is checked and every bad cell is named (row number as the
spreadsheet shows it, header = row 1); one bad row refuses the whole file; region codes are
Kemendagri dotted text (a number such as 75.05 read back as 75.05 is accepted only when it
is exactly the code's text); counts are whole, non-negative numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.domain.errors import RuleViolated
from blanko_tracker.domain.regions import is_code

COLUMNS = {
    "indicators": ["region", "date", "wajib_ktp", "recorded", "printed", "ikd_activated",
                   "suket_outstanding"],
    "print_debt": ["region", "date", "pending"],
}
MAX_COUNT = 2_000_000_000  # as the API's counts: beyond it a database column overflows
REQUIRED = {"indicators": {"region", "date", "wajib_ktp", "recorded"},
            "print_debt": {"region", "date", "pending"}}


class InvalidRows(RuleViolated):
    code = "invalid_rows"

    def __init__(self, errors: list[dict[str, Any]], rows: int) -> None:
        super().__init__(f"{len({e['row'] for e in errors})} of {rows} rows are not valid; "
                         "nothing was imported.")
        self.errors = errors

    def context(self) -> dict[str, object]:
        return {"errors": self.errors}


@dataclass
class RowErrors:
    errors: list[dict[str, Any]]

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})


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
