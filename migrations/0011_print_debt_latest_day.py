"""print_debt carries its latest day's recorded and printed figures (it already carried the
day and its pending), so locking the row reads everything a new entry extends. Migration
0012 copies them in (Piccolo runs raw steps before added columns)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-23T07:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "print_debt: recorded and printed of its latest day"

async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    for name in ("recorded", "printed"):
        manager.add_column(
            table_class_name="PrintDebt", tablename="print_debt", column_name=name,
            db_column_name=name, column_class_name="Integer", column_class=Integer,
            params={"default": 0, "null": False, "primary_key": False, "unique": False,
                    "index": False, "index_method": IndexMethod.btree, "choices": None,
                    "db_column_name": None, "secret": False},
            schema=None,
        )
    return manager
