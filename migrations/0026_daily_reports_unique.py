"""One daily report per regency and day: reporting a day again replaces it (0024's table)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-07T12:00:26:000000"
VERSION = "1.38.0"
DESCRIPTION = "daily reports: unique per regency and day"


class _DailyReport(Table, tablename="daily_report"):
    pass


async def unique() -> None:
    await _DailyReport.raw(
        "CREATE UNIQUE INDEX daily_report_region_day ON daily_report (region, day)")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(unique)
    return manager
