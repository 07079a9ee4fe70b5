"""The suket register on the pages, on both databases: the print operator enters the day's
suket from the dashboard, sees what is outstanding and expiring, and a bad entry is refused
in Indonesian with nothing written."""

from __future__ import annotations

from datetime import timedelta

from blanko_tracker.db.tables import SuketEntry
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services.common import utcnow
from tests.builders import given_user
from tests.web.pages import signed_in

REGENCY = "75.05"


async def test_an_operator_enters_the_days_suket_from_the_dashboard(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, REGENCY))
    today = local_date(REGENCY, utcnow())
    old = (today - timedelta(days=170)).isoformat()

    dashboard = await client.get("/")
    issued = await client.post(f"/regions/{REGENCY}/suket", data={
        "csrf_token": token, "date": old, "issued": "1.250"})
    redeemed = await client.post(f"/regions/{REGENCY}/suket", data={
        "csrf_token": token, "date": today.isoformat(), "issued": "3", "redeemed": "250",
        "renewed": ""})
    shown = await client.get(redeemed.headers["location"])
    dashboard_after = await client.get("/")

    assert 'action="/regions/75.05/suket"' in dashboard.text and "Suket hari ini" in dashboard.text
    assert issued.status_code == 303, issued.text
    assert redeemed.status_code == 303, redeemed.text
    assert "Suket tersimpan." in shown.text
    assert 'data-figure="suket_outstanding">1.003<' in shown.text
    assert 'data-figure="suket_expiring">1.000<' in shown.text  # the 170-day-old ones
    assert 'data-figure="suket_outstanding">1.003<' in dashboard_after.text
    rows = await SuketEntry.select(SuketEntry.issued, SuketEntry.redeemed,
                                   SuketEntry.renewed).order_by(SuketEntry.id)
    assert rows == [{"issued": 1_250, "redeemed": 0, "renewed": 0},
                    {"issued": 3, "redeemed": 250, "renewed": 0}]


async def test_a_bad_suket_entry_is_refused_in_indonesian_and_writes_nothing(client):
    token = await signed_in(client, await given_user(Role.PRINT_OPERATOR, REGENCY))
    today = local_date(REGENCY, utcnow()).isoformat()

    nothing = await client.post(f"/regions/{REGENCY}/suket", data={
        "csrf_token": token, "date": today, "issued": "0"})
    too_many = await client.post(f"/regions/{REGENCY}/suket", data={
        "csrf_token": token, "date": today, "redeemed": "5"})
    negative = await client.post(f"/regions/{REGENCY}/suket", data={
        "csrf_token": token, "date": today, "issued": "-2"})
    forged = await client.post(f"/regions/{REGENCY}/suket", data={
        "csrf_token": "forged", "date": today, "issued": "2"})
    elsewhere = await client.post("/regions/31.71/suket", data={
        "csrf_token": token, "date": today, "issued": "2"})

    assert nothing.status_code == 400 and "Isi paling tidak satu angka suket di atas 0." in (
        nothing.text)
    assert too_many.status_code == 422
    assert "suket yang beredar di 75.05 tinggal 0; yang ditebus 5." in too_many.text
    assert 'value="5"' in too_many.text
    assert negative.status_code == 400 and 'class="problem"' in negative.text
    assert forged.status_code == 403
    assert elsewhere.status_code == 403
    assert await SuketEntry.count() == 0
