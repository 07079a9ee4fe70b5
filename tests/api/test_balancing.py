"""Balancing a province by loans between its regencies, over HTTP on both databases: the
preview writes nothing and evens two regencies' days of cover to within 3 days, no lender
under `keep_days`; the commit lends all or none."""

from __future__ import annotations

from datetime import date, timedelta

from blanko_tracker.db.tables import Loan, Shipment
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_stock, problem

RICH, POOR = "75.05", "75.01"  # the province's only regencies that print (owe cards)
TODAY = date.today()


async def given_two_regencies(client) -> dict[str, str]:
    admin = await as_user(client, Role.ADMIN, "00")
    for region, stock in ((RICH, 3_000), (POOR, 200)):
        await given_stock(region, stock)
        answer = await client.post(f"/api/v1/print-debt/{region}/snapshots", headers=admin,
                                   json={"date": TODAY.isoformat(), "pending": 5_000})
        assert answer.status_code in (200, 201), answer.text
    return admin


async def test_a_two_regency_province_is_evened_within_three_days_and_committed(client):
    await given_two_regencies(client)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")

    planned = await client.post("/api/v1/balancing/plan", headers=head,
                                json={"parent": "75", "keep_days": 7})
    wrote = await Loan.count()
    plan = planned.json()
    committed = await client.post("/api/v1/balancing", headers=staff, json={
        "due_on": (TODAY + timedelta(days=60)).isoformat(), "items": plan["items"]})
    rich = (await client.get(f"/api/v1/stock/{RICH}", headers=staff)).json()["on_hand"]

    assert planned.status_code == 200, planned.text
    assert wrote == 0
    assert [(i["lender"], i["borrower"]) for i in plan["items"]] == [(RICH, POOR)]
    before = {c["region"]: c["days_of_cover"] for c in plan["before"]}
    after = {c["region"]: c["days_of_cover"] for c in plan["after"]}
    assert before[RICH] - before[POOR] > 20
    assert abs(after[RICH] - after[POOR]) <= 3
    assert after[RICH] >= 7
    assert committed.status_code == 201, committed.text
    loans = committed.json()["loans"]
    assert [(x["lender"], x["borrower"], x["quantity"]) for x in loans] == [
        (RICH, POOR, plan["items"][0]["quantity"])]
    assert rich == 3_000 - plan["items"][0]["quantity"]


async def test_a_balancing_that_cannot_be_done_whole_writes_no_loan(client):
    await given_two_regencies(client)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    due = (TODAY + timedelta(days=60)).isoformat()

    beyond = await client.post("/api/v1/balancing", headers=staff, json={
        "due_on": due, "items": [{"lender": RICH, "borrower": POOR, "quantity": 1_000},
                                 {"lender": POOR, "borrower": RICH, "quantity": 5_000}]})
    abroad = await client.post("/api/v1/balancing", headers=staff, json={
        "due_on": due, "items": [{"lender": RICH, "borrower": POOR, "quantity": 1},
                                 {"lender": RICH, "borrower": "31.71", "quantity": 1}]})
    plan_abroad = await client.post("/api/v1/balancing/plan", headers=staff,
                                    json={"parent": "31"})

    problem(beyond, 409, "insufficient_stock")
    problem(abroad, 403, "out_of_scope")
    problem(plan_abroad, 403, "out_of_scope")
    assert await Loan.count() == 0 and await Shipment.count() == 0
