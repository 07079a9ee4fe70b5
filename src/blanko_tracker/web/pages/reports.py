"""The monthly blank report (*laporan bulanan blanko*): pick a region and a month, see the
rows, download them as XLSX or as the printable PDF — the same documents the API serves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from blanko_tracker.documents import monthly
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.errors import BlankoError, InvalidInput
from blanko_tracker.domain.reports import month_bounds
from blanko_tracker.services import reports
from blanko_tracker.web.forms import as_picked, pickable, region_code
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.render import page, problem_of
from blanko_tracker.web.session import CurrentSession, provide_session

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def last_month(today: date) -> str:
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


async def _checked(actor: Any, code: str, month: str) -> dict[str, Any]:
    """The report, once the caller may read `code` and `month` is a month."""
    authorize(actor, Action.READ, code)
    if len(month) != 7:
        raise InvalidInput("month", "a month as YYYY-MM, e.g. 2023-02", rule="month")
    month_bounds(month)
    return await reports.monthly_report(code, month)


class ReportPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/reports")
    async def reports_page(self, request: Request[Any, Any, Any], session: CurrentSession,
                           region: FromQuery[str | None] = None,
                           month: FromQuery[str | None] = None) -> Template:
        actor = session.actor
        typed = {"region": (region or await as_picked(actor.region)).strip(),
                 "month": (month or last_month(today_in(actor.region))).strip()}
        report, problem = None, None
        if region is not None or month is not None:
            try:
                code = await region_code(typed["region"], field="region")
                report = await _checked(actor, code, typed["month"])
            except BlankoError as error:
                problem = problem_of(error)
        return page(request, "reports.html", session=session,
                    status=problem["status"] if problem else 200, typed=typed,
                    report=report, problem=problem, picks=await pickable(actor.region))

    @get("/reports/monthly/{code:str}/download")
    async def download(self, session: CurrentSession, code: FromPath[str],
                       month: FromQuery[str], format: FromQuery[Literal["xlsx", "pdf"]]
                       ) -> Response[bytes]:
        """Served as an attachment, named like the API's."""
        report = await _checked(session.actor, code, month)
        filename = f"laporan-blanko-{code}-{month}"
        if format == "xlsx":
            return Response(monthly.to_xlsx(report, actor=session.actor, on=today_in(code)),
                            media_type=XLSX, headers={
                "Content-Disposition": f'attachment; filename="{filename}.xlsx"'})
        document = await monthly.to_pdf(report, printed_on=today_in(code),
                                        actor=session.actor)
        return Response(document, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"'})
