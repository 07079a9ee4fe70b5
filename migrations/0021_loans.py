"""Loans between regions (*pinjam blanko*): the loan record, and on every shipment which loan
it carries (`loan_id`) and whether it is the loan itself or a return (`purpose`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.date import DateNow
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T12:00:21:000000"
VERSION = "1.38.0"
DESCRIPTION = "loans between regions"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


LOAN_COLUMNS = [
    ("id", Serial, _params(primary_key=True)),
    ("lender", Varchar, _params(length=16, default="", index=True)),
    ("borrower", Varchar, _params(length=16, default="", index=True)),
    ("quantity", Integer, _params(default=0)),
    ("returned", Integer, _params(default=0)),
    ("due_on", Date, _params(default=DateNow())),
    ("status", Varchar, _params(length=16, default="open", index=True)),
    ("shipment_id", Integer, _params(default=0)),
    ("note", Text, _params(default="")),
    ("created_at", Timestamptz, _params(default=TimestamptzNow())),
    ("created_by", Varchar, _params(length=64, default="")),
]

SHIPMENT_COLUMNS = [
    ("loan_id", Integer, _params(null=True, default=None, index=True)),
    ("purpose", Varchar, _params(length=16, default="")),
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_table(class_name="Loan", tablename="loan", schema=None, columns=None)
    for name, column_class, params in LOAN_COLUMNS:
        manager.add_column(
            table_class_name="Loan", tablename="loan", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=params, schema=None)
    for name, column_class, params in SHIPMENT_COLUMNS:
        manager.add_column(
            table_class_name="Shipment", tablename="shipment", column_name=name,
            db_column_name=name, column_class_name=column_class.__name__,
            column_class=column_class, params=params, schema=None)
    return manager
