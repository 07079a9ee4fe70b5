"""The requests page over HTTP: the list in scope, raising one, approving and rejecting —
refusals shown on the page with what was typed, and nothing written."""

from __future__ import annotations

from blanko_tracker.db.tables import AuditEntry, StockRequest
from blanko_tracker.domain.access import Role
from blanko_tracker.schemas import RaiseRequest
from blanko_tracker.services.stock_requests import raise_request
from tests.builders import given_user
from tests.web.pages import signed_in


async def given_request(quantity: int = 500, region: str = "31") -> int:
    staff = await given_user(Role.WAREHOUSE_STAFF, region)
    row = await raise_request(RaiseRequest(region=region, quantity=quantity), actor=staff)
    return row.id


async def status_of(request_id: int) -> str:
    row = await StockRequest.select(StockRequest.status).where(
        StockRequest.id == request_id).first()
    return row["status"]


async def test_warehouse_staff_see_their_requests_and_raise_one(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    listing = await client.get("/requests")
    assert listing.status_code == 200
    assert '<html lang="id">' in listing.text and 'action="/requests"' in listing.text
    raised = await client.post("/requests", data={
        "csrf_token": token, "region": "31", "quantity": "8300", "note": "hutang cetak"})

    assert raised.status_code == 303 and raised.headers["location"].startswith("/requests?")
    rows = await StockRequest.select()
    assert [(r["region"], r["quantity"], r["status"]) for r in rows] == [
        ("31", 8300, "submitted")]
    after = await client.get(raised.headers["location"])
    assert "Permintaan diajukan" in after.text and "8.300" in after.text


async def test_a_request_outside_the_staffs_region_is_refused_with_what_was_typed(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))
    audit_before = await AuditEntry.count()

    refused = await client.post("/requests", data={
        "csrf_token": token, "region": "75", "quantity": "1234", "note": "bukan wilayah saya"})
    invalid = await client.post("/requests", data={
        "csrf_token": token, "region": "31", "quantity": "0"})

    assert refused.status_code == 403
    assert 'class="problem"' in refused.text and "Di luar wilayah Anda" in refused.text
    assert "Wilayah 75 di luar cakupan Anda (31)." in refused.text
    assert 'value="75"' in refused.text and 'value="1234"' in refused.text
    assert "bukan wilayah saya" in refused.text
    assert invalid.status_code == 400 and "quantity" in invalid.text
    assert 'id="f-quantity" name="quantity" type="text" value="0"' in invalid.text
    assert await StockRequest.count() == 0 and await AuditEntry.count() == audit_before


async def test_the_ministry_approves_and_rejects_from_the_page(client):
    first, second = await given_request(500), await given_request(700)
    token = await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    page = await client.get("/requests")
    assert f'action="/requests/{first}/approve"' in page.text
    approved = await client.post(f"/requests/{first}/approve",
                                 data={"csrf_token": token, "approved_quantity": "450"})
    rejected = await client.post(f"/requests/{second}/reject",
                                 data={"csrf_token": token, "reason": "stok habis"})

    assert approved.status_code == 303 and rejected.status_code == 303
    assert await status_of(first) == "approved" and await status_of(second) == "rejected"
    row = await StockRequest.select().where(StockRequest.id == first).first()
    assert row["approved_quantity"] == 450


async def test_approving_more_than_was_asked_is_refused_and_the_typed_number_kept(client):
    request_id = await given_request(500)
    token = await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    refused = await client.post(f"/requests/{request_id}/approve",
                                data={"csrf_token": token, "approved_quantity": "900"})
    no_reason = await client.post(f"/requests/{request_id}/reject", data={"csrf_token": token})

    assert refused.status_code == 400, refused.text
    assert 'class="problem"' in refused.text and 'value="900"' in refused.text
    assert "500" in refused.text
    assert no_reason.status_code == 400 and "reason" in no_reason.text
    assert await status_of(request_id) == "submitted"


async def test_a_head_sees_requests_but_may_not_decide_them(client):
    request_id = await given_request(500)
    token = await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "31"))

    page = await client.get("/requests")
    assert page.status_code == 200 and "/approve" not in page.text
    refused = await client.post(f"/requests/{request_id}/approve",
                                data={"csrf_token": token, "approved_quantity": "500"})

    assert refused.status_code == 403 and "Peran Anda tidak berhak" in refused.text
    assert ("Peran Anda (Kepala Dinas Provinsi) tidak berwenang menyetujui permintaan."
            in refused.text)
    assert await status_of(request_id) == "submitted"


async def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(client):
    request_id = await given_request(500)
    await signed_in(client, await given_user(Role.ADMIN, "00"))

    raised = await client.post("/requests", data={"region": "31", "quantity": "10"})
    approved = await client.post(f"/requests/{request_id}/approve",
                                 data={"csrf_token": "forged", "approved_quantity": "500"})

    assert raised.status_code == 403 and approved.status_code == 403
    assert await StockRequest.count() == 1 and await status_of(request_id) == "submitted"


async def test_an_approved_request_links_to_a_shipment_prefilled_with_what_is_owed(client):
    request_id = await given_request(500)
    token = await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))
    await client.post(f"/requests/{request_id}/approve",
                      data={"csrf_token": token, "approved_quantity": "450"})

    page = await client.get("/requests")
    assert f'href="/shipments/new?request_id={request_id}"' in page.text
    form = await client.get(f"/shipments/new?request_id={request_id}")

    assert form.status_code == 200
    for name, value in [("source", "Gudang Nasional Ditjen Dukcapil (00)"),
                        ("destination", "Jakarta (31)"), ("quantity", "450"),
                        ("request_id", str(request_id))]:
        assert f'name="{name}" type="' in form.text and f'{value}"' in form.text
