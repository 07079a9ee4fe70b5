"""Regional purchases (*blangko mandiri*) over HTTP, on both databases: a region's warehouse
staff record what their own budget (APBD) bought, at their own region; the ministry's APBN
procurements stay the ministry's, at `00`; the stock card and the monthly report show the
funding."""

from __future__ import annotations

from datetime import date

from blanko_tracker.db.tables import AuditEntry, StockMovement
from blanko_tracker.domain.access import Role
from tests.builders import as_user, problem

REGENCY = "75.05"
TODAY = date.today()


async def test_a_regencys_staff_buy_for_their_own_region_with_apbd(client):
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")

    bought = await client.post("/api/v1/procurements", headers=staff, json={
        "quantity": 86_000, "region": REGENCY, "funding": "apbd", "note": "blangko mandiri"})
    national = await client.post("/api/v1/procurements", headers=officer,
                                 json={"quantity": 1_000})
    card = (await client.get(f"/api/v1/stock/{REGENCY}/movements", headers=staff)).json()
    report = (await client.get(f"/api/v1/reports/monthly/{REGENCY}?month={TODAY:%Y-%m}",
                               headers=staff)).json()["rows"][0]
    national_card = (await client.get("/api/v1/stock/00/movements", headers=officer)).json()

    assert bought.status_code == 201, bought.text
    assert (bought.json()["region"], bought.json()["kind"], bought.json()["reason"]) == (
        REGENCY, "procurement", "apbd")
    assert [(m["kind"], m["quantity"], m["reason"]) for m in card["items"]] == [
        ("procurement", 86_000, "apbd")]
    assert (report["received"], report["procured_apbd"], report["procured_apbn"]) == (
        86_000, 86_000, 0)
    assert national.status_code == 201, national.text
    assert national_card["items"][0]["reason"] == "apbn"


async def test_apbn_stays_the_ministrys_and_apbd_the_regions_own(client):
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    province_staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    admin = await as_user(client, Role.ADMIN, "75")
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)

    def body(**given) -> dict:
        return {"quantity": 100, "region": REGENCY, "funding": "apbd", **given}

    before = (await StockMovement.count(), await AuditEntry.count())

    staff_apbn = await client.post("/api/v1/procurements", headers=staff,
                                   json=body(funding="apbn"))
    officer_apbd = await client.post("/api/v1/procurements", headers=officer, json=body())
    officer_apbn_at_region = await client.post("/api/v1/procurements", headers=officer,
                                               json=body(funding="apbn"))
    for_a_neighbour = await client.post("/api/v1/procurements", headers=staff,
                                        json=body(region="75.01"))
    for_its_regency = await client.post("/api/v1/procurements", headers=province_staff,
                                        json=body())
    abroad = await client.post("/api/v1/procurements", headers=admin,
                               json=body(region="31.71"))
    by_operator = await client.post("/api/v1/procurements", headers=operator, json=body())
    bad_funding = await client.post("/api/v1/procurements", headers=staff,
                                    json=body(funding="hibah"))
    written = (await StockMovement.count(), await AuditEntry.count())
    by_admin = await client.post("/api/v1/procurements", headers=admin, json=body())

    problem(staff_apbn, 403, "not_permitted")
    problem(officer_apbd, 403, "not_permitted")
    assert problem(officer_apbn_at_region, 400, "invalid_input")["errors"][0]["field"] == (
        "region")
    problem(for_a_neighbour, 403, "out_of_scope")
    problem(for_its_regency, 403, "out_of_scope")
    problem(abroad, 403, "out_of_scope")
    problem(by_operator, 403, "not_permitted")
    problem(bad_funding, 400, "invalid_input")
    assert written == before
    assert by_admin.status_code == 201, by_admin.text
