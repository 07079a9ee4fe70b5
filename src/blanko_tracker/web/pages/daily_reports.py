"""The daily report on the pages: a regency's office confirms its day and shares the text
in the province's WhatsApp group; the province sees who reported and who did not."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import daily_reports as stored
from blanko_tracker.db import regions
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.regions import Level
from blanko_tracker.schemas import ReportDay
from blanko_tracker.services import daily_reports
from blanko_tracker.services.common import check_day, require_regency
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command, submit
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session


async def daily_report_page(request: Request[Any, Any, Any], session: BrowserSession,
                            code: str, day: date, *, typed: dict[str, str] | None = None,
                            problem: dict[str, Any] | None = None, saved: bool = False
                            ) -> Template:
    region = await regions.known(code)
    reported = next(iter(await stored.of_day(code, day)), None)
    told = daily_reports.told(reported, region.name) if reported else None
    return page(
        request, "daily_report.html", session=session,
        status=problem["status"] if problem else 200, region=region, day=day,
        today=today_in(code), figures=await daily_reports.figures_of(code, day),
        told=told, share=f"https://wa.me/?text={quote(told.text)}" if told else None,
        problem=problem, saved=saved and told is not None,
        typed=typed or {"note": reported.note if reported else ""})


class DailyReportPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/daily-report")
    async def daily_report(self, request: Request[Any, Any, Any], session: CurrentSession,
                           code: FromPath[str], day: FromQuery[date | None] = None,
                           saved: FromQuery[bool] = False) -> Template:
        """A regency's day as the ledger holds it, to confirm; once confirmed, its text."""
        authorize(session.actor, Action.REPORT_DAY, code)
        await require_regency(code)
        on = check_day(day, field="date") if day else today_in(code)
        return await daily_report_page(request, session, code, on, saved=saved)

    @post("/regions/{code:str}/daily-report")
    async def report_day(self, request: Request[Any, Any, Any], session: CurrentSession,
                         code: FromPath[str], day: FromQuery[date | None] = None
                         ) -> Template | Redirect:
        authorize(session.actor, Action.REPORT_DAY, code)  # first: the page shows the day
        await require_regency(code)
        on = check_day(day, field="date") if day else today_in(code)
        return await submit(
            request, session,
            lambda fields: daily_reports.report_day(
                command(ReportDay, {**fields, "region": code, "date": on.isoformat()},
                        lang=language_of(request)), actor=session.actor),
            then=lambda _: f"/regions/{code}/daily-report?day={on.isoformat()}&saved=true",
            refused=lambda typed, problem: daily_report_page(request, session, code, on,
                                                             typed=typed, problem=problem))

    @get("/regions/{code:str}/daily-reports")
    async def roll_call(self, request: Request[Any, Any, Any], session: CurrentSession,
                        code: FromPath[str], day: FromQuery[date | None] = None) -> Template:
        """Every regency under a province (or the nation): reported on the day, or not."""
        authorize(session.actor, Action.READ, code)
        region = await regions.known(code)
        on = check_day(day, field="date") if day else today_in(code)
        call = await daily_reports.roll_call(code, on)
        return page(request, "daily_reports.html", session=session, region=region, day=on,
                    today=today_in(code), call=call,
                    above_regency=region.level is not Level.REGENCY)
