"""Print runs and the print debt (*hutang cetak*)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from blanko_tracker.api.guards import readable
from blanko_tracker.api.params import (
    CurrentActor,
    Limit,
    Offset,
    OptionalRegionQuery,
    check_period,
)
from blanko_tracker.api.problems import responses
from blanko_tracker.db import print_debt, print_runs, regions
from blanko_tracker.db.print_debt import RegencyDebt
from blanko_tracker.domain.print_debt import roll_up, summed
from blanko_tracker.domain.regions import Level, local_date, within
from blanko_tracker.schemas import (
    DebtDayOut,
    DebtEntryOut,
    PrintDebtChild,
    PrintDebtOut,
    PrintRunOut,
    PrintRunPage,
    PrintRunUndone,
    RecordPrintRun,
    RecordRecordings,
    TakeDebtSnapshot,
    UndoEntry,
)
from blanko_tracker.services import printing
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.wire import by_class_out, debt_entry_out, print_run_out

From = Annotated[date | None, QueryParameter(name="from")]
To = Annotated[date | None, QueryParameter(name="to")]


class PrintingController(Controller):
    path = "/api/v1"
    tags = ["printing"]

    @post("/print-runs", operation_id="record_print_run",
          responses=responses(400, 401, 403, 409, 422))
    async def record_print_run(self, data: JSONBody[RecordPrintRun],
                               actor: CurrentActor) -> PrintRunOut:
        """Consume printed + spoiled blanks and repay `printed` of the debt, or nothing."""
        return print_run_out(await printing.record_print_run(data, actor=actor))

    @post("/print-runs/{run_id:int}/reverse", operation_id="reverse_print_run",
          responses=responses(400, 401, 403, 404, 409))
    async def reverse_print_run(self, run_id: FromPath[int], data: JSONBody[UndoEntry],
                                actor: CurrentActor) -> PrintRunUndone:
        """Undo a run entered by mistake, once: blanks back on hand, printed cards back on the
        debt. By the one who entered it or their supervisor (`domain.access.authorize_undo`)."""
        return await printing.reverse_print_run(run_id, data, actor=actor)

    @get("/print-runs", operation_id="list_print_runs", responses=responses(400, 401, 403))
    async def list_print_runs(
        self, actor: CurrentActor, region: OptionalRegionQuery = None,
        start: From = None, end: To = None, limit: Limit = 100, offset: Offset = 0,
    ) -> PrintRunPage:
        """Runs of `region` and the regencies under it (default: your scope), newest first."""
        code = region or actor.region
        readable(actor, code)
        check_period(start, end)
        rows, total = await print_runs.listing(code=code, start=start, end=end, limit=limit,
                                               offset=offset)
        return PrintRunPage(items=[print_run_out(row) for row in rows], total=total)

    @post("/print-debt/{code:str}/recordings", operation_id="record_recordings",
          responses=responses(400, 401, 403, 422))
    async def record_recordings(self, code: FromPath[str], data: JSONBody[RecordRecordings],
                                actor: CurrentActor) -> DebtEntryOut:
        recorded = await printing.record_recordings(code, data, actor=actor)
        return debt_entry_out(recorded.entry, recorded.pending)

    @post("/print-debt/entries/{entry_id:int}/reverse", operation_id="reverse_recording",
          responses=responses(400, 401, 403, 404, 409))
    async def reverse_recording(self, entry_id: FromPath[int], data: JSONBody[UndoEntry],
                                actor: CurrentActor) -> DebtEntryOut:
        """Undo recordings entered by mistake, once: the undoing entry (a negative count)."""
        undone = await printing.reverse_recording(entry_id, data, actor=actor)
        return debt_entry_out(undone.entry, undone.pending)

    @post("/print-debt/{code:str}/snapshots", operation_id="take_debt_snapshot",
          responses=responses(400, 401, 403, 422))
    async def take_debt_snapshot(self, code: FromPath[str], data: JSONBody[TakeDebtSnapshot],
                                 actor: CurrentActor) -> DebtEntryOut:
        """Set the debt to the national system's count; `reconciliation` is the difference."""
        recorded = await printing.take_debt_snapshot(code, data, actor=actor)
        return debt_entry_out(recorded.entry, recorded.pending)

    @get("/print-debt/{code:str}", operation_id="get_print_debt",
         responses=responses(401, 403, 404))
    async def get_print_debt(self, code: FromPath[str], actor: CurrentActor) -> PrintDebtOut:
        """The debt today; above regency level the sum of its regencies, a row per child."""
        readable(actor, code)
        region = await regions.known(code)
        today = local_date(code, utcnow())
        pending = await print_debt.pending_of_regencies(code, today)
        flows = await print_debt.flows_of_regencies(code, today - timedelta(days=29), today)
        children = []
        if region.level in (Level.NATIONAL, Level.PROVINCE):
            rows, _ = await regions.children(code, limit=1000, offset=0)
            children = [_summed(row.code, row.name, pending, flows) for row in rows]
        own = _summed(code, "", pending, flows)
        return PrintDebtOut(region=code, pending=own.pending, by_class=own.by_class,
                            as_of=own.as_of, recorded_30d=own.recorded_30d,
                            printed_30d=own.printed_30d, children=children)

    @get("/print-debt/{code:str}/history", operation_id="get_print_debt_history",
         responses=responses(400, 401, 403, 404))
    async def get_print_debt_history(self, code: FromPath[str], actor: CurrentActor,
                                     start: From = None, end: To = None) -> list[DebtDayOut]:
        """Day by day (days with entries), summed over the regencies at or under `code`."""
        readable(actor, code)
        check_period(start, end)
        await regions.known(code)
        rows = await print_debt.days_of(code, start, end)
        before = {}
        if start is not None:  # carry each regency's debt in from before the window
            before = {region: debt.pending for region, debt in
                      (await print_debt.pending_of_regencies(code, start - timedelta(days=1))
                       ).items()}
        days = roll_up(((r.region, r.day, r.recorded, r.printed, r.pending) for r in rows),
                       start, before)
        return [DebtDayOut(date=d.day, pending=d.pending, recorded=d.recorded,
                           printed=d.printed) for d in days]


def _summed(code: str, name: str, pending: dict[str, RegencyDebt],
            flows: dict[str, tuple[int, int]]) -> PrintDebtChild:
    """The sum over the regencies at or under `code`."""
    mine = [pending[r] for r in pending if within(code, r)]
    flowing = [r for r in flows if within(code, r)]
    days = [debt.as_of for debt in mine]
    return PrintDebtChild(
        region=code, name=name, pending=sum(debt.pending for debt in mine),
        by_class=by_class_out(summed(debt.classes for debt in mine)),
        as_of=max(days) if days else None,
        recorded_30d=sum(flows[r][0] for r in flowing),
        printed_30d=sum(flows[r][1] for r in flowing),
    )
