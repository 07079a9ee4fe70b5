"""The print operator's daily entry: one print run (cards printed, blanks spoiled)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import print_debt, print_runs, regions, stock
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.ledger import SpoiledReason
from blanko_tracker.domain.print_debt import RecordingKind
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings
from blanko_tracker.services import printing
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command, submit
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session


async def print_run_page(request: Request[Any, Any, Any], session: BrowserSession, code: str,
                         *, typed: dict[str, str] | None = None,
                         problem: dict[str, Any] | None = None, saved: int | None = None
                         ) -> Template:
    region = await regions.known(code)
    runs, _ = await print_runs.listing(code=code, start=None, end=None, limit=5, offset=0)
    today = today_in(code)
    return page(
        request, "print_run_form.html", session=session,
        status=problem["status"] if problem else 200, region=region,
        on_hand=await stock.on_hand(code), runs=runs, reasons=list(SpoiledReason),
        typed=typed or {"date": today.isoformat(), "printed": "", "spoiled": "0"},
        problem=problem, saved=saved, today=today,
    )


async def recordings_page(request: Request[Any, Any, Any], session: BrowserSession,
                          code: str, *, typed: dict[str, str] | None = None,
                          problem: dict[str, Any] | None = None, saved: bool = False
                          ) -> Template:
    region = await regions.known(code)
    today = today_in(code)
    pending = (await print_debt.pending_of_regencies(code, today)).get(code, (0, None))[0]
    return page(
        request, "recordings_form.html", session=session,
        status=problem["status"] if problem else 200, region=region, print_debt=pending,
        kinds=list(RecordingKind), today=today, problem=problem, saved=saved,
        typed=typed or {"date": today.isoformat(), "count": "", "kind": "new"},
    )


class PrintingPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/print-runs/new")
    async def new_print_run(self, request: Request[Any, Any, Any], session: CurrentSession,
                            code: FromPath[str], saved: FromQuery[int | None] = None) -> Template:
        authorize(session.actor, Action.PRINT, code)
        return await print_run_page(request, session, code, saved=saved)

    @post("/regions/{code:str}/print-runs/new")
    async def record_print_run(self, request: Request[Any, Any, Any],
                               session: CurrentSession, code: FromPath[str]) -> Template | Redirect:
        """Refused: the form again with the problem's detail and what was typed; the
        transaction around this request rolls back, so nothing is written. Not the
        caller's to record: the error page, before the form is read — the form's page
        would show `code`'s stock and last runs to anyone who posts to it."""
        authorize(session.actor, Action.PRINT, code)
        return await submit(
            request, session,
            lambda fields: printing.record_print_run(
                command(RecordPrintRun, {**fields, "region": code}, lang=language_of(request)),
                actor=session.actor),
            then=lambda run: f"/regions/{code}/print-runs/new?saved={run.id}",
            refused=lambda typed, problem: print_run_page(request, session, code, typed=typed,
                                                          problem=problem))

    @get("/regions/{code:str}/recordings/new")
    async def new_recordings(self, request: Request[Any, Any, Any], session: CurrentSession,
                             code: FromPath[str], saved: FromQuery[bool] = False) -> Template:
        """Print-ready records (perekaman) that join the regency's print debt."""
        authorize(session.actor, Action.RECORD, code)
        return await recordings_page(request, session, code, saved=saved)

    @post("/regions/{code:str}/recordings/new")
    async def record_recordings(self, request: Request[Any, Any, Any],
                                session: CurrentSession, code: FromPath[str]
                                ) -> Template | Redirect:
        authorize(session.actor, Action.RECORD, code)  # first: the form's page shows the debt
        return await submit(
            request, session,
            lambda fields: printing.record_recordings(
                code, command(RecordRecordings, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/regions/{code}/recordings/new?saved=true",
            refused=lambda typed, problem: recordings_page(request, session, code, typed=typed,
                                                           problem=problem))
