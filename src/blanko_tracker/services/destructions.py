"""Destruction of spoiled and surrendered cards (*pemusnahan*): old cards residents hand
back, and the minutes (*berita acara*) that destroy a regency's cards before witnesses."""

from __future__ import annotations

from blanko_tracker.db import destructions
from blanko_tracker.db.destructions import DestructionRow, SurrenderRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import destruction as rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.destruction import Awaiting
from blanko_tracker.schemas import RecordDestruction, RecordSurrender
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow


async def record_surrender(cmd: RecordSurrender, *, actor: Actor) -> SurrenderRow:
    """Old cards residents surrendered at a regency on a day; they await destruction."""
    authorize(actor, Action.DESTROY, cmd.region)
    now = utcnow()
    on = day_of(cmd.date, cmd.region, now, field="date")
    async with write_transaction():
        await require_regency(cmd.region)
        await destructions.lock(cmd.region)
        row = await destructions.insert_surrender(region=cmd.region, day=on, count=cmd.count,
                                                  actor=actor.username, now=now)
        await audit_write(actor, "record_surrender", target=f"surrender:{row.id}",
                          region=cmd.region, detail={"date": on.isoformat(),
                                                     "count": cmd.count}, now=now)
    return row


async def awaiting_at(code: str) -> Awaiting:
    """What awaits destruction at one regency (the caller may read it)."""
    return (await awaiting_under(code)).get(code) or rules.awaiting(
        code, [], 0, destroyed_spoiled=0, destroyed_surrendered=0)


async def awaiting_under(code: str) -> dict[str, Awaiting]:
    """What awaits destruction at every regency at or under `code` that ever had any."""
    lots = await destructions.spoiled_lots(code)
    surrendered = await destructions.surrendered(code)
    destroyed = await destructions.destroyed(code)
    return {region: rules.awaiting(region, lots.get(region, []), surrendered.get(region, 0),
                                   destroyed_spoiled=destroyed.get(region, (0, 0))[0],
                                   destroyed_surrendered=destroyed.get(region, (0, 0))[1])
            for region in sorted({*lots, *surrendered, *destroyed})}


async def record_destruction(cmd: RecordDestruction, *, actor: Actor) -> DestructionRow:
    """A destruction minute: cards of a regency destroyed before at least two witnesses,
    never more than await (DestructionOverAwaiting, 422), numbered in the regency's year."""
    authorize(actor, Action.DESTROY, cmd.region)
    witnesses = rules.witnesses(cmd.witnesses)
    now = utcnow()
    on = day_of(cmd.date, cmd.region, now, field="date")
    async with write_transaction():
        await require_regency(cmd.region)
        await destructions.lock(cmd.region)
        lots = (await destructions.spoiled_lots(cmd.region)).get(cmd.region, [])
        done = (await destructions.destroyed(cmd.region)).get(cmd.region, (0, 0))
        held = rules.awaiting(cmd.region, lots,
                              (await destructions.surrendered(cmd.region)).get(cmd.region, 0),
                              destroyed_spoiled=done[0], destroyed_surrendered=done[1])
        by_reason = rules.take(held, cmd.spoiled, cmd.surrendered, lots,
                               destroyed_spoiled=done[0])
        seq = await destructions.count_in_year(cmd.region, on.year) + 1
        row = await destructions.insert(
            region=cmd.region, number=rules.number(cmd.region, on.year, seq), day=on,
            spoiled=cmd.spoiled, surrendered=cmd.surrendered, spoiled_by_reason=by_reason,
            witnesses=witnesses, note=cmd.note or "", actor=actor.username, now=now)
        await audit_write(actor, "record_destruction", target=f"destruction:{row.id}",
                          region=cmd.region, detail={
                              "number": row.number, "date": on.isoformat(),
                              "spoiled": cmd.spoiled, "surrendered": cmd.surrendered,
                              "spoiled_by_reason": by_reason, "witnesses": witnesses},
                          now=now)
    return row
