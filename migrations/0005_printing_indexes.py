"""Composite indexes for the printing tables (Piccolo declares no composite index)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T03:05:00:999999"
VERSION = "1.38.0"
DESCRIPTION = "printing: unique (region, day) rows and lookup indexes"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="blanko", description=DESCRIPTION
    )
    manager.add_raw(add_indexes)
    return manager


# Unique (region, day) rows and the indexes the "latest on or before a day, per regency"
# queries probe; Piccolo declares neither composite form.
INDEXES = [
    "CREATE UNIQUE INDEX print_debt_day_region_day ON print_debt_day (region, day)",
    "CREATE UNIQUE INDEX indicator_report_region_day ON indicator_report (region, day)",
    "CREATE UNIQUE INDEX target_year_region ON target (year, region)",
    "CREATE INDEX print_debt_entry_region_on ON print_debt_entry (region, occurred_on, id)",
    "CREATE INDEX print_run_region_on ON print_run (region, run_on)",
]


async def add_indexes() -> None:
    class _Any(Table, tablename="print_debt"):
        pass

    for statement in INDEXES:
        await _Any.raw(statement)
