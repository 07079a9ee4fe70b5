"""Supply over HTTP: requests, installments, transfers, serial custody — the Jakarta story."""

from __future__ import annotations

import asyncio

from blanko_tracker.db import stock
from blanko_tracker.db.tables import Shipment, StockMovement
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_procurement, given_stock, problem


async def test_the_jakarta_story_of_january_2023(client):
    await given_procurement(100_000)
    province = await as_user(client, Role.WAREHOUSE_STAFF, "31")
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    jakpus = await as_user(client, Role.WAREHOUSE_STAFF, "31.71")

    # The province asks for its print debt; the ministry approves all of it.
    asked = await client.post("/api/v1/requests", headers=province,
                              json={"region": "31", "quantity": 83_000, "note": "hutang cetak"})
    assert asked.status_code == 201 and asked.json()["status"] == "submitted"
    request_id = asked.json()["id"]
    approved = await client.post(f"/api/v1/requests/{request_id}/approve", headers=ministry,
                                 json={"approved_quantity": 83_000})
    assert approved.status_code == 200 and approved.json()["owed"] == 83_000

    # Two installments planned: incoming at once, nothing has left the warehouse yet.
    first, second = [
        (await client.post("/api/v1/shipments", headers=ministry, json={
            "source": "00", "destination": "31", "quantity": quantity,
            "request_id": request_id, "installment": number, "expected_on": due,
        })).json()
        for number, quantity, due in [(1, 30_000, "2023-01-10"), (2, 50_000, "2023-01-24")]
    ]
    level = (await client.get("/api/v1/stock/31", headers=province)).json()
    assert level == {"region": "31", "on_hand": 0, "incoming_dispatched": 0,
                     "incoming_planned": 80_000}
    assert await stock.on_hand("00") == 100_000

    # The first leaves: out of the national warehouse, in transit.
    sent = await client.post(f"/api/v1/shipments/{first['id']}/dispatch", headers=ministry,
                             json={"dispatched_on": "2023-01-09"})
    assert sent.status_code == 200 and sent.json()["status"] == "dispatched"
    assert await stock.on_hand("00") == 70_000
    level = (await client.get("/api/v1/stock/31", headers=province)).json()
    assert (level["incoming_dispatched"], level["incoming_planned"]) == (30_000, 50_000)
    # The list reads levels its own way (many regions at once): it must agree.
    listed = (await client.get("/api/v1/stock?parent=00&limit=1000", headers=ministry)).json()
    assert [item for item in listed["items"] if item["region"] == "31"] == [level]

    # 29,950 good, 30 damaged, 20 missing.
    got = await client.post(f"/api/v1/shipments/{first['id']}/receive", headers=province,
                            json={"received": 29_950, "damaged": 30,
                                  "received_on": "2023-01-11"})
    assert got.status_code == 200
    assert {k: got.json()[k] for k in ("status", "received", "damaged", "missing")} == {
        "status": "received", "received": 29_950, "damaged": 30, "missing": 20}

    # The second in full.
    assert (await client.post(f"/api/v1/shipments/{second['id']}/dispatch",
                              headers=ministry)).status_code == 200
    await client.post(f"/api/v1/shipments/{second['id']}/receive", headers=province,
                      json={"received": 50_000, "damaged": 0})

    request = (await client.get(f"/api/v1/requests/{request_id}", headers=province)).json()
    assert request["received_quantity"] == 79_950 and request["owed"] == 3_050
    assert request["status"] == "approved"
    assert await stock.on_hand("31") == 79_950 and await stock.on_hand("00") == 20_000

    # The province transfers 5,000 to Jakarta Pusat, which receives them.
    transfer = (await client.post("/api/v1/shipments", headers=province, json={
        "source": "31", "destination": "31.71", "quantity": 5_000, "status": "dispatched",
    })).json()
    assert transfer["status"] == "dispatched" and await stock.on_hand("31") == 74_950
    received = await client.post(f"/api/v1/shipments/{transfer['id']}/receive", headers=jakpus,
                                 json={"received": 5_000, "damaged": 0})
    assert received.status_code == 200 and await stock.on_hand("31.71") == 5_000

    card = (await client.get("/api/v1/stock/31/movements", headers=province)).json()["items"]
    assert [(m["kind"], m["quantity"], m["on"]) for m in card][:1] == [
        ("receipt", 29_950, "2023-01-11")]
    assert [m["kind"] for m in card] == ["receipt", "receipt", "transfer_out"]
    assert await stock.ledger_mismatches() == []


