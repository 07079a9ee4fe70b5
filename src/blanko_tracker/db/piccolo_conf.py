"""Piccolo's configuration module (PICCOLO_CONF): the engine from BLANKO_DATABASE_URL."""

from __future__ import annotations

import os

from piccolo.conf.apps import AppRegistry

from blanko_tracker.db.engine import make_engine
from blanko_tracker.settings import default_database_url

DB = make_engine(os.environ.get("BLANKO_DATABASE_URL") or default_database_url())

APP_REGISTRY = AppRegistry(apps=["blanko_tracker.db.piccolo_app"])
