"""Forecasts, scenarios and installment planning over HTTP, on both databases."""

from __future__ import annotations

from datetime import date, timedelta

from blanko_tracker.db.tables import Shipment
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.calendar import working_days
from blanko_tracker.domain.forecast.observations import WINDOW_DAYS
from tests.builders import as_user, given_stock, problem

JAKARTA_DEBT = {"31.71": 9_000, "31.72": 15_000, "31.73": 19_000, "31.74": 17_000,
                "31.75": 22_000, "31.01": 1_000}


async def given_jakarta_january_2023(client) -> dict[str, str]:
    """83,000 owed across Jakarta's regencies; 30,000 + 50,000 planned for the province."""
    admin = await as_user(client, Role.ADMIN, "00")
    for code, pending in JAKARTA_DEBT.items():
        response = await client.post(f"/api/v1/print-debt/{code}/snapshots", headers=admin,
                                     json={"date": "2023-01-02", "pending": pending})
        assert response.status_code == 201, response.text
    for quantity, due in [(30_000, "2023-01-10"), (50_000, "2023-01-24")]:
        response = await client.post("/api/v1/shipments", headers=admin, json={
            "destination": "31", "quantity": quantity, "expected_on": due})
        assert response.status_code == 201, response.text
    return await as_user(client, Role.PROVINCIAL_HEAD, "31")


def scenario(**changes) -> dict:
    return {"as_of": "2023-01-02", "horizon_days": 60, "daily_capacity": 5_000,
            "daily_inflow": 0, "spoilage_rate": 0, **changes}


async def test_the_jakarta_installments_leave_3000_cards_unprinted(client):
    head = await given_jakarta_january_2023(client)

    answer = await client.post("/api/v1/forecast/31/scenario", headers=head, json=scenario())

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["print_debt"] == 83_000 and body["on_hand"] == 0
    assert [(i["date"], i["quantity"]) for i in body["incoming"]] == [
        ("2023-01-10", 30_000), ("2023-01-24", 50_000)]
    assert body["shortfall"] == 3_000
    assert body["repaid_on"] == {"p10": None, "p50": None, "p90": None}
    assert body["stockout_on"] is not None  # nothing on hand until the first delivery
    assert all(p["print_debt"] >= 0 and p["on_hand"] >= 0 for p in body["series"])
    assert body["series"][-1]["print_debt"] == 3_000
    assert all(0 <= p["print_debt_p10"] <= p["print_debt"] <= p["print_debt_p90"]
               for p in body["series"])


async def test_one_more_delivery_of_3000_repays_the_debt_but_not_before_it_arrives(client):
    head = await given_jakarta_january_2023(client)

    body = (await client.post("/api/v1/forecast/31/scenario", headers=head, json=scenario(
        extra_shipments=[{"date": "2023-02-01", "quantity": 3_000}]))).json()

    assert body["shortfall"] == 0
    assert body["repaid_on"]["p50"] is not None and body["repaid_on"]["p50"] >= "2023-02-01"


async def test_less_capacity_never_repays_sooner_and_spoilage_raises_the_shortfall(client):
    head = await given_jakarta_january_2023(client)
    extra = [{"date": "2023-02-01", "quantity": 3_000}]

    ample = (await client.post("/api/v1/forecast/31/scenario", headers=head,
                               json=scenario(extra_shipments=extra))).json()
    slow = (await client.post("/api/v1/forecast/31/scenario", headers=head,
                              json=scenario(extra_shipments=extra, daily_capacity=2_000))).json()
    spoiling = (await client.post("/api/v1/forecast/31/scenario", headers=head,
                                  json=scenario(spoilage_rate=0.05))).json()

    assert slow["repaid_on"]["p50"] is None or slow["repaid_on"]["p50"] >= ample["repaid_on"][
        "p50"]
    assert spoiling["shortfall"] > 3_000


