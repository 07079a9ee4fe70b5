"""Forecasts, what-if scenarios and installment planning (all reads but the commit)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.forecast import Arrival
from blanko_tracker.domain.forecast.scenarios import Overrides
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import (
    AllocationItem,
    AllocationPlan,
    CommitAllocation,
    CommittedAllocation,
    ForecastOut,
    PlanAllocation,
    Scenario,
)
from blanko_tracker.services import allocations, forecasting
from blanko_tracker.services.common import check_day, utcnow
from blanko_tracker.services.forecast_view import forecast_view
from blanko_tracker.services.shipment_views import shipment_views


class ForecastController(Controller):
    path = "/api/v1"
    tags = ["forecast"]

    @get("/forecast/{code:str}", operation_id="get_forecast",
         responses=responses(400, 401, 403, 404))
    async def get_forecast(
        self, code: FromPath[str], actor: CurrentActor,
        as_of: Annotated[date | None, QueryParameter(name="as_of")] = None,
        horizon_days: Annotated[int, QueryParameter(ge=1, le=730)] = 90,
    ) -> ForecastOut:
        """When the print debt is repaid (P10/P50/P90), when stock runs out, what to ask for."""
        readable(actor, code)
        day = check_day(as_of, field="as_of") if as_of else local_date(code, utcnow())
        return forecast_view(code, await forecasting.forecast_region(code, day, horizon_days))

    @post("/forecast/{code:str}/scenario", operation_id="run_scenario", status_code=200,
          responses=responses(400, 401, 403, 404))
    async def run_scenario(self, code: FromPath[str], data: JSONBody[Scenario],
                           actor: CurrentActor) -> ForecastOut:
        """The forecast with any input overridden; writes nothing."""
        authorize(actor, Action.RUN_SCENARIOS, code)
        day = check_day(data.as_of, field="as_of") if data.as_of else local_date(code, utcnow())
        for index, extra in enumerate(data.extra_shipments):
            check_day(extra.date, field=f"extra_shipments[{index}].date")
        what_if = Overrides(
            daily_capacity=data.daily_capacity, daily_inflow=data.daily_inflow,
            spoilage_rate=data.spoilage_rate, ignore_planned=data.ignore_planned,
            extra_shipments=tuple(Arrival(on=x.date, quantity=x.quantity)
                                  for x in data.extra_shipments),
            extra_printers=tuple(p.cards_per_day for p in data.extra_printers),
        )
        answer = await forecasting.forecast_region(code, day, data.horizon_days, what_if)
        return forecast_view(code, answer)

    @post("/allocations/plan", operation_id="plan_allocation", status_code=200,
          responses=responses(400, 401, 403))
    async def plan_allocation(self, data: JSONBody[PlanAllocation], actor: CurrentActor
                              ) -> AllocationPlan:
        """Split a tranche among the regencies under `parent` by need; writes nothing."""
        authorize(actor, Action.RUN_SCENARIOS, data.parent)
        day = (check_day(data.as_of, field="as_of") if data.as_of
               else local_date(data.parent, utcnow()))
        plan = await allocations.plan_allocation(data.parent, data.quantity, day,
                                                 data.horizon_days, data.policy)
        return AllocationPlan(
            parent=plan["parent"], quantity=plan["quantity"], allocated=plan["allocated"],
            policy=plan["policy"], items=[AllocationItem(**item) for item in plan["items"]],
        )

    @post("/allocations", operation_id="commit_allocation",
          responses=responses(400, 401, 403, 422))
    async def commit_allocation(self, data: JSONBody[CommitAllocation], actor: CurrentActor
                                ) -> CommittedAllocation:
        """The plan becomes planned shipments, all or none."""
        rows = await allocations.commit_allocation(data, actor=actor)
        return CommittedAllocation(shipments=await shipment_views(rows))
