"""Destruction minutes (*berita acara pemusnahan*): old cards surrendered by residents, and
the minutes that destroy them with a regency's spoiled blanks before witnesses."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON, Date, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T12:00:22:000000"
VERSION = "1.38.0"
DESCRIPTION = "surrendered cards and destruction minutes"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


TABLES = {
    ("Surrender", "surrender"): [
        ("id", Serial, _params(primary_key=True)),
        ("region", Varchar, _params(length=16, default="", index=True)),
        ("day", Date, _params(default=DateNow())),
        ("quantity", Integer, _params(default=0)),
        ("actor", Varchar, _params(length=64, default="")),
        ("recorded_at", Timestamptz, _params(default=TimestamptzNow())),
    ],
    ("Destruction", "destruction"): [
        ("id", Serial, _params(primary_key=True)),
        ("region", Varchar, _params(length=16, default="", index=True)),
        # unique: the number is drawn under the regency's lock, and the constraint is what
        # makes two minutes sharing one impossible whatever happens
        ("number", Varchar, _params(length=48, default="", unique=True)),
        ("day", Date, _params(default=DateNow())),
        ("spoiled", Integer, _params(default=0)),
        ("surrendered", Integer, _params(default=0)),
        ("spoiled_by_reason", JSON, _params(default="{}")),
        ("witnesses", JSON, _params(default="[]")),
        ("note", Varchar, _params(length=500, default="")),
        ("actor", Varchar, _params(length=64, default="")),
        ("recorded_at", Timestamptz, _params(default=TimestamptzNow())),
    ],
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    for (class_name, tablename), columns in TABLES.items():
        manager.add_table(class_name=class_name, tablename=tablename, schema=None,
                          columns=None)
        for name, column_class, params in columns:
            manager.add_column(
                table_class_name=class_name, tablename=tablename, column_name=name,
                db_column_name=name, column_class_name=column_class.__name__,
                column_class=column_class, params=params, schema=None)
    return manager
