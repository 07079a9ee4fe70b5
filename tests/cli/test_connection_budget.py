"""The workers' connection pools against what PostgreSQL accepts (`serve` warns)."""

from __future__ import annotations

import pytest

from blanko_tracker.cli import _check_connection_budget, connection_budget_warning
from blanko_tracker.db import engine as db_engine
from blanko_tracker.settings import DEFAULT_DATABASE_POOL_SIZE, Settings


async def test_the_server_says_how_many_connections_it_accepts(database):
    available = await db_engine.max_connections(db_engine.current())

    if database.kind == "sqlite":
        assert available is None
    else:
        assert isinstance(available, int) and available > 0


async def test_a_pool_holds_at_most_its_size(database):
    if database.kind == "sqlite":
        pytest.skip("SQLite has no connection pool")
    try:
        async with db_engine.connected(database.url, 3) as engine:
            assert engine.pool.get_max_size() == 3
    finally:
        db_engine.bind(database.engine)  # `connected` bound the tables to its own engine


def test_serve_warns_only_when_the_pools_could_exceed_the_server():
    assert connection_budget_warning(2, 10, 97) is None
    assert connection_budget_warning(97, 1, 97) is None
    assert connection_budget_warning(64, 10, None) is None  # SQLite

    warning = connection_budget_warning(8, 20, 97)

    assert warning is not None
    assert "8 workers × BLANKO_DATABASE_POOL_SIZE 20 = 160" in warning
    assert "PostgreSQL accepts 97" in warning


def test_workers_exactly_at_the_limit_are_not_warned_about():
    assert connection_budget_warning(2, 10, 20) is None
    assert connection_budget_warning(2, 10, 19) is not None


def test_the_pool_size_comes_from_the_environment_and_must_be_positive(monkeypatch):
    monkeypatch.setenv("BLANKO_DATABASE_URL", "sqlite:///unused.sqlite")
    monkeypatch.setenv("BLANKO_SECRET_KEY", "k" * 40)
    assert Settings.from_env().database_pool_size == DEFAULT_DATABASE_POOL_SIZE

    monkeypatch.setenv("BLANKO_DATABASE_POOL_SIZE", "4")
    assert Settings.from_env().database_pool_size == 4

    monkeypatch.setenv("BLANKO_DATABASE_POOL_SIZE", "0")
    with pytest.raises(ValueError, match="BLANKO_DATABASE_POOL_SIZE must be at least 1"):
        Settings.from_env()


@pytest.mark.filterwarnings("ignore:.*Unable to connect to database")  # Piccolo says so too
def test_serve_starts_even_when_postgresql_cannot_be_asked_yet(capsys):
    unreachable = Settings(database_url="postgresql://postgres@127.0.0.1:1/blanko",
                           secret_key="k" * 40)

    _check_connection_budget(unreachable, workers=2)

    assert "max_connections not checked" in capsys.readouterr().err
