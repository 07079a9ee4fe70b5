"""Daily reports: a regency's confirmed day, and who under a region reported a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Max

from blanko_tracker.db.rows import as_date, under
from blanko_tracker.db.tables import DailyReport
from blanko_tracker.domain.daily_reports import DayFigures

FIGURES = ("on_hand", "printed", "spoiled", "recorded", "print_debt", "suket_outstanding",
           "printers_active", "days_of_cover")


@dataclass(frozen=True, slots=True)
class DailyReportRow:
    id: int
    region: str
    day: date
    figures: DayFigures
    note: str
    reported_by: str
    reported_at: datetime

    @classmethod
    def of(cls, row: dict[str, Any]) -> DailyReportRow:
        return cls(id=row["id"], region=row["region"], day=as_date(row["day"]),
                   figures=DayFigures(**{name: row[name] for name in FIGURES}),
                   note=row["note"], reported_by=row["reported_by"],
                   reported_at=row["reported_at"])


# Reporting a day again replaces it: one statement, the unique (region, day) index decides.
UPSERT = f"""
INSERT INTO daily_report (region, day, {", ".join(FIGURES)}, note, reported_by, reported_at)
VALUES ({", ".join(["{}"] * (len(FIGURES) + 5))})
ON CONFLICT (region, day) DO UPDATE SET
    {", ".join(f"{name} = excluded.{name}" for name in FIGURES)},
    note = excluded.note, reported_by = excluded.reported_by,
    reported_at = excluded.reported_at
RETURNING *
"""


async def put(region: str, day: date, figures: DayFigures, *, note: str, by: str,
              now: datetime) -> DailyReportRow:
    rows = await DailyReport.raw(UPSERT, region, day,
                                 *(getattr(figures, name) for name in FIGURES), note, by, now)
    return DailyReportRow.of(rows[0])


async def of_day(code: str, day: date) -> list[DailyReportRow]:
    """The reports of `day` from the regencies at or under `code`."""
    query = DailyReport.select().where(DailyReport.day == day)
    if (condition := under(DailyReport.region, code)) is not None:
        query = query.where(condition)
    return [DailyReportRow.of(row) for row in await query.order_by(DailyReport.region)]


async def last_reported(code: str) -> dict[str, date]:
    """Each regency at or under `code` that ever reported, and the last day it reported."""
    query = DailyReport.select(DailyReport.region, Max(DailyReport.day, alias="last"))
    if (condition := under(DailyReport.region, code)) is not None:
        query = query.where(condition)
    return {row["region"]: as_date(row["last"])
            for row in await query.group_by(DailyReport.region)}
