"""What the fuzzer (tests/fuzz) and the security matrix (tests/security) found, pinned.

Each case was a 500, an answer the OpenAPI document did not describe, or a read that should
have been refused. Every bad input must now be a problem document that names the field and
leaves the database as it was.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest

from blanko_tracker.db.tables import (
    AuditEntry,
    IndicatorReport,
    PrintDebtEntry,
    Shipment,
    StockMovement,
    StockRequest,
)
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_stock, problem

COUNTED = (StockMovement, PrintDebtEntry, AuditEntry, StockRequest, Shipment, IndicatorReport)


async def counts() -> dict[str, int]:
    return {table.__name__: await table.count() for table in COUNTED}


@pytest.fixture
async def admin(client) -> dict[str, str]:
    return await as_user(client, Role.ADMIN, "00")


async def document(client) -> dict[str, Any]:
    return (await client.get("/schema/openapi.json")).json()


def operations(doc: dict[str, Any]):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            yield method.upper(), path, op


# ---- the document ---------------------------------------------------------------------------

async def test_every_operation_documents_its_400_as_a_problem(client):
    """Litestar's default 400 entry is `application/json` of another shape; ours is a problem."""
    wrong = [
        f"{method} {path}" for method, path, op in operations(await document(client))
        if "400" in op["responses"]
        and list(op["responses"]["400"].get("content", {})) != ["application/problem+json"]
    ]
    assert wrong == []


async def test_health_and_sign_in_are_documented_as_needing_no_token(client):
    paths = (await document(client))["paths"]

    assert paths["/health"]["get"]["security"] == [{}]
    assert paths["/api/v1/auth/token"]["post"]["security"] == [{}]
    assert "503" in paths["/health"]["get"]["responses"]


async def test_serial_ranges_are_documented_as_pairs_not_prefix_items(client):
    doc = await document(client)
    schemas = doc["components"]["schemas"]

    assert "prefixItems" not in str(doc)
    pair = schemas["ShipmentOut"]["properties"]["serial_ranges"]["items"]
    assert pair["type"] == "array" and pair["items"]["type"] == "integer"


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/targets/null", {"recording_rate": 0.5}),
    ("/api/v1/indicators/75.05/not-a-day", {"wajib_ktp": 10, "recorded": 5}),
])
async def test_an_unparseable_path_value_is_a_documented_404_problem(client, admin, path, body):
    before = await counts()

    response = await client.put(path, json=body, headers=admin)

    problem(response, 404, "not_found")
    template = path.replace("null", "{year}").replace("75.05/not-a-day", "{code}/{day}")
    assert "404" in (await document(client))["paths"][template]["put"]["responses"]
    assert await counts() == before


async def test_a_dispatch_whose_body_is_not_json_is_a_400_problem(client, admin):
    response = await client.post("/api/v1/shipments/1/dispatch", content=b"\x00",
                                 headers={**admin, "Content-Type": "application/json"})

    problem(response, 400, "invalid_input")


# ---- days outside the window the system takes (year 1 overflowed the date arithmetic) ------

FAR_PAST, FAR_FUTURE = "0001-01-01", "9999-12-01"

OUT_OF_RANGE_DAYS = [
    ("POST", "/api/v1/print-debt/75.05/recordings", {"date": FAR_PAST, "count": 3}, "date"),
    ("POST", "/api/v1/print-debt/75.05/snapshots", {"date": FAR_PAST, "pending": 3}, "date"),
    ("POST", "/api/v1/print-runs", {"region": "75.05", "date": FAR_PAST, "printed": 1}, "date"),
    ("POST", "/api/v1/adjustments",
     {"region": "75", "quantity": 3, "reason": "found", "note": "x", "on": FAR_PAST}, "on"),
    ("POST", "/api/v1/procurements", {"quantity": 3, "on": FAR_PAST}, "on"),
    ("PUT", f"/api/v1/indicators/75.05/{FAR_PAST}", {"wajib_ktp": 10, "recorded": 5}, "date"),
    ("POST", "/api/v1/requests", {"region": "75", "quantity": 1, "needed_by": FAR_PAST},
     "needed_by"),
    ("POST", "/api/v1/shipments", {"destination": "75", "quantity": 1, "expected_on": FAR_FUTURE},
     "expected_on"),
    ("POST", "/api/v1/allocations",
     {"expected_on": FAR_PAST, "items": [{"region": "75.05", "quantity": 1}]}, "expected_on"),
    ("POST", "/api/v1/forecast/75.05/scenario", {"as_of": FAR_PAST}, "as_of"),
    ("POST", "/api/v1/forecast/75.05/scenario", {"as_of": FAR_FUTURE, "horizon_days": 730},
     "as_of"),
    ("POST", "/api/v1/forecast/75.05/scenario",
     {"extra_shipments": [{"date": "9999-12-31", "quantity": 5}]}, "extra_shipments[0].date"),
    ("POST", "/api/v1/allocations/plan", {"quantity": 10, "parent": "75", "as_of": FAR_PAST},
     "as_of"),
    ("GET", f"/api/v1/forecast/75.05?as_of={FAR_PAST}", None, "as_of"),
    ("GET", f"/api/v1/print-debt/75.05/history?from={FAR_PAST}", None, "from"),
    ("GET", f"/api/v1/print-runs?to={FAR_FUTURE}", None, "to"),
    ("GET", f"/api/v1/stock/00/movements?from={FAR_PAST}", None, "from"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), OUT_OF_RANGE_DAYS,
                         ids=[f"{m} {p.split('?')[0]} {f}" for m, p, _, f in OUT_OF_RANGE_DAYS])
