"""Printing actions: print runs, recordings and snapshots of the print debt (*hutang cetak*)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from blanko_tracker.db import print_debt, print_runs, stock, users
from blanko_tracker.db.print_debt import DebtEntryRow
from blanko_tracker.db.print_runs import Held, PrintRunRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import ledger
from blanko_tracker.domain.access import (
    Action,
    Actor,
    Entrant,
    Role,
    authorize,
    authorize_undo,
    may_at_all,
)
from blanko_tracker.domain.errors import NotFound, NotPermitted, OutOfScope
from blanko_tracker.domain.ledger import Movement, MovementKind
from blanko_tracker.domain.print_debt import (
    NO_CLASSES,
    DebtClass,
    EntryKind,
    by_class,
    check_print_run,
    check_recording_reversible,
    check_reversible,
    checked_split,
    of_class,
    priority_split,
    reversal_reference,
    scaled,
)
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import (
    ByClass,
    PrintRunUndone,
    RecordPrintRun,
    RecordRecordings,
    TakeDebtSnapshot,
    UndoEntry,
)
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
    named = checked_split(_named(cmd.printed_by_class), cmd.printed, field="printed_by_class")
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
        await repay_printed(cmd.region, on, cmd.printed, named, held, actor=actor,
                            reference=run.reference)
        await audit_write(actor, "record_print_run", target=run.reference, region=cmd.region,
                          detail={"date": on.isoformat(), "printed": cmd.printed,
                                  "spoiled": cmd.spoiled, "spoiled_reason": reason,
                                  **({"printed_by_class": by_class(named)} if named else {})},
                          now=now)
    return run


async def repay_printed(region: str, on: date, printed: int,
                        named: dict[DebtClass, int] | None, held: Held, *, actor: Actor,
                        reference: str) -> None:
    """Cards printed on `on` (a print run's, a mobile-service kit's) repay the print debt;
    the caller holds `print_runs.lock(region)` as `held`."""
    if not printed:
        return
    # Without named classes, the ministry's priority order over the debt as it stands now
    # (for a back-dated run too: its day is replayed from there, and any class already
    # repaid on that day passes its cards on in the same order).
    split = named or priority_split(held.latest.classes if held.latest else NO_CLASSES,
                                    printed)
    await print_debt.add(region, on, EntryKind.PRINTED, printed, split, latest=held.latest,
                         actor=actor.username, reference=reference)


async def record_recordings(code: str, cmd: RecordRecordings, *, actor: Actor
                            ) -> RecordedEntry:
    """New print-ready records join the regency's print debt."""
    authorize(actor, Action.RECORD, code)
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    async with write_transaction():
        await require_regency(code)
        latest = await print_debt.lock(code)
        entry = await print_debt.add(code, on, EntryKind.RECORDING, cmd.count,
                                     of_class(cmd.kind, cmd.count), latest=latest,
                                     actor=actor.username, recording_kind=cmd.kind.value)
        await audit_write(actor, "record_recordings", target=f"print_debt_entry:{entry.id}",
                          region=code, detail={"date": on.isoformat(), "count": cmd.count,
                                               "kind": cmd.kind.value}, now=now)
        return RecordedEntry(entry, await print_debt.pending_on(code, on))


async def take_debt_snapshot(code: str, cmd: TakeDebtSnapshot, *, actor: Actor
                             ) -> RecordedEntry:
    """Reset the debt to the national system's count; keep the difference visible."""
    authorize(actor, Action.RECORD, code)
    named = checked_split(_named(cmd.by_class), cmd.pending, field="by_class")
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    async with write_transaction():
        await require_regency(code)
        latest = await print_debt.lock(code)
        classes = await print_debt.classes_just_before_new_entry(code, on)
        had = sum(classes)
        split = named or scaled(classes, cmd.pending)
        entry = await print_debt.add(code, on, EntryKind.SNAPSHOT, cmd.pending, split,
                                     latest=latest, actor=actor.username,
                                     reconciliation=cmd.pending - had)
        await audit_write(actor, "take_debt_snapshot", target=f"print_debt_entry:{entry.id}",
                          region=code, detail={"date": on.isoformat(), "pending": cmd.pending,
                                               "by_class": by_class(split),
                                               "reconciliation": cmd.pending - had}, now=now)
        return RecordedEntry(entry, await print_debt.pending_on(code, on))


def _named(given: ByClass | None) -> dict[DebtClass, int] | None:
    """A class split as the caller named it (None: not named)."""
    if given is None:
        return None
    return {cls: getattr(given, cls.value) for cls in DebtClass}


async def entrant(username: str) -> Entrant:
    """The user who entered something, as the undo rule needs them (gone: name only)."""
    user = await users.by_username(username)
    if user is None:
        return Entrant(username, None, None)
    return Entrant(username, Role(user.role), user.region)


