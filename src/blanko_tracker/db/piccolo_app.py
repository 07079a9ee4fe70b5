"""Piccolo's app config: the tables and the migrations folder."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from blanko_tracker.db.tables import TABLES


def migrations_folder() -> Path:
    """The top-level `migrations/` of a checkout, or the copy packed into a wheel."""
    packed = Path(__file__).resolve().parent.parent / "migrations"
    if packed.is_dir():
        return packed
    return Path(__file__).resolve().parents[3] / "migrations"


APP_CONFIG = AppConfig(
    app_name="blanko",
    migrations_folder_path=str(migrations_folder()),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