async def test_a_scenario_writes_nothing_and_a_head_may_run_one(client):
    head = await given_jakarta_january_2023(client)
    shipments = await Shipment.count()

    first = (await client.post("/api/v1/forecast/31/scenario", headers=head,
                               json=scenario(ignore_planned=True))).json()
    again = (await client.post("/api/v1/forecast/31/scenario", headers=head,
                               json=scenario(ignore_planned=True))).json()

    assert first == again  # seeded: the same question gets the same answer
    assert first["incoming"] == [] and first["shortfall"] == 83_000
    assert await Shipment.count() == shipments
    operator = await as_user(client, Role.PRINT_OPERATOR, "31.71")
    problem(await client.post("/api/v1/forecast/31.71/scenario", headers=operator,
                              json=scenario()), 403, "not_permitted")
    problem(await client.get("/api/v1/forecast/75", headers=head), 403, "out_of_scope")


async def test_a_forecast_learns_from_history_and_says_when_it_has_too_little(client):
    admin = await as_user(client, Role.ADMIN, "00")
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75.05", "quantity": 5_000, "reason": "count_correction", "note": "opening",
        "on": "2023-02-01"})
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await client.post("/api/v1/print-debt/75.05/snapshots", headers=operator,
                      json={"date": "2023-03-01", "pending": 2_000})
    bare = (await client.get("/api/v1/forecast/75.05?as_of=2023-03-01",
                             headers=operator)).json()
    for day in range(1, 16):
        run = await client.post("/api/v1/print-runs", headers=operator, json={
            "region": "75.05", "date": f"2023-03-{day + 1:02d}", "printed": 40 + day % 3,
            "spoiled": 1, "spoiled_reason": "print_failure"})
        assert run.status_code == 201, run.text
        await client.post("/api/v1/print-debt/75.05/recordings", headers=operator,
                          json={"date": f"2023-03-{day + 1:02d}", "count": 20})

    learned = (await client.get("/api/v1/forecast/75.05?as_of=2023-03-16&horizon_days=365",
                                headers=operator)).json()

    assert bare["notes"] and bare["daily_capacity"] == 100
    assert learned["notes"] == []
    assert 40 <= learned["daily_capacity"] <= 43
    assert 0.02 < learned["spoilage_rate"] < 0.03
    assert learned["daily_inflow"] > 0
    repaid = learned["repaid_on"]
    assert None not in repaid.values(), learned
    assert repaid["p10"] <= repaid["p50"] <= repaid["p90"]


async def test_a_tranche_is_split_by_need_and_committed_as_planned_shipments(client):
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    admin = await as_user(client, Role.ADMIN, "00")
    await given_stock("00", 2_500)  # the tranche, and 500 more
    for code, pending in [("75.05", 3_000), ("75.01", 1_000), ("75.02", 0)]:
        await client.post(f"/api/v1/print-debt/{code}/snapshots", headers=admin,
                          json={"date": "2023-01-02", "pending": pending})

    plan = (await client.post("/api/v1/allocations/plan", headers=ministry, json={
        "quantity": 2_000, "parent": "75", "as_of": "2023-01-02", "horizon_days": 60})).json()
    greedy = (await client.post("/api/v1/allocations/plan", headers=ministry, json={
        "quantity": 2_000, "parent": "75", "as_of": "2023-01-02", "horizon_days": 60,
        "policy": "earliest_repayment"})).json()

    split = {item["region"]: item["quantity"] for item in plan["items"]}
    assert split == {"75.01": 500, "75.05": 1_500} and plan["allocated"] == 2_000
    assert sum(item["quantity"] for item in greedy["items"]) == 2_000
    assert all(item["quantity"] <= item["need"] for item in greedy["items"])

    committed = await client.post("/api/v1/allocations", headers=ministry, json={
        "expected_on": "2023-01-20", "installment": 1,
        "items": [{"region": r, "quantity": q} for r, q in split.items()]})
    assert committed.status_code == 201, committed.text
    assert [s["status"] for s in committed.json()["shipments"]] == ["planned", "planned"]
    refused = await client.post("/api/v1/allocations", headers=ministry, json={
        "expected_on": "2023-01-20",
        "items": [{"region": "75.05", "quantity": 5}, {"region": "75.05.01", "quantity": 5}]})
    problem(refused, 400, "invalid_input")
    # 2,000 of the 2,500 are promised now: a plan of 600 more is more than the source has.
    overcommitted = await client.post("/api/v1/allocations", headers=ministry, json={
        "expected_on": "2023-01-20", "items": [{"region": "75.02", "quantity": 600}]})
    assert problem(overcommitted, 409, "insufficient_stock")["available"] == 500
    assert await Shipment.count() == 2


