"""Daily reports (*laporan harian*): a regency's confirmed day, one row per regency and day."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import (
    Date,
    DoublePrecision,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T12:00:24:000000"
VERSION = "1.38.0"
DESCRIPTION = "daily reports per regency and day"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


COLUMNS = [
    ("id", Serial, _params(primary_key=True)),
    ("region", Varchar, _params(length=16, default="")),
    ("day", Date, _params(default=DateNow(), index=True)),
    *((name, Integer, _params(default=0)) for name in (
        "on_hand", "printed", "spoiled", "recorded", "print_debt", "suket_outstanding",
        "printers_active")),
    ("days_of_cover", DoublePrecision, _params(default=None, null=True)),
    ("note", Text, _params(default="")),
    ("reported_by", Varchar, _params(length=64, default="")),
    ("reported_at", Timestamptz, _params(default=TimestamptzNow())),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_table(class_name="DailyReport", tablename="daily_report", schema=None,
                      columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="DailyReport", tablename="daily_report", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=params, schema=None)
    return manager
