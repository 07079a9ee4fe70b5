"""Balancing a province by loans between its regencies: preview, then commit all or none."""

from __future__ import annotations

from litestar import Controller, post
from litestar.params import JSONBody

from blanko_tracker.api.params import CurrentActor
from blanko_tracker.api.problems import responses
from blanko_tracker.schemas.balancing import (
    BalancingPlan,
    CommitBalancing,
    CommittedBalancing,
    PlanBalancing,
)
from blanko_tracker.services import balancing as actions


class BalancingController(Controller):
    path = "/api/v1/balancing"
    tags = ["loans"]

    @post("/plan", operation_id="plan_balancing", status_code=200,
          responses=responses(400, 401, 403))
    async def plan_balancing(self, data: JSONBody[PlanBalancing], actor: CurrentActor
                             ) -> BalancingPlan:
        """Loans between the regencies of `parent` that even out their days of cover (on
        hand ÷ the forecast's daily printing), no lender left under `keep_days`; writes
        nothing."""
        return await actions.plan_balancing(data.parent, data.keep_days, actor=actor)

    @post("/", operation_id="commit_balancing", responses=responses(400, 401, 403, 409, 422))
    async def commit_balancing(self, data: JSONBody[CommitBalancing], actor: CurrentActor
                               ) -> CommittedBalancing:
        """The plan's loans, all or none."""
        return CommittedBalancing(loans=await actions.commit_balancing(data, actor=actor))
