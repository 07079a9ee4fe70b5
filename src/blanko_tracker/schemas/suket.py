"""Suket (*surat keterangan*) on the wire: a regency's day of suket in, the register out."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.domain.suket import MAX_PER_DAY

SuketCount = Annotated[int, Meta(ge=0, le=MAX_PER_DAY)]


class RecordSuket(Struct, kw_only=True):
    """A regency's suket of a day: issued, redeemed (the card was handed over) and renewed;
    at least one above 0."""

    date: date
    issued: SuketCount = 0
    redeemed: SuketCount = 0
    renewed: SuketCount = 0


class SuketEntryOut(Struct, kw_only=True):
    id: int
    region: str
    date: date
    issued: int
    redeemed: int
    renewed: int
    outstanding: int  # at the end of that day, once this entry is applied


class SuketOut(Struct, kw_only=True):
    """A region's suket on `as_of` (above regency level the sums of its regencies):
    outstanding = valid + expired."""

    region: str
    as_of: date
    outstanding: int
    valid: int
    expired: int
    expiring_30d: int
    issued_30d: int
    redeemed_30d: int
