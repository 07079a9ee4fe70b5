"""An index that starts with the day, for "the last 30 days of every regency" reads."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-11-23T03:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "print_debt_day: covering index by day (the last 30 days of every regency)"

POSTGRES = ("CREATE INDEX print_debt_day_day ON print_debt_day (day) "
            "INCLUDE (region, recorded, printed, pending)")
SQLITE = ("CREATE INDEX print_debt_day_day ON print_debt_day "
          "(day, region, recorded, printed, pending)")


class _Any(Table, tablename="print_debt_day"):
    pass


async def add_index() -> None:
    await _Any.raw(SQLITE if engine_finder().engine_type == "sqlite" else POSTGRES)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(add_index)
    return manager
