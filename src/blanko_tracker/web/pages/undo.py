"""The small form that asks why an entry made by mistake is undone (*batalkan*): a print
run, a recording or a stock adjustment, shown with what it undoes."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from blanko_tracker.db import print_debt, print_runs, regions, stock
from blanko_tracker.db.stock import MovementRow
from blanko_tracker.domain.errors import NotFound
from blanko_tracker.domain.ledger import MovementKind
from blanko_tracker.services.sessions import BrowserSession
from blanko_tracker.web.render import page


async def adjustment_in(code: str, movement_id: int) -> MovementRow:
    """Adjustment `movement_id` of warehouse `code`, or NotFound: an undo page's address
    undoes only an adjustment, and only in its own region."""
    movement = await stock.get_movement(movement_id)
    if movement is None or movement.region != code or movement.kind != MovementKind.ADJUSTMENT:
        raise NotFound("movement", movement_id)
    return movement


async def undo_page(request: Request[Any, Any, Any], session: BrowserSession, code: str, *,
                    kind: str, entry_id: int, typed: dict[str, str] | None = None,
                    problem: dict[str, Any] | None = None) -> Template:
    """The small form that asks why an entry is undone, with what it undoes."""
    region = await regions.known(code)
    if kind == "print_run":
        run = await print_runs.get(entry_id)
        if run is None or run.region != code:
            raise NotFound("print run", entry_id)
        what: dict[str, Any] = {"day": run.run_on, "printed": run.printed,
                                "spoiled": run.spoiled, "by": run.created_by}
        back = f"/regions/{code}/print-runs/new"
    elif kind == "adjustment":
        movement = await adjustment_in(code, entry_id)
        what = {"day": movement.occurred_on, "count": movement.quantity,
                "reason": movement.reason, "by": movement.actor}
        back = f"/regions/{code}/adjustments/new"
    else:
        entry = await print_debt.get_entry(entry_id)
        if entry is None or entry.region != code:
            raise NotFound("print debt entry", entry_id)
        what = {"day": entry.occurred_on, "count": entry.quantity, "by": entry.actor}
        back = f"/regions/{code}/recordings/new"
    return page(request, "undo_form.html", session=session,
                status=problem["status"] if problem else 200, region=region, kind=kind,
                what=what, back=back, action=f"{back.rsplit('/', 1)[0]}/{entry_id}/undo",
                typed=typed or {"reason": ""}, problem=problem)