async def test_a_day_outside_2000_to_2099_is_a_400_naming_it_and_writes_nothing(
    client, admin, method, path, body, field
):
    await given_stock("00", 10)
    before = await counts()

    response = await client.request(method, path, json=body, headers=admin)

    body = problem(response, 400, "invalid_input")
    assert field in [error["field"] for error in body["errors"]], body
    assert await counts() == before


@pytest.mark.parametrize(("path", "field"), [
    ("/api/v1/stock?parent=75&offset=337030879006271264209076486144", "offset"),
    ("/api/v1/regions?offset=3000000000", "offset"),
    ("/api/v1/stock/00/movements?after_id=99999999999999999999", "after_id"),
    ("/api/v1/reports/monthly/11?month=0001-01&format=xlsx", "month"),
])
async def test_numbers_beyond_the_database_and_month_zero_are_400_not_500(
    client, admin, path, field
):
    body = problem(await client.get(path, headers=admin), 400, "invalid_input")

    assert field in [error["field"] for error in body["errors"]], body


@pytest.mark.parametrize("serial", ["9223372036854775808", "99999999999999999999999"])
async def test_a_serial_beyond_64_bits_is_not_found(client, admin, serial):
    problem(await client.get(f"/api/v1/serials/{serial}", headers=admin), 404, "not_found")


async def test_an_import_with_odd_cells_names_each_bad_row_and_writes_nothing(client, admin):
    csv = ("region,date,pending\n75.05,0001-01-01,5\n75.05,2024-01-01,²\n"
           "75.05,2024-01-02,99999999999999999999\n").encode()
    before = await counts()

    response = await client.post("/api/v1/imports/print_debt", headers=admin,
                                 files={"file": ("debt.csv", csv, "text/csv")})

    body = problem(response, 422, "invalid_rows")
    assert [(e["row"], e["column"]) for e in body["errors"]] == [
        (2, "date"), (3, "pending"), (4, "pending")]
    assert await counts() == before


# ---- the security matrix --------------------------------------------------------------------

async def test_listing_shipments_to_a_region_outside_ones_scope_is_403(client):
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")

    response = await client.get("/api/v1/shipments?destination=31.71", headers=head)

    problem(response, 403, "out_of_scope")
    own = await client.get("/api/v1/shipments?destination=75.05", headers=head)
    assert own.status_code == 200


@pytest.mark.parametrize(("query", "status"), [
    ("from=2026-01-01T00:00:00&to=2026-01-02T00:00:00Z", 200),  # naive vs aware: was a 500
    ("from=2026-01-01&to=2026-01-02", 200),
    ("to=0.5", 400),  # was read as a Unix timestamp
    ("from=0001-01-01T00:00:00%2B14:00", 400),  # overflowed converting to UTC: was a 500
    ("from=2026-02-30", 400),
])
async def test_audit_moments_are_iso_days_or_moments(client, admin, query, status):
    response = await client.get(f"/api/v1/audit?{query}", headers=admin)

    if status == 400:
        body = problem(response, 400, "invalid_input")
        assert {error["field"] for error in body["errors"]} <= {"from", "to"}
    else:
        assert response.status_code == 200, response.text


