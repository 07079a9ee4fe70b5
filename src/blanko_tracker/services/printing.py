"""Printing actions: print runs, recordings and snapshots of the print debt (*hutang cetak*)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from blanko_tracker.db import idempotency, print_debt, print_runs
from blanko_tracker.db.idempotency import RequestKey
from blanko_tracker.db.transaction import in_transaction, write_transaction
from blanko_tracker.domain import ledger
from blanko_tracker.domain import print_debt as debt_rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.errors import BlankoError, IdempotencyKeyReused
from blanko_tracker.domain.ledger import MovementKind
from blanko_tracker.domain.print_debt import Entry, EntryKind, check_print_run
from blanko_tracker.schemas import RecordPrintRun, RecordRecordings, TakeDebtSnapshot
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow
from blanko_tracker.services.grouping import Grouped
from blanko_tracker.services.queues import print_debt_writers


@dataclass(frozen=True)
class Recorded:
    """A print run as stored, and the answer kept under its request's key (if it had one)."""

    run: dict[str, Any]
    answer: bytes | None = None


@dataclass(frozen=True)
class Replayed:
    """The first answer to a request with this key, kept from an earlier try."""

    status_code: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class _Order:
    cmd: RecordPrintRun
    actor: Actor
    now: datetime
    key: RequestKey | None = None
    answer: Callable[[dict[str, Any]], bytes] | None = None


class _Again:
    """A second order with a key already in this group: it waits for the first's answer."""


async def record_print_run(cmd: RecordPrintRun, *, actor: Actor) -> dict[str, Any]:
    """A print operator's day: consume printed + spoiled blanks, repay `printed` of the debt.

    All in one transaction: with fewer blanks on hand nothing at all is written. Inside the
    caller's transaction when it has one, else in the next group of this process's print
    runs (group commit, services/grouping.py).
    """
    outcome = await record_keyed_print_run(cmd, actor=actor)
    assert isinstance(outcome, Recorded), "only a keyed request is replayed"
    return outcome.run


async def record_keyed_print_run(
    cmd: RecordPrintRun, *, actor: Actor, key: RequestKey | None = None,
    answer: Callable[[dict[str, Any]], bytes] | None = None,
) -> Recorded | Replayed:
    """`record_print_run` for a request that carries its own `Idempotency-Key`: the run and
    its answer (`answer(run)`, the response body) are stored in the same transaction, and a
    key already answered is `Replayed` without writing anything."""
    order = _Order(cmd, actor, utcnow(), key, answer)
    if in_transaction():  # the caller commits: a page's request, the demo
        outcome = (await _write_orders([order]))[0]
    else:
        while isinstance(outcome := await print_run_groups.submit(order), _Again):
            pass
    if isinstance(outcome, Exception):
        raise outcome
    assert not isinstance(outcome, _Again)
    return outcome


async def _write_group(orders: list[_Order]) -> list[Recorded | Replayed | _Again | Exception]:
    """One transaction for all `orders`; should it fail, one for each (so that only the order
    at fault fails)."""
    try:
        async with write_transaction():
            return await _write_orders(orders)
    except Exception as error:
        if len(orders) == 1:
            return [error]
    return [(await _write_group([order]))[0] for order in orders]


async def _write_orders(orders: list[_Order]) -> list[Recorded | Replayed | _Again | Exception]:
    """Decide and write each order in turn, in the caller's transaction."""
    outcomes: list[Recorded | Replayed | _Again | Exception] = [_Again()] * len(orders)
    live = await _to_write(orders, outcomes)
    held = await print_runs.lock_all([orders[index].cmd.region for index in live])
    decided: list[tuple[int, print_runs.PrintRunRows]] = []
    for index in live:
        order = orders[index]
        try:
            written = _decide(order, held)
        except BlankoError as error:
            outcomes[index] = error
            continue
        decided.append((index, written))
        if written.debt_entry and written.debt_day is None:  # back-dated: later days change
            await _write(decided, orders, outcomes)
            decided = []
            await print_debt.rebuild_from(order.cmd.region, written.run["run_on"])
            held[order.cmd.region] = await print_runs.lock(order.cmd.region)
    await _write(decided, orders, outcomes)
    await _keep_answers(orders, outcomes)
    return outcomes


