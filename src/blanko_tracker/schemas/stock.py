"""Stock: procurements, adjustments and reversals in; the stock card and stock levels out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from blanko_tracker.domain.ledger import AdjustmentReason, MovementKind
from blanko_tracker.schemas.common import Note, PositiveInt, RegionCode, SerialRange, SignedInt


class RecordProcurement(Struct, kw_only=True):
    """Blanks delivered by the card maker: to the national warehouse `00` from the state
    budget (`apbn`), or to a region that bought them from its own (`apbd`, *blangko
    mandiri*)."""

    quantity: PositiveInt
    region: RegionCode = "00"
    funding: Literal["apbn", "apbd"] = "apbn"
    serial_ranges: Annotated[list[SerialRange], Meta(max_length=10_000)] | None = None
    note: Note = ""
    on: date | None = None  # the day they arrived; today when omitted


class AdjustStock(Struct, kw_only=True):
    region: RegionCode
    quantity: SignedInt
    reason: AdjustmentReason
    note: Note
    on: date | None = None


class ReverseMovement(Struct, kw_only=True):
    note: Note


class MovementOut(Struct, kw_only=True):
    id: int
    region: str
    at: datetime
    on: date
    kind: MovementKind
    quantity: int
    balance_after: int
    reference: str
    actor: str
    reverses: int | None
    reason: str | None
    note: str


class MovementPage(Struct, kw_only=True):
    items: list[MovementOut]
    total: int | None
    """How many movements match; null when paging by key (`after_id`), where counting a
    long card would cost more than the page itself."""
    next_after_id: int | None = None
    """Pass as `after_id` for the next page; null on the last page."""


class StockLevel(Struct, kw_only=True):
    region: str
    on_hand: int
    incoming_dispatched: int
    incoming_planned: int


class StockPage(Struct, kw_only=True):
    items: list[StockLevel]
    total: int
