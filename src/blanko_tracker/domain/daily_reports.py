"""The daily report up the chain (*laporan harian*): a regency's day as the ledger holds it.

Rules held here:
- the figures are the ledger's at the end of the day, never typed: the office confirms them;
  reporting the day again replaces the report (the ledger may have been corrected since);
- days of cover: blanks on hand ÷ the cards printed a working day over the last 30 days
  (None when it printed nothing), as the dashboards count days of stock;
- a regency is silent when it reported before but not on either of the last two working
  days before today: the province asks after it (alert `daily_report_missing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from blanko_tracker.domain.calendar import is_working_day

SILENT_AFTER = 2  # working days without a report
PACE_DAYS = 30


@dataclass(frozen=True, slots=True)
class DayFigures:
    on_hand: int  # blanks at the end of the day
    printed: int  # cards printed that day
    spoiled: int  # blanks spoiled that day
    recorded: int  # print-ready records that joined the debt that day
    print_debt: int  # cards owed at the end of the day
    suket_outstanding: int
    printers_active: int
    days_of_cover: float | None


def days_of_cover(on_hand: int, printed_lately: int, working_days: int) -> float | None:
    """`on_hand` at the pace of `printed_lately` cards over `working_days` working days."""
    if printed_lately <= 0 or working_days <= 0:
        return None
    return round(on_hand / (printed_lately / working_days), 1)


def last_working_days(today: date, count: int = SILENT_AFTER) -> list[date]:
    """The `count` working days before `today`, latest first."""
    found: list[date] = []
    day = today
    while len(found) < count:
        day -= timedelta(days=1)
        if is_working_day(day):
            found.append(day)
    return found


def silent_since(last_report: date, today: date) -> date | None:
    """The first working day a regency that last reported on `last_report` was silent, when
    it has missed the last SILENT_AFTER working days before `today`; None otherwise."""
    missed = last_working_days(today)
    if last_report >= missed[-1]:
        return None
    return missed[-1]
