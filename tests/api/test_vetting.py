"""Vetting a request over HTTP, on both databases, on a hand-computed case: the need over 30
days as installment planning computes it, IKD activations per blank received over 365 days,
the fill rate of the region's requests, the flags; approving without a quantity approves
min(quantity, need)."""

from __future__ import annotations

from datetime import date, timedelta

from blanko_tracker.domain.access import Role
from tests.builders import as_user

REGENCY = "75.05"
TODAY = date.today()


async def test_a_fantastic_request_is_flagged_and_approved_at_its_need(client):
    admin = await as_user(client, Role.ADMIN, "00")
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)

    async def ok(answer):
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    # 3,000 cards owed; no print history, no recordings: no inflow, no spoilage seen
    await ok(await client.post(f"/api/v1/print-debt/{REGENCY}/snapshots", headers=admin,
                               json={"date": TODAY.isoformat(), "pending": 3_000}))
    # received over the year: 1,000 bought from its own budget + 500 shipped by the province
    await ok(await client.post("/api/v1/procurements", headers=staff, json={
        "quantity": 1_000, "region": REGENCY, "funding": "apbd"}))
    await ok(await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75", "quantity": 5_000, "reason": "count_correction", "note": "opening"}))
    earlier = await ok(await client.post("/api/v1/requests", headers=staff, json={
        "region": REGENCY, "quantity": 1_000, "supplier": "75"}))
    await ok(await client.post(f"/api/v1/requests/{earlier['id']}/approve", headers=admin,
                               json={"approved_quantity": 1_000}))
    shipment = await ok(await client.post("/api/v1/shipments", headers=admin, json={
        "source": "75", "destination": REGENCY, "quantity": 500, "request_id": earlier["id"],
        "status": "dispatched"}))
    await ok(await client.post(f"/api/v1/shipments/{shipment['id']}/receive", headers=staff,
                               json={"received": 500, "damaged": 0}))
    # IKD: 100 activated in all before the year, 400 now → 300 in the year
    for day, activated in ((TODAY - timedelta(days=400), 100), (TODAY - timedelta(days=3), 400)):
        await ok(await client.put(f"/api/v1/indicators/{REGENCY}/{day.isoformat()}",
                                  headers=admin, json={"wajib_ktp": 10_000, "recorded": 9_000,
                                                       "ikd_activated": activated}))

    asked = await ok(await client.post("/api/v1/requests", headers=staff, json={
        "region": REGENCY, "quantity": 8_000, "supplier": "75"}))
    listed = await ok(await client.get(f"/api/v1/requests?region={REGENCY}", headers=staff))
    approved = await ok(await client.post(f"/api/v1/requests/{asked['id']}/approve",
                                          headers=admin, json={}))

    # need: ⌈3,000 owed ÷ (1 − 2 % default spoilage)⌉ = 3,062 − 1,500 on hand = 1,562;
    # IKD 300 ÷ 1,500 received = 0.2; fill rate 500 received ÷ 1,000 approved = 0.5;
    # 8,000 > 2 × 1,562
    assert asked["vetting"] == {"need": 1_562, "ikd_ratio": 0.2, "fill_rate": 0.5,
                                "flags": ["above_need", "ikd_below_rule"]}
    assert {item["id"]: item["vetting"]["need"] for item in listed["items"]}[asked["id"]] == (
        1_562)
    assert approved["approved_quantity"] == 1_562 and approved["status"] == "approved"
