"""Indicators and targets: a regency's reported figures and the year's targets in; figures,
rates, targets and gaps out."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import Meta, Struct

from blanko_tracker.schemas.common import Count, RegionCode

Rate = Annotated[float, Meta(ge=0, le=1, description="a fraction: 0.994 for 99.4 %")]


class ReportIndicators(Struct, kw_only=True):
    wajib_ktp: Count
    recorded: Count
    printed: Count | None = None
    ikd_activated: Count | None = None
    suket_outstanding: Count | None = None


class Rates(Struct, kw_only=True):
    recording_rate: float | None
    ikd_rate: float | None


class Gaps(Struct, kw_only=True):
    recording: int | None  # people still to record to reach the target
    ikd: int | None  # recorded residents still to activate IKD to reach the target


class IndicatorsOut(Struct, kw_only=True):
    region: str
    date: date | None  # the latest report on or before the asked day (regency level)
    wajib_ktp: int
    recorded: int
    printed: int | None
    ikd_activated: int | None
    suket_outstanding: int | None
    recording_rate: float | None
    ikd_rate: float | None
    print_debt: int
    targets: Rates
    gaps: Gaps
    regencies_reporting: int


class SetTargets(Struct, kw_only=True):
    recording_rate: Rate | None = None
    ikd_rate: Rate | None = None
    region: RegionCode | None = None  # omitted: the national default


class TargetOut(Struct, kw_only=True):
    year: int
    region: str
    recording_rate: float | None
    ikd_rate: float | None
