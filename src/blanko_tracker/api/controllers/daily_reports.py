"""Daily reports (*laporan harian*): a regency confirms its day; the province sees who
reported it and who did not."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor, RegionQuery
from blanko_tracker.api.problems import responses
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import (
    DailyReportOut,
    DailyReportRollCall,
    MissingReport,
    ReportDay,
)
from blanko_tracker.services import daily_reports
from blanko_tracker.services.common import check_day, utcnow
from blanko_tracker.services.wire import daily_report_out


class DailyReportController(Controller):
    path = "/api/v1/daily-reports"
    tags = ["daily reports"]

    @post("/", operation_id="report_day", responses=responses(400, 401, 403, 404))
    async def report_day(self, data: JSONBody[ReportDay], actor: CurrentActor
                         ) -> DailyReportOut:
        """The ledger's figures at the end of the day, confirmed by the regency's office,
        with a WhatsApp-ready `text`. Reporting the day again replaces the report."""
        return daily_report_out(await daily_reports.report_day(data, actor=actor))

    @get("/", operation_id="daily_report_roll_call", responses=responses(400, 401, 403, 404))
    async def roll_call(self, actor: CurrentActor, parent: RegionQuery,
                        day: Annotated[date | None, QueryParameter(name="date")] = None
                        ) -> DailyReportRollCall:
        """Every regency under `parent`: its report of `date` (today in `parent`'s time zone
        when omitted), or its name among the missing."""
        readable(actor, parent)
        on = check_day(day, field="date") if day else local_date(parent, utcnow())
        call = await daily_reports.roll_call(parent, on)
        return DailyReportRollCall(
            date=call.day, reported=[daily_report_out(told) for told in call.reported],
            missing=[MissingReport(region=row.code, name=row.name) for row in call.missing])
