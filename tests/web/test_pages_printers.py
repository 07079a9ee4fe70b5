"""A regency's printers on the page, on both databases: registered and marked broken by its
print operator, shown on the region page; bad entries refused in Indonesian."""

from __future__ import annotations

from blanko_tracker.db.tables import Printer
from blanko_tracker.domain.access import Role
from tests.builders import given_user
from tests.web.pages import signed_in

REGENCY = "75.05"


async def test_an_operator_registers_a_printer_and_marks_it_broken(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, REGENCY))

    region = await client.get(f"/regions/{REGENCY}")
    registered = await client.post(f"/regions/{REGENCY}/printers", data={
        "csrf_token": token, "name": "Mesin 1 (Datacard)", "cards_per_day": "1.200"})
    listed = await client.get(registered.headers["location"])
    printer = (await Printer.select(Printer.id, Printer.cards_per_day).first())
    broken = await client.post(f"/regions/{REGENCY}/printers/{printer['id']}/status",
                               data={"csrf_token": token, "status": "broken"})
    region_after = await client.get(f"/regions/{REGENCY}")

    assert f'href="/regions/{REGENCY}/printers"' in region.text
    assert registered.status_code == 303, registered.text
    assert printer["cards_per_day"] == 1_200
    assert "Mesin cetak terdaftar." in listed.text and 'data-figure="rated">1.200<' in listed.text
    assert broken.status_code == 303
    assert await Printer.select(Printer.status).first() == {"status": "broken"}
    assert "Mesin 1 (Datacard) · 1.200 kartu/hari kerja · Rusak" in region_after.text


async def test_a_bad_printer_is_refused_in_indonesian_and_writes_nothing(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, REGENCY))

    zero = await client.post(f"/regions/{REGENCY}/printers", data={
        "csrf_token": token, "name": "Mesin", "cards_per_day": "0"})
    elsewhere = await client.post("/regions/31.71/printers", data={
        "csrf_token": token, "name": "Mesin", "cards_per_day": "100"})

    assert zero.status_code == 400 and 'class="problem"' in zero.text
    assert "Isian ini minimal 1." in zero.text
    assert 'value="Mesin"' in zero.text
    assert elsewhere.status_code == 403
    assert await Printer.count() == 0
