"""Accounts end and change: a user may be made inactive, and carries a `stamp` that changes
with its role, region, password or activity; tokens and browser sessions name the stamp they
were issued under, so a change ends them all at once. Migration 0016 fills the stamps."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T18:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "app_user.active, app_user.stamp, web_session.user_stamp"


def _params(**given):
    return {"null": False, "primary_key": False, "unique": False, "index": False,
            "index_method": IndexMethod.btree, "choices": None, "db_column_name": None,
            "secret": False, **given}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_column(
        table_class_name="AppUser", tablename="app_user", column_name="active",
        db_column_name="active", column_class_name="Boolean", column_class=Boolean,
        params=_params(default=True), schema=None)
    manager.add_column(
        table_class_name="AppUser", tablename="app_user", column_name="stamp",
        db_column_name="stamp", column_class_name="Varchar", column_class=Varchar,
        params=_params(length=32, default=""), schema=None)
    manager.add_column(
        table_class_name="WebSession", tablename="web_session", column_name="user_stamp",
        db_column_name="user_stamp", column_class_name="Varchar", column_class=Varchar,
        params=_params(length=32, default=""), schema=None)
    return manager
