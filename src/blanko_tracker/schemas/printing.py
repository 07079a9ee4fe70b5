"""Printing and the print debt (*hutang cetak*): print runs, recordings and snapshots in; runs,
debt entries and the debt by region and day out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.domain.print_debt import DebtClass
from blanko_tracker.schemas.common import NO_NUL, Count, Note, RegionCode


class ByClass(Struct, kw_only=True, forbid_unknown_fields=True):
    """Cards by class of the debt, in the ministry's priority order: first cards, disaster
    victims, replacements, data changes, moved in. A class left out counts 0."""

    new: Count = 0
    disaster: Count = 0
    replacement: Count = 0
    change: Count = 0
    moved: Count = 0


class RecordPrintRun(Struct, kw_only=True):
    """A print operator's day at a regency: cards printed and blanks spoiled."""

    region: RegionCode
    date: date
    printed: Count
    spoiled: Count = 0
    spoiled_reason: SpoiledReason | None = None
    station: Annotated[str, Meta(max_length=64, pattern=NO_NUL)] = ""
    note: Note = ""
    # Which classes the printed cards repay (summing to `printed`); without it, the
    # ministry's priority order.
    printed_by_class: ByClass | None = None


class PrintRunOut(Struct, kw_only=True):
    id: int
    region: str
    date: date
    printed: int
    spoiled: int
    spoiled_reason: str | None
    station: str
    note: str
    created_at: datetime
    created_by: str


class PrintRunPage(Struct, kw_only=True):
    items: list[PrintRunOut]
    total: int


class RecordRecordings(Struct, kw_only=True):
    """Print-ready records added to a regency's debt, of one class (first cards, disaster
    victims, replacements for lost or damaged cards, data changes, moved in)."""

    date: date
    count: Annotated[int, Meta(gt=0, le=2_000_000_000)]
    kind: DebtClass = DebtClass.NEW


class TakeDebtSnapshot(Struct, kw_only=True):
    """The authoritative print-ready count from the national system on a day."""

    date: date
    pending: Count
    by_class: ByClass | None = None  # summing to `pending`; without: today's proportions


class DebtEntryOut(Struct, kw_only=True):
    id: int
    region: str
    date: date
    kind: str
    count: int
    recording_kind: str | None
    by_class: ByClass  # `count` by class
    pending: int  # the debt at the end of that day, once this entry is applied
    reconciliation: int | None  # snapshots: pending − what the system had


class PrintDebtChild(Struct, kw_only=True):
    region: str
    name: str
    pending: int
    by_class: ByClass  # summing to `pending`
    as_of: date | None
    recorded_30d: int
    printed_30d: int


class PrintDebtOut(Struct, kw_only=True):
    region: str
    pending: int
    by_class: ByClass  # summing to `pending`
    as_of: date | None
    recorded_30d: int
    printed_30d: int
    children: list[PrintDebtChild]


class DebtDayOut(Struct, kw_only=True):
    date: date
    pending: int
    recorded: int
    printed: int


class UndoEntry(Struct, kw_only=True):
    """Why a print run or a recording entered by mistake is undone (kept in the audit trail)."""

    reason: Annotated[str, Meta(min_length=3, max_length=500, pattern=NO_NUL)]


class PrintRunUndone(Struct, kw_only=True):
    """A print run undone: its blanks back on hand, its printed cards back on the debt."""

    print_run: int
    movements: list[int]  # the reversing stock-card lines
    on_hand: int  # the regency's balance after them
    pending: int  # the debt at the end of the run's day, once undone
