"""A warehouse corrects its stock on the page (*koreksi stok*) and undoes a mistaken correction
with its reason, on both databases."""

from __future__ import annotations

from blanko_tracker.db import stock
from blanko_tracker.db.tables import AuditEntry, StockMovement
from blanko_tracker.domain.access import Role
from tests.builders import given_procurement, given_stock, given_user
from tests.web.pages import signed_in

LOST = {"on": "", "reason": "lost", "direction": "out", "quantity": "1.000",
        "note": "dus hilang saat pindah gudang"}


async def adjustments() -> list[dict]:
    return await StockMovement.select(StockMovement.quantity, StockMovement.reason,
                                      StockMovement.note).where(
        StockMovement.kind.is_in(["adjustment", "reversal"])).order_by(StockMovement.id)


async def test_a_warehouse_writes_off_lost_blanks_typed_as_people_type_them(client):
    await given_stock("31", 5_000)
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    form = await client.get("/regions/31/adjustments/new")
    saved = await client.post("/regions/31/adjustments/new", data={**LOST, "csrf_token": token})

    assert form.status_code == 200 and 'data-figure="on_hand">5.000<' in form.text
    assert saved.status_code == 303, saved.text
    assert await stock.on_hand("31") == 4_000
    assert (await adjustments())[-1] == {"quantity": -1_000, "reason": "lost",
                                         "note": "dus hilang saat pindah gudang"}
    shown = await client.get(saved.headers["location"])
    assert "Koreksi stok tersimpan." in shown.text
    assert 'data-figure="on_hand">4.000<' in shown.text and "Hilang" in shown.text
    assert 'data-undo="' in shown.text


async def test_a_correction_against_its_reason_or_miscounted_is_refused_and_writes_nothing(
        client):
    await given_stock("31", 5_000)
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))
    before = await adjustments()

    found_out = await client.post("/regions/31/adjustments/new", data={
        **LOST, "reason": "found", "csrf_token": token})
    half = await client.post("/regions/31/adjustments/new", data={
        **LOST, "quantity": "1,5", "csrf_token": token})
    no_note = await client.post("/regions/31/adjustments/new", data={
        **LOST, "note": "", "csrf_token": token})

    assert found_out.status_code == 400
    assert "Koreksi dengan alasan ini harus positif (menambah stok)." in found_out.text
    assert 'value="1.000"' in found_out.text  # the count as typed, read back
    assert half.status_code == 400 and "Isi dengan bilangan bulat." in half.text
    assert no_note.status_code == 400 and 'id="f-note"' in no_note.text
    assert await adjustments() == before and await stock.on_hand("31") == 5_000


async def test_the_entrant_undoes_a_mistaken_correction_once_with_the_reason(client):
    await given_stock("31", 5_000)
    staff = await given_user(Role.WAREHOUSE_STAFF, "31")
    token = await signed_in(client, staff)
    saved = await client.post("/regions/31/adjustments/new", data={**LOST, "csrf_token": token})
    movement_id = int(saved.headers["location"].rsplit("=", 1)[1])

    form = await client.get(f"/regions/31/adjustments/{movement_id}/undo")
    undone = await client.post(f"/regions/31/adjustments/{movement_id}/undo", data={
        "csrf_token": token, "reason": "dusnya ketemu di gudang belakang"})
    again = await client.post(f"/regions/31/adjustments/{movement_id}/undo", data={
        "csrf_token": token, "reason": "sekali lagi"})

    assert form.status_code == 200 and "-1.000" in form.text and "(Hilang)" in form.text
    assert undone.status_code == 303, undone.text
    assert await stock.on_hand("31") == 5_000
    assert (await adjustments())[-1] == {"quantity": 1_000, "reason": None,
                                         "note": "dusnya ketemu di gudang belakang"}
    assert await AuditEntry.count().where(AuditEntry.action == "reverse_movement") == 1
    assert again.status_code == 409 and "Isian ini sudah dibatalkan." in again.text
    listed = await client.get(undone.headers["location"])
    assert "Dibatalkan" in listed.text and 'data-undo="' not in listed.text


async def test_a_colleague_cannot_undo_it_and_the_page_undoes_only_adjustments(client):
    await given_stock("31", 5_000)
    await given_procurement(2_000)
    entrant = await given_user(Role.WAREHOUSE_STAFF, "31")
    colleague = await given_user(Role.WAREHOUSE_STAFF, "31")
    token = await signed_in(client, entrant)
    saved = await client.post("/regions/31/adjustments/new", data={**LOST, "csrf_token": token})
    movement_id = int(saved.headers["location"].rsplit("=", 1)[1])
    procurement = await StockMovement.select(StockMovement.id).where(
        StockMovement.kind == "procurement").first()

    token = await signed_in(client, colleague)
    page = await client.get("/regions/31/adjustments/new")
    refused = await client.post(f"/regions/31/adjustments/{movement_id}/undo", data={
        "csrf_token": token, "reason": "bukan punya saya"})
    await signed_in(client, await given_user(Role.ADMIN, "00"))
    not_an_adjustment = await client.get(f"/regions/00/adjustments/{procurement['id']}/undo")
    not_its_region = await client.get(f"/regions/32/adjustments/{movement_id}/undo")

    assert 'data-undo="' not in page.text
    assert refused.status_code == 403 and await stock.on_hand("31") == 4_000
    assert not_an_adjustment.status_code == 404 and not_its_region.status_code == 404
