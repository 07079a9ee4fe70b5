"""Mobile-service kits (*jemput bola*): blanks signed out of a regency to a named officer,
and their reconciliation on return."""

from __future__ import annotations

from blanko_tracker.db import kits, print_runs, stock
from blanko_tracker.db.kits import KitRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import kits as rules
from blanko_tracker.domain import ledger
from blanko_tracker.domain.access import Action, Actor, authorize, may_at_all
from blanko_tracker.domain.errors import InvalidInput, NotFound, NotPermitted
from blanko_tracker.domain.ledger import Movement, MovementKind
from blanko_tracker.domain.print_debt import check_print_run
from blanko_tracker.schemas import ReturnKit, SignOutKit
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow
from blanko_tracker.services.printing import repay_printed


async def sign_out_kit(cmd: SignOutKit, *, actor: Actor) -> KitRow:
    """Blanks leave on-hand with the officer (`kit_out`); one kit out per officer."""
    authorize(actor, Action.KIT, cmd.region)
    if cmd.serial_ranges:
        # Serial custody does not follow a kit yet: refused rather than silently dropped.
        raise InvalidInput("serial_ranges", "serial ranges are not yet taken for kits",
                           rule="kit_serials_unsupported")
    officer = " ".join(cmd.officer.split())
    if not officer:
        raise InvalidInput("officer", "the officer needs a name", rule="kit_officer_unnamed")
    now = utcnow()
    on = day_of(cmd.date, cmd.region, now, field="date")
    async with write_transaction():
        await require_regency(cmd.region)
        on_hand = await stock.lock_balance(cmd.region)  # serialises the regency's kits too
        rules.check_no_open_kit(officer, await kits.open_kit_of(cmd.region,
                                                                rules.officer_key(officer)))
        after = ledger.apply(on_hand, -cmd.quantity, region=cmd.region)
        kit = await kits.insert(region=cmd.region, officer=officer,
                                officer_key=rules.officer_key(officer), quantity=cmd.quantity,
                                on=on, actor=actor.username, now=now)
        await stock.append(Movement(cmd.region, MovementKind.KIT_OUT, -cmd.quantity, on,
                                    kit.reference, note=officer), after, actor=actor.username)
        await stock.set_balance(cmd.region, after)
        await audit_write(actor, "sign_out_kit", target=kit.reference, region=cmd.region,
                          detail={"officer": officer, "quantity": cmd.quantity,
                                  "date": on.isoformat()}, now=now)
    return kit


async def return_kit(kit_id: int, cmd: ReturnKit, *, actor: Actor) -> KitRow:
    """The kit comes back: its printed, spoiled and unused blanks come back on the stock card
    (`kit_return`), and the printed and spoiled ones are taken as a print run takes them —
    printed cards repay the print debt the same way, spoiled ones await destruction by
    cause. The missing rest stays out, recorded as lost with its reason. Once."""
    if not may_at_all(actor, Action.KIT):
        raise NotPermitted(actor.role.value, Action.KIT.value)  # before revealing any id
    # A cause goes with spoiled blanks and only with them, as on a print run (a kit may come
    # back with nothing printed: the "+ 1" keeps that rule of print runs out of it).
    check_print_run(cmd.printed + cmd.returned + 1, cmd.spoiled, cmd.spoiled_reason)
    now = utcnow()
    async with write_transaction():
        kit = await kits.get(kit_id, lock=True)
        if kit is None:
            raise NotFound("kit", kit_id)
        authorize(actor, Action.KIT, kit.region)
        on = day_of(cmd.date, kit.region, now, field="date")
        if on < kit.out_on:
            raise InvalidInput("date", f"the kit went out on {kit.out_on}",
                               rule="kit_back_before_out", values={"day": kit.out_on})
        missing = rules.missing_of(kit.id, kit.status, kit.quantity, cmd.printed,
                                   cmd.spoiled, cmd.returned, cmd.missing_reason)
        held = await print_runs.lock(kit.region)
        reason = cmd.spoiled_reason.value if cmd.spoiled_reason else None
        back = cmd.printed + cmd.spoiled + cmd.returned
        lines = [(kind, quantity, line_reason) for kind, quantity, line_reason in (
            (MovementKind.KIT_RETURN, back, None),
            (MovementKind.PRINT_USE, -cmd.printed, None),
            (MovementKind.SPOILED, -cmd.spoiled, reason)) if quantity]
        balances = ledger.apply_all(held.on_hand, [q for _, q, _ in lines], region=kit.region)
        if lines:
            await stock.append_all([
                (Movement(kit.region, kind, quantity, on, kit.reference), after, line_reason)
                for (kind, quantity, line_reason), after in zip(lines, balances, strict=True)],
                actor=actor.username)
            await stock.set_balance(kit.region, balances[-1])
        await repay_printed(kit.region, on, cmd.printed, None, held, actor=actor,
                            reference=kit.reference)
        returned = await kits.mark_returned(
            kit.id, on=on, printed=cmd.printed, spoiled=cmd.spoiled, spoiled_reason=reason,
            returned=cmd.returned, missing=missing, missing_reason=cmd.missing_reason,
            by=actor.username)
        await audit_write(actor, "return_kit", target=kit.reference, region=kit.region,
                          detail={"date": on.isoformat(), "printed": cmd.printed,
                                  "spoiled": cmd.spoiled, "spoiled_reason": reason,
                                  "returned": cmd.returned, "missing": missing,
                                  "missing_reason": cmd.missing_reason}, now=now)
    return returned
