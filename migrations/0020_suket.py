"""The suket register (*surat keterangan*): per regency and day, how many were issued,
redeemed and renewed (counts only, never personal data)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "suket register per regency and day"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


COLUMNS = [
    ("id", Serial, _params(primary_key=True)),
    # A regency's history (by region), the alerts' recent days across regencies (by day).
    ("region", Varchar, _params(length=16, default="", index=True)),
    ("day", Date, _params(default=DateNow(), index=True)),
    ("issued", Integer, _params(default=0)),
    ("redeemed", Integer, _params(default=0)),
    ("renewed", Integer, _params(default=0)),
    ("reference", Varchar, _params(length=64, default="")),
    ("actor", Varchar, _params(length=64, default="")),
    ("recorded_at", Timestamptz, _params(default=TimestamptzNow())),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_table(class_name="SuketEntry", tablename="suket_entry", schema=None,
                      columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="SuketEntry", tablename="suket_entry", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=params, schema=None)
    return manager
