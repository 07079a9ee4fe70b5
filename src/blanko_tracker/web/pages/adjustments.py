"""A warehouse's stock correction (*koreksi stok*): a count that differs from the card, blanks
lost, damaged in storage or found; and its undo, by whoever entered it or their supervisor."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from blanko_tracker.db import regions, stock
from blanko_tracker.domain.access import Action, authorize
from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.formats import parse_count
from blanko_tracker.schemas import AdjustStock, ReverseMovement, UndoEntry
from blanko_tracker.services import printing
from blanko_tracker.services import stock as actions
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.forms import command, shown_back, submit
from blanko_tracker.web.pages.regions import today_in
from blanko_tracker.web.pages.undo import adjustment_in, undo_page
from blanko_tracker.web.render import language_of, page
from blanko_tracker.web.session import CurrentSession, provide_session

RECENT = 5


async def adjustment_page(request: Request[Any, Any, Any], session: BrowserSession, code: str,
                          *, typed: dict[str, str] | None = None,
                          problem: dict[str, Any] | None = None, saved: int | None = None,
                          just_undone: int | None = None) -> Template:
    region = await regions.known(code)
    today = today_in(code)
    recent = await stock.recent_adjustments(code, limit=RECENT)
    return page(
        request, "adjustment_form.html", session=session,
        status=problem["status"] if problem else 200, region=region,
        on_hand=await stock.on_hand(code), reasons=list(AdjustmentReason), today=today,
        typed=shown_back(AdjustStock, typed, lang=language_of(request)) if typed
        else {"on": today.isoformat(), "direction": "out", "reason": ""},
        problem=problem, saved=saved, just_undone=just_undone, recent=recent,
        undoable={movement.id for movement, done in recent if not done
                  and await printing.may_undo(session.actor, Action.ADJUST, code,
                                              movement.actor)},
    )


def adjustment_of(code: str, fields: dict[str, str], lang: str) -> AdjustStock:
    """The form's count is typed without a sign (a phone's number pad has none); the
    direction the operator ticked gives it: out of the warehouse or into it."""
    count = parse_count(fields.get("quantity", ""), lang, field="quantity")
    sign = 1 if fields.get("direction") == "in" else -1
    return command(AdjustStock, {**fields, "region": code, "quantity": sign * count}, lang=lang)


class AdjustmentPages(Controller):
    include_in_schema = False
    dependencies = {"session": Provide(provide_session)}

    @get("/regions/{code:str}/adjustments/new")
    async def new_adjustment(self, request: Request[Any, Any, Any], session: CurrentSession,
                             code: FromPath[str], saved: FromQuery[int | None] = None,
                             undone: FromQuery[int | None] = None) -> Template:
        authorize(session.actor, Action.ADJUST, code)
        return await adjustment_page(request, session, code, saved=saved, just_undone=undone)

    @post("/regions/{code:str}/adjustments/new")
    async def adjust_stock(self, request: Request[Any, Any, Any], session: CurrentSession,
                           code: FromPath[str]) -> Template | Redirect:
        authorize(session.actor, Action.ADJUST, code)  # first: the page shows the stock
        lang = language_of(request)
        return await submit(
            request, session,
            lambda fields: actions.adjust_stock(adjustment_of(code, fields, lang),
                                                actor=session.actor),
            then=lambda movement: f"/regions/{code}/adjustments/new?saved={movement.id}",
            refused=lambda typed, problem: adjustment_page(request, session, code,
                                                           typed=typed, problem=problem))

    @get("/regions/{code:str}/adjustments/{movement_id:int}/undo")
    async def undo_adjustment_form(self, request: Request[Any, Any, Any],
                                   session: CurrentSession, code: FromPath[str],
                                   movement_id: FromPath[int]) -> Template:
        authorize(session.actor, Action.ADJUST, code)
        return await undo_page(request, session, code, kind="adjustment", entry_id=movement_id)

    @post("/regions/{code:str}/adjustments/{movement_id:int}/undo")
    async def undo_adjustment(self, request: Request[Any, Any, Any], session: CurrentSession,
                              code: FromPath[str], movement_id: FromPath[int]
                              ) -> Template | Redirect:
        """The reason goes on the reversing line of the stock card and in the audit trail;
        the service decides who may undo it (the entrant or their supervisor)."""
        authorize(session.actor, Action.ADJUST, code)

        async def reverse(fields: dict[str, str]) -> Any:
            reason = command(UndoEntry, fields, lang=language_of(request)).reason
            await adjustment_in(code, movement_id)  # this page undoes only these
            return await actions.reverse_movement(movement_id, ReverseMovement(note=reason),
                                                  actor=session.actor)

        return await submit(
            request, session, reverse,
            then=lambda _: f"/regions/{code}/adjustments/new?undone={movement_id}",
            refused=lambda typed, problem: undo_page(request, session, code, kind="adjustment",
                                                     entry_id=movement_id, typed=typed,
                                                     problem=problem))