async def test_the_last_installment_fulfils_a_request(client):
    await given_procurement(1_000)
    province = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    request_id = (await client.post("/api/v1/requests", headers=province,
                                    json={"region": "75", "quantity": 500})).json()["id"]
    await client.post(f"/api/v1/requests/{request_id}/approve", headers=ministry,
                      json={"approved_quantity": 400})
    shipment = (await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "75", "quantity": 400, "request_id": request_id,
        "status": "dispatched"})).json()

    await client.post(f"/api/v1/shipments/{shipment['id']}/receive", headers=province,
                      json={"received": 400})

    request = (await client.get(f"/api/v1/requests/{request_id}", headers=province)).json()
    assert request["status"] == "fulfilled" and request["owed"] == 0


async def test_eight_concurrent_receipts_of_one_shipment_count_once(client):
    await given_procurement(600)
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    province = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    shipment = (await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "75", "quantity": 600, "status": "dispatched"})).json()

    async def receive() -> tuple[int, str | None]:
        response = await client.post(f"/api/v1/shipments/{shipment['id']}/receive",
                                     headers=province, json={"received": 590, "damaged": 10})
        return response.status_code, response.json().get("code")

    outcomes = await asyncio.gather(*[receive() for _ in range(8)])

    assert outcomes.count((200, None)) == 1
    assert outcomes.count((409, "already_received")) == 7
    assert await stock.on_hand("75") == 590
    assert await StockMovement.count().where(StockMovement.kind == "receipt") == 1


async def test_refusals_of_shipments_write_nothing(client):
    await given_stock("31", 100)
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    province = await as_user(client, Role.WAREHOUSE_STAFF, "31")
    head = await as_user(client, Role.PROVINCIAL_HEAD, "31")
    planned = (await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "31", "quantity": 50})).json()
    movements_before = await StockMovement.count()

    problem(await client.post(f"/api/v1/shipments/{planned['id']}/dispatch", headers=ministry),
            409, "insufficient_stock")
    problem(await client.post(f"/api/v1/shipments/{planned['id']}/receive", headers=province,
                              json={"received": 50}), 409, "invalid_state")
    problem(await client.post("/api/v1/shipments", headers=head, json={
        "source": "31", "destination": "31.71", "quantity": 5}), 403, "not_permitted")
    problem(await client.post("/api/v1/shipments", headers=province, json={
        "source": "31", "destination": "75.05", "quantity": 5}), 400, "invalid_input")
    problem(await client.post("/api/v1/shipments", headers=province, json={
        "source": "31", "destination": "31.71", "quantity": 101, "status": "dispatched"}),
        409, "insufficient_stock")
    transfer = (await client.post("/api/v1/shipments", headers=province, json={
        "source": "31", "destination": "31.71", "quantity": 10, "status": "dispatched"})).json()
    jakpus = await as_user(client, Role.WAREHOUSE_STAFF, "31.71")
    body = problem(await client.post(f"/api/v1/shipments/{transfer['id']}/receive",
                                     headers=jakpus, json={"received": 8, "damaged": 3}),
                   422, "quantity_mismatch")
    assert "more than the 10" in body["detail"]
    problem(await client.post(f"/api/v1/shipments/{transfer['id']}/cancel", headers=province),
            409, "invalid_state")

    assert await StockMovement.count() == movements_before + 1  # only the good transfer
    assert await Shipment.count() == 2
    assert await stock.on_hand("31") == 90 and await stock.on_hand("31.71") == 0


async def test_a_planned_shipment_can_be_cancelled_and_then_is_not_incoming(client):
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    planned = (await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "75.05", "quantity": 3_000, "expected_on": "2023-03-01"})).json()

    cancelled = await client.post(f"/api/v1/shipments/{planned['id']}/cancel", headers=ministry)

    assert cancelled.json()["status"] == "cancelled"
    level = (await client.get("/api/v1/stock/75.05", headers=ministry)).json()
    assert level["incoming_planned"] == 0


async def test_request_rules(client):
    province = await as_user(client, Role.WAREHOUSE_STAFF, "31")
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    request_id = (await client.post("/api/v1/requests", headers=province,
                                    json={"region": "31", "quantity": 1_000})).json()["id"]

    too_much = await client.post(f"/api/v1/requests/{request_id}/approve", headers=ministry,
                                 json={"approved_quantity": 1_001})
    by_province = await client.post(f"/api/v1/requests/{request_id}/approve", headers=province,
                                    json={"approved_quantity": 10})
    unapproved_shipment = await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "31", "quantity": 10, "request_id": request_id})
    approved = await client.post(f"/api/v1/requests/{request_id}/approve", headers=ministry,
                                 json={"approved_quantity": 800})
    over_owed = await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "31", "quantity": 801, "request_id": request_id})
    wrong_route = await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "75", "quantity": 10, "request_id": request_id})
    twice = await client.post(f"/api/v1/requests/{request_id}/reject", headers=ministry,
                              json={"reason": "late"})

    body = problem(too_much, 400, "invalid_input")
    assert body["errors"][0]["field"] == "approved_quantity"
    problem(by_province, 403, "not_permitted")
    problem(unapproved_shipment, 409, "invalid_state")
    assert approved.json()["approved_quantity"] == 800
    problem(over_owed, 422, "exceeds_owed")
    problem(wrong_route, 400, "invalid_input")
    problem(twice, 409, "invalid_state")
    assert await Shipment.count() == 0


