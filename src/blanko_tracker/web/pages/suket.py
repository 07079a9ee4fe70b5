"""The suket register (*surat keterangan*) on the page: a regency's suket of a day (issued,
redeemed, renewed) and where the register stands today."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import regions
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.schemas import RecordSuket
from blanko_tracker.services import suket as actions
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command, shown_back, submit
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

EMPTY = {"issued": "", "redeemed": "", "renewed": ""}


async def suket_page(request: Request[Any, Any, Any], session: BrowserSession, code: str,
                     *, typed: dict[str, str] | None = None,
                     problem: dict[str, Any] | None = None, saved: bool = False
                     ) -> Template:
    region = await regions.known(code)
    today = today_in(code)
    return page(
        request, "suket.html", session=session,
        status=problem["status"] if problem else 200, region=region, today=today,
        suket=await actions.suket_of(code, today), problem=problem, saved=saved,
        typed=shown_back(RecordSuket, typed, lang=language_of(request)) if typed
        else {"date": today.isoformat(), **EMPTY},
    )


class SuketPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/suket")
    async def suket_form(self, request: Request[Any, Any, Any], session: CurrentSession,
                         code: FromPath[str], saved: FromQuery[bool] = False) -> Template:
        authorize(session.actor, Action.RECORD, code)
        return await suket_page(request, session, code, saved=saved)

    @post("/regions/{code:str}/suket")
    async def record_suket(self, request: Request[Any, Any, Any], session: CurrentSession,
                           code: FromPath[str]) -> Template | Redirect:
        """The same action as the API's; refused, the form again with the problem and what
        was typed, and nothing written."""
        authorize(session.actor, Action.RECORD, code)  # first: the page shows the register
        return await submit(
            request, session,
            lambda fields: actions.record_suket(
                code, command(RecordSuket, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/regions/{code}/suket?saved=true",
            refused=lambda typed, problem: suket_page(request, session, code, typed=typed,
                                                      problem=problem))
