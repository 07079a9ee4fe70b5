"""Shipments: planned, dispatched and received in; a shipment with its serial ranges out, and
where one serial was on a day."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import Note, PositiveInt, RegionCode, SerialRange

SerialRanges = Annotated[list[SerialRange], Meta(max_length=10_000)]


class CreateShipment(Struct, kw_only=True):
    """An installment from the ministry or a transfer down the hierarchy."""

    destination: RegionCode
    quantity: PositiveInt
    source: RegionCode = "00"
    request_id: int | None = None
    installment: Annotated[int, Meta(ge=1, le=1000)] | None = None
    expected_on: date | None = None
    serial_ranges: SerialRanges | None = None
    status: Literal["planned", "dispatched"] = "planned"
    dispatched_on: date | None = None  # created dispatched: the day it left (today if omitted)
    note: Note = ""


class DispatchShipment(Struct, kw_only=True):
    dispatched_on: date | None = None  # the day the blanks left; today when omitted


class ReceiveShipment(Struct, kw_only=True):
    """What arrived: `received` good blanks and `damaged` ones; the rest is missing.

    A shipment carrying serials names which serials were damaged or missing.
    """

    received: Annotated[int, Meta(ge=0, le=2_000_000_000)]
    damaged: Annotated[int, Meta(ge=0, le=2_000_000_000)] = 0
    received_on: date | None = None
    note: Note = ""
    damaged_ranges: SerialRanges | None = None
    missing_ranges: SerialRanges | None = None


class ShipmentOut(Struct, kw_only=True):
    id: int
    source: str
    destination: str
    quantity: int
    status: str
    request_id: int | None
    installment: int | None
    expected_on: date | None
    dispatched_at: datetime | None
    received_at: datetime | None
    received_on: date | None
    received: int | None
    damaged: int | None
    missing: int | None
    serial_ranges: list[SerialRange]
    note: str
    created_at: datetime
    created_by: str
    loan_id: int | None = None  # the loan it lends or repays
    purpose: str = ""  # "" (a transfer or installment) | "loan" | "loan_return"


class ShipmentPage(Struct, kw_only=True):
    items: list[ShipmentOut]
    total: int


class SerialLocation(Struct, kw_only=True):
    """Where one blank was on a day: `in_stock`, `in_transit`, `used`, `spoiled`, `damaged`
    (arrived damaged) or `missing` (never arrived)."""

    serial: int
    region: str
    since: date
    shipment_id: int | None
    status: str