async def test_a_plan_with_a_region_outside_the_shippers_scope_is_refused_whole(client):
    await given_procurement_at("31", 1_000, client)
    jakarta = await as_user(client, Role.WAREHOUSE_STAFF, "31")

    refused = await client.post("/api/v1/allocations", headers=jakarta, json={
        "source": "31", "expected_on": "2023-01-20",
        "items": [{"region": "31.71", "quantity": 100}, {"region": "75.05", "quantity": 100}]})
    accepted = await client.post("/api/v1/allocations", headers=jakarta, json={
        "source": "31", "expected_on": "2023-01-20",
        "items": [{"region": "31.71", "quantity": 100}, {"region": "31.74", "quantity": 100}]})

    problem(refused, 400, "invalid_input")
    assert accepted.status_code == 201
    assert await Shipment.count() == 2  # only the accepted plan's two


async def test_a_province_forecast_pools_its_regencies(client):
    admin = await as_user(client, Role.ADMIN, "00")
    for code, pending in [("75.05", 1_500), ("75.01", 500)]:
        await client.post(f"/api/v1/print-debt/{code}/snapshots", headers=admin,
                          json={"date": "2023-01-02", "pending": pending})
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75", "quantity": 800, "reason": "count_correction", "note": "warehouse",
        "on": "2023-01-02"})
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75.05", "quantity": 200, "reason": "count_correction", "note": "station",
        "on": "2023-01-02"})

    pooled = (await client.get("/api/v1/forecast/75?as_of=2023-01-02&horizon_days=60",
                               headers=admin)).json()

    assert pooled["print_debt"] == 2_000 and pooled["on_hand"] == 1_000
    assert pooled["daily_capacity"] == 600  # six regencies at the stated default of 100
    # The 800 at the province go down by need, 1,300 : 500 → 578 and 222 (largest
    # remainder); 1,000 cards are missing, which at the default 2 % spoilage are
    # 753 + 288 = 1,041 blanks.
    assert pooled["shortfall"] == 1_041
    assert pooled["repaid_on"]["p50"] is None
    assert any("forwarded" in note for note in pooled["notes"])
    assert all(0 <= p["print_debt_p10"] <= p["print_debt"] <= p["print_debt_p90"]
               for p in pooled["series"])
    assert pooled["series"][-1]["print_debt"] == 2_000 - 980  # 1,000 blanks make 980 cards


async def test_blanks_promised_to_a_planned_shipment_are_not_forwarded_twice(client):
    admin = await as_user(client, Role.ADMIN, "00")
    for code, pending in [("75.05", 1_500), ("75.01", 500)]:
        await client.post(f"/api/v1/print-debt/{code}/snapshots", headers=admin,
                          json={"date": "2023-01-02", "pending": pending})
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75", "quantity": 800, "reason": "count_correction", "note": "warehouse",
        "on": "2023-01-02"})
    planned = await client.post("/api/v1/shipments", headers=admin, json={
        "source": "75", "destination": "75.01", "quantity": 300, "expected_on": "2023-01-09"})
    assert planned.status_code == 201, planned.text

    pooled = (await client.get("/api/v1/forecast/75?as_of=2023-01-02&horizon_days=60",
                               headers=admin)).json()

    assert pooled["incoming"] == []  # a move inside the pool is not an arrival to it
    # The 800 counted once: 300 planned for 75.01 and 500 free, forwarded by need (1,500 :
    # 200 → 441 and 59); 1,200 cards missing, 1,090 + 151 blanks at 2 % spoilage.
    assert pooled["shortfall"] == 1_241
    assert pooled["repaid_on"]["p50"] is None


