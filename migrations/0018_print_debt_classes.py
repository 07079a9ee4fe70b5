"""The print debt by class (new, disaster, replacement, change, moved): each entry's count per
class, and the pending debt per class on each day row and on each regency's current row
(filled by 0019)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-05T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "print debt by class"

CLASS_COLUMNS = ["class_new", "class_disaster", "class_replacement", "class_change",
                 "class_moved"]
TABLES = [("PrintDebtEntry", "print_debt_entry"), ("PrintDebtDay", "print_debt_day"),
          ("PrintDebt", "print_debt")]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    for class_name, tablename in TABLES:
        for name in CLASS_COLUMNS:
            manager.add_column(
                table_class_name=class_name, tablename=tablename, column_name=name,
                db_column_name=name, column_class_name="Integer", column_class=Integer,
                params={"default": 0, "null": False, "primary_key": False, "unique": False,
                        "index": False, "index_method": IndexMethod.btree, "choices": None,
                        "db_column_name": None, "secret": False},
                schema=None)
    return manager
