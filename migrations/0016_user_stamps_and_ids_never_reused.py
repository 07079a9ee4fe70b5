"""Every existing user gets a random stamp (sessions made before keep an empty one, so they
end: everyone signs in once more). On SQLite, user ids are never reused: a table whose key
is `INTEGER PRIMARY KEY` hands a deleted user's id to the next user, and a token still naming
that id would act as the newcomer; `AUTOINCREMENT` never hands an id out twice. SQLite cannot
alter a key, so the table is rebuilt. PostgreSQL's sequences never reuse ids."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-04T18:10:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "user stamps filled; SQLite app_user ids never reused"

POSTGRES = [
    "UPDATE app_user SET stamp = replace(gen_random_uuid()::text, '-', '')",
]
SQLITE = [
    """CREATE TABLE "app_user_rebuilt" (
        "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        "username" VARCHAR(64) UNIQUE NOT NULL DEFAULT '',
        "password_hash" VARCHAR(255) NOT NULL DEFAULT '',
        "role" VARCHAR(32) NOT NULL DEFAULT '',
        "region" VARCHAR(16) NOT NULL DEFAULT '',
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        "active" BOOLEAN NOT NULL DEFAULT true,
        "stamp" VARCHAR(32) NOT NULL DEFAULT '')""",
    """INSERT INTO "app_user_rebuilt"
        (id, username, password_hash, role, region, created_at, active, stamp)
        SELECT id, username, password_hash, role, region, created_at, active,
               lower(hex(randomblob(16)))
        FROM app_user""",
    'DROP TABLE "app_user"',
    'ALTER TABLE "app_user_rebuilt" RENAME TO "app_user"',
    'CREATE INDEX app_user_region ON "app_user" ("region")',
]


async def fill_stamps() -> None:
    engine = engine_finder()
    for statement in SQLITE if engine.engine_type == "sqlite" else POSTGRES:
        await engine.run_ddl(statement)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="blanko", description=DESCRIPTION)
    manager.add_raw(fill_stamps)
    return manager
