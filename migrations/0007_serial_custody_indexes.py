"""Serial custody lookups at national scale (bench/README.md, "Serial custody").

A composite index for "which row covers serial X", and a partial one for a holder's open
ranges (the ministry's history would otherwise be read on every dispatch).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T04:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "serial_custody: covering-serial and open-holdings indexes"

INDEXES = [
    "CREATE INDEX serial_custody_first_last ON serial_custody (first_serial, last_serial)",
    "CREATE INDEX serial_custody_open ON serial_custody (region, status, first_serial) "
    "WHERE valid_to IS NULL",
]


class _Any(Table, tablename="serial_custody"):
    pass


async def add_indexes() -> None:
    for statement in INDEXES:
        await _Any.raw(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(add_indexes)
    return manager
