"""The daily report up the chain (*laporan harian*): a regency confirms its day, the province
sees who reported and who did not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from blanko_tracker.db import daily_reports, print_debt, printers, regions, reports
from blanko_tracker.db.daily_reports import DailyReportRow
from blanko_tracker.db.regions import RegionRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.documents.daily_text import whatsapp_text
from blanko_tracker.domain import calendar
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.daily_reports import PACE_DAYS, DayFigures, days_of_cover, silent_since
from blanko_tracker.domain.regions import Level, within
from blanko_tracker.domain.reports import MonthlyRow
from blanko_tracker.schemas import ReportDay
from blanko_tracker.services import suket
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow


@dataclass(frozen=True, slots=True)
class ReportedDay:
    report: DailyReportRow
    name: str
    text: str  # ready to paste into WhatsApp


@dataclass(frozen=True, slots=True)
class DayRollCall:
    """Who under a region reported a day, and who did not."""

    day: date
    reported: list[ReportedDay]
    missing: list[RegionRow]


async def figures_of(code: str, day: date) -> DayFigures:
    """A regency's day as the ledger holds it at the end of `day`: the stock card by the day
    things happened (as the monthly report counts), the debt's day, the suket register and
    the printers."""
    stock = MonthlyRow(region=code, name="")
    stock.opening = (await reports.opening_balances([code], day)).get(code, 0)
    for movement in await reports.month_movements([code], day, day):
        stock.add(movement.kind, movement.quantity, movement.reason)
    stock.close()
    recorded, printed = (await print_debt.flows_of_regencies(code, day, day)).get(code, (0, 0))
    start = day - timedelta(days=PACE_DAYS - 1)
    _, lately = (await print_debt.flows_of_regencies(code, start, day)).get(code, (0, 0))
    return DayFigures(
        on_hand=stock.closing, printed=printed, spoiled=stock.spoiled, recorded=recorded,
        print_debt=await print_debt.pending_on(code, day),
        suket_outstanding=(await suket.suket_of(code, day)).outstanding,
        printers_active=await printers.active_count(code),
        days_of_cover=days_of_cover(stock.closing, lately,
                                    len(calendar.working_days(start, day))))


async def report_day(cmd: ReportDay, *, actor: Actor) -> ReportedDay:
    """The office confirms its day: the ledger's figures at the end of it, with its note.
    Reporting the day again replaces the report."""
    authorize(actor, Action.REPORT_DAY, cmd.region)
    now = utcnow()
    on = day_of(cmd.date, cmd.region, now, field="date")
    async with write_transaction():
        region = await require_regency(cmd.region)
        figures = await figures_of(cmd.region, on)
        report = await daily_reports.put(cmd.region, on, figures, note=cmd.note,
                                         by=actor.username, now=now)
        await audit_write(actor, "report_day", target=f"daily_report:{report.id}",
                          region=cmd.region, detail={"date": on.isoformat(),
                                                     "print_debt": figures.print_debt,
                                                     "on_hand": figures.on_hand}, now=now)
    return told(report, region.name)


def told(report: DailyReportRow, name: str) -> ReportedDay:
    return ReportedDay(report, name, whatsapp_text(
        region=report.region, name=name, day=report.day, figures=report.figures,
        note=report.note, reported_by=report.reported_by))


async def roll_call(code: str, day: date) -> DayRollCall:
    """Every regency at or under `code`: its report of `day`, or its name among the missing.
    The caller has checked that the reader may read `code`."""
    await regions.known(code)
    everyone = [row for row in (await regions.stock_holders()).values()
                if row.level == Level.REGENCY and within(code, row.code)]
    found = {report.region: report for report in await daily_reports.of_day(code, day)}
    return DayRollCall(
        day=day,
        reported=[told(found[row.code], row.name) for row in everyone if row.code in found],
        missing=[row for row in everyone if row.code not in found])


async def silent_regencies(code: str, today: date) -> list[tuple[str, date, date]]:
    """(regency, silent since, last reported) for each regency at or under `code` that
    reported before but missed the last two working days."""
    found = []
    for region, last in sorted((await daily_reports.last_reported(code)).items()):
        if (since := silent_since(last, today)) is not None:
            found.append((region, since, last))
    return found
