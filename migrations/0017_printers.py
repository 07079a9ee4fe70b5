"""Printers (*mesin cetak*): each regency's card printers, their rated cards a day and
whether they work; the forecast's printing capacity never exceeds the active ones' sum."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-05T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "printers per regency"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


COLUMNS = [
    ("id", Serial, _params(primary_key=True)),
    ("region", Varchar, _params(length=16, default="", index=True)),
    ("name", Varchar, _params(length=100, default="")),
    ("cards_per_day", Integer, _params(default=0)),
    ("status", Varchar, _params(length=16, default="active")),
    ("updated_at", Timestamptz, _params(default=TimestamptzNow())),
    ("updated_by", Varchar, _params(length=64, default="")),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_table(class_name="Printer", tablename="printer", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="Printer", tablename="printer", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=params, schema=None)
    return manager