async def test_a_province_is_repaid_no_earlier_than_its_latest_regency(client):
    admin = await as_user(client, Role.ADMIN, "00")
    for code, pending, stock in [("75.05", 1_500, 2_000), ("75.01", 500, 1_000)]:
        await client.post(f"/api/v1/print-debt/{code}/snapshots", headers=admin,
                          json={"date": "2023-01-02", "pending": pending})
        await client.post("/api/v1/adjustments", headers=admin, json={
            "region": code, "quantity": stock, "reason": "count_correction", "note": "stock",
            "on": "2023-01-02"})

    def ask(code: str):
        return client.get(f"/api/v1/forecast/{code}?as_of=2023-01-02&horizon_days=60",
                          headers=admin)

    province, slow, quick = [(await ask(code)).json() for code in ("75", "75.05", "75.01")]

    assert province["shortfall"] == 0 and province["repaid_on"]["p50"] is not None
    assert province["repaid_on"]["p50"] >= slow["repaid_on"]["p50"] > quick["repaid_on"]["p50"]
    assert province["series"][0]["print_debt"] <= 2_000


async def given_procurement_at(region: str, quantity: int, client) -> None:
    admin = await as_user(client, Role.ADMIN, "00")
    response = await client.post("/api/v1/adjustments", headers=admin, json={
        "region": region, "quantity": quantity, "reason": "count_correction", "note": "stock"})
    assert response.status_code == 201, response.text


async def print_on(client, operator, day: date, printed: int) -> None:
    run = await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": day.isoformat(), "printed": printed, "spoiled": 0})
    assert run.status_code == 201, run.text


async def add_blanks(client, admin, day: date, quantity: int) -> None:
    added = await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75.05", "quantity": quantity, "reason": "count_correction",
        "note": "received", "on": day.isoformat()})
    assert added.status_code == 201, added.text


async def test_days_without_blanks_do_not_lower_the_observed_printing_rate(client):
    admin = await as_user(client, Role.ADMIN, "00")
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    days = working_days(date(2023, 3, 1), date(2023, 4, 28))
    await client.post("/api/v1/print-debt/75.05/snapshots", headers=operator,
                      json={"date": "2023-02-28", "pending": 5_000})
    await add_blanks(client, admin, date(2023, 2, 27), 420)
    for day in days[:8]:  # 50 a day for 8 days: 20 blanks left
        await print_on(client, operator, day, 50)
    await print_on(client, operator, days[8], 20)  # the last blanks: the printer stops
    # days[9:14]: no blanks, no printing; then a delivery and 50 a day again
    await add_blanks(client, admin, days[14], 400)
    for day in days[14:20]:
        await print_on(client, operator, day, 50)

    body = (await client.get(f"/api/v1/forecast/75.05?as_of={days[19]}&horizon_days=365",
                             headers=operator)).json()

    assert body["daily_capacity"] == 50  # not (14 × 50 + 20) ÷ 15 = 48
    assert body["on_hand"] == 100
    assert not any("capacity" in note for note in body["notes"])


async def test_inflow_comes_from_recordings_while_the_regency_has_no_blanks(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    as_of = date(2023, 3, 31)
    window = working_days(as_of - timedelta(days=WINDOW_DAYS - 1), as_of)
    await client.post("/api/v1/print-debt/75.05/snapshots", headers=operator,
                      json={"date": "2023-01-02", "pending": 1_000})
    for day in window:  # no blanks all along: nothing printed, the records keep coming
        recorded = await client.post("/api/v1/print-debt/75.05/recordings", headers=operator,
                                     json={"date": day.isoformat(), "count": 30})
        assert recorded.status_code == 201, recorded.text

    body = (await client.get(f"/api/v1/forecast/75.05?as_of={as_of}&horizon_days=60",
                             headers=operator)).json()

    assert body["on_hand"] == 0 and body["print_debt"] == 1_000 + 30 * len(window)
    assert body["daily_inflow"] == 30
    assert body["repaid_on"]["p50"] is None
    assert body["series"][-1]["print_debt"] > body["print_debt"]  # the debt keeps growing
