"""Shipments: the list of what touches your scope, one shipment; planning one (an
installment or a transfer between any two regions in scope), dispatching, cancelling and
receiving it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import regions, shipments, stock_requests
from blanko_tracker.domain.access import Action, Actor, authorize, may_at_all
from blanko_tracker.domain.errors import NotFound, NotPermitted
from blanko_tracker.domain.regions import within
from blanko_tracker.schemas import CreateShipment, DispatchShipment, ReceiveShipment
from blanko_tracker.services import shipments as actions
from blanko_tracker.services.request_views import request_views
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.services.shipment_views import visible_shipment
from blanko_tracker.web.forms import (
    as_picked,
    command,
    pickable,
    require_confirmation,
    submit,
)
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session


async def region_names(codes: set[str]) -> dict[str, str]:
    return {code: (await regions.known(code)).name for code in codes}


async def authorize_at_shipment(actor: Actor, action: Action, shipment_id: int) -> None:
    """Before a shipment's form is read or its page shown again: the caller may `action` at
    the end of the shipment it concerns (receiving: its destination; dispatching and
    cancelling: its source). 404 if there is no such shipment."""
    row = await shipments.get(shipment_id)
    if row is None:
        raise NotFound("shipment", shipment_id)
    authorize(actor, action, row.destination if action is Action.RECEIVE else row.source)


SAVED = ("received", "dispatched", "cancelled", "planned")


async def shipment_page(request: Request[Any, Any, Any], session: BrowserSession,
                        shipment_id: int, *, typed: dict[str, str] | None = None,
                        problem: dict[str, Any] | None = None, saved: str | None = None,
                        form: str = "receive") -> Template:
    """`form` names the form a refused submission came from: `receive` or `dispatch`."""
    shipment = await visible_shipment(shipment_id, session.actor)
    may_receive = (shipment.status == "dispatched"
                   and may_at_all(session.actor, Action.RECEIVE)
                   and within(session.actor.region, shipment.destination))
    may_dispatch = (shipment.status == "planned" and may_at_all(session.actor, Action.SHIP)
                    and within(session.actor.region, shipment.source))
    today = today_in(shipment.destination)
    defaults = {"received": str(shipment.quantity), "damaged": "0",
                "received_on": today.isoformat(),
                "dispatched_on": today_in(shipment.source).isoformat()}
    return page(
        request, "shipment.html", session=session,
        status=problem["status"] if problem else 200, shipment=shipment,
        names=await region_names({shipment.source, shipment.destination}),
        may_receive=may_receive, may_dispatch=may_dispatch, problem=problem,
        saved=saved if saved in SAVED else None, form=form,
        typed={**defaults, **typed} if typed is not None else defaults,
    )


async def new_shipment_page(request: Request[Any, Any, Any], session: BrowserSession, *,
                            typed: dict[str, str] | None = None,
                            problem: dict[str, Any] | None = None) -> Template:
    actor = session.actor
    if not may_at_all(actor, Action.SHIP):
        raise NotPermitted(actor.role.value, Action.SHIP.value)
    return page(
        request, "shipment_form.html", session=session,
        status=problem["status"] if problem else 200, problem=problem,
        picks=await pickable(actor.region),
        typed=typed or {"source": await as_picked(actor.region), "status": "planned",
                        "expected_on": today_in(actor.region).isoformat()},
    )


class ShipmentPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/shipments")
    async def list_shipments(self, request: Request[Any, Any, Any], session: CurrentSession,
                             status: FromQuery[str | None] = None,
                             committed: FromQuery[int | None] = None) -> Template:
        rows, total = await shipments.listing(
            scope=session.actor.region, source=None, destination=None,
            status=status if status in {"planned", "dispatched", "received", "cancelled"}
            else None, limit=100, offset=0)
        names = await region_names({r.source for r in rows} | {r.destination for r in rows})
        return page(request, "shipments.html", session=session, rows=rows, total=total,
                    names=names, shown_status=status, committed=committed,
                    may_ship=may_at_all(session.actor, Action.SHIP))

    @get("/shipments/new")
    async def new_shipment(self, request: Request[Any, Any, Any], session: CurrentSession,
                           request_id: FromQuery[int | None] = None) -> Template:
        """With `request_id`: prefilled to ship what an approved request is still owed."""
        typed = None
        if request_id is not None:
            asked = await stock_requests.get(request_id)
            if asked is not None and within(session.actor.region, asked.supplier):
                view = (await request_views([asked]))[0]
                left = max(view.owed - view.in_flight, 0)  # not already on its way
                typed = {"source": await as_picked(asked.supplier),
                         "destination": await as_picked(asked.region),
                         "quantity": str(left or ""), "request_id": str(request_id),
                         "status": "planned",
                         "expected_on": today_in(asked.supplier).isoformat()}
        return await new_shipment_page(request, session, typed=typed)

    @post("/shipments/new")
    async def create_shipment(self, request: Request[Any, Any, Any], session: CurrentSession
                              ) -> Template | Redirect:
        """An installment or a transfer: planned, or dispatched at once. The role first; the
        source the form names is the service's to authorize: refused, the form comes back
        with what was typed, on a page that shows only the caller's own scope."""
        authorize(session.actor, Action.SHIP, session.actor.region)
        return await submit(
            request, session,
            lambda fields: actions.create_shipment(
                command(CreateShipment, fields, lang=language_of(request)), actor=session.actor),
            then=lambda row: f"/shipments/{row.id}?saved={row.status}",
            refused=lambda typed, problem: new_shipment_page(request, session, typed=typed,
                                                             problem=problem),
            region_fields=("source", "destination"))

    @get("/shipments/{shipment_id:int}")
    async def shipment(self, request: Request[Any, Any, Any], session: CurrentSession,
                       shipment_id: FromPath[int], saved: FromQuery[str | None] = None
                       ) -> Template:
        return await shipment_page(request, session, shipment_id, saved=saved)

    @post("/shipments/{shipment_id:int}/receive")
    async def receive(self, request: Request[Any, Any, Any], session: CurrentSession,
                      shipment_id: FromPath[int]) -> Template | Redirect:
        await authorize_at_shipment(session.actor, Action.RECEIVE, shipment_id)
        return await submit(
            request, session,
            lambda fields: actions.receive_shipment(
                shipment_id, command(ReceiveShipment, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/shipments/{shipment_id}?saved=received",
            refused=lambda typed, problem: shipment_page(request, session, shipment_id,
                                                         typed=typed, problem=problem))

    @post("/shipments/{shipment_id:int}/dispatch")
    async def dispatch(self, request: Request[Any, Any, Any], session: CurrentSession,
                       shipment_id: FromPath[int]) -> Template | Redirect:
        await authorize_at_shipment(session.actor, Action.SHIP, shipment_id)
        return await submit(
            request, session,
            lambda fields: actions.dispatch_shipment(
                shipment_id, command(DispatchShipment, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/shipments/{shipment_id}?saved=dispatched",
            refused=lambda typed, problem: shipment_page(request, session, shipment_id,
                                                         typed=typed, problem=problem,
                                                         form="dispatch"))

    @post("/shipments/{shipment_id:int}/cancel")
    async def cancel(self, request: Request[Any, Any, Any], session: CurrentSession,
                     shipment_id: FromPath[int]) -> Template | Redirect:
        await authorize_at_shipment(session.actor, Action.SHIP, shipment_id)

        async def cancel_once_confirmed(fields: dict[str, str]) -> Any:
            require_confirmation(fields)  # a cancelled shipment cannot be planned again
            return await actions.cancel_shipment(shipment_id, actor=session.actor)

        return await submit(
            request, session, cancel_once_confirmed,
            then=lambda _: f"/shipments/{shipment_id}?saved=cancelled",
            refused=lambda _, problem: shipment_page(request, session, shipment_id,
                                                     problem=problem, form="dispatch"))