async def _to_write(orders: list[_Order], outcomes: list[Any]) -> list[int]:
    """The orders to decide on; the rest get their outcome here: a kept answer to replay, a
    refusal, or (a second order with a key already in the group) _Again. Every key of an
    order to decide on is taken for this transaction."""
    firsts: dict[str, RequestKey] = {}  # the first order with a key is the one written
    for order in orders:
        if order.key is not None:
            firsts.setdefault(order.key.scope_key, order.key)
    taken = await idempotency.take_all(list(firsts.values()), now=utcnow())
    live: list[int] = []
    seen: set[str] = set()
    for index, order in enumerate(orders):
        if (key := order.key) is not None:
            if key.scope_key in taken:
                outcomes[index] = _replayed(taken[key.scope_key], key)
                continue
            if key.scope_key in seen:
                continue  # _Again: the first with this key is written in this group
            seen.add(key.scope_key)
        try:
            await _check(order)
        except BlankoError as error:
            outcomes[index] = error
            continue
        live.append(index)
    return live


async def _keep_answers(orders: list[_Order], outcomes: list[Any]) -> None:
    """Each keyed run's answer under the key it took; a refused order gives its key back
    (the request's middleware keeps the refusal, as for any write)."""
    answers, refused = [], []
    for order, outcome in zip(orders, outcomes, strict=True):
        if order.key is None or isinstance(outcome, Replayed | _Again):
            continue
        if isinstance(outcome, Recorded):
            assert outcome.answer is not None, "a keyed order comes with its answer"
            answers.append(idempotency.Answer(order.key.scope_key, order.key.fingerprint, 201,
                                              "application/json", outcome.answer))
        elif not isinstance(outcome, IdempotencyKeyReused):
            refused.append(order.key.scope_key)
    await idempotency.keep_all(answers, now=utcnow())
    await idempotency.release_all(refused)


async def _check(order: _Order) -> None:
    cmd = order.cmd
    authorize(order.actor, Action.PRINT, cmd.region)
    check_print_run(cmd.printed, cmd.spoiled, cmd.spoiled_reason)
    day_of(cmd.date, cmd.region, order.now, field="date")
    await require_regency(cmd.region)


def _decide(order: _Order, held: dict[str, print_runs.Held]) -> print_runs.PrintRunRows:
    """The order's rows, decided on what `held` says of its regency, which it then updates."""
    cmd = order.cmd
    on = day_of(cmd.date, cmd.region, order.now, field="date")
    written = _rows_of(cmd, on, held[cmd.region], actor=order.actor, now=order.now)
    held[cmd.region] = print_runs.Held(
        written.on_hand_after, written.debt_day or held[cmd.region].latest_day)
    return written


async def _write(decided: list[tuple[int, print_runs.PrintRunRows]], orders: list[_Order],
                 outcomes: list[Any]) -> None:
    """Write the runs decided so far; each one's outcome is its run and its answer."""
    if not decided:
        return
    runs = await print_runs.record_all([written for _, written in decided])
    for (index, _), run in zip(decided, runs, strict=True):
        answer = orders[index].answer
        outcomes[index] = Recorded(run, answer(run) if answer else None)


def _replayed(stored: dict[str, Any], key: RequestKey) -> Replayed | Exception:
    if stored["fingerprint"] != key.fingerprint:
        return IdempotencyKeyReused()
    return Replayed(stored["status_code"], stored["content_type"], bytes(stored["body"]))


print_run_groups: Grouped[_Order, Recorded | Replayed | _Again] = Grouped(_write_group)


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
