"""Printing, print debt, indicators and targets over HTTP, on both databases."""

from __future__ import annotations

import asyncio

from blanko_tracker.db import stock
from blanko_tracker.db.tables import AuditEntry, PrintDebtEntry, PrintRun, StockMovement
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_stock, problem


async def record(client, headers, code, day, count, kind="new"):
    response = await client.post(f"/api/v1/print-debt/{code}/recordings", headers=headers,
                                 json={"date": day, "count": count, "kind": kind})
    assert response.status_code == 201, response.text
    return response.json()


async def print_run(client, headers, code, day, printed, spoiled=0, reason=None):
    body = {"region": code, "date": day, "printed": printed, "spoiled": spoiled}
    if reason:
        body["spoiled_reason"] = reason
    return await client.post("/api/v1/print-runs", headers=headers, json=body)


async def test_a_print_run_consumes_blanks_and_repays_the_debt_together(client):
    await given_stock("75.05", 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 50)

    run = await print_run(client, operator, "75.05", "2023-03-02", 30, 2, "encode_failure")

    assert run.status_code == 201
    assert run.json()["printed"] == 30 and run.json()["spoiled_reason"] == "encode_failure"
    assert await stock.on_hand("75.05") == 68
    card = (await client.get("/api/v1/stock/75.05/movements", headers=operator)).json()["items"]
    assert [(m["kind"], m["quantity"], m["on"]) for m in card[1:]] == [
        ("print_use", -30, "2023-03-02"), ("spoiled", -2, "2023-03-02")]
    debt = (await client.get("/api/v1/print-debt/75.05", headers=operator)).json()
    assert debt["pending"] == 20 and debt["as_of"] == "2023-03-02"
    history = (await client.get("/api/v1/print-debt/75.05/history", headers=operator)).json()
    assert history == [
        {"date": "2023-03-01", "pending": 50, "recorded": 50, "printed": 0},
        {"date": "2023-03-02", "pending": 20, "recorded": 0, "printed": 30},
    ]


