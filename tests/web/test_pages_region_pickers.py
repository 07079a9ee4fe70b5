"""Region pickers take names: a name, a name with its code as the list offers it, or a code;
a name that fits no region or several is refused in Indonesian and writes nothing."""

from __future__ import annotations

from blanko_tracker.db.tables import AppUser, Shipment, StockRequest
from blanko_tracker.domain.access import Role
from tests.builders import given_user
from tests.web.pages import signed_in


async def test_a_transfer_is_planned_by_the_regions_names(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))

    form = await client.get("/shipments/new")
    planned = await client.post("/shipments/new", data={
        "csrf_token": token, "source": "Daerah Khusus Ibukota Jakarta (31)",
        "destination": "  jakarta   PUSAT ", "quantity": "2.500", "status": "planned"})

    # The list offers the caller's own region, the one above and the regencies below.
    assert '<option value="Kota Administrasi Jakarta Pusat (31.71)">' in form.text
    assert '<option value="Daerah Khusus Ibukota Jakarta (31)">' in form.text
    assert 'value="Daerah Khusus Ibukota Jakarta (31)"' in form.text  # the source's default
    assert planned.status_code == 303, planned.text
    rows = await Shipment.select(Shipment.source, Shipment.destination, Shipment.quantity)
    assert rows == [{"source": "31", "destination": "31.71", "quantity": 2500}]


async def test_a_name_that_fits_several_regions_lists_them_and_writes_nothing(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "32"))

    refused = await client.post("/shipments/new", data={
        "csrf_token": token, "source": "32", "destination": "Bandung", "quantity": "300"})

    assert refused.status_code == 400
    assert ("“Bandung” cocok dengan 3 wilayah: Kabupaten Bandung (32.04), "
            "Kabupaten Bandung Barat (32.17), Kota Bandung (32.73). Pilih salah satu dari "
            "daftar.") in refused.text
    assert 'value="Bandung"' in refused.text and 'aria-invalid="true"' in refused.text
    assert await Shipment.count() == 0


async def test_a_name_that_fits_no_region_is_refused_in_indonesian(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31.71"))

    refused = await client.post("/requests", data={
        "csrf_token": token, "region": "Atlantis", "quantity": "500", "supplier": "00"})
    too_long = await client.post("/requests", data={
        "csrf_token": token, "region": "Jakarta " * 40, "quantity": "500", "supplier": "00"})

    assert refused.status_code == 400
    assert "Tidak ada wilayah bernama “Atlantis”." in refused.text
    assert too_long.status_code == 400 and "Tidak ada wilayah bernama" in too_long.text
    assert "region:" not in refused.text and "no region is called" not in refused.text
    assert await StockRequest.count() == 0


async def test_a_request_names_its_region_and_its_supplier(client):
    token = await signed_in(client, await given_user(Role.WAREHOUSE_STAFF, "31.71"))

    form = await client.get("/requests")
    raised = await client.post("/requests", data={
        "csrf_token": token, "region": "Kota Administrasi Jakarta Pusat",
        "quantity": "1.000", "supplier": "daerah khusus ibukota jakarta"})

    assert 'value="Kota Administrasi Jakarta Pusat (31.71)"' in form.text
    assert raised.status_code == 303, raised.text
    rows = await StockRequest.select(StockRequest.region, StockRequest.supplier,
                                     StockRequest.quantity)
    assert rows == [{"region": "31.71", "supplier": "31", "quantity": 1000}]


async def test_the_report_is_found_by_name_and_downloads_by_code(client):
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "31"))

    report = await client.get("/reports", params={"region": "Jakarta Utara",
                                                  "month": "2026-11"})

    assert report.status_code == 200
    assert 'value="Jakarta Utara"' in report.text  # what was typed stays in the field
    assert 'href="/reports/monthly/31.72/download?month=2026-11&amp;format=xlsx"' in report.text
    assert 'href="/reports/monthly/31.72/download?month=2026-11&amp;format=pdf"' in report.text


async def test_a_named_region_outside_the_callers_scope_is_refused_as_a_code_is(client):
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "31"))

    by_name = await client.get("/reports", params={"region": "Kota Bandung",
                                                   "month": "2026-11"})

    assert by_name.status_code == 403 and 'id="report-rows"' not in by_name.text


async def test_an_admin_places_a_new_user_by_the_regencys_name(client):
    token = await signed_in(client, await given_user(Role.ADMIN, "31"))

    created = await client.post("/users", data={
        "csrf_token": token, "username": "operator.utara", "role": "print_operator",
        "region": "Kota Administrasi Jakarta Utara (31.72)",
        "password": "a-long-enough-password"})

    assert created.status_code == 303, created.text
    row = await AppUser.select(AppUser.region).where(AppUser.username == "operator.utara").first()
    assert row == {"region": "31.72"}