async def test_the_monthly_report_documents_its_json_xlsx_and_pdf_answers(client):
    ok = (await document(client))["paths"]["/api/v1/reports/monthly/{code}"]["get"][
        "responses"]["200"]["content"]

    assert ok["application/json"]["schema"] == {"$ref": "#/components/schemas/MonthlyReport"}
    assert {"application/pdf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(ok)


async def test_dispatch_documents_its_body_as_optional_and_takes_none(client, admin):
    await given_stock("00", 5)
    shipment = await client.post("/api/v1/shipments", headers=admin,
                                 json={"destination": "75", "quantity": 1})
    body = (await document(client))["paths"]["/api/v1/shipments/{shipment_id}/dispatch"][
        "post"]["requestBody"]

    response = await client.post(f"/api/v1/shipments/{shipment.json()['id']}/dispatch",
                                 headers=admin)

    assert body["required"] is False
    assert response.status_code == 200 and response.json()["status"] == "dispatched"


# ---- NUL characters: fine on SQLite, refused by PostgreSQL (a 500 there) -----------------

@pytest.mark.parametrize("path", ["/api/v1/stock/%00", "/api/v1/stock/75%00/movements",
                                  "/api/v1/regions/%00", "/api/v1/print-debt/%00",
                                  "/api/v1/forecast/%00"])
async def test_a_region_code_with_a_nul_names_no_region(client, admin, path):
    problem(await client.get(path, headers=admin), 404, "not_found")


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/v1/adjustments",
     {"region": "75", "quantity": 5, "reason": "found", "note": "a\x00b"}, "note"),
    ("/api/v1/requests", {"region": "75", "quantity": 5, "note": "\x00"}, "note"),
    ("/api/v1/auth/token", {"username": "a\x00", "password": "whatever-1"}, "username"),
    ("/api/v1/print-debt/%00/recordings", {"date": "2024-01-01", "count": 1}, "region"),
])
async def test_text_with_a_nul_is_a_400_naming_the_field_and_writes_nothing(
    client, admin, path, body, field
):
    before = await counts()

    response = await client.post(path, json=body, headers=admin)

    body = problem(response, 400, "invalid_input")
    assert field in [error["field"] for error in body["errors"]], body
    assert await counts() == before


async def test_an_audit_filter_with_a_nul_is_a_400(client, admin):
    problem(await client.get("/api/v1/audit?actor=%00", headers=admin), 400, "invalid_input")


# ---- numbers past the 32-bit columns (a 500 on PostgreSQL, silently stored on SQLite) ------

async def test_a_balance_above_two_billion_is_refused_and_writes_nothing(client, admin):
    adjust = {"region": "31", "quantity": 2_000_000_000, "reason": "count_correction",
              "note": "counted"}
    assert (await client.post("/api/v1/adjustments", json=adjust, headers=admin)
            ).status_code == 201
    before = await counts()

    more = await client.post("/api/v1/adjustments", json={**adjust, "quantity": 1},
                             headers=admin)
    procured = await client.post("/api/v1/procurements", headers=admin,
                                 json={"quantity": 2_000_000_000})
    procured_again = await client.post("/api/v1/procurements", headers=admin,
                                       json={"quantity": 2_000_000_000})

    problem(more, 422, "rule_violated")
    assert procured.status_code == 201
    problem(procured_again, 422, "rule_violated")
    assert await counts() == {
        **before, "StockMovement": before["StockMovement"] + 1,
        "AuditEntry": before["AuditEntry"] + 1}


async def test_a_print_debt_above_two_billion_is_refused_and_writes_nothing(client, admin):
    path = "/api/v1/print-debt/31.71/recordings"
    first = await client.post(path, json={"date": "2024-01-01", "count": 2_000_000_000},
                              headers=admin)
    assert first.status_code == 201, first.text
    before = await counts()

    later = await client.post(path, json={"date": "2024-01-02", "count": 1}, headers=admin)
    back_dated = await client.post(path, json={"date": "2023-12-31", "count": 1},
                                   headers=admin)

    problem(later, 422, "rule_violated")
    problem(back_dated, 422, "rule_violated")  # replaying the later days would pass the bound
    assert await counts() == before


async def test_the_monthly_report_of_a_district_is_all_zeros_not_a_500(client, admin):
    response = await client.get("/api/v1/reports/monthly/75.05.01?month=2024-12",
                                headers=admin)

    assert response.status_code == 200, response.text
    assert response.json()["rows"][0]["opening"] == 0


# ---- every problem is what the document says a problem is -----------------------------------

async def test_each_kind_of_problem_matches_the_documented_problem_schema(client, admin):
    """An import's row errors carry a numbered `row`: the schema said every value was text."""
    schema = (await document(client))["components"]["schemas"]["Problem"]
    csv = b"region,date,pending\n75.05,2024-01-01,x\n"
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    problems = {
        "invalid_rows": await client.post("/api/v1/imports/print_debt", headers=admin,
                                          files={"file": ("debt.csv", csv, "text/csv")}),
        "invalid_input": await client.post("/api/v1/adjustments", json={}, headers=admin),
        "not_authenticated": await client.get("/api/v1/me"),
        "not_permitted": await client.post("/api/v1/procurements", json={"quantity": 1},
                                           headers=head),
        "out_of_scope": await client.get("/api/v1/stock/31", headers=head),
        "not_found": await client.get("/api/v1/requests/999", headers=admin),
        "insufficient_stock": await client.post("/api/v1/adjustments", headers=admin, json={
            "region": "31", "quantity": -1, "reason": "lost", "note": "gone"}),
    }

    for code, response in problems.items():
        body = problem(response, response.status_code, code)
        errors = list(jsonschema_rs.validator_for(schema).iter_errors(body))
        assert errors == [], (code, body, [str(error) for error in errors])
