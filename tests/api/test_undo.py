"""Undoing a print run or a recording entered by mistake, over HTTP, on both databases."""

from __future__ import annotations

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.tables import AuditEntry, StockMovement
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_stock, problem


async def _recorded(client, headers, count: int, day: str = "2023-03-01") -> dict:
    response = await client.post("/api/v1/print-debt/75.05/recordings", headers=headers,
                                 json={"date": day, "count": count})
    assert response.status_code == 201, response.text
    return response.json()


async def _run(client, headers, printed: int, spoiled: int = 0) -> dict:
    body = {"region": "75.05", "date": "2023-03-02", "printed": printed, "spoiled": spoiled}
    if spoiled:
        body["spoiled_reason"] = "print_failure"
    response = await client.post("/api/v1/print-runs", headers=headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def _debt(client, headers) -> int:
    return (await client.get("/api/v1/print-debt/75.05", headers=headers)).json()["pending"]


async def test_an_undone_print_run_gives_back_its_blanks_and_its_debt_once(client):
    await given_stock("75.05", 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await _recorded(client, operator, 50)
    run = await _run(client, operator, 30, 2)
    assert await stock.on_hand("75.05") == 68 and await _debt(client, operator) == 20

    undone = await client.post(f"/api/v1/print-runs/{run['id']}/reverse", headers=operator,
                               json={"reason": "typed twice"})

    assert undone.status_code == 201, undone.text
    assert undone.json()["on_hand"] == 100 and undone.json()["pending"] == 50
    assert await stock.on_hand("75.05") == 100
    assert await _debt(client, operator) == 50
    card = (await client.get("/api/v1/stock/75.05/movements", headers=operator)).json()["items"]
    used = {m["id"]: m for m in card if m["kind"] in ("print_use", "spoiled")}
    reversals = [m for m in card if m["kind"] == "reversal"]
    assert sorted((m["reverses"], m["quantity"]) for m in reversals) == sorted(
        (i, -m["quantity"]) for i, m in used.items())
    history = (await client.get("/api/v1/print-debt/75.05/history", headers=operator)).json()
    assert history[-1] == {"date": "2023-03-02", "pending": 50, "recorded": 0, "printed": 0}
    audit = await AuditEntry.select().where(AuditEntry.action == "reverse_print_run")
    assert len(audit) == 1 and "typed twice" in str(audit[0]["detail"])
    assert await stock.ledger_mismatches() == []
    assert await print_debt.latest_mismatches() == []

    again = await client.post(f"/api/v1/print-runs/{run['id']}/reverse", headers=operator,
                              json={"reason": "typed twice"})
    problem(again, 409, "invalid_state")
    assert await stock.on_hand("75.05") == 100


async def test_an_undone_recording_takes_its_count_off_the_debt_once(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    await _recorded(client, operator, 40)
    mistake = await _recorded(client, operator, 1000, "2023-03-02")
    assert await _debt(client, operator) == 1040

    undone = await client.post(f"/api/v1/print-debt/entries/{mistake['id']}/reverse",
                               headers=operator, json={"reason": "1.000 was meant as 10"})

    assert undone.status_code == 201, undone.text
    assert undone.json()["count"] == -1000 and undone.json()["pending"] == 40
    assert await _debt(client, operator) == 40
    assert await print_debt.latest_mismatches() == []
    problem(await client.post(f"/api/v1/print-debt/entries/{mistake['id']}/reverse",
                              headers=operator, json={"reason": "again"}), 409, "invalid_state")
    problem(await client.post(f"/api/v1/print-debt/entries/{undone.json()['id']}/reverse",
                              headers=operator, json={"reason": "undo the undo"}),
            409, "invalid_state")


async def test_only_the_entrant_or_their_supervisor_may_undo(client):
    await given_stock("75.05", 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    colleague = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    admin = await as_user(client, Role.ADMIN, "75")
    foreign_admin = await as_user(client, Role.ADMIN, "31")
    warehouse = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    run = await _run(client, operator, 5)
    before = (await StockMovement.count(), await AuditEntry.count())

    for headers, status, code in ((colleague, 403, "not_permitted"),
                                  (warehouse, 403, "not_permitted"),
                                  (foreign_admin, 403, "out_of_scope")):
        refused = await client.post(f"/api/v1/print-runs/{run['id']}/reverse",
                                    headers=headers, json={"reason": "not mine"})
        problem(refused, status, code)
    assert (await StockMovement.count(), await AuditEntry.count()) == before
    problem(await client.post("/api/v1/print-runs/999999/reverse", headers=admin,
                              json={"reason": "no such run"}), 404, "not_found")
    problem(await client.post(f"/api/v1/print-runs/{run['id']}/reverse", headers=admin,
                              json={"reason": ""}), 400, "invalid_input")

    by_supervisor = await client.post(f"/api/v1/print-runs/{run['id']}/reverse",
                                      headers=admin, json={"reason": "operator asked"})
    assert by_supervisor.status_code == 201, by_supervisor.text
    assert await stock.on_hand("75.05") == 100


async def test_spoiled_blanks_without_their_cause_are_refused(client):
    """Spoiled blanks need their cause: refused without one, nothing written."""
    await given_stock("75.05", 10)
    operator = await as_user(client, Role.PRINT_OPERATOR, "75.05")
    refused = await client.post("/api/v1/print-runs", headers=operator, json={
        "region": "75.05", "date": "2023-03-02", "printed": 1, "spoiled": 2})
    body = problem(refused, 400, "invalid_input")
    assert body["errors"][0]["field"] == "spoiled_reason"
    assert await stock.on_hand("75.05") == 10


async def test_an_adjustment_is_undone_by_its_entrant_or_a_warehouse_above_not_a_colleague(
        client):
    await given_stock("75.05", 10)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75.05")
    colleague = await as_user(client, Role.WAREHOUSE_STAFF, "75.05")
    province = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    made = await client.post("/api/v1/adjustments", headers=staff, json={
        "region": "75.05", "quantity": 1000, "reason": "found", "note": "a box"})
    assert made.status_code == 201, made.text
    path = f"/api/v1/movements/{made.json()['id']}/reverse"

    problem(await client.post(path, headers=colleague, json={"note": "not mine"}),
            403, "not_permitted")
    undone = await client.post(path, headers=province, json={"note": "typed 1000 for 10"})

    assert undone.status_code == 201, undone.text
    assert await stock.on_hand("75.05") == 10
