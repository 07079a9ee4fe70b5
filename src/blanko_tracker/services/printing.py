"""Printing actions: print runs, recordings and snapshots of the print debt (*hutang cetak*)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from blanko_tracker.db import print_debt, print_runs
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import ledger
from blanko_tracker.domain import print_debt as debt_rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.ledger import MovementKind
from blanko_tracker.domain.print_debt import Entry, EntryKind, check_print_run
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings, TakeDebtSnapshot
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow
from blanko_tracker.services.queues import print_debt_writers


async def record_print_run(cmd: RecordPrintRun, *, actor: Actor) -> dict[str, Any]:
    """A print operator's day: consume printed + spoiled blanks, repay `printed` of the debt.

    All in one transaction: with fewer blanks on hand nothing at all is written.
    """
    authorize(actor, Action.PRINT, cmd.region)
    check_print_run(cmd.printed, cmd.spoiled, cmd.spoiled_reason)
    now = utcnow()
    on = day_of(cmd.date, cmd.region, now, field="date")
    async with print_debt_writers.turn(cmd.region), write_transaction():
        await require_regency(cmd.region)
        held = await print_runs.lock(cmd.region)
        written = _rows_of(cmd, on, held, actor=actor, now=now)
        run = await print_runs.record(written)
        if written.debt_entry and written.debt_day is None:  # back-dated: later days change
            await print_debt.rebuild_from(cmd.region, on)
    return run


def _rows_of(cmd: RecordPrintRun, on: date, held: print_runs.Held, *, actor: Actor,
             now: datetime) -> print_runs.PrintRunRows:
    """What the run writes, decided by the domain rules on what the locks read."""
    reason = cmd.spoiled_reason.value if cmd.spoiled_reason else None
    taken = [(kind, -quantity, why) for kind, quantity, why in (
        (MovementKind.PRINT_USE, cmd.printed, None),
        (MovementKind.SPOILED, cmd.spoiled, reason)) if quantity]
    # Both lines in one go: printed + spoiled must be on hand together, or nothing is.
    balances = ledger.apply_all(held.on_hand, [quantity for _, quantity, _ in taken],
                                region=cmd.region)
    repaid = Entry(on, EntryKind.PRINTED, cmd.printed)
    return print_runs.PrintRunRows(
        run={"region": cmd.region, "run_on": on, "printed": cmd.printed,
             "spoiled": cmd.spoiled, "spoiled_reason": reason, "station": cmd.station,
             "note": cmd.note, "created_at": now, "created_by": actor.username},
        lines=[print_runs.StockLine(kind.value, quantity, after, why)
               for (kind, quantity, why), after in zip(taken, balances, strict=True)],
        on_hand_after=balances[-1] if balances else held.on_hand,
        debt_entry=cmd.printed > 0,
        debt_day=debt_rules.extend_latest(held.latest_day, repaid) if cmd.printed else None,
        recorded_at=utcnow(),  # after the locks, so the stock card's times follow its order
        audit_detail={"date": on.isoformat(), "printed": cmd.printed, "spoiled": cmd.spoiled,
                      "spoiled_reason": reason},
    )


async def record_recordings(code: str, cmd: RecordRecordings, *, actor: Actor
                            ) -> dict[str, Any]:
    """New print-ready records join the regency's print debt."""
    authorize(actor, Action.RECORD, code)
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    async with print_debt_writers.turn(code), write_transaction():
        await require_regency(code)
        latest = await print_debt.lock(code)
        entry = await print_debt.add(code, on, EntryKind.RECORDING, cmd.count, latest=latest,
                                     actor=actor.username, recording_kind=cmd.kind.value)
        await audit_write(actor, "record_recordings", target=f"print_debt_entry:{entry['id']}",
                          region=code, detail={"date": on.isoformat(), "count": cmd.count,
                                               "kind": cmd.kind.value}, now=now)
        return {**entry, "pending": await print_debt.pending_on(code, on)}


async def take_debt_snapshot(code: str, cmd: TakeDebtSnapshot, *, actor: Actor
                             ) -> dict[str, Any]:
    """Reset the debt to the national system's count; keep the difference visible."""
    authorize(actor, Action.RECORD, code)
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    async with print_debt_writers.turn(code), write_transaction():
        await require_regency(code)
        latest = await print_debt.lock(code)
        had = await print_debt.pending_just_before_new_entry(code, on)
        entry = await print_debt.add(code, on, EntryKind.SNAPSHOT, cmd.pending, latest=latest,
                                     actor=actor.username, reconciliation=cmd.pending - had)
        await audit_write(actor, "take_debt_snapshot", target=f"print_debt_entry:{entry['id']}",
                          region=code, detail={"date": on.isoformat(), "pending": cmd.pending,
                                               "reconciliation": cmd.pending - had}, now=now)
        return {**entry, "pending": await print_debt.pending_on(code, on)}
