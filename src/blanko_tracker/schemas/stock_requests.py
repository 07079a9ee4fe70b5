"""Requests (*permintaan blanko*): raised, approved or rejected in; a request with what its
shipments delivered out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import NO_NUL, Note, PositiveInt, RegionCode


class RaiseRequest(Struct, kw_only=True):
    """A region asks its supplier (normally the ministry, `00`) for blanks."""

    region: RegionCode
    quantity: PositiveInt
    supplier: RegionCode = "00"
    needed_by: date | None = None
    note: Note = ""


class ApproveRequest(Struct, kw_only=True):
    approved_quantity: PositiveInt | None = None  # omitted: min(quantity, the vetted need)


class Vetting(Struct, kw_only=True):
    """What a decision weighs: the region's need over 30 days (as installment planning),
    IKD activations per blank received and the fill rate of its requests over 365 days."""

    need: int
    ikd_ratio: float | None
    fill_rate: float | None
    flags: list[str]  # above_need (quantity > 2 × need), ikd_below_rule (ikd_ratio < 0.5)


class RejectRequest(Struct, kw_only=True):
    reason: Annotated[str, Meta(min_length=1, max_length=1000, pattern=NO_NUL)]


class StockRequestOut(Struct, kw_only=True):
    id: int
    region: str
    supplier: str
    quantity: int
    approved_quantity: int | None
    status: str
    received_quantity: int
    owed: int
    in_flight: int
    needed_by: date | None
    note: str
    decision_note: str
    created_at: datetime
    created_by: str
    vetting: Vetting | None = None


class StockRequestPage(Struct, kw_only=True):
    items: list[StockRequestOut]
    total: int