async def test_requests_are_listed_by_region_and_status_within_scope(client):
    jakarta = await as_user(client, Role.WAREHOUSE_STAFF, "31")
    gorontalo = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    for region, quantity in [("31", 10), ("31.71", 20), ("31", 30)]:
        await client.post("/api/v1/requests", headers=jakarta,
                          json={"region": region, "quantity": quantity, "supplier": "00"})
    await client.post("/api/v1/requests", headers=gorontalo, json={"region": "75",
                                                                   "quantity": 5})
    rejected = await client.post("/api/v1/requests", headers=jakarta,
                                 json={"region": "31.71", "quantity": 1, "supplier": "31.71"})

    mine = (await client.get("/api/v1/requests", headers=jakarta)).json()
    jakpus = (await client.get("/api/v1/requests?region=31.71&status=submitted",
                               headers=jakarta)).json()

    problem(rejected, 400, "invalid_input")
    assert mine["total"] == 3 and [r["quantity"] for r in mine["items"]] == [30, 20, 10]
    assert jakpus["total"] == 1
    problem(await client.get("/api/v1/requests?region=75", headers=jakarta), 403, "out_of_scope")


async def test_serials_follow_the_blanks_across_two_hops(client):
    first = 8_100_000_000_000
    await given_procurement(1_000, [(first, first + 999)])
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    province = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    regency = await as_user(client, Role.WAREHOUSE_STAFF, "75.05")

    to_province = (await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "75", "quantity": 400, "status": "dispatched",
        "serial_ranges": [[first + 100, first + 499]]})).json()
    in_transit = (await client.get(f"/api/v1/serials/{first + 100}", headers=ministry)).json()
    await client.post(f"/api/v1/shipments/{to_province['id']}/receive", headers=province,
                      json={"received": 398, "damaged": 2,
                            "damaged_ranges": [[first + 498, first + 499]]})
    to_regency = (await client.post("/api/v1/shipments", headers=province, json={
        "source": "75", "destination": "75.05", "quantity": 100, "status": "dispatched",
        "serial_ranges": [[first + 100, first + 199]]})).json()
    overlapping = await client.post("/api/v1/shipments", headers=province, json={
        "source": "75", "destination": "75.05", "quantity": 10, "status": "dispatched",
        "serial_ranges": [[first + 195, first + 204]]})
    still_national = await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "31", "quantity": 10, "status": "dispatched",
        "serial_ranges": [[first + 150, first + 159]]})

    assert in_transit["status"] == "in_transit" and in_transit["region"] == "75"
    problem(overlapping, 409, "serial_conflict")
    problem(still_national, 409, "serial_conflict")
    where = {
        serial: (await client.get(f"/api/v1/serials/{serial}", headers=ministry)).json()
        for serial in (first, first + 150, first + 250, first + 499)
    }
    assert (where[first]["region"], where[first]["status"]) == ("00", "in_stock")
    assert (where[first + 150]["region"], where[first + 150]["status"]) == ("75.05",
                                                                           "in_transit")
    assert where[first + 150]["shipment_id"] == to_regency["id"]
    assert (where[first + 250]["region"], where[first + 250]["status"]) == ("75", "in_stock")
    assert where[first + 499]["status"] == "damaged"
    before = (await client.get(f"/api/v1/serials/{first + 250}?on=2000-01-01",
                               headers=ministry))
    problem(before, 404, "not_found")
    assert await stock.on_hand("00") == 600 and await stock.on_hand("75") == 298
    arrived = await client.post(f"/api/v1/shipments/{to_regency['id']}/receive",
                                headers=regency, json={"received": 100})
    assert arrived.status_code == 200, arrived.text
    landed = (await client.get(f"/api/v1/serials/{first + 150}", headers=ministry)).json()
    assert (landed["region"], landed["status"]) == ("75.05", "in_stock")
    gorontalo_head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    problem(await client.get(f"/api/v1/serials/{first}", headers=gorontalo_head),
            403, "out_of_scope")


async def test_a_shipment_with_serials_must_name_its_damaged_ones(client):
    first = 9_000_000_000
    await given_procurement(10, [(first, first + 9)])
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    province = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    shipment = (await client.post("/api/v1/shipments", headers=ministry, json={
        "destination": "75", "quantity": 10, "status": "dispatched",
        "serial_ranges": [[first, first + 9]]})).json()

    unnamed = await client.post(f"/api/v1/shipments/{shipment['id']}/receive",
                                headers=province, json={"received": 9, "damaged": 1})

    body = problem(unnamed, 400, "invalid_input")
    assert body["errors"][0]["field"] == "damaged_ranges"
    assert await stock.on_hand("75") == 0
