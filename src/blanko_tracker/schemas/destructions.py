"""Destruction minutes (*berita acara pemusnahan*) and surrendered cards on the wire."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import NO_NUL, RegionCode

# A regency spoils tens of blanks a day; a bound far above any year of them.
CardCount = Annotated[int, Meta(ge=0, le=1_000_000)]
WitnessName = Annotated[str, Meta(min_length=1, max_length=100, pattern=NO_NUL)]
# The minutes are signed by a handful of officials; a page holds twenty signature lines.
Witnesses = Annotated[list[WitnessName], Meta(min_length=2, max_length=20)]


class RecordSurrender(Struct, kw_only=True):
    """Old cards residents handed back at replacement, at a regency on a day."""

    region: RegionCode
    date: date | None = None  # today in the regency when omitted
    count: Annotated[int, Meta(ge=1, le=1_000_000)]


class SurrenderOut(Struct, kw_only=True):
    id: int
    region: str
    date: date
    count: int


class AwaitingOut(Struct, kw_only=True):
    """What awaits destruction at a regency; `oldest_on` is the day its oldest spoiled card
    still waiting was spoiled (None when none waits)."""

    region: str
    spoiled: int
    surrendered: int
    oldest_on: date | None
    spoiled_by_reason: dict[str, int]


class RecordDestruction(Struct, kw_only=True):
    region: RegionCode
    date: date | None = None  # today in the regency when omitted
    spoiled: CardCount = 0
    surrendered: CardCount = 0
    witnesses: Witnesses
    note: Annotated[str, Meta(max_length=500, pattern=NO_NUL)] | None = None


class DestructionOut(Struct, kw_only=True):
    id: int
    number: str  # BA-PMS/{regency}/{year}/{seq}
    region: str
    date: date
    spoiled: int
    surrendered: int
    spoiled_by_reason: dict[str, int]
    witnesses: list[str]
    note: str
    recorded_by: str


class DestructionPage(Struct, kw_only=True):
    items: list[DestructionOut]
    total: int
