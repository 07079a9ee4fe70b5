"""PostgreSQL tells every listening worker when a user row changes or goes, whoever changed
it (the app, `psql`, a restore), so workers may keep the users they have read
(api/user_cache.py). SQLite has no notifications: there the app reads the user every time."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T17:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "app_user: notify blanko_user_changed on update, delete and truncate"

# The channel name is repeated in db/user_changes.py (a migration must not import the app).
POSTGRES_NOTIFICATIONS = [
    """CREATE FUNCTION app_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            PERFORM pg_notify('blanko_user_changed', '*');
        ELSE
            PERFORM pg_notify('blanko_user_changed', OLD.id::text);
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER app_user_changed AFTER UPDATE OR DELETE ON app_user "
    "FOR EACH ROW EXECUTE FUNCTION app_user_changed()",
    # TRUNCATE … RESTART IDENTITY reuses ids: every kept user must go.
    "CREATE TRIGGER app_user_truncated AFTER TRUNCATE ON app_user "
    "FOR EACH STATEMENT EXECUTE FUNCTION app_user_changed()",
]


async def add_notifications() -> None:
    engine = engine_finder()
    if engine.engine_type == "sqlite":
        return
    for statement in POSTGRES_NOTIFICATIONS:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(add_notifications)
    return manager
