"""Mobile-service kits (*jemput bola*): blanks signed out to a named officer, reconciled on
return as printed, spoiled, returned and missing."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON, Date, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T12:00:23:000000"
VERSION = "1.38.0"
DESCRIPTION = "mobile-service kits"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


COLUMNS = [
    ("id", Serial, _params(primary_key=True)),
    ("region", Varchar, _params(length=16, default="", index=True)),
    ("officer", Varchar, _params(length=100, default="")),
    ("officer_key", Varchar, _params(length=100, default="")),
    ("quantity", Integer, _params(default=0)),
    ("out_on", Date, _params(default=DateNow())),
    ("status", Varchar, _params(length=16, default="out")),
    ("returned_on", Date, _params(null=True, default=None)),
    ("printed", Integer, _params(default=0)),
    ("spoiled", Integer, _params(default=0)),
    ("spoiled_reason", Varchar, _params(length=32, null=True, default=None)),
    ("returned", Integer, _params(default=0)),
    ("missing", Integer, _params(default=0)),
    ("missing_reason", Varchar, _params(length=500, null=True, default=None)),
    ("serial_ranges", JSON, _params(default="[]")),
    ("actor", Varchar, _params(length=64, default="")),
    ("recorded_at", Timestamptz, _params(default=TimestamptzNow())),
    ("returned_by", Varchar, _params(length=64, null=True, default=None)),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_table(class_name="Kit", tablename="kit", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="Kit", tablename="kit", column_name=name, db_column_name=name,
            column_class_name=column_class.__name__, column_class=column_class,
            params=params, schema=None)
    return manager
