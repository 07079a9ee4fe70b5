"""The suket register (*surat keterangan*): a regency's day of suket issued, redeemed and
renewed, and the register as it stands on a day (above regency level, the sums)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import reduce

from blanko_tracker.db import suket
from blanko_tracker.db.suket import SuketEntryRow
from blanko_tracker.db.transaction import write_transaction
from blanko_tracker.domain import suket as rules
from blanko_tracker.domain.access import Action, Actor, authorize
from blanko_tracker.domain.suket import DayEntry, Summary
from blanko_tracker.schemas import RecordSuket
from blanko_tracker.services.common import audit_write, day_of, require_regency, utcnow


@dataclass(frozen=True, slots=True)
class RecordedSuket:
    """A new entry of a regency's suket, and how many were outstanding at the end of its
    day once it is applied."""

    entry: SuketEntryRow
    outstanding: int


async def record_suket(code: str, cmd: RecordSuket, *, actor: Actor) -> RecordedSuket:
    """A regency's suket of a day. The regency's whole history is replayed with this entry
    on its own day: redeeming or renewing more than are outstanding on any day, this one or
    a later one (a back-dated entry), is refused and nothing is written."""
    authorize(actor, Action.RECORD, code)
    rules.check_counts(cmd.issued, cmd.redeemed, cmd.renewed)
    now = utcnow()
    on = day_of(cmd.date, code, now, field="date")
    entry = DayEntry(on, cmd.issued, cmd.redeemed, cmd.renewed)
    async with write_transaction():
        await require_regency(code)
        await suket.lock(code)
        history = rules.merged([*await suket.history(code), entry])
        rules.replay(history, region=code)  # raises SuketOverOutstanding
        row = await suket.insert(region=code, day=on, issued=cmd.issued,
                                 redeemed=cmd.redeemed, renewed=cmd.renewed, reference="",
                                 actor=actor.username, now=now)
        await audit_write(actor, "record_suket", target=f"suket_entry:{row.id}", region=code,
                          detail={"date": on.isoformat(), "issued": cmd.issued,
                                  "redeemed": cmd.redeemed, "renewed": cmd.renewed}, now=now)
    outstanding = sum(c.count for c in rules.replay(history, region=code, until=on))
    return RecordedSuket(row, outstanding)


async def suket_of(code: str, as_of: date) -> Summary:
    """The register of `code` on `as_of`: a regency's own, or the sum of the regencies at or
    under it. The caller has checked that the reader may read `code`."""
    histories = await suket.histories_under(code)
    return reduce(lambda total, summary: total + summary,
                  (rules.summarise(entries, as_of, region=region)
                   for region, entries in histories.items()), Summary())
