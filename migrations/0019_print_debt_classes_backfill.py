"""Fill the print debt's classes (0018) for what was written before they were kept.

The debt owed then counts as first cards (`new`): recordings keep the kind they were entered
with, and a snapshot with classes sets them from then on."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-05T12:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "print debt by class: backfill, and entries found by reference"

BACKFILL = [
    *(f"UPDATE print_debt_entry SET class_{kind} = quantity "
      f"WHERE kind = 'recording' AND recording_kind = '{kind}'"
      for kind in ("replacement", "change")),
    "UPDATE print_debt_entry SET class_new = quantity WHERE kind <> 'recording' "
    "OR recording_kind IS NULL OR recording_kind NOT IN ('replacement', 'change')",
    "UPDATE print_debt_day SET class_new = pending",
    "UPDATE print_debt SET class_new = pending",
    # Undoing a print run finds the classes it repaid by the run's reference.
    "CREATE INDEX print_debt_entry_reference ON print_debt_entry (reference)",
]


class _Any(Table, tablename="print_debt"):
    pass


async def backfill() -> None:
    for statement in BACKFILL:
        await _Any.raw(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(backfill)
    return manager
