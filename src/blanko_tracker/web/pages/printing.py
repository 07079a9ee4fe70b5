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
from blanko_tracker.domain.print_debt import NO_CLASSES, PRIORITY, DebtClass
from blanko_tracker.formats import parse_count
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings, UndoEntry
from blanko_tracker.services import printing
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command, shown_back, submit
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.pages.undo import undo_page
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

CLASS_FIELDS = {f"class_{cls.value}": cls.value for cls in PRIORITY}


def with_classes(fields: dict[str, str], lang: str) -> dict[str, Any]:
    """The form's per-class counts (`class_new`, …), when any is typed, as the run's
    `printed_by_class`; none typed: the ministry's priority order."""
    named = {cls: parse_count(fields[name], lang, field="printed_by_class")
             for name, cls in CLASS_FIELDS.items() if name in fields}
    rest = {name: value for name, value in fields.items() if name not in CLASS_FIELDS}
    return {**rest, "printed_by_class": named} if named else rest


async def print_run_page(request: Request[Any, Any, Any], session: BrowserSession, code: str,
                         *, typed: dict[str, str] | None = None,
                         problem: dict[str, Any] | None = None, saved: int | None = None,
                         just_undone: int | None = None) -> Template:
    region = await regions.known(code)
    runs, _ = await print_runs.listing(code=code, start=None, end=None, limit=5, offset=0)
    today = today_in(code)
    undone = await print_runs.undone_among([run.id for run in runs])
    saved_run = await print_runs.get(saved) if saved else None
    debt = (await print_debt.pending_of_regencies(code, today)).get(code)
    return page(
        request, "print_run_form.html", session=session,
        status=problem["status"] if problem else 200, region=region, classes=PRIORITY,
        debt_classes=debt.classes if debt else NO_CLASSES,
        on_hand=await stock.on_hand(code), runs=runs, reasons=list(SpoiledReason),
        typed=shown_back(RecordPrintRun, typed, lang=language_of(request)) if typed
        else {"date": today.isoformat(), "printed": "", "spoiled": "0"},
        problem=problem, saved=saved, today=today, undone=undone, just_undone=just_undone,
        saved_run=saved_run if saved_run and saved_run.region == code else None,
        undoable={run.id for run in runs if run.id not in undone and await printing.may_undo(
            session.actor, Action.PRINT, run.region, run.created_by)},
    )


async def recordings_page(request: Request[Any, Any, Any], session: BrowserSession,
                          code: str, *, typed: dict[str, str] | None = None,
                          problem: dict[str, Any] | None = None, saved: bool = False,
                          just_undone: int | None = None) -> Template:
    region = await regions.known(code)
    today = today_in(code)
    debt = (await print_debt.pending_of_regencies(code, today)).get(code)
    pending = debt.pending if debt else 0
    recent = await print_debt.recent_recordings(code, limit=5)
    return page(
        request, "recordings_form.html", session=session,
        status=problem["status"] if problem else 200, region=region, print_debt=pending,
        debt_classes=debt.classes if debt else NO_CLASSES, classes=PRIORITY,
        kinds=list(DebtClass), today=today, problem=problem, saved=saved,
        just_undone=just_undone,
        typed=shown_back(RecordRecordings, typed, lang=language_of(request)) if typed
        else {"date": today.isoformat(), "count": "", "kind": "new"},
        recent=recent, undoable={entry.id for entry, done in recent if not done
                                 and await printing.may_undo(session.actor, Action.RECORD,
                                                             code, entry.actor)},
    )


class PrintingPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/print-runs/new")
    async def new_print_run(self, request: Request[Any, Any, Any], session: CurrentSession,
                            code: FromPath[str], saved: FromQuery[int | None] = None,
                            undone: FromQuery[int | None] = None) -> Template:
        authorize(session.actor, Action.PRINT, code)
        return await print_run_page(request, session, code, saved=saved, just_undone=undone)

    @get("/regions/{code:str}/print-runs/{run_id:int}/undo")
    async def undo_print_run_form(self, request: Request[Any, Any, Any],
                                  session: CurrentSession, code: FromPath[str],
                                  run_id: FromPath[int]) -> Template:
        authorize(session.actor, Action.PRINT, code)
        return await undo_page(request, session, code, kind="print_run", entry_id=run_id)

    @post("/regions/{code:str}/print-runs/{run_id:int}/undo")
    async def undo_print_run(self, request: Request[Any, Any, Any], session: CurrentSession,
                             code: FromPath[str], run_id: FromPath[int]
                             ) -> Template | Redirect:
        """The service decides who may undo (the entrant or their supervisor) and whether
        the run is still undoable; refused, the reason form again with the problem."""
        authorize(session.actor, Action.PRINT, code)
        return await submit(
            request, session,
            lambda fields: printing.reverse_print_run(
                run_id, command(UndoEntry, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/regions/{code}/print-runs/new?undone={run_id}",
            refused=lambda typed, problem: undo_page(request, session, code, kind="print_run",
                                                     entry_id=run_id, typed=typed,
                                                     problem=problem))

    @post("/regions/{code:str}/print-runs/new")
    async def record_print_run(self, request: Request[Any, Any, Any],
                               session: CurrentSession, code: FromPath[str]) -> Template | Redirect:
        """Refused: the form again with the problem's detail and what was typed; the
        transaction around this request rolls back, so nothing is written. Not the
        caller's to record: the error page, before the form is read — the form's page
        would show `code`'s stock and last runs to anyone who posts to it."""
        authorize(session.actor, Action.PRINT, code)
        lang = language_of(request)
        return await submit(
            request, session,
            lambda fields: printing.record_print_run(
                command(RecordPrintRun, {**with_classes(fields, lang), "region": code},
                        lang=lang),
                actor=session.actor),
            then=lambda run: f"/regions/{code}/print-runs/new?saved={run.id}",
            refused=lambda typed, problem: print_run_page(request, session, code, typed=typed,
                                                          problem=problem))

    @get("/regions/{code:str}/recordings/new")
    async def new_recordings(self, request: Request[Any, Any, Any], session: CurrentSession,
                             code: FromPath[str], saved: FromQuery[bool] = False,
                             undone: FromQuery[int | None] = None) -> Template:
        """Print-ready records (perekaman) that join the regency's print debt."""
        authorize(session.actor, Action.RECORD, code)
        return await recordings_page(request, session, code, saved=saved, just_undone=undone)

    @get("/regions/{code:str}/recordings/{entry_id:int}/undo")
    async def undo_recording_form(self, request: Request[Any, Any, Any],
                                  session: CurrentSession, code: FromPath[str],
                                  entry_id: FromPath[int]) -> Template:
        authorize(session.actor, Action.RECORD, code)
        return await undo_page(request, session, code, kind="recording", entry_id=entry_id)

    @post("/regions/{code:str}/recordings/{entry_id:int}/undo")
    async def undo_recording(self, request: Request[Any, Any, Any], session: CurrentSession,
                             code: FromPath[str], entry_id: FromPath[int]
                             ) -> Template | Redirect:
        authorize(session.actor, Action.RECORD, code)
        return await submit(
            request, session,
            lambda fields: printing.reverse_recording(
                entry_id, command(UndoEntry, fields, lang=language_of(request)),
                actor=session.actor),
            then=lambda _: f"/regions/{code}/recordings/new?undone={entry_id}",
            refused=lambda typed, problem: undo_page(request, session, code, kind="recording",
                                                     entry_id=entry_id, typed=typed,
                                                     problem=problem))

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
