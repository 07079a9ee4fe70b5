"""Schemathesis over the public operations only (tag `public`: no sign-in), sent with no
token at all, against a real database of each engine holding stock, print runs with notes,
a print debt and users. Each response must be no 5xx, conform to the document, refuse what
the document rules out, and carry nothing private: no key naming a person, a note or an
audit line, and none of the seeded usernames or notes anywhere in the body."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis import GenerationMode
from schemathesis.python import asgi

from blanko_tracker.api.app import create_app
from blanko_tracker.db import engine as db_engine
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import RecordPrintRun, TakeDebtSnapshot
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import record_print_run, take_debt_snapshot
from blanko_tracker.settings import Settings
from tests.builders import given_admin, given_stock, given_user
from tests.conftest import SECRET, fresh_database_url, run_sync
from tests.fuzz.test_openapi import CHECKS, FUZZ_SETTINGS

pytestmark = pytest.mark.slow

NOTE = "catatan rahasia operator"  # a print run's note: never public
PRIVATE_KEYS = {"username", "note", "actor", "audit", "password", "token", "user",
                "created_by", "recorded_by", "reported_by", "email", "witnesses"}


@dataclass(frozen=True)
class PublicTarget:
    app: Litestar
    schema: Any
    secrets: tuple[str, ...]  # texts that must never appear in a public answer


async def _seed(url: str) -> tuple[str, ...]:
    async with db_engine.connected(url):
        admin = await given_admin()
        operator = await given_user(Role.PRINT_OPERATOR, "75.05", username="fuzz.operator")
        today = local_date("75.05", utcnow())
        for region in ("75.05", "75.01", "31.71"):
            await given_stock(region, 500)
        await take_debt_snapshot("75.05", TakeDebtSnapshot(date=today - timedelta(days=8),
                                                           pending=400), actor=admin)
        for back in range(7, 0, -1):
            await record_print_run(RecordPrintRun(region="75.05",
                                                  date=today - timedelta(days=back),
                                                  printed=20, note=NOTE), actor=operator)
    return (NOTE, admin.username, operator.username)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def public_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[PublicTarget]:
    url = fresh_database_url(request, tmp_path_factory.mktemp("fuzz-public"))
    secrets = run_sync(_seed(url))
    app = create_app(Settings(database_url=url, secret_key=SECRET, fast_password_hashing=True))
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    schema.config.generation.update(allow_extra_parameters=False)
    yield PublicTarget(app, schema, secrets)
    asgi.shutdown_lifespans()


def public_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the document tags `public`."""
    app = create_app(Settings(database_url="sqlite:///unused.sqlite", secret_key=SECRET,
                              fast_password_hashing=True))
    document = app.openapi_schema.to_schema()
    return sorted((method, path) for path, item in document["paths"].items()
                  for method, operation in item.items()
                  if isinstance(operation, dict) and "public" in operation.get("tags", ()))


OPERATIONS = public_operations()


def keys_of(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_the_public_operations_are_the_ones_meant():
    assert ("get", "/api/v1/public/stock") in OPERATIONS
    assert ("get", "/api/v1/public/queue/{code}") in OPERATIONS


@pytest.mark.parametrize(("method", "path"), OPERATIONS,
                         ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_anyone_anonymous_gets_no_server_error_and_nothing_private(public_target, method,
                                                                   path):
    operation = public_target.schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @FUZZ_SETTINGS
    @given(case=cases)
    def fuzz(case: Any) -> None:
        response = case.call_and_validate(checks=CHECKS)  # no Authorization header at all
        assert response.status_code != 401, response.text
        if response.status_code == 200:
            leaked = keys_of(response.json()) & PRIVATE_KEYS
            assert not leaked, (leaked, response.text[:300])
        for secret in public_target.secrets:
            assert secret not in response.text, secret

    fuzz()
