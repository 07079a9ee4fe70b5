"""Daily reports (*laporan harian*) on the wire."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import NO_NUL, RegionCode


class ReportDay(Struct, kw_only=True):
    """A regency confirms its day; the figures come from the ledger, never typed."""

    region: RegionCode  # a regency
    date: Date | None = None  # default: the office's today
    note: Annotated[str, Meta(max_length=500, pattern=NO_NUL)] = ""


class DailyReportOut(Struct, kw_only=True):
    region: str
    name: str
    date: Date
    on_hand: int
    printed: int
    spoiled: int
    recorded: int
    print_debt: int
    suket_outstanding: int
    printers_active: int
    days_of_cover: float | None  # on hand ÷ cards printed a working day over 30 days
    note: str
    reported_by: str
    reported_at: datetime
    text: str  # the same figures, ready to paste into WhatsApp (≤ 1,000 characters)


class MissingReport(Struct, kw_only=True):
    region: str
    name: str


class DailyReportRollCall(Struct, kw_only=True):
    date: Date
    reported: list[DailyReportOut]
    missing: list[MissingReport]
