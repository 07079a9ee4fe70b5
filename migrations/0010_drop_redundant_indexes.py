"""Three single-column indexes that composite indexes already cover (same leading column):
every print run paid for them on each insert and no query needs them."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-23T07:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "drop region indexes covered by (region, …) composites"

# (table class, table, the composite index that covers `region`)
COVERED = [
    ("PrintRun", "print_run"),  # print_run_region_on (region, run_on)
    ("PrintDebtEntry", "print_debt_entry"),  # print_debt_entry_region_on (region, occurred_on, id)
    ("StockMovement", "stock_movement"),  # stock_movement_region_id (region, id)
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    for class_name, tablename in COVERED:
        manager.alter_column(
            table_class_name=class_name, tablename=tablename, column_name="region",
            db_column_name="region", params={"index": False}, old_params={"index": True},
            column_class=Varchar, old_column_class=Varchar, schema=None,
        )
    return manager
