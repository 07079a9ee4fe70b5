"""Fill print_debt's new day figures (0011) from each regency's latest print_debt_day row."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T07:50:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "print_debt: copy recorded and printed of its latest day"

BACKFILL = """
UPDATE print_debt SET
    recorded = COALESCE((SELECT d.recorded FROM print_debt_day d
                         WHERE d.region = print_debt.region AND d.day = print_debt.as_of), 0),
    printed = COALESCE((SELECT d.printed FROM print_debt_day d
                        WHERE d.region = print_debt.region AND d.day = print_debt.as_of), 0)
"""


class _PrintDebt(Table, tablename="print_debt"):
    pass


async def backfill() -> None:
    await _PrintDebt.raw(BACKFILL)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(backfill)
    return manager
