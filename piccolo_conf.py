"""Piccolo's configuration for `piccolo` commands run from a checkout.

The engine comes from BLANKO_DATABASE_URL (the embedded SQLite default when unset); the
application itself uses `blanko_tracker.db.piccolo_conf`, which this re-exports.
"""

from blanko_tracker.db.piccolo_conf import APP_REGISTRY, DB

__all__ = ["APP_REGISTRY", "DB"]
