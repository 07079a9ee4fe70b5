"""Applying the Piccolo migrations to the configured database."""

from __future__ import annotations

import asyncio
import importlib
import os
import sqlite3
import sys
from pathlib import Path

CONF_MODULE = "blanko_tracker.db.piccolo_conf"


def migrate(database_url: str) -> None:
    """Bring `database_url` up to the latest migration (a no-op when it already is)."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    if database_url.startswith("sqlite:"):
        Path(database_url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    os.environ["PICCOLO_CONF"] = CONF_MODULE
    os.environ["BLANKO_DATABASE_URL"] = database_url
    if CONF_MODULE in sys.modules:  # an earlier migrate in this process saw another URL
        importlib.reload(sys.modules[CONF_MODULE])
    result = asyncio.run(run_forwards(app_name="blanko"))
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")
    if database_url.startswith("sqlite:"):
        _use_wal(database_url[len("sqlite:///") :])


def _use_wal(path: str) -> None:
    """WAL lets readers go on while one writer writes; the mode is stored in the file."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
