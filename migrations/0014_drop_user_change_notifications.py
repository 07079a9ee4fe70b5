"""Workers read the caller's user on every request, so nobody listens for user changes any
more: the notifications migration 0013 added on PostgreSQL go (SQLite never had them)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "app_user: drop the blanko_user_changed notifications"

POSTGRES_STATEMENTS = [
    "DROP TRIGGER IF EXISTS app_user_changed ON app_user",
    "DROP TRIGGER IF EXISTS app_user_truncated ON app_user",
    "DROP FUNCTION IF EXISTS app_user_changed()",
]


async def drop_notifications() -> None:
    engine = engine_finder()
    if engine.engine_type == "sqlite":
        return
    for statement in POSTGRES_STATEMENTS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(drop_notifications)
    return manager