async def test_racing_print_runs_never_overdraw_the_stock(client):
    await given_stock("75.05", 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await record(client, operator, "75.05", "2023-03-01", 500)

    statuses = await asyncio.gather(*[
        print_run(client, operator, "75.05", "2023-03-02", 10) for _ in range(24)
    ])

    codes = [(r.status_code, r.json().get("code")) for r in statuses]
    assert codes.count((201, None)) == 10
    assert codes.count((409, "insufficient_stock")) == 14
    assert await stock.on_hand("75.05") == 0
    assert await PrintRun.count() == 10
    debt = (await client.get("/api/v1/print-debt/75.05", headers=operator)).json()
    assert debt["pending"] == 400
    history = (await client.get("/api/v1/print-debt/75.05/history?from=2023-03-02",
                                headers=operator)).json()
    assert history == [{"date": "2023-03-02", "pending": 400, "recorded": 0, "printed": 100}]
    assert await stock.ledger_mismatches() == []


async def test_a_refused_print_run_writes_nothing(client):
    await given_stock("75.05", 10)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    admin = await as_user(client, Role.ADMIN, "00")
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    await record(client, operator, "75.05", "2023-03-01", 40)
    before = (await StockMovement.count(), await PrintDebtEntry.count(), await AuditEntry.count())

    too_many = await print_run(client, operator, "75.05", "2023-03-02", 9, 2, "print_failure")
    nothing = await print_run(client, operator, "75.05", "2023-03-02", 0)
    province = await print_run(client, admin, "75", "2023-03-02", 1)
    elsewhere = await print_run(client, operator, "75.01", "2023-03-02", 1)
    by_head = await print_run(client, head, "75.05", "2023-03-02", 1)
    future = await print_run(client, operator, "75.05", "2999-01-01", 1)
    bad_reason = await print_run(client, operator, "75.05", "2023-03-02", 1, 1, "sunspots")

    body = problem(too_many, 409, "insufficient_stock")
    assert body["available"] == 10 and body["requested"] == 11
    assert problem(nothing, 400, "invalid_input")["errors"][0]["field"] == "printed"
    assert problem(province, 400, "invalid_input")["errors"][0]["field"] == "region"
    problem(elsewhere, 403, "out_of_scope")
    problem(by_head, 403, "not_permitted")
    assert problem(future, 400, "invalid_input")["errors"][0]["field"] == "date"
    assert problem(bad_reason, 400, "invalid_input")["errors"][0]["field"] == "spoiled_reason"
    after = (await StockMovement.count(), await PrintDebtEntry.count(), await AuditEntry.count())
    assert after == before and await PrintRun.count() == 0
    assert await stock.on_hand("75.05") == 10


async def test_the_debt_never_shows_below_zero(client):
    await given_stock("17.06", 50)
    operator = await as_user(client, Role.PRINT_OPERATOR, "17.06")
    await record(client, operator, "17.06", "2023-05-01", 5)

    await print_run(client, operator, "17.06", "2023-05-02", 12)
    after = await record(client, operator, "17.06", "2023-05-03", 3, "replacement")

    assert after["pending"] == 3
    debt = (await client.get("/api/v1/print-debt/17.06", headers=operator)).json()
    assert debt["pending"] == 3


async def test_a_snapshot_resets_the_debt_and_shows_the_reconciliation(client):
    await given_stock("31.71", 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, "31.71")
    await record(client, operator, "31.71", "2023-01-02", 100)
    await print_run(client, operator, "31.71", "2023-01-03", 30)

    snapshot = await client.post("/api/v1/print-debt/31.71/snapshots", headers=operator,
                                 json={"date": "2023-01-04", "pending": 90})
    back_dated = await record(client, operator, "31.71", "2023-01-02", 7)

    assert snapshot.status_code == 201
    assert snapshot.json()["reconciliation"] == 20 and snapshot.json()["pending"] == 90
    assert back_dated["pending"] == 107  # lands on its own day ...
    history = (await client.get("/api/v1/print-debt/31.71/history?from=2023-01-03",
                                headers=operator)).json()
    assert [(d["date"], d["pending"]) for d in history] == [("2023-01-03", 77),
                                                            ("2023-01-04", 90)]
    debt = (await client.get("/api/v1/print-debt/31.71", headers=operator)).json()
    assert debt["pending"] == 90  # ... and the later authoritative count still stands


async def test_a_province_sums_its_regencies_with_a_row_per_child(client):
    for code, count in [("75.05", 1_569), ("75.01", 400)]:
        operator = await as_user(client, Role.PRINT_OPERATOR, code)
        await record(client, operator, code, "2023-06-01", count)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")

    debt = (await client.get("/api/v1/print-debt/75", headers=head)).json()
    nation = (await client.get("/api/v1/print-debt/00",
                               headers=await as_user(client, Role.MINISTRY_OFFICER, "00"))).json()
    history = (await client.get("/api/v1/print-debt/75/history", headers=head)).json()

    assert debt["pending"] == 1_969 and debt["as_of"] == "2023-06-01"
    children = {child["region"]: child["pending"] for child in debt["children"]}
    assert len(children) == 6 and children["75.05"] == 1_569 and children["75.02"] == 0
    assert nation["pending"] == 1_969
    assert {c["region"]: c["pending"] for c in nation["children"]}["75"] == 1_969
    assert history == [{"date": "2023-06-01", "pending": 1_969, "recorded": 1_969,
                        "printed": 0}]
    problem(await client.get("/api/v1/print-debt/31", headers=head), 403, "out_of_scope")


async def test_indicators_give_rates_from_counts_and_gaps_in_people(client):
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    target = await client.put("/api/v1/targets/2021", headers=ministry,
                              json={"recording_rate": 0.994, "ikd_rate": 0.25})

    put = await client.put("/api/v1/indicators/75.05/2021-09-30", headers=operator,
                           json={"wajib_ktp": 90_060, "recorded": 88_491,
                                 "ikd_activated": 1_000})
    got = (await client.get("/api/v1/indicators/75.05?date=2021-10-15", headers=operator)).json()

    assert target.status_code == 200 and target.json()["region"] == "00"
    assert put.status_code == 200
    assert got["date"] == "2021-09-30" and got["recording_rate"] == 0.9826
    assert got["targets"] == {"recording_rate": 0.994, "ikd_rate": 0.25}
    assert got["gaps"] == {"recording": 1_029, "ikd": 22_123 - 1_000}
    before = (await client.get("/api/v1/indicators/75.05?date=2021-09-29",
                               headers=operator)).json()
    assert before["regencies_reporting"] == 0 and before["recording_rate"] is None


async def test_a_province_sums_indicators_and_a_subtree_override_wins(client):
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    for code, wajib, recorded, ikd in [("17.06", 140_000, 132_784, 30_000),
                                       ("17.01", 100_000, 90_000, 10_000)]:
        operator = await as_user(client, Role.PRINT_OPERATOR, code)
        response = await client.put(f"/api/v1/indicators/{code}/2023-04-01", headers=operator,
                                    json={"wajib_ktp": wajib, "recorded": recorded,
                                          "ikd_activated": ikd})
        assert response.status_code == 200, response.text
    await client.put("/api/v1/targets/2023", headers=ministry, json={"ikd_rate": 0.25})
    await client.put("/api/v1/targets/2023", headers=ministry,
                     json={"ikd_rate": 0.5, "region": "17.06"})

    mukomuko = (await client.get("/api/v1/indicators/17.06?date=2023-12-31",
                                 headers=ministry)).json()
    bengkulu = (await client.get("/api/v1/indicators/17?date=2023-12-31",
                                 headers=ministry)).json()

    assert mukomuko["targets"]["ikd_rate"] == 0.5 and mukomuko["gaps"]["ikd"] == 66_392 - 30_000
    assert bengkulu["targets"]["ikd_rate"] == 0.25
    assert (bengkulu["wajib_ktp"], bengkulu["recorded"], bengkulu["ikd_activated"]) == (
        240_000, 222_784, 40_000)
    assert bengkulu["regencies_reporting"] == 2


async def test_indicator_and_target_refusals_name_the_field_and_write_nothing(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "00")
    admin = await as_user(client, Role.ADMIN, "00")

    too_many = await client.put("/api/v1/indicators/75.05/2021-09-30", headers=operator,
                                json={"wajib_ktp": 100, "recorded": 101})
    ikd = await client.put("/api/v1/indicators/75.05/2021-09-30", headers=operator,
                           json={"wajib_ktp": 100, "recorded": 90, "ikd_activated": 91})
    province = await client.put("/api/v1/indicators/75/2021-09-30", headers=admin,
                                json={"wajib_ktp": 100, "recorded": 90})
    negative = await client.put("/api/v1/indicators/75.05/2021-09-30", headers=operator,
                                json={"wajib_ktp": -1, "recorded": 0})
    by_staff = await client.put("/api/v1/targets/2023", headers=staff,
                                json={"recording_rate": 0.9})
    percent = await client.put("/api/v1/targets/2023", headers=admin,
                               json={"recording_rate": 99.4})
    empty = await client.put("/api/v1/targets/2023", headers=admin, json={})

    assert problem(too_many, 400, "invalid_input")["errors"][0]["field"] == "recorded"
    assert problem(ikd, 400, "invalid_input")["errors"][0]["field"] == "ikd_activated"
    assert problem(province, 400, "invalid_input")["errors"][0]["field"] == "region"
    assert problem(negative, 400, "invalid_input")["errors"][0]["field"] == "wajib_ktp"
    problem(by_staff, 403, "not_permitted")
    assert problem(percent, 400, "invalid_input")["errors"][0]["field"] == "recording_rate"
    problem(empty, 400, "invalid_input")
    got = (await client.get("/api/v1/indicators/75.05", headers=operator)).json()
    assert got["regencies_reporting"] == 0 and got["targets"]["recording_rate"] is None


async def test_a_target_stays_in_force_until_set_again(client):
    ministry = await as_user(client, Role.MINISTRY_OFFICER, "00")
    await client.put("/api/v1/targets/2023", headers=ministry, json={"recording_rate": 0.994})
    await client.put("/api/v1/targets/2023", headers=ministry,
                     json={"recording_rate": 0.98, "region": "75"})
    await client.put("/api/v1/targets/2024", headers=ministry, json={"recording_rate": 0.995})

    in_2022 = (await client.get("/api/v1/indicators/75.05?date=2022-06-01",
                                headers=ministry)).json()
    in_2023 = (await client.get("/api/v1/indicators/75.05?date=2023-06-01",
                                headers=ministry)).json()
    in_2025 = (await client.get("/api/v1/indicators/75.05?date=2025-06-01",
                                headers=ministry)).json()

    assert in_2022["targets"]["recording_rate"] is None
    assert in_2023["targets"]["recording_rate"] == 0.98  # the province's override
    assert in_2025["targets"]["recording_rate"] == 0.995  # the newer national default


async def test_keyed_print_runs_take_effect_once_and_replay_their_first_answer(client):
    """Print runs are written in groups (their answers kept in the group's transaction): five
    concurrent requests with one key, a later retry, and the key with another body."""
    await given_stock("75.05", 20)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    keyed = {**operator, "Idempotency-Key": "run-75.05-1"}
    body = {"region": "75.05", "date": "2023-03-02", "printed": 3, "spoiled": 0}

    answers = await asyncio.gather(*[
        client.post("/api/v1/print-runs", headers=keyed, json=body) for _ in range(5)])
    retry = await client.post("/api/v1/print-runs", headers=keyed, json=body)
    other = await client.post("/api/v1/print-runs", headers=keyed, json={**body, "printed": 4})

    assert [answer.status_code for answer in answers] == [201] * 5
    assert len({answer.content for answer in answers}) == 1
    assert [a.headers.get("idempotent-replayed") for a in answers].count("true") == 4
    assert retry.status_code == 201 and retry.content == answers[0].content
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.headers["content-type"] == "application/json"
    problem(other, 409, "idempotency_key_reused")
    assert await PrintRun.count() == 1 and await stock.on_hand("75.05") == 17
    assert await stock.ledger_mismatches() == []


async def test_a_keyed_refused_print_run_is_answered_by_its_first_refusal(client):
    await given_stock("75.05", 2)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    keyed = {**operator, "Idempotency-Key": "too-many"}
    body = {"region": "75.05", "date": "2023-03-02", "printed": 5, "spoiled": 0}

    first = await client.post("/api/v1/print-runs", headers=keyed, json=body)
    await given_stock("75.05", 10)
    retry = await client.post("/api/v1/print-runs", headers=keyed, json=body)
    unkeyed = await client.post("/api/v1/print-runs", headers=operator, json=body)

    problem(first, 409, "insufficient_stock")
    assert retry.status_code == 409 and retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true"
    assert unkeyed.status_code == 201
    assert await PrintRun.count() == 1
