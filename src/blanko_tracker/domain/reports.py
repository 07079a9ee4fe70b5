"""The monthly blank report (*laporan bulanan blanko*) that goes up the chain.

Rules held here:
- a month is taken by the day movements happened (`on`), so a back-dated entry lands in its
  own month without rewriting anything;
- opening + received − transferred_out − printed − spoiled − kits + adjusted = closing,
  always: procurements count as received, reversals as adjusted, and `kits` is what went
  out in mobile-service kits less what came back (a kit's printed and spoiled blanks come
  back at its return and are counted as printed and spoiled; its missing ones stay in
  `kits`).

It holds numbers and dates; the pages, the PDF and the workbook write them
(blanko_tracker/formats.py).
"""

from __future__ import annotations

import calendar as gregorian
import re
from dataclasses import dataclass, field
from datetime import date

from blanko_tracker.domain.errors import InvalidInput

# Which column a movement kind lands in; transfers, printing and spoilage are shown positive.
COLUMN_OF_KIND = {
    "procurement": "received", "receipt": "received", "transfer_out": "transferred_out",
    "print_use": "printed", "spoiled": "spoiled", "adjustment": "adjusted",
    "reversal": "adjusted", "kit_out": "kits", "kit_return": "kits",
}
OUTFLOWS = {"transferred_out", "printed", "spoiled", "kits"}
# Lines told apart inside a column by their stock-card reason: loans and their returns among
# the transfers, the funding of procurements (never added twice: each is a part of its column).
PART_OF = {
    ("transfer_out", "loan"): "loaned_out", ("transfer_out", "loan_return"): "loan_returned",
    ("receipt", "loan"): "borrowed", ("receipt", "loan_return"): "loan_repaid",
    ("procurement", "apbn"): "procured_apbn", ("procurement", None): "procured_apbn",
    ("procurement", "apbd"): "procured_apbd",
}


@dataclass
class MonthlyRow:
    region: str
    name: str
    opening: int = 0
    received: int = 0
    transferred_out: int = 0
    printed: int = 0
    spoiled: int = 0
    spoiled_by_reason: dict[str, int] = field(default_factory=dict)
    adjusted: int = 0
    kits: int = 0
    closing: int = 0
    # parts of `transferred_out`: lent to another region, sent back on a loan borrowed
    loaned_out: int = 0
    loan_returned: int = 0
    # parts of `received`: borrowed, a loan of ours repaid; bought by the ministry (APBN) or
    # from the region's own budget (APBD, blangko mandiri)
    borrowed: int = 0
    loan_repaid: int = 0
    procured_apbn: int = 0
    procured_apbd: int = 0
    print_debt_opening: int = 0
    print_debt_closing: int = 0
    # The closing debt by class (domain.print_debt.DebtClass values), summing to it.
    print_debt_closing_by_class: dict[str, int] = field(default_factory=dict)
    recorded: int = 0

    def add(self, kind: str, quantity: int, reason: str | None) -> None:
        """A month's movements of one kind (signed, as on the stock card)."""
        column = COLUMN_OF_KIND[kind]
        amount = -quantity if column in OUTFLOWS else quantity
        setattr(self, column, getattr(self, column) + amount)
        if (part := PART_OF.get((kind, reason))) is not None:
            setattr(self, part, getattr(self, part) + amount)
        if column == "spoiled":
            key = reason or "unspecified"
            self.spoiled_by_reason[key] = self.spoiled_by_reason.get(key, 0) + amount

    def close(self) -> None:
        self.closing = (self.opening + self.received - self.transferred_out - self.printed
                        - self.spoiled - self.kits + self.adjusted)


# ASCII digits, the whole value: `int()` also reads "２", and `$` lets a newline through.
_MONTH = re.compile(r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])")


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of `YYYY-MM` (1900-01 … 2099-12)."""
    if not _MONTH.fullmatch(month):
        raise InvalidInput("month", "a month as YYYY-MM, e.g. 2023-02", rule="month")
    year, number = int(month[:4]), int(month[5:])
    return date(year, number, 1), date(year, number, gregorian.monthrange(year, number)[1])
