"""Printing actions: print runs, recordings and snapshots of the print debt (*hutang cetak*)."""

from __future__ import annotations

from dataclasses import dataclass

from blanko_tracker.db import print_debt, print_runs, stock
from blanko_tracker.db.print_debt import DebtEntryRow
from blanko_tracker.db.print_runs import PrintRunRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import ledger
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.ledger import Movement, MovementKind
from blanko_tracker.domain.print_debt import EntryKind, check_print_run
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings, TakeDebtSnapshot
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow


@dataclass(frozen=True, slots=True)
class RecordedEntry:
    """A new entry of a regency's print debt, and the debt at the end of its day once it is
    applied (a back-dated entry changes that day, not only today)."""

    entry: DebtEntryRow
    pending: int


async def record_print_run(cmd: RecordPrintRun, *, actor: Actor) -> PrintRunRow:
    """A print operator's day: consume printed + spoiled blanks, repay `printed` of the debt.

    All in one transaction: with fewer blanks on hand than printed + spoiled, nothing at all
    is written (InsufficientStock)."""
    authorize(actor, Action.PRINT, cmd.region)
    check_print_run(cmd.printed, cmd.spoiled, cmd.spoiled_reason)
    now = utcnow()
    on = day_of(cmd.date, cmd.region, now, field="date")
    reason = cmd.spoiled_reason.value if cmd.spoiled_reason else None
    async with write_transaction():
        await require_regency(cmd.region)
        held = await print_runs.lock(cmd.region)
        taken = [(kind, -count) for kind, count in ((MovementKind.PRINT_USE, cmd.printed),
                                                    (MovementKind.SPOILED, cmd.spoiled))
                 if count]
        # Both lines together: printed + spoiled must be on hand at once, or nothing is.
        balances = ledger.apply_all(held.on_hand, [quantity for _, quantity in taken],
                                    region=cmd.region)
        run = await print_runs.insert(
            region=cmd.region, run_on=on, printed=cmd.printed, spoiled=cmd.spoiled,
            spoiled_reason=reason, station=cmd.station, note=cmd.note, created_at=now,
            created_by=actor.username)
        await stock.append_all([
            (Movement(cmd.region, kind, quantity, on, run.reference), after,
             reason if kind is MovementKind.SPOILED else None)
            for (kind, quantity), after in zip(taken, balances, strict=True)],
            actor=actor.username)
        await stock.set_balance(cmd.region, balances[-1])
        if cmd.printed:
            await print_debt.add(cmd.region, on, EntryKind.PRINTED, cmd.printed,
                                 latest=held.latest, actor=actor.username,
                                 reference=run.reference)
        await audit_write(actor, "record_print_run", target=run.reference, region=cmd.region,
                          detail={"date": on.isoformat(), "printed": cmd.printed,
                                  "spoiled": cmd.spoiled, "spoiled_reason": reason}, now=now)
    return run


async def record_recordings(code: str, cmd: RecordRecordings, *, actor: Actor
                            ) -> RecordedEntry:
    """New print-ready records join the regency's print debt."""
    authorize(actor, Action.RECORD, code)
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    async with write_transaction():
        await require_regency(code)
        latest = await print_debt.lock(code)
        entry = await print_debt.add(code, on, EntryKind.RECORDING, cmd.count, latest=latest,
                                     actor=actor.username, recording_kind=cmd.kind.value)
        await audit_write(actor, "record_recordings", target=f"print_debt_entry:{entry.id}",
                          region=code, detail={"date": on.isoformat(), "count": cmd.count,
                                               "kind": cmd.kind.value}, now=now)
        return RecordedEntry(entry, await print_debt.pending_on(code, on))


async def take_debt_snapshot(code: str, cmd: TakeDebtSnapshot, *, actor: Actor
                             ) -> RecordedEntry:
    """Reset the debt to the national system's count; keep the difference visible."""
    authorize(actor, Action.RECORD, code)
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    async with write_transaction():
        await require_regency(code)
        latest = await print_debt.lock(code)
        had = await print_debt.pending_just_before_new_entry(code, on)
        entry = await print_debt.add(code, on, EntryKind.SNAPSHOT, cmd.pending, latest=latest,
                                     actor=actor.username, reconciliation=cmd.pending - had)
        await audit_write(actor, "take_debt_snapshot", target=f"print_debt_entry:{entry.id}",
                          region=code, detail={"date": on.isoformat(), "pending": cmd.pending,
                                               "reconciliation": cmd.pending - had}, now=now)
        return RecordedEntry(entry, await print_debt.pending_on(code, on))
