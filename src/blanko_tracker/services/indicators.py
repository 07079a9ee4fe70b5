"""Indicator actions: a regency's reported figures, and the year's targets."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from blanko_tracker.db import indicators
from blanko_tracker.db.indicators import IndicatorRow, TargetRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import indicators as rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import InvalidInput
from blanko_tracker.domain.indicators import Figures
from blanko_tracker.domain.regions import NATIONAL
from blanko_tracker.schemas import ReportIndicators, SetTargets
from blanko_tracker.services.common import (
    audit_write,
    day_of,
    require_regency,
    require_region,
    utcnow,
)


async def report_indicators(code: str, day: date, cmd: ReportIndicators, *, actor: Actor
                            ) -> IndicatorRow:
    """A regency's KTP-el figures for a day (a second report for the day replaces the first)."""
    authorize(actor, Action.RECORD, code)
    figures = Figures(wajib_ktp=cmd.wajib_ktp, recorded=cmd.recorded, printed=cmd.printed,
                      ikd_activated=cmd.ikd_activated,
                      suket_outstanding=cmd.suket_outstanding)
    rules.check_figures(figures)
    now = utcnow()
    day = day_of(day, code, now, field="date")
    async with write_transaction():
        await require_regency(code)
        row = await indicators.upsert(code, day, figures, actor=actor.username)
        await audit_write(actor, "report_indicators", target=f"indicators:{code}:{day}",
                          region=code, detail={"date": day.isoformat(),
                                               **asdict(row.figures)},
                          now=now)
    return row


async def set_targets(year: int, cmd: SetTargets, *, actor: Actor) -> TargetRow:
    """The national default (no region) or a subtree's override of a year's targets."""
    region = cmd.region or NATIONAL
    authorize(actor, Action.SET_TARGETS, region)
    if not 2000 <= year <= 2100:
        raise InvalidInput("year", "a year such as 2023", rule="year")
    changes = {name: value for name, value in (("recording_rate", cmd.recording_rate),
                                               ("ikd_rate", cmd.ikd_rate)) if value is not None}
    if not changes:
        raise InvalidInput("body", "give recording_rate, ikd_rate or both",
                           rule="targets_empty")
    now = utcnow()
    async with write_transaction():
        await require_region(region)
        row = await indicators.set_target(year, region, changes, actor=actor.username)
        await audit_write(actor, "set_targets", target=f"targets:{year}:{region}",
                          region=region, detail={"year": year, **changes}, now=now)
    return row
