"""The foundation over HTTP: sign-in, users, regions, stock, health, schema, races."""

from __future__ import annotations

import asyncio

from blanko_tracker.db import stock
from blanko_tracker.db.tables import Region, StockMovement
from blanko_tracker.domain.access import Role
from tests.builders import (
    PASSWORD,
    as_user,
    given_procurement,
    given_stock,
    given_user,
    problem,
    sign_in,
)


async def test_health_reports_the_database(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_signing_in_gives_a_bearer_token_that_says_who_i_am(client):
    operator = await given_user(Role.PRINT_OPERATOR, "75.05", username="operator.gorut")

    token = await client.post(
        "/api/v1/auth/token", json={"username": "operator.gorut", "password": PASSWORD}
    )
    body = token.json()
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )

    assert body["token_type"] == "bearer" and body["expires_in"] == 8 * 3600
    assert me.json() == {"id": operator.id, "username": "operator.gorut",
                         "role": "print_operator", "region": "75.05", "active": True}


async def test_an_admin_creates_users_who_can_then_sign_in(client):
    headers = await as_user(client, Role.ADMIN, "75")

    created = await client.post(
        "/api/v1/users", headers=headers,
        json={"username": "gudang.gorut", "password": "kuat-sekali-123",
              "role": "warehouse_staff", "region": "75.05"},
    )
    token = await client.post(
        "/api/v1/auth/token", json={"username": "gudang.gorut", "password": "kuat-sekali-123"}
    )

    assert created.status_code == 201
    assert created.json()["role"] == "warehouse_staff" and created.json()["region"] == "75.05"
    assert token.status_code == 200


async def test_calls_without_a_token_are_401_problems(client):
    problem(await client.get("/api/v1/me"), 401, "not_authenticated")


async def test_the_whole_kemendagri_hierarchy_is_loaded(client, database):
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    counts = {
        level: await Region.count().where(Region.level == level)
        for level in ("national", "province", "regency", "district")
    }
    provinces = (await client.get("/api/v1/regions", headers=headers)).json()
    gorut = (await client.get("/api/v1/regions?parent=75.05", headers=headers)).json()

    assert counts == {"national": 1, "province": 38, "regency": 514, "district": 7285}
    assert provinces["total"] == 38 and provinces["items"][0]["code"] == "11"
    assert gorut["total"] == 11 and all(item["parent"] == "75.05" for item in gorut["items"])
    for code, name in [("75.05", "Gorontalo Utara"), ("17.06", "Mukomuko"), ("33.28", "Tegal"),
                       ("31.74", "Jakarta Selatan"), ("31.71", "Jakarta Pusat")]:
        region = (await client.get(f"/api/v1/regions/{code}", headers=headers)).json()
        assert name in region["name"] and region["level"] == "regency"
    jakarta = (await client.get("/api/v1/regions/31", headers=headers)).json()
    assert jakarta == {"code": "31", "name": "Daerah Khusus Ibukota Jakarta",
                       "level": "province", "parent": "00"}


async def test_region_lists_paginate(client):
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    page = (await client.get("/api/v1/regions?limit=5&offset=35", headers=headers)).json()
    assert page["total"] == 38 and len(page["items"]) == 3
    problem(await client.get("/api/v1/regions?limit=1001", headers=headers), 400, "invalid_input")


async def test_the_stock_card_shows_each_movement_with_its_running_balance(client):
    headers = await as_user(client, Role.ADMIN, "00")
    for quantity, reason, on in [(50, "count_correction", "2023-01-02"),
                                 (-5, "damaged_in_storage", "2023-01-09"),
                                 (2, "found", "2023-02-01")]:
        response = await client.post(
            "/api/v1/adjustments", headers=headers,
            json={"region": "31", "quantity": quantity, "reason": reason, "note": "", "on": on},
        )
        assert response.status_code == 201, response.text

    card = (await client.get("/api/v1/stock/31/movements", headers=headers)).json()
    january = (await client.get("/api/v1/stock/31/movements?from=2023-01-01&to=2023-01-31",
                                headers=headers)).json()

    assert [m["balance_after"] for m in card["items"]] == [50, 45, 47]
    assert [m["on"] for m in card["items"]] == ["2023-01-02", "2023-01-09", "2023-02-01"]
    assert card["items"][1]["kind"] == "adjustment" and card["items"][1]["quantity"] == -5
    assert card["items"][0]["actor"].startswith("admin") and card["items"][0]["at"].endswith("Z")
    assert january["total"] == 2


