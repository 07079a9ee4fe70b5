"""KTP-el indicators against their targets; provinces and the nation sum their regencies."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, put
from litestar.params import FromPath, JSONBody, QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.db import regions
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import (
    IndicatorsOut,
    ReportIndicators,
    SetTargets,
    TargetOut,
)
from blanko_tracker.services import indicators as actions
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.indicator_view import indicator_view
from blanko_tracker.services.wire import target_out


class IndicatorController(Controller):
    path = "/api/v1"
    tags = ["indicators"]

    @put("/indicators/{code:str}/{day:date}", operation_id="report_indicators",
         responses=responses(400, 401, 403, 404))
    async def report_indicators(self, code: FromPath[str], day: FromPath[date],
                                data: JSONBody[ReportIndicators], actor: CurrentActor
                                ) -> IndicatorsOut:
        """A regency's figures for a day; answers with the indicators as of that day."""
        await actions.report_indicators(code, day, data, actor=actor)
        return await indicator_view(code, day)

    @get("/indicators/{code:str}", operation_id="get_indicators",
         responses=responses(400, 401, 403, 404))
    async def get_indicators(self, code: FromPath[str], actor: CurrentActor,
                             day: Annotated[date | None, QueryParameter(name="date")] = None
                             ) -> IndicatorsOut:
        readable(actor, code)
        await regions.known(code)
        return await indicator_view(code, day or local_date(code, utcnow()))

    @put("/targets/{year:int}", operation_id="set_targets",
         responses=responses(400, 401, 403, 404))
    async def set_targets(self, year: FromPath[int], data: JSONBody[SetTargets],
                          actor: CurrentActor) -> TargetOut:
        """Without `region` the national default; with one, the override for that subtree."""
        return target_out(await actions.set_targets(year, data, actor=actor))
