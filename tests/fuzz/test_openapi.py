"""Schemathesis over the served OpenAPI document, in process, against a real database.

For every operation of `/schema/openapi.json`, schemathesis generates valid and invalid
inputs (bounded: see `FUZZ_SETTINGS`) and sends them, signed in as a ministry officer, to the
app running over its own engine (schemathesis runs the app on an event loop of its own). Each
response must:

- never be a 5xx (`not_a_server_error`),
- carry a documented status code, media type and body (`status_code_conformance`,
  `content_type_conformance`, `response_schema_conformance`),
- refuse input the document rules out with a 4xx (`negative_data_rejection`).

Afterwards `blanko-tracker check` must find every balance equal to its ledger, whatever the
fuzzer wrote. A run is a few hundred requests per database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from litestar import Litestar
from schemathesis import GenerationMode, checks
from schemathesis.python import asgi

from blanko_tracker.api.app import create_app
from blanko_tracker.db import engine as db_engine
from blanko_tracker.domain.access import Role
from blanko_tracker.schemas import CreateShipment, RaiseRequest, RecordRecordings
from blanko_tracker.services.printing import record_recordings
from blanko_tracker.services.shipments import create_shipment
from blanko_tracker.services.stock_requests import raise_request
from blanko_tracker.settings import Settings
from tests.builders import PASSWORD, given_admin, given_procurement, given_stock, given_user
from tests.conftest import SECRET, fresh_database_url, run_cli, run_sync

pytestmark = pytest.mark.slow

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]
FUZZ_SETTINGS = settings(
    max_examples=15, deadline=None, derandomize=True, database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
)


@dataclass(frozen=True)
class FuzzTarget:
    kind: str
    url: str
    app: Litestar
    schema: Any
    headers: dict[str, str]


async def _seed(url: str) -> str:
    """Something for the fuzzer to find under small ids: stock with serials, requests,
    shipments planned and dispatched, a print debt."""
    async with db_engine.connected(url):
        officer = await given_user(Role.MINISTRY_OFFICER, "00", username="fuzz.officer")
        await given_procurement(500, [(9_000_000, 9_000_499)])
        for region in ("31", "31.71", "75", "75.05"):
            await given_stock(region, 50)
        admin = await given_admin()
        for region in ("75", "75.05", "31.71"):
            await raise_request(RaiseRequest(region=region, quantity=20), actor=admin)
            await create_shipment(CreateShipment(destination=region, quantity=5), actor=admin)
            await create_shipment(CreateShipment(destination=region, quantity=5,
                                                 status="dispatched"), actor=admin)
        await record_recordings("75.05", RecordRecordings(date=date.today() - timedelta(days=3),
                                                          count=40), actor=admin)
    return officer.username


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def fuzz_target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[FuzzTarget]:
    url = fresh_database_url(request, tmp_path_factory.mktemp("fuzz"))
    username = run_sync(_seed(url))
    # The app owns its engine: its pool lives on schemathesis's event loop, not the test's.
    app = create_app(Settings(database_url=url, secret_key=SECRET, fast_password_hashing=True))
    with asgi.get_client(app) as client:
        response = client.post("/api/v1/auth/token",
                               json={"username": username, "password": PASSWORD})
        assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    # Unknown query parameters are ignored, as most APIs do; the contract does not forbid them.
    schema.config.generation.update(allow_extra_parameters=False)
    yield FuzzTarget(request.param, url, app, schema, {"Authorization": f"Bearer {token}"})
    asgi.shutdown_lifespans()  # closes the app's pool before the database is dropped


def served_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation the app serves, read from its document."""
    app = create_app(Settings(database_url="sqlite:///unused.sqlite", secret_key=SECRET,
                              fast_password_hashing=True))
    document = app.openapi_schema.to_schema()
    return sorted((method, path) for path, item in document["paths"].items()
                  for method in item if method in ("get", "put", "post", "delete", "patch"))


OPERATIONS = served_operations()


# schemathesis's own pytest integration (`@schema.parametrize()`) breaks on pytest 9.2
# (it sets `Function._nodeid`, which is gone), so each operation is a plain parametrized
# test driving the operation's strategy with hypothesis.
@pytest.mark.parametrize(("method", "path"), OPERATIONS,
                         ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_no_input_gets_a_server_error_or_an_undocumented_answer(fuzz_target, method, path):
    operation = fuzz_target.schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @FUZZ_SETTINGS
    @given(case=cases)
    def fuzz(case: Any) -> None:
        case.call_and_validate(headers=fuzz_target.headers, checks=CHECKS)

    fuzz()


def test_every_balance_still_equals_its_ledger_after_fuzzing(fuzz_target: FuzzTarget):
    result = run_cli("check", database_url=fuzz_target.url, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok:"), result.stdout

