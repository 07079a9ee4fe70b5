"""Mobile-service kits (*jemput bola*) over HTTP, on both databases: blanks signed out to an
officer leave on-hand; the return reconciles printed (repaying the debt as a print run
does), spoiled (awaiting destruction by cause), returned and missing (with a reason); a
second kit for an officer with one out is 409 `kit_open`; a kit is returned once; refusals
write nothing; the ledger and the print debt check out after every kind of kit."""

from __future__ import annotations

from datetime import timedelta

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.tables import AuditEntry, Kit, StockMovement
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services.common import utcnow
from tests.builders import as_user, given_stock, problem

REGENCY, SIBLING = "75.05", "75.01"
TODAY = local_date(REGENCY, utcnow())


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


async def sign_out(client, headers, officer="Rahmat Hidayat", quantity=50, code=REGENCY):
    return await client.post("/api/v1/kits", headers=headers, json={
        "region": code, "officer": officer, "quantity": quantity, "date": ago(2)})


async def give_back(client, headers, kit_id, **body):
    return await client.post(f"/api/v1/kits/{kit_id}/return", headers=headers,
                             json={"date": ago(1), **body})


async def consistent() -> None:
    assert await stock.ledger_mismatches() == []
    assert await print_debt.latest_mismatches() == []


async def test_a_kit_goes_out_and_its_return_reconciles_every_blank(client):
    await given_stock(REGENCY, 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    await client.post(f"/api/v1/print-debt/{REGENCY}/recordings", headers=operator,
                      json={"date": ago(5), "count": 80})

    out = await sign_out(client, operator)
    on_hand_out = await stock.on_hand(REGENCY)
    back = await give_back(client, operator, out.json()["id"], printed=30, spoiled=4,
                           spoiled_reason="print_failure", returned=14,
                           missing_reason="tas hilang di perjalanan")
    awaiting = (await client.get(f"/api/v1/destructions/awaiting/{REGENCY}",
                                 headers=operator)).json()
    debt = (await client.get(f"/api/v1/print-debt/{REGENCY}", headers=operator)).json()

    assert out.status_code == 201, out.text
    assert out.json()["status"] == "out" and out.json()["quantity"] == 50
    assert on_hand_out == 50
    assert back.status_code == 200, back.text
    assert back.json() | {"id": 0} == {
        "id": 0, "region": REGENCY, "officer": "Rahmat Hidayat", "quantity": 50,
        "date": ago(2), "status": "returned", "returned_on": ago(1), "printed": 30,
        "spoiled": 4, "spoiled_reason": "print_failure", "returned": 14, "missing": 2,
        "missing_reason": "tas hilang di perjalanan"}
    assert await stock.on_hand(REGENCY) == 64  # the 14 unused came back; 2 stay missing
    kinds = await StockMovement.select(StockMovement.kind, StockMovement.quantity).where(
        StockMovement.reference == f"kit:{out.json()['id']}").order_by(StockMovement.id)
    assert [(k["kind"], k["quantity"]) for k in kinds] == [
        ("kit_out", -50), ("kit_return", 48), ("print_use", -30), ("spoiled", -4)]
    assert (awaiting["spoiled"], awaiting["spoiled_by_reason"]) == (4, {"print_failure": 4})
    assert debt["pending"] == 50  # 80 recorded, 30 printed in the field
    await consistent()


async def test_a_second_kit_for_an_officer_and_a_second_return_are_refused(client):
    await given_stock(REGENCY, 100)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    first = (await sign_out(client, staff, quantity=10)).json()

    again = await sign_out(client, staff, officer="  rahmat   HIDAYAT ", quantity=5)
    other = await sign_out(client, staff, officer="Dewi Lestari", quantity=5)
    await give_back(client, staff, first["id"], returned=10)
    twice = await give_back(client, staff, first["id"], returned=10)
    after_return = await sign_out(client, staff, quantity=5)

    assert problem(again, 409, "kit_open")["kit"] == first["id"]
    assert other.status_code == 201 and after_return.status_code == 201
    problem(twice, 409, "invalid_state")
    assert await stock.on_hand(REGENCY) == 90
    await consistent()


async def test_bad_returns_and_sign_outs_write_nothing(client):
    await given_stock(REGENCY, 20)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    kit = (await sign_out(client, staff, quantity=10)).json()
    neighbour = await as_user(client, Role.WAREHOUSE_STAFF, SIBLING)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    movements, audits = await StockMovement.count(), await AuditEntry.count()

    too_many = await give_back(client, staff, kit["id"], printed=8, returned=3)
    no_reason = await give_back(client, staff, kit["id"], printed=8)
    no_cause = await give_back(client, staff, kit["id"], spoiled=2, returned=8)
    over_stock = await sign_out(client, staff, officer="Dewi", quantity=11)
    serials = await client.post("/api/v1/kits", headers=staff, json={
        "region": REGENCY, "officer": "Dewi", "quantity": 1, "serial_ranges": [[1, 1]]})
    foreign = await give_back(client, neighbour, kit["id"], returned=10)

    assert problem(too_many, 422, "rule_violated")
    assert problem(no_reason, 400, "invalid_input")["errors"][0]["field"] == "missing_reason"
    assert problem(no_cause, 400, "invalid_input")["errors"][0]["field"] == "spoiled_reason"
    problem(over_stock, 409, "insufficient_stock")
    problem(serials, 400, "invalid_input")
    problem(foreign, 403, "out_of_scope")
    problem(await sign_out(client, head, officer="Dewi"), 403, "not_permitted")
    problem(await give_back(client, staff, 999_999, returned=1), 404, "not_found")
    assert (await StockMovement.count(), await AuditEntry.count()) == (movements, audits)
    assert await Kit.count() == 1
    await consistent()
