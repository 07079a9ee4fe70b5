"""A regency's printers on the page: registered, and marked working, broken or retired by its
warehouse staff and print operators."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import printers, regions
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.schemas import ChangePrinterStatus, RegisterPrinter
from blanko_tracker.services import printers as actions
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command, shown_back, submit
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

STATUSES = ("active", "broken", "retired")
SAVED = {"registered", "changed"}


async def printers_page(request: Request[Any, Any, Any], session: BrowserSession, code: str,
                        *, typed: dict[str, str] | None = None,
                        problem: dict[str, Any] | None = None, saved: str | None = None,
                        form: str = "register") -> Template:
    region = await regions.known(code)
    rows, _ = await printers.listing(code, limit=100, offset=0)
    return page(
        request, "printers.html", session=session,
        status=problem["status"] if problem else 200, region=region, rows=rows,
        statuses=STATUSES, problem=problem, form=form,
        saved=saved if saved in SAVED else None,
        rated=sum(row.cards_per_day for row in rows if row.status == "active"),
        typed=shown_back(RegisterPrinter, typed, lang=language_of(request)) if typed
        else {"name": "", "cards_per_day": ""},
    )


class PrinterPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/printers")
    async def list_printers(self, request: Request[Any, Any, Any], session: CurrentSession,
                            code: FromPath[str], saved: FromQuery[str | None] = None
                            ) -> Template:
        authorize(session.actor, Action.MANAGE_PRINTERS, code)
        return await printers_page(request, session, code, saved=saved)

    @post("/regions/{code:str}/printers")
    async def register_printer(self, request: Request[Any, Any, Any],
                               session: CurrentSession, code: FromPath[str]
                               ) -> Template | Redirect:
        authorize(session.actor, Action.MANAGE_PRINTERS, code)  # first: the page lists them
        return await submit(
            request, session,
            lambda fields: actions.register_printer(
                command(RegisterPrinter, {**fields, "region": code}, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/regions/{code}/printers?saved=registered",
            refused=lambda typed, problem: printers_page(request, session, code, typed=typed,
                                                         problem=problem))

    @post("/regions/{code:str}/printers/{printer_id:int}/status")
    async def change_status(self, request: Request[Any, Any, Any], session: CurrentSession,
                            code: FromPath[str], printer_id: FromPath[int]
                            ) -> Template | Redirect:
        authorize(session.actor, Action.MANAGE_PRINTERS, code)

        async def change(fields: dict[str, str]) -> Any:
            printer = await printers.get(printer_id)
            if printer is None or printer.region != code:  # this page changes its own only
                raise NotFound("printer", printer_id)
            return await actions.change_printer_status(
                printer_id, command(ChangePrinterStatus, fields, lang=language_of(request)),
                actor=session.actor)

        return await submit(
            request, session, change,
            then=lambda _: f"/regions/{code}/printers?saved=changed",
            refused=lambda _, problem: printers_page(request, session, code, problem=problem,
                                                     form=f"status-{printer_id}"))
