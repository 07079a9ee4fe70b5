"""Planning, dispatching and cancelling shipments on the pages, on both databases."""

from __future__ import annotations

import re

from blanko_tracker.db import stock
from blanko_tracker.db.tables import Shipment, StockMovement
from blanko_tracker.domain.access import Role
from blanko_tracker.schemas import CreateShipment
from blanko_tracker.services.shipments import create_shipment
from tests.builders import given_stock, given_user
from tests.web.pages import signed_in


async def given_planned(quantity: int, source: str = "31", destination: str = "31.71") -> int:
    shipper = await given_user(Role.WAREHOUSE_STAFF, source)
    row = await create_shipment(CreateShipment(source=source, destination=destination,
                                               quantity=quantity), actor=shipper)
    return row.id


async def status_of(shipment_id: int) -> str:
    row = await Shipment.select(Shipment.status).where(Shipment.id == shipment_id).first()
    return row["status"]


async def test_warehouse_staff_plan_a_transfer_down_their_province(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    form = await client.get("/shipments/new")
    assert form.status_code == 200 and '<html lang="id">' in form.text
    for name in ("source", "destination", "quantity", "expected_on", "status"):
        assert f'name="{name}"' in form.text
    planned = await client.post("/shipments/new", data={
        "csrf_token": token, "source": "31", "destination": "31.71", "quantity": "2500",
        "expected_on": "2026-12-01", "status": "planned"})

    assert planned.status_code == 303, planned.text
    rows = await Shipment.select()
    assert [(r["source"], r["destination"], r["quantity"], r["status"]) for r in rows] == [
        ("31", "31.71", 2500, "planned")]
    shown = await client.get(planned.headers["location"])
    assert "Kiriman direncanakan." in shown.text and 'action="/shipments/' in shown.text


async def test_a_transfer_outside_the_scope_is_refused_with_what_was_typed(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    outside = await client.post("/shipments/new", data={
        "csrf_token": token, "source": "31", "destination": "75.05", "quantity": "300",
        "note": "salah alamat"})
    foreign_source = await client.post("/shipments/new", data={
        "csrf_token": token, "source": "00", "destination": "31.71", "quantity": "300"})
    not_a_number = await client.post("/shipments/new", data={
        "csrf_token": token, "source": "31", "destination": "31.71", "quantity": "banyak"})

    assert outside.status_code == 400 and 'class="problem"' in outside.text
    assert "Tujuan 75.05 di luar wilayah Anda (31)." in outside.text
    assert 'value="75.05"' in outside.text and 'value="300"' in outside.text
    assert "salah alamat" in outside.text
    assert foreign_source.status_code == 403 and "Di luar wilayah Anda" in foreign_source.text
    assert not_a_number.status_code == 400 and 'value="banyak"' in not_a_number.text
    assert "Isi dengan bilangan bulat." in not_a_number.text
    assert await Shipment.count() == 0


async def test_dispatching_a_planned_shipment_takes_the_blanks_out(client):
    await given_stock("31", 3_000)
    shipment_id = await given_planned(2_000)
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    page = await client.get(f"/shipments/{shipment_id}")
    assert f'action="/shipments/{shipment_id}/dispatch"' in page.text
    sent = await client.post(f"/shipments/{shipment_id}/dispatch",
                             data={"csrf_token": token, "dispatched_on": "2026-11-20"})

    assert sent.status_code == 303
    assert await status_of(shipment_id) == "dispatched" and await stock.on_hand("31") == 1_000
    shown = await client.get(sent.headers["location"])
    assert "Kiriman dikirim." in shown.text and "/dispatch" not in shown.text


async def test_dispatching_more_than_is_on_hand_is_refused_and_nothing_moves(client):
    await given_stock("31", 500)
    shipment_id = await given_planned(2_000)
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))
    movements = await StockMovement.count()

    refused = await client.post(f"/shipments/{shipment_id}/dispatch",
                                data={"csrf_token": token, "dispatched_on": "2026-11-19"})

    assert refused.status_code == 409 and "Stok tidak cukup" in refused.text
    assert 'class="detail"' in refused.text and 'value="2026-11-19"' in refused.text
    assert await status_of(shipment_id) == "planned" and await stock.on_hand("31") == 500
    assert await StockMovement.count() == movements


async def test_cancelling_a_planned_shipment_and_not_twice(client):
    shipment_id = await given_planned(100)
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    page = await client.get(f"/shipments/{shipment_id}")
    assert re.search(r'<input type="checkbox" id="f-confirm" name="confirm" value="yes" required',
                     page.text) and "Ya, batalkan kiriman ini" in page.text
    unconfirmed = await client.post(f"/shipments/{shipment_id}/cancel",
                                    data={"csrf_token": token})
    assert unconfirmed.status_code == 400 and await status_of(shipment_id) == "planned"
    assert "Centang “Ya, batalkan kiriman ini”" in unconfirmed.text
    cancelled = await client.post(f"/shipments/{shipment_id}/cancel",
                                  data={"csrf_token": token, "confirm": "yes"})
    again = await client.post(f"/shipments/{shipment_id}/cancel",
                              data={"csrf_token": token, "confirm": "yes"})

    assert cancelled.status_code == 303 and await status_of(shipment_id) == "cancelled"
    assert again.status_code == 409 and "Status tidak memungkinkan" in again.text


async def test_roles_without_shipping_rights_get_a_403_page(client):
    shipment_id = await given_planned(100)
    token = await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "31"))

    form = await client.get("/shipments/new")
    page = await client.get(f"/shipments/{shipment_id}")
    refused = await client.post(f"/shipments/{shipment_id}/dispatch",
                                data={"csrf_token": token})

    assert form.status_code == 403 and "Peran Anda tidak berhak" in form.text
    assert page.status_code == 200 and "/dispatch" not in page.text
    assert refused.status_code == 403 and await status_of(shipment_id) == "planned"


async def test_shipment_forms_without_the_csrf_token_write_nothing(client):
    await given_stock("31", 3_000)
    shipment_id = await given_planned(100)
    await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    created = await client.post("/shipments/new", data={
        "source": "31", "destination": "31.71", "quantity": "5"})
    sent = await client.post(f"/shipments/{shipment_id}/dispatch", data={"csrf_token": "x"})
    cancelled = await client.post(f"/shipments/{shipment_id}/cancel", data={})

    assert (created.status_code, sent.status_code, cancelled.status_code) == (403, 403, 403)
    assert await Shipment.count() == 1 and await status_of(shipment_id) == "planned"
    assert await stock.on_hand("31") == 3_000
