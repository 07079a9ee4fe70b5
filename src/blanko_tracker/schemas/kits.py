"""Mobile-service kits (*jemput bola*) on the wire."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta, Struct

from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.schemas.common import NO_NUL, RegionCode, SerialRange

# An officer carries a few hundred blanks to a village at most; a bound far above.
KitCount = Annotated[int, Meta(ge=0, le=100_000)]


class SignOutKit(Struct, kw_only=True):
    region: RegionCode  # a regency
    officer: Annotated[str, Meta(min_length=1, max_length=100, pattern=NO_NUL)]
    quantity: Annotated[int, Meta(ge=1, le=100_000)]
    date: date | None = None  # today in the regency when omitted
    serial_ranges: Annotated[list[SerialRange], Meta(max_length=100)] | None = None


class ReturnKit(Struct, kw_only=True):
    date: date | None = None
    printed: KitCount = 0
    spoiled: KitCount = 0
    returned: KitCount = 0
    spoiled_reason: SpoiledReason | None = None
    missing_reason: Annotated[str, Meta(min_length=1, max_length=500,
                                        pattern=NO_NUL)] | None = None


class KitOut(Struct, kw_only=True):
    id: int
    region: str
    officer: str
    quantity: int
    date: date
    status: Literal["out", "returned"]
    returned_on: date | None
    printed: int
    spoiled: int
    spoiled_reason: str | None
    returned: int
    missing: int
    missing_reason: str | None
