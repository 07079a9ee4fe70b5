"""Loans between regions (*pinjam blanko*) over HTTP, on both databases: lent at once in a
dispatched shipment, received like any other, returned in parts, never over what is owed,
never beyond the lender's stock, only by a caller whose scope holds both regions."""

from __future__ import annotations

from datetime import date, timedelta

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.tables import AuditEntry, Loan, Shipment, StockMovement
from blanko_tracker.domain.access import Role
from blanko_tracker.services import loans as loan_actions
from tests.builders import as_user, given_stock, given_user, problem

LENDER, BORROWER = "75.05", "75.01"  # two regencies of Gorontalo
FOREIGN = "31.71"
TODAY = date.today()


def loan_body(quantity: int = 500, *, due: int = 30, lender: str = LENDER,
              borrower: str = BORROWER) -> dict:
    return {"lender": lender, "borrower": borrower, "quantity": quantity,
            "due_on": (TODAY + timedelta(days=due)).isoformat(), "note": "pinjam blanko"}


async def on_hand(client, headers, region: str) -> int:
    answer = await client.get(f"/api/v1/stock/{region}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["on_hand"]


async def card(client, headers, region: str) -> list[dict]:
    answer = await client.get(f"/api/v1/stock/{region}/movements", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_a_loan_is_lent_received_returned_in_parts_and_closed(client):
    await given_stock(LENDER, 2_000)
    await given_stock(BORROWER, 100)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")

    made = await client.post("/api/v1/loans", headers=staff, json=loan_body(500))
    loan = made.json()
    shipment = (await client.get(f"/api/v1/shipments/{loan['shipment_id']}",
                                 headers=staff)).json()
    received = await client.post(f"/api/v1/shipments/{loan['shipment_id']}/receive",
                                 headers=staff, json={"received": 500, "damaged": 0})
    first = await client.post(f"/api/v1/loans/{loan['id']}/returns", headers=staff,
                              json={"quantity": 200})
    after_first = (await client.get("/api/v1/loans", headers=staff)).json()["items"][0]
    second = await client.post(f"/api/v1/loans/{loan['id']}/returns", headers=staff,
                               json={"quantity": 300})
    await client.post(f"/api/v1/shipments/{first.json()['id']}/receive", headers=staff,
                      json={"received": 200, "damaged": 0})
    closed = (await client.get("/api/v1/loans?status=returned", headers=staff)).json()

    assert made.status_code == 201, made.text
    assert {k: loan[k] for k in ("lender", "borrower", "quantity", "returned", "outstanding",
                                 "status")} == {
        "lender": LENDER, "borrower": BORROWER, "quantity": 500, "returned": 0,
        "outstanding": 500, "status": "open"}
    assert shipment["status"] == "dispatched" and shipment["purpose"] == "loan"
    assert (shipment["source"], shipment["destination"], shipment["loan_id"]) == (
        LENDER, BORROWER, loan["id"])
    assert received.status_code == 200, received.text
    assert first.status_code == 201, first.text
    assert (first.json()["source"], first.json()["destination"], first.json()["status"],
            first.json()["purpose"], first.json()["loan_id"]) == (
        BORROWER, LENDER, "dispatched", "loan_return", loan["id"])
    assert (after_first["returned"], after_first["outstanding"], after_first["status"]) == (
        200, 300, "open")
    assert second.status_code == 201, second.text
    assert [item["id"] for item in closed["items"]] == [loan["id"]]
    assert closed["items"][0]["outstanding"] == 0
    # lender: 2,000 − 500 + 200 received back (300 still on the road); borrower: 100 + 500 − 500
    assert await on_hand(client, staff, LENDER) == 1_700
    assert await on_hand(client, staff, BORROWER) == 100
    # the stock cards tell the loan and its returns apart from other transfers
    lender_card = [(m["kind"], m["quantity"], m["reason"]) for m in
                   await card(client, staff, LENDER)]
    borrower_card = [(m["kind"], m["quantity"], m["reason"]) for m in
                     await card(client, staff, BORROWER)]
    assert lender_card[1:] == [("transfer_out", -500, "loan"), ("receipt", 200, "loan_return")]
    assert borrower_card[1:] == [("receipt", 500, "loan"), ("transfer_out", -200, "loan_return"),
                                 ("transfer_out", -300, "loan_return")]
    audited = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.target == f"loan:{loan['id']}").order_by(AuditEntry.id)
    assert [row["action"] for row in audited] == ["create_loan", "return_loan", "return_loan"]
    # what `blanko-tracker check` proves: every balance is its ledger's sum
    assert await stock.ledger_mismatches() == []
    assert await print_debt.latest_mismatches() == []


async def test_more_than_owed_is_422_and_beyond_the_lenders_stock_409_writing_nothing(client):
    await given_stock(LENDER, 600)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    loan = (await client.post("/api/v1/loans", headers=staff, json=loan_body(500))).json()
    await client.post(f"/api/v1/shipments/{loan['shipment_id']}/receive", headers=staff,
                      json={"received": 500, "damaged": 0})
    await client.post(f"/api/v1/loans/{loan['id']}/returns", headers=staff,
                      json={"quantity": 100})
    counts = (await Loan.count(), await Shipment.count(), await StockMovement.count(),
              await AuditEntry.count())

    over = await client.post(f"/api/v1/loans/{loan['id']}/returns", headers=staff,
                             json={"quantity": 401})
    beyond = await client.post("/api/v1/loans", headers=staff, json=loan_body(101))
    itself = await client.post("/api/v1/loans", headers=staff,
                               json=loan_body(1, borrower=LENDER))
    past = await client.post("/api/v1/loans", headers=staff, json=loan_body(1, due=-1))
    zero = await client.post("/api/v1/loans", headers=staff, json=loan_body(0))
    missing = await client.post("/api/v1/loans/999999/returns", headers=staff,
                                json={"quantity": 1})

    body = problem(over, 422, "return_exceeds_outstanding")
    assert (body["asked"], body["outstanding"]) == (401, 400)
    assert problem(beyond, 409, "insufficient_stock")
    assert problem(itself, 400, "invalid_input")["errors"][0]["field"] == "borrower"
    assert problem(past, 400, "invalid_input")["errors"][0]["field"] == "due_on"
    problem(zero, 400, "invalid_input")
    problem(missing, 404, "not_found")
    assert (await Loan.count(), await Shipment.count(), await StockMovement.count(),
            await AuditEntry.count()) == counts


async def test_only_a_caller_whose_scope_holds_both_regions_lends(client):
    await given_stock(LENDER, 1_000)
    await given_stock(FOREIGN, 1_000)
    regency_staff = await as_user(client, Role.WAREHOUSE_STAFF, LENDER)
    province_staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")

    to_a_sibling = await client.post("/api/v1/loans", headers=regency_staff,
                                     json=loan_body(10))
    from_abroad = await client.post("/api/v1/loans", headers=province_staff,
                                    json=loan_body(10, lender=FOREIGN))
    abroad = await client.post("/api/v1/loans", headers=province_staff,
                               json=loan_body(10, borrower=FOREIGN))
    by_a_head = await client.post("/api/v1/loans", headers=head, json=loan_body(10))
    across = await client.post("/api/v1/loans", headers=officer,
                               json=loan_body(10, borrower=FOREIGN))
    returned_by_regency = await client.post(
        f"/api/v1/loans/{across.json()['id']}/returns", headers=regency_staff,
        json={"quantity": 1})
    seen_by_province = (await client.get("/api/v1/loans", headers=province_staff)).json()
    seen_abroad = await client.get(f"/api/v1/loans?region={FOREIGN}", headers=province_staff)

    problem(to_a_sibling, 403, "out_of_scope")
    problem(from_abroad, 403, "out_of_scope")
    problem(abroad, 403, "out_of_scope")
    problem(by_a_head, 403, "not_permitted")
    assert across.status_code == 201, across.text
    problem(returned_by_regency, 403, "out_of_scope")
    assert [item["borrower"] for item in seen_by_province["items"]] == [FOREIGN]
    problem(seen_abroad, 403, "out_of_scope")
    assert await Loan.count() == 1


async def test_an_open_loan_past_its_due_day_is_overdue_and_alerted(client, database):
    await given_stock(LENDER, 1_000)
    admin = await given_user(Role.ADMIN, "00")
    headers = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    # due yesterday: made through the service (the API takes no past due day)
    loan, _ = await _lent_due(admin, TODAY - timedelta(days=1))
    await _lent_due(admin, TODAY + timedelta(days=5))

    overdue = (await client.get("/api/v1/loans?status=overdue", headers=headers)).json()
    alerts = (await client.get("/api/v1/alerts?region=75", headers=headers)).json()["items"]

    assert [item["id"] for item in overdue["items"]] == [loan.id]
    assert overdue["items"][0]["status"] == "overdue"
    found = [a for a in alerts if a["kind"] == "loan_overdue"]
    assert len(found) == 1 and found[0]["region"] == BORROWER
    assert f"loan {loan.id}: 100 blanks still owed to {LENDER}" in found[0]["detail"]


async def _lent_due(admin, due: date):
    from blanko_tracker.db.transaction import write_transaction
    async with write_transaction():
        return await loan_actions.lend(LENDER, BORROWER, 100, due, actor=admin,
                                       on=TODAY - timedelta(days=10))


async def test_the_monthly_report_tells_loans_and_their_returns_apart(client):
    await given_stock(LENDER, 1_000)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    loan = (await client.post("/api/v1/loans", headers=staff, json=loan_body(300))).json()
    await client.post(f"/api/v1/shipments/{loan['shipment_id']}/receive", headers=staff,
                      json={"received": 300, "damaged": 0})
    back = (await client.post(f"/api/v1/loans/{loan['id']}/returns", headers=staff,
                              json={"quantity": 120})).json()
    await client.post(f"/api/v1/shipments/{back['id']}/receive", headers=staff,
                      json={"received": 120, "damaged": 0})
    # an ordinary transfer, not a loan
    await client.post("/api/v1/shipments", headers=staff, json={
        "source": LENDER, "destination": BORROWER, "quantity": 50, "status": "dispatched"})

    answer = await client.get(f"/api/v1/reports/monthly/75?month={TODAY:%Y-%m}",
                              headers=staff)

    assert answer.status_code == 200, answer.text
    rows = {row["region"]: row for row in answer.json()["rows"]}
    lender, borrower = rows[LENDER], rows[BORROWER]
    assert (lender["transferred_out"], lender["loaned_out"], lender["loan_returned"]) == (
        350, 300, 0)
    assert (lender["received"], lender["loan_repaid"], lender["borrowed"]) == (120, 120, 0)
    assert (borrower["received"], borrower["borrowed"]) == (300, 300)
    assert (borrower["transferred_out"], borrower["loan_returned"]) == (120, 120)
    assert lender["closing"] == 1_000 - 350 + 120
