"""The monthly blank report (*laporan bulanan blanko*) as JSON, XLSX or PDF."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Response

from blanko_tracker.api.guards import readable
from blanko_tracker.api.openapi import XLSX, JsonXlsxOrPdf
from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.documents import monthly
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import MonthlyReport, MonthlyReportRow
from blanko_tracker.schemas.common import MONTH
from blanko_tracker.services import reports
from blanko_tracker.services.common import utcnow

Month = Annotated[str, QueryParameter(pattern=MONTH,
                                      description="YYYY-MM, 1900-01 to 2099-12")]


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]

    @get("/monthly/{code:str}", operation_id="get_monthly_report",
         responses=responses(400, 401, 403, 404), operation_class=JsonXlsxOrPdf)
    async def monthly_report(
        self, code: FromPath[str], actor: CurrentActor, month: Month,
        format: FromQuery[Literal["json", "xlsx", "pdf"]] = "json",  # the contract's name
    ) -> Response[MonthlyReport]:
        """Opening, received, transferred, printed, spoiled (by cause), adjusted, closing and
        print debt, by the day things happened; a row per child above regency level."""
        readable(actor, code)
        report = await reports.monthly_report(code, month)
        filename = f"laporan-blanko-{code}-{month}"
        if format == "xlsx":
            return Response(monthly.to_xlsx(report, actor=actor,
                                            on=local_date(code, utcnow())),
                            media_type=XLSX, headers={
                "Content-Disposition": f'attachment; filename="{filename}.xlsx"'})
        if format == "pdf":
            document = await monthly.to_pdf(report, printed_on=local_date(code, utcnow()),
                                            actor=actor)
            return Response(document, media_type="application/pdf", headers={
                "Content-Disposition": f'attachment; filename="{filename}.pdf"'})
        return Response(MonthlyReport(
            region=code, name=report["name"], month=month,
            rows=[MonthlyReportRow(**dataclasses.asdict(row)) for row in report["rows"]],
        ))
