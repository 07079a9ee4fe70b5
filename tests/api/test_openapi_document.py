"""The OpenAPI document as the tools outside read it, on both databases.

`openapi-spec-validator` must accept `/schema/openapi.json` as OpenAPI 3.1, and a client that
`openapi-python-client` generates from it must sign in and record a print run against the
app, with no hand-written glue beyond the transport.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from blanko_tracker.api.app import create_app
from blanko_tracker.api.idempotency import KEY_PATTERN, MAX_KEY_LENGTH
from blanko_tracker.db import stock
from blanko_tracker.db.tables import PrintRun
from blanko_tracker.domain.access import Role
from blanko_tracker.settings import Settings
from tests.builders import PASSWORD, given_stock, given_user
from tests.conftest import SECRET, Database

BASE_URL = "http://testserver"


async def test_the_served_document_is_valid_openapi_3_1(client: httpx.AsyncClient):
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises OpenAPIValidationError, naming the offending part
    bearer = document["components"]["securitySchemes"]["BearerToken"]
    assert {name: value for name, value in bearer.items() if name != "description"} == {
        "type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


def _key_schemas() -> list[dict[str, Any]]:
    """The Idempotency-Key schema of every operation that documents one."""
    app = create_app(Settings(database_url="sqlite:///unused.sqlite", secret_key=SECRET,
                              fast_password_hashing=True))
    document = app.openapi_schema.to_schema()
    return [parameter["schema"]
            for item in document["paths"].values() for operation in item.values()
            for parameter in operation.get("parameters", [])
            if parameter["name"] == "Idempotency-Key"]


KEY_SCHEMAS = _key_schemas()
ASCII = st.characters(min_codepoint=0, max_codepoint=0x7F)


def test_every_write_documents_one_and_the_same_key():
    assert len(KEY_SCHEMAS) > 10
    assert all(schema == KEY_SCHEMAS[0] for schema in KEY_SCHEMAS)
    schema = KEY_SCHEMAS[0]
    assert schema["minLength"] == 1 and schema["maxLength"] == MAX_KEY_LENGTH
    assert schema["pattern"].startswith("^") and schema["pattern"].endswith("$")


# A JSON Schema `pattern` is searched for, not matched whole, and a tool checks it with its own
# regex engine: `jsonschema` stands for the tools here.
@settings(max_examples=300, deadline=None)
@given(key=st.text(ASCII, max_size=20) | st.text(st.sampled_from(" a\t~"), max_size=300))
@example(key="x" * MAX_KEY_LENGTH)
@example(key="x" * (MAX_KEY_LENGTH + 1))
@example(key=" print run 7")
@example(key="print run 7\t")
@example(key="print run 7")
@example(key="")
@example(key="kunci-ä")
@example(key="0\n")
def test_the_documented_key_is_exactly_what_the_server_keeps(key: str):
    documented = Draft202012Validator(KEY_SCHEMAS[0]).is_valid(key)

    assert documented == bool(KEY_PATTERN.fullmatch(key))


async def generate_client(document: dict[str, Any], folder: Path, package: str) -> ModuleType:
    """`openapi-python-client generate` from `document` into `folder`, imported as `package`
    (a name of its own per test, so two generated packages never share a module cache)."""
    source = folder / "openapi.json"
    source.write_text(json.dumps(document))
    config = folder / "generator.json"
    config.write_text(json.dumps({"package_name_override": package,
                                  "project_name_override": package.replace("_", "-"),
                                  "post_hooks": []}))  # formatting is no concern of this test
    tool = Path(sys.executable).parent / "openapi-python-client"
    process = await asyncio.create_subprocess_exec(
        str(tool), "generate", "--path", str(source), "--output-path", str(folder / "out"),
        "--config", str(config),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "PATH": f"{tool.parent}{os.pathsep}{os.environ.get('PATH', '')}"},
    )
    output = (await asyncio.wait_for(process.communicate(), timeout=120))[0].decode()
    assert process.returncode == 0, output
    # A warning means some operation or model of the document was left out of the client.
    assert "warning" not in output.lower(), output
    sys.path.insert(0, str(folder / "out"))
    importlib.invalidate_caches()
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder / "out"))


async def test_a_generated_client_signs_in_and_records_a_print_run(
        database: Database, tmp_path: Path):
    app = create_app(database.settings(), engine=database.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url=BASE_URL) as http:
        document = (await http.get("/schema/openapi.json")).json()
    package = f"generated_blanko_client_{database.kind}"
    generated = await generate_client(document, tmp_path, package)
    sign_in = importlib.import_module(f"{package}.api.auth.sign_in")
    record_print_run = importlib.import_module(f"{package}.api.printing.record_print_run")
    get_stock = importlib.import_module(f"{package}.api.stock.get_stock")
    models = importlib.import_module(f"{package}.models")
    await given_stock("75.05", 100)
    operator = await given_user(Role.PRINT_OPERATOR, "75.05")
    # The generated client builds its own httpx client (and so its Authorization header);
    # only the transport is ours, to reach the app in this event loop.
    transport = {"transport": httpx.ASGITransport(app=app)}

    # Signing in takes no token (`security: [{}]`); the generator types every operation with
    # a security list as wanting an AuthenticatedClient, but a plain Client is what is sent.
    async with generated.Client(base_url=BASE_URL, httpx_args=transport) as anonymous:
        signed_in = await sign_in.asyncio_detailed(client=anonymous, body=models.TokenRequest(
            username=operator.username, password=PASSWORD))
    assert signed_in.status_code == 200, signed_in.content
    async with generated.AuthenticatedClient(base_url=BASE_URL, httpx_args=transport,
                                             token=signed_in.parsed.access_token) as api:
        run = models.RecordPrintRun(region="75.05", date=date(2023, 3, 2), printed=30,
                                    spoiled=2, spoiled_reason=models.SpoiledReason.ENCODE_FAILURE)
        first = await record_print_run.asyncio_detailed(client=api, body=run,
                                                        idempotency_key="printer 2 run 1")
        again = await record_print_run.asyncio_detailed(client=api, body=run,
                                                        idempotency_key="printer 2 run 1")
        level = await get_stock.asyncio_detailed("75.05", client=api)

    assert first.status_code == 201, first.content
    assert isinstance(first.parsed, models.PrintRunOut)
    assert (first.parsed.region, first.parsed.printed, first.parsed.spoiled) == ("75.05", 30, 2)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.parsed.id == first.parsed.id
    assert level.status_code == 200 and level.parsed.on_hand == 68
    assert await stock.on_hand("75.05") == 68
    assert await PrintRun.count() == 1


async def test_the_document_is_served_once_encoded_and_nothing_loads_from_elsewhere(client):
    """Only the JSON document is served under /schema: no UI page (Litestar's load scripts
    from a CDN) and no YAML (rebuilt on every request)."""
    first = await client.get("/schema/openapi.json")
    again = await client.get("/schema/openapi.json")
    assert first.status_code == 200 and first.content == again.content
    for path in ("/schema/openapi.yaml", "/schema/openapi.yml", "/schema/swagger",
                 "/schema/redoc", "/schema/elements", "/schema/rapidoc"):
        assert (await client.get(path)).status_code == 404, path
