"""docker-compose.yml describes the topology the fault tests run directly (no compose engine
runs on our build machines): PostgreSQL healthy first, then migrations, then the app with
several workers on the same database and key, health-checked on /health."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_migrations_first_and_several_health_checked_workers():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    db, migrate, app = services["db"], services["migrate"], services["app"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert migrate["command"] == ["blanko-tracker", "migrate"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    command = app["command"]
    assert command[:2] == ["blanko-tracker", "serve"]
    assert int(command[command.index("--workers") + 1]) >= 2
    assert "/health" in " ".join(app["healthcheck"]["test"])
    for name in ("BLANKO_DATABASE_URL", "BLANKO_SECRET_KEY"):
        assert app["environment"][name] == migrate["environment"][name]
    assert app["environment"]["BLANKO_DATABASE_URL"].startswith("postgresql://")
    assert "pip install" in (ROOT / "Dockerfile").read_text()
