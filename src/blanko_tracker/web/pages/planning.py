"""Installment planning (*pembagian tahap*): a tranche split among the regencies under a
region by need, shown as a table, and committed with one click as planned shipments."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.domain.access import Action, Actor, authorize, may_at_all
from blanko_tracker.domain.errors import BlankoError, InvalidInput, NotPermitted
from blanko_tracker.schemas import AllocationLine, CommitAllocation, PlanAllocation
from blanko_tracker.services import allocations
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import as_picked, command, pickable, region_codes
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.pages.shipments import region_names
from blanko_tracker.web.render import language_of, page, problem_of
from blanko_tracker.web.session import CurrentSession, provide_session, read_form

POLICIES = ("proportional", "earliest_repayment")
# A planned installment is expected two weeks after the office's today: the forecast's own
# lead time for a delivery (ForecastInputs.lead_time_days), not today, which no truck makes.
LEAD_TIME_DAYS = 14
ITEM = "item_"  # one hidden field per planned line: item_<region> = quantity


def may_commit(actor: Actor) -> bool:
    """Planning is a read (RUN_SCENARIOS); committing creates shipments (SHIP)."""
    return may_at_all(actor, Action.SHIP)


async def planning_page(request: Request[Any, Any, Any], session: BrowserSession, *,
                        typed: dict[str, str], plan: dict[str, Any] | None = None,
                        problem: dict[str, Any] | None = None,
                        commit_typed: dict[str, str] | None = None) -> Template:
    actor = session.actor
    names = await region_names({item["region"] for item in plan["items"]}) if plan else {}
    today = today_in(actor.region)
    arrival = today + timedelta(days=LEAD_TIME_DAYS)
    return page(
        request, "planning.html", session=session,
        status=problem["status"] if problem else 200, typed=typed, plan=plan,
        problem=problem, names=names, policies=POLICIES, may_commit=may_commit(actor),
        item_prefix=ITEM, today=today, picks=await pickable(actor.region),
        source=await allocations.source_of_plan(actor.region) if may_commit(actor) else None,
        source_name=(await region_names({actor.region})).get(actor.region, actor.region),
        commit_typed=commit_typed or {"expected_on": arrival.isoformat(), "installment": ""},
    )


def _lines(fields: dict[str, str], lang: str) -> list[AllocationLine]:
    lines = [command(AllocationLine, {"region": key.removeprefix(ITEM), "quantity": value},
                     lang=lang)
             for key, value in fields.items() if key.startswith(ITEM)]
    if not lines:
        raise InvalidInput("items", "the plan has no line to ship", rule="empty_plan")
    return lines


async def _plan_again(actor: Actor, typed: dict[str, str], lang: str
                      ) -> dict[str, Any] | None:
    """The table once more under a refused commit (the commit form carries the plan's
    inputs), or none if they no longer make a plan."""
    try:
        return await _plan(actor, typed, lang)
    except BlankoError:
        return None


async def _plan(actor: Actor, typed: dict[str, str], lang: str) -> dict[str, Any]:
    """The split the form asks for (a read: writes nothing), its region picked by name or
    code."""
    cmd = command(PlanAllocation, await region_codes(typed, ("parent",)), lang=lang)
    authorize(actor, Action.RUN_SCENARIOS, cmd.parent)
    return await allocations.plan_allocation(
        cmd.parent, cmd.quantity, cmd.as_of or today_in(cmd.parent), cmd.horizon_days,
        cmd.policy)


class PlanningPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/planning")
    async def planning(self, request: Request[Any, Any, Any], session: CurrentSession,
                       quantity: FromQuery[str | None] = None, parent: FromQuery[str | None] = None,
                       policy: FromQuery[str | None] = None) -> Template:
        """Without `quantity` the empty form; with it, the split (a read: writes nothing)."""
        actor = session.actor
        if not may_at_all(actor, Action.RUN_SCENARIOS):
            raise NotPermitted(actor.role.value, Action.RUN_SCENARIOS.value)
        typed = {key: value.strip() for key, value in
                 {"quantity": quantity, "parent": parent or await as_picked(actor.region),
                  "policy": policy or "proportional"}.items() if value and value.strip()}
        if quantity is None:
            return await planning_page(request, session, typed=typed)
        try:
            plan = await _plan(actor, typed, language_of(request))
        except BlankoError as error:
            return await planning_page(request, session, typed=typed,
                                       problem=problem_of(error))
        return await planning_page(request, session, typed=typed, plan=plan)

    @post("/planning/commit")
    async def commit(self, request: Request[Any, Any, Any], session: CurrentSession
                     ) -> Template | Redirect:
        """All or none: a refused line refuses the whole plan (one transaction). The plan
        ships from the caller's own region: the right to ship there is checked first, before
        the form is read or the plan shown again."""
        authorize(session.actor, Action.SHIP, session.actor.region)
        fields = await read_form(request, session.csrf_token)
        lang = language_of(request)
        try:
            cmd = command(CommitAllocation, {
                "expected_on": fields.get("expected_on"), "source": session.actor.region,
                **({"installment": fields["installment"]} if "installment" in fields else {}),
                "items": [{"region": line.region, "quantity": line.quantity}
                          for line in _lines(fields, lang)],
            }, lang=lang)
            rows = await allocations.commit_allocation(cmd, actor=session.actor)
        except BlankoError as error:
            typed = {key: fields[key] for key in ("quantity", "parent", "policy")
                     if key in fields}
            return await planning_page(request, session, typed=typed,
                                       plan=await _plan_again(session.actor, typed, lang),
                                       problem=problem_of(error), commit_typed=fields)
        return Redirect(f"/shipments?status=planned&committed={len(rows)}", status_code=303)
