"""Printers (*mesin cetak*) on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import NO_NUL, RegionCode

PrinterStatus = Literal["active", "broken", "retired"]
# One machine prints 100–150 cards a working day in the field; a bound far above any.
CardsPerDay = Annotated[int, Meta(ge=1, le=10_000)]


class RegisterPrinter(Struct, kw_only=True):
    region: RegionCode  # a regency
    name: Annotated[str, Meta(min_length=1, max_length=100, pattern=NO_NUL)]
    cards_per_day: CardsPerDay


class ChangePrinterStatus(Struct, kw_only=True):
    status: PrinterStatus


class PrinterOut(Struct, kw_only=True):
    id: int
    region: str
    name: str
    cards_per_day: int
    status: PrinterStatus
    updated_at: datetime
    updated_by: str


class PrinterPage(Struct, kw_only=True):
    items: list[PrinterOut]
    total: int
