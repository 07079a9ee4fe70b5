"""Indicator reports and targets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from blanko_tracker.db import rows
from blanko_tracker.db.rows import as_date
from blanko_tracker.db.tables import IndicatorReport, Region, Target
from blanko_tracker.domain.indicators import Figures
from blanko_tracker.domain.regions import ancestors

FIGURES = ("wajib_ktp", "recorded", "printed", "ikd_activated", "suket_outstanding")


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """A regency's KTP-el figures as reported for a day."""

    region: str
    day: date
    figures: Figures

    @classmethod
    def of(cls, row: dict[str, Any]) -> IndicatorRow:
        return cls(region=row["region"], day=as_date(row["day"]),
                   figures=Figures(**{name: row[name] for name in FIGURES}))


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A year's targets set for a region (`00`: the national default); None: not set here."""

    year: int
    region: str
    recording_rate: float | None
    ikd_rate: float | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> TargetRow:
        return cls(year=row["year"], region=row["region"],
                   recording_rate=row["recording_rate"], ikd_rate=row["ikd_rate"])


@dataclass(frozen=True, slots=True)
class Targets:
    """The targets in force for a region in a year, wherever they were set."""

    recording_rate: float | None
    ikd_rate: float | None


async def upsert(region: str, day: date, figures: Figures, *, actor: str) -> IndicatorRow:
    """The region's figures for `day`, replacing any reported before for that day."""
    return await rows.upsert(
        IndicatorReport, IndicatorRow,
        (IndicatorReport.region == region) & (IndicatorReport.day == day),
        region=region, day=day, updated_at=datetime.now(UTC), updated_by=actor,
        **{name: getattr(figures, name) for name in FIGURES},
    )


# The latest report on or before a day, per regency under a code: one index probe each.
LATEST_SQL = """
SELECT g.code AS region, r.day AS day, r.wajib_ktp AS wajib_ktp, r.recorded AS recorded,
       r.printed AS printed, r.ikd_activated AS ikd_activated,
       r.suket_outstanding AS suket_outstanding
FROM region g
JOIN indicator_report r ON r.id = (
    SELECT y.id FROM indicator_report y
    WHERE y.region = g.code AND y.day <= {}
    ORDER BY y.day DESC LIMIT 1
)
WHERE g.level = 'regency' AND (g.code = {} OR g.code LIKE {})
"""


async def latest_of_regencies(code: str, day: date) -> list[IndicatorRow]:
    pattern = "%" if code == "00" else f"{code}.%"
    return [IndicatorRow.of(row) for row in await Region.raw(LATEST_SQL, day, code, pattern)]


async def set_target(year: int, region: str, changes: dict[str, float], *, actor: str
                     ) -> TargetRow:
    return await rows.upsert(
        Target, TargetRow, (Target.year == year) & (Target.region == region), year=year,
        region=region, updated_at=datetime.now(UTC), updated_by=actor, **changes,
    )


async def targets_for(code: str, year: int) -> Targets:
    """Each target from the nearest region at or above `code` that sets it for `year`; a
    target stays in force in later years until it is set again."""
    chain = ancestors(code)
    targets = await Target.select().where((Target.year <= year) & Target.region.is_in(chain))
    # The newest year first; within a year, the nearest region first.
    ranked = sorted(targets, key=lambda row: (-row["year"], chain.index(row["region"])))
    return Targets(**{
        name: next((row[name] for row in ranked if row[name] is not None), None)
        for name in ("recording_rate", "ikd_rate")
    })


async def upsert_many(reports: list[tuple[str, date, Figures]], *, actor: str) -> None:
    """Many regions' figures at once (an import): new (region, day) rows inserted in bulk,
    existing ones replaced; within the batch the last row for a (region, day) wins."""
    latest = {(region, day): figures for region, day, figures in reports}
    now = datetime.now(UTC)
    existing = {
        (row["region"], row["day"]): row["id"]
        for row in await IndicatorReport.select(
            IndicatorReport.id, IndicatorReport.region, IndicatorReport.day
        ).where(IndicatorReport.region.is_in(sorted({region for region, _ in latest})))
    }
    fresh = []
    for (region, day), figures in latest.items():
        values = {name: getattr(figures, name) for name in FIGURES}
        if (region, day) in existing:
            await rows.update(IndicatorReport, IndicatorRow, existing[(region, day)],
                              updated_at=now, updated_by=actor, **values)
        else:
            fresh.append(IndicatorReport(region=region, day=day, updated_at=now,
                                         updated_by=actor, **values))
    for start in range(0, len(fresh), 1000):
        await IndicatorReport.insert(*fresh[start : start + 1000])