async def may_undo(actor: Actor, action: Action, region: str, username: str) -> bool:
    """Whether `actor` may undo what `username` entered at `region` (the pages show the
    "Batalkan" button only then; the undo itself checks again)."""
    try:
        authorize_undo(actor, action, region, await entrant(username))
    except (NotPermitted, OutOfScope):
        return False
    return True


async def reverse_print_run(run_id: int, cmd: UndoEntry, *, actor: Actor) -> PrintRunUndone:
    """Undo a print run entered by mistake (*batalkan*): its printed and spoiled blanks go
    back on hand and its printed cards back on the print debt, once, with the reason in the
    audit trail. The run itself stays on record, as every ledger line does."""
    if not may_at_all(actor, Action.PRINT):
        raise NotPermitted(actor.role.value, Action.PRINT.value)  # before revealing any id
    now = utcnow()
    async with write_transaction():
        run = await print_runs.get(run_id)
        if run is None:
            raise NotFound("print run", run_id)
        authorize_undo(actor, Action.PRINT, run.region, await entrant(run.created_by))
        held = await print_runs.lock(run.region)  # debt then balance, as a run takes them
        lines = await stock.lines_of(run.reference)
        undone = reversal_reference(run.reference)
        check_reversible(f"Print run {run_id}", already_reversed=any(
            line.kind is MovementKind.REVERSAL for line in lines
        ) or await print_debt.has_reference(undone))
        today = local_date(run.region, now)
        # Each line the run took is given back by a line naming it; the run's own reference
        # keeps them together on the stock card.
        back = [line for line in lines if line.kind is not MovementKind.REVERSAL]
        balances = ledger.apply_all(held.on_hand, [-line.quantity for line in back],
                                    region=run.region)
        written = await stock.append_all([
            (Movement(run.region, MovementKind.REVERSAL, -line.quantity, today,
                      run.reference, reverses=line.id, note=cmd.reason), after, None)
            for line, after in zip(back, balances, strict=True)], actor=actor.username)
        on_hand = balances[-1] if balances else held.on_hand
        await stock.set_balance(run.region, on_hand)
        # On the run's own day, so that day's printed count nets out (the forecast's printing
        # rate must not count cards that were never printed); a negative repayment puts them
        # back on the debt, in the classes it repaid.
        repaid = await print_debt.entry_by_reference(run.reference)
        split = repaid.split if repaid else of_class(DebtClass.NEW, run.printed)
        await print_debt.add(run.region, run.run_on, EntryKind.PRINTED, -run.printed,
                             tuple(-n for n in split), latest=held.latest,
                             actor=actor.username, reference=undone)
        await audit_write(actor, "reverse_print_run", target=run.reference, region=run.region,
                          detail={"reason": cmd.reason, "printed": run.printed,
                                  "spoiled": run.spoiled, "entered_by": run.created_by,
                                  "movements": [line.id for line in written]}, now=now)
        return PrintRunUndone(print_run=run.id, movements=[line.id for line in written],
                              on_hand=on_hand,
                              pending=await print_debt.pending_on(run.region, run.run_on))


async def reverse_recording(entry_id: int, cmd: UndoEntry, *, actor: Actor) -> RecordedEntry:
    """Undo print-ready records entered by mistake: their count comes off the debt on their
    own day, once, with the reason in the audit trail."""
    if not may_at_all(actor, Action.RECORD):
        raise NotPermitted(actor.role.value, Action.RECORD.value)  # before revealing any id
    now = utcnow()
    async with write_transaction():
        entry = await print_debt.get_entry(entry_id)
        if entry is None:
            raise NotFound("print debt entry", entry_id)
        authorize_undo(actor, Action.RECORD, entry.region, await entrant(entry.actor))
        latest = await print_debt.lock(entry.region)
        check_recording_reversible(entry_id, entry.kind)
        undone = reversal_reference(f"print_debt_entry:{entry.id}")
        check_reversible(f"Print debt entry {entry_id}",
                         is_reversal=entry.quantity < 0 or entry.reference.startswith("reversal:"),
                         already_reversed=await print_debt.has_reference(undone))
        reversal = await print_debt.add(
            entry.region, entry.occurred_on, EntryKind.RECORDING, -entry.quantity,
            tuple(-n for n in entry.split),
            latest=latest, actor=actor.username, recording_kind=entry.recording_kind,
            reference=undone)
        await audit_write(actor, "reverse_recording", target=f"print_debt_entry:{entry.id}",
                          region=entry.region,
                          detail={"reason": cmd.reason, "count": entry.quantity,
                                  "entered_by": entry.actor,
                                  "reversal": f"print_debt_entry:{reversal.id}"}, now=now)
        return RecordedEntry(reversal, await print_debt.pending_on(entry.region,
                                                                   entry.occurred_on))
