"""Requests for blanks (*permintaan blanko*): the list in scope, raising one, and the
supplier's approval or rejection."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import stock_requests
from blanko_tracker.domain.access import Action, Actor, authorize, may_at_all
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.domain.regions import within
from blanko_tracker.domain.stock_requests import RequestStatus
from blanko_tracker.schemas import ApproveRequest, RaiseRequest, RejectRequest
from blanko_tracker.services import stock_requests as actions
from blanko_tracker.services.request_views import request_views
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import as_picked, command, pickable, submit
from blanko_tracker.web.pages.shipments import region_names
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

STATUSES = [status.value for status in RequestStatus]


async def requests_page(request: Request[Any, Any, Any], session: BrowserSession, *,
                        status: str | None = None, typed: dict[str, str] | None = None,
                        problem: dict[str, Any] | None = None, form: str | None = None,
                        saved: str | None = None) -> Template:
    """`form` names the form a problem belongs to: `raise`, `approve-ID` or `reject-ID`."""
    actor = session.actor
    rows, total = await stock_requests.listing(
        scope=actor.region, region=None, status=status if status in STATUSES else None,
        limit=100, offset=0)
    items = await request_views(rows)
    names = await region_names({r.region for r in items} | {r.supplier for r in items})
    may_approve = {r.id for r in items
                   if r.status == RequestStatus.SUBMITTED
                   and may_at_all(actor, Action.APPROVE) and within(actor.region, r.supplier)}
    may_ship = {r.id for r in items
                if r.status == RequestStatus.APPROVED and r.owed > r.in_flight
                and may_at_all(actor, Action.SHIP) and within(actor.region, r.supplier)}
    return page(
        request, "requests.html", session=session, may_ship=may_ship,
        status=problem["status"] if problem else 200, items=items, total=total,
        names=names, filter=status, statuses=STATUSES, may_approve=may_approve,
        may_raise=may_at_all(actor, Action.REQUEST), problem=problem, form=form,
        typed=typed or {}, saved=_saved(saved), picks=await pickable(actor.region),
        raise_typed=typed if form == "raise" and typed else {
            "region": await as_picked(actor.region), "supplier": await as_picked("00")},
    )


def _saved(saved: str | None) -> tuple[str, str] | None:
    """`raised-12` → ("raised", "12"): what the last submission did, for the message."""
    kind, _, number = (saved or "").partition("-")
    return (kind, number) if kind in SAVED and number.isdigit() else None


SAVED = ("raised", "approved", "rejected")


async def authorize_as_supplier(actor: Actor, request_id: int) -> None:
    """Before an approval or a rejection is read: the caller may decide for the request's
    supplier. 404 if there is no such request."""
    row = await stock_requests.get(request_id)
    if row is None:
        raise NotFound("request", request_id)
    authorize(actor, Action.APPROVE, row.supplier)


class StockRequestPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/requests")
    async def list_requests(self, request: Request[Any, Any, Any], session: CurrentSession,
                            status: FromQuery[str | None] = None,
                            saved: FromQuery[str | None] = None) -> Template:
        return await requests_page(request, session, status=status, saved=saved)

    @post("/requests")
    async def raise_request(self, request: Request[Any, Any, Any], session: CurrentSession
                            ) -> Template | Redirect:
        # The role first; the region the form names is the service's to authorize: refused,
        # the form comes back with what was typed, on a page of the caller's own scope only.
        authorize(session.actor, Action.REQUEST, session.actor.region)
        return await submit(
            request, session,
            lambda fields: actions.raise_request(
                command(RaiseRequest, fields, lang=language_of(request)), actor=session.actor),
            then=lambda row: f"/requests?saved=raised-{row.id}",
            refused=lambda typed, problem: requests_page(request, session, typed=typed,
                                                         form="raise", problem=problem),
            region_fields=("region", "supplier"))

    @post("/requests/{request_id:int}/approve")
    async def approve_request(self, request: Request[Any, Any, Any], session: CurrentSession,
                              request_id: FromPath[int]) -> Template | Redirect:
        await authorize_as_supplier(session.actor, request_id)
        return await submit(
            request, session,
            lambda fields: actions.approve_request(
                request_id, command(ApproveRequest, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/requests?saved=approved-{request_id}",
            refused=lambda typed, problem: requests_page(
                request, session, typed=typed, form=f"approve-{request_id}", problem=problem))

    @post("/requests/{request_id:int}/reject")
    async def reject_request(self, request: Request[Any, Any, Any], session: CurrentSession,
                             request_id: FromPath[int]) -> Template | Redirect:
        await authorize_as_supplier(session.actor, request_id)
        return await submit(
            request, session,
            lambda fields: actions.reject_request(
                request_id, command(RejectRequest, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/requests?saved=rejected-{request_id}",
            refused=lambda typed, problem: requests_page(
                request, session, typed=typed, form=f"reject-{request_id}", problem=problem))
