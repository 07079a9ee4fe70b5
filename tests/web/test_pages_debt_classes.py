"""The debt's classes on the pages, on both databases: recordings of every class, a print run
by class typed the Indonesian way, a split that does not add up refused in Bahasa Indonesia,
and the region page's debt by class."""

from __future__ import annotations

import re
from datetime import date

import pytest

from blanko_tracker.db import stock
from blanko_tracker.db.tables import PrintRun
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.print_debt import DebtClass
from blanko_tracker.schemas import RecordRecordings
from blanko_tracker.services.printing import record_recordings
from tests.builders import given_stock, given_user
from tests.web.pages import signed_in

REGENCY = "31.71"  # Kota Administrasi Jakarta Pusat
DAY = "2026-11-20"


@pytest.fixture
async def operator(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    await given_stock(REGENCY, 5_000)
    for kind, count in ((DebtClass.NEW, 1_200), (DebtClass.DISASTER, 300),
                        (DebtClass.REPLACEMENT, 2_000)):
        await record_recordings(REGENCY, RecordRecordings(date=date(2026, 11, 2), count=count,
                                                          kind=kind), actor=operator)
    return operator


def shown(html: str, cls: str) -> str:
    found = re.search(rf'data-class="{cls}">([^<]*)<', html)
    assert found, cls
    return found.group(1)


async def test_the_operator_records_each_class_and_sees_the_debt_by_class(client, operator):
    token = await signed_in(client, operator)
    form = await client.get(f"/regions/{REGENCY}/recordings/new")
    for label in ("Korban bencana", "Pindah datang", "Perubahan data"):
        assert label in form.text
    saved = await client.post(f"/regions/{REGENCY}/recordings/new", data={
        "csrf_token": token, "date": DAY, "count": "1.500", "kind": "moved"},
        follow_redirects=True)

    assert saved.status_code == 200, saved.text
    assert "Hutang cetak per kelas" in saved.text
    assert shown(saved.text, "moved") == "1.500"
    assert shown(saved.text, "new") == "1.200"


async def test_a_print_run_by_class_repays_the_classes_it_names(client, operator):
    token = await signed_in(client, operator)
    saved = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "1.100", "spoiled": "0",
        "class_replacement": "1.000", "class_disaster": "100"}, follow_redirects=True)

    assert saved.status_code == 200, saved.text
    assert shown(saved.text, "replacement") == "1.000"
    assert shown(saved.text, "disaster") == "200"
    assert shown(saved.text, "new") == "1.200"


async def test_a_print_run_without_classes_repays_in_the_priority_order(client, operator):
    token = await signed_in(client, operator)
    saved = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "1.400", "spoiled": "0"},
        follow_redirects=True)

    assert saved.status_code == 200, saved.text
    assert (shown(saved.text, "new"), shown(saved.text, "disaster"),
            shown(saved.text, "replacement")) == ("0", "100", "2.000")


async def test_classes_that_do_not_add_up_are_refused_in_indonesian(client, operator):
    token = await signed_in(client, operator)
    refused = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "50", "spoiled": "0",
        "class_new": "40"})

    assert refused.status_code == 400
    assert "Jumlah per kelas 40, tidak sama dengan 50." in refused.text
    assert re.search(r"<details open>", refused.text)
    assert 'value="40"' in refused.text
    assert await PrintRun.count() == 0 and await stock.on_hand(REGENCY) == 5_000


async def test_the_region_page_shows_the_debt_by_class(client, operator):
    await signed_in(client, operator)
    region = await client.get(f"/regions/{REGENCY}")
    assert region.status_code == 200
    assert "Hutang cetak per kelas" in region.text
    assert shown(region.text, "replacement") == "2.000"
    assert shown(region.text, "disaster") == "300"