async def test_stock_levels_per_region_and_per_child(client):
    await given_stock("31.71", 40)
    await given_stock("31.74", 7)
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "31")

    one = (await client.get("/api/v1/stock/31.71", headers=headers)).json()
    children = (await client.get("/api/v1/stock?parent=31", headers=headers)).json()

    assert one == {"region": "31.71", "on_hand": 40, "incoming_dispatched": 0,
                   "incoming_planned": 0}
    by_region = {row["region"]: row["on_hand"] for row in children["items"]}
    assert children["total"] == 6 and by_region["31.74"] == 7 and by_region["31.01"] == 0


async def test_a_procurement_and_its_reversal_over_http(client):
    headers = await as_user(client, Role.MINISTRY_OFFICER, "00")
    created = await client.post(
        "/api/v1/procurements", headers=headers,
        json={"quantity": 30_000, "serial_ranges": [[7_000_000_000, 7_000_029_999]],
              "note": "tranche 1"},
    )
    assert created.status_code == 201 and created.json()["kind"] == "procurement"

    reversed_ = await client.post(
        f"/api/v1/movements/{created.json()['id']}/reverse", headers=headers,
        json={"note": "entered twice"},
    )

    assert reversed_.status_code == 201
    assert reversed_.json()["reverses"] == created.json()["id"]
    assert reversed_.json()["quantity"] == -30_000 and await stock.on_hand("00") == 0


async def test_racing_takes_over_http_succeed_exactly_as_far_as_stock_allows(client):
    await given_stock("75.05", 30)
    headers = await as_user(client, Role.WAREHOUSE_STAFF, "75")

    async def take() -> int:
        response = await client.post(
            "/api/v1/adjustments", headers=headers,
            json={"region": "75.05", "quantity": -4, "reason": "lost", "note": "race"},
        )
        return response.status_code

    statuses = await asyncio.gather(*[take() for _ in range(12)])

    assert statuses.count(201) == 7 and statuses.count(409) == 5
    assert await stock.on_hand("75.05") == 2
    assert await StockMovement.count() == 1 + 7
    assert await stock.ledger_mismatches() == []


async def test_the_openapi_document_describes_every_operation_and_its_problems(client):
    document = (await client.get("/schema/openapi.json")).json()
    operations = {
        op["operationId"]: op for path in document["paths"].values() for op in path.values()
    }
    for operation_id in ("sign_in", "who_am_i", "create_user", "list_regions", "get_region",
                         "record_procurement", "adjust_stock", "reverse_movement", "list_stock",
                         "get_stock", "list_movements", "health"):
        assert operation_id in operations
    adjust = operations["adjust_stock"]
    assert {"201", "400", "401", "403", "409"} <= set(adjust["responses"])
    assert "application/problem+json" in adjust["responses"]["409"]["content"]


async def test_a_procurement_needs_a_ministry_officer(client):
    await given_procurement(10)
    headers = await sign_in(client, await given_user(Role.WAREHOUSE_STAFF, "00"))
    response = await client.post("/api/v1/procurements", headers=headers, json={"quantity": 5})
    problem(response, 403, "not_permitted")
    assert await stock.on_hand("00") == 10


async def test_repeated_wrong_passwords_are_throttled_per_user_then_cleared_by_time(client):
    from datetime import timedelta

    from blanko_tracker.db.tables import LoginFailure

    victim = await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    bystander = await given_user(Role.WAREHOUSE_STAFF, "75", username="gudang.gorontalo")
    wrong = {"username": "gudang.jakarta", "password": "not-the-password"}

    statuses = [(await client.post("/api/v1/auth/token", json=wrong)).status_code
                for _ in range(10)]
    blocked = await client.post("/api/v1/auth/token",
                                json={"username": victim.username, "password": PASSWORD})
    other = await client.post("/api/v1/auth/token",
                              json={"username": bystander.username, "password": PASSWORD})

    assert statuses == [401] * 10
    body = problem(blocked, 429, "too_many_attempts")
    assert blocked.headers["retry-after"] == "900" and body["retry_after"] == 900
    assert other.status_code == 200  # one address, but below its own limit
    await LoginFailure.update({LoginFailure.at: LoginFailure.at - timedelta(minutes=16)},
                              force=True)
    later = await client.post("/api/v1/auth/token",
                              json={"username": victim.username, "password": PASSWORD})
    assert later.status_code == 200 and await LoginFailure.count() == 0
