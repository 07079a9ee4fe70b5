"""The one place stored rows become the structs the API and the pages send.

`db/` returns typed rows named for what they hold (`PrintRunRow`); the wire format
(`schemas/`) says what a caller sees. Field names differ where the contract names a thing
differently from the table (a run's `run_on` is its `date`)."""

from __future__ import annotations

from blanko_tracker.db.print_runs import PrintRunRow
from blanko_tracker.db.users import UserRow
from blanko_tracker.schemas import PrintRunOut, UserOut


def print_run_out(run: PrintRunRow) -> PrintRunOut:
    return PrintRunOut(id=run.id, region=run.region, date=run.run_on, printed=run.printed,
                       spoiled=run.spoiled, spoiled_reason=run.spoiled_reason,
                       station=run.station, note=run.note, created_at=run.created_at,
                       created_by=run.created_by)


def user_out(user: UserRow) -> UserOut:
    return UserOut(id=user.id, username=user.username, role=user.role, region=user.region,
                   active=user.active)
