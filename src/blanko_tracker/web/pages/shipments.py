"""Shipments: the list of what touches your scope, one shipment, and receiving it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Template

from blanko_tracker.db import regions, shipments
from blanko_tracker.domain.access import Action, may_at_all
from blanko_tracker.domain.errors import BlankoError
from blanko_tracker.domain.regions import within
from blanko_tracker.schemas import ReceiveShipment
from blanko_tracker.services import shipments as actions
from blanko_tracker.services import views
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.render import page, problem_of
from blanko_tracker.web.session import provide_session, read_form


async def region_names(codes: set[str]) -> dict[str, str]:
    return {code: (await regions.known(code))["name"] for code in codes}


async def shipment_page(request: Request[Any, Any, Any], session: BrowserSession,
                        shipment_id: int, *, typed: dict[str, str] | None = None,
                        problem: dict[str, Any] | None = None, saved: bool = False
                        ) -> Template:
    shipment = await views.visible_shipment(shipment_id, session.actor)
    may_receive = (shipment.status == "dispatched"
                   and may_at_all(session.actor, Action.RECEIVE)
                   and within(session.actor.region, shipment.destination))
    today = today_in(shipment.destination)
    return page(
        request, "shipment.html", session=session,
        status=problem["status"] if problem else 200, shipment=shipment,
        names=await region_names({shipment.source, shipment.destination}),
        may_receive=may_receive, problem=problem, saved=saved,
        typed=typed or {"received": str(shipment.quantity), "damaged": "0",
                        "received_on": today.isoformat()},
    )


class ShipmentPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/shipments")
    async def list_shipments(self, request: Request[Any, Any, Any], session: BrowserSession,
                             status: str | None = None) -> Template:
        rows, total = await shipments.listing(
            scope=session.actor.region, source=None, destination=None,
            status=status if status in {"planned", "dispatched", "received", "cancelled"}
            else None, limit=100, offset=0)
        names = await region_names({r["source"] for r in rows} | {r["destination"] for r in rows})
        return page(request, "shipments.html", session=session, rows=rows, total=total,
                    names=names, status=status)

    @get("/shipments/{shipment_id:int}")
    async def shipment(self, request: Request[Any, Any, Any], session: BrowserSession,
                       shipment_id: int, saved: bool = False) -> Template:
        return await shipment_page(request, session, shipment_id, saved=saved)

    @post("/shipments/{shipment_id:int}/receive")
    async def receive(self, request: Request[Any, Any, Any], session: BrowserSession,
                      shipment_id: int) -> Template | Redirect:
        fields = await read_form(request, session.csrf_token)
        try:
            await actions.receive_shipment(shipment_id, command(ReceiveShipment, fields),
                                           actor=session.actor)
        except BlankoError as error:
            return await shipment_page(request, session, shipment_id, typed=fields,
                                       problem=problem_of(error))
        return Redirect(f"/shipments/{shipment_id}?saved=true", status_code=303)
