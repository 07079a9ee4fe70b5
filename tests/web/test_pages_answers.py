"""Answers that say something (issue 21, items 5, 6 and 8): a repayment is a date range or
"not at this pace" with its reason, figures mean what their label says, and every date is
the office's day. Over the ASGI client, on both databases."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import CreateShipment, TakeDebtSnapshot
from blanko_tracker.services.alerts import alerts_of
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import take_debt_snapshot
from blanko_tracker.services.shipments import create_shipment, dispatch_shipment
from tests.builders import given_admin, given_stock, given_user
from tests.web.pages import signed_in
from tests.web.test_pages_scenario import chart_of, figure

REGENCY = "75.05"  # Gorontalo Utara (WITA)


async def given_debt(code: str, pending: int) -> None:
    admin = await given_admin()
    yesterday = local_date(code, utcnow()) - timedelta(days=1)
    await take_debt_snapshot(code, TakeDebtSnapshot(date=yesterday, pending=pending),
                             actor=admin)


def answer_of(html: str) -> str:
    found = re.search(r'<p id="repayment-answer">(.*?)</p>', html, re.S)
    assert found, "no repayment answer on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1))).strip()


async def test_a_debt_repaid_in_over_a_year_shows_its_dates_not_not_repaid(client):
    # No print history: the stated 100 cards a working day, so 30,000 take ~14 months.
    await given_debt(REGENCY, 30_000)
    await given_stock(REGENCY, 40_000)
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    page = await client.get(f"/regions/{REGENCY}")

    assert page.status_code == 200
    answer = answer_of(page.text)
    assert answer.startswith("Lunas antara") and "P50" in answer, answer
    assert "Belum lunas dalam horizon" not in page.text
    repaid = figure(page.text, "repaid_p50")
    assert re.fullmatch(r"\d{1,2} \w+ 202[78]", repaid), repaid
    # The debt's end, its daily trend and the notes, in Indonesian.
    assert figure(page.text, "end_debt") == "0"
    assert figure(page.text, "trend").startswith("-")
    assert "Belum cukup riwayat cetak" in page.text
    assert chart_of(page.text)["labels"]["debt_axis"] == "Kartu / blanko"
    assert chart_of(page.text)["labels"]["date"] == "Tanggal"  # the legend's first entry

    # The province's dashboard line says the same kind of answer.
    dashboard = await client.get("/")
    row = re.search(r'href="/regions/75.05".*?</tr>', dashboard.text, re.S)
    assert row and "Tidak akan lunas" not in row.group(0) and "202" in row.group(0)


async def test_without_blanks_the_answer_says_not_at_this_pace_and_why(client):
    await given_debt(REGENCY, 3_000)  # and no stock at all
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    page = await client.get(f"/regions/{REGENCY}")

    answer = answer_of(page.text)
    assert answer.startswith("Tidak akan lunas pada laju ini"), answer
    assert "blanko habis" in answer
    assert figure(page.text, "stockout_on") == "stok habis"  # not a future date
    assert "stok habis" in page.text


async def test_planned_is_not_in_transit_and_a_warehouse_shows_its_own_stock(client):
    await given_debt(REGENCY, 3_000)
    await given_stock("75", 2_000)
    await given_stock(REGENCY, 1_000)
    shipper = await given_user(Role.WAREHOUSE_STAFF, "00")
    await given_stock("00", 5_000)
    await create_shipment(CreateShipment(source="00", destination=REGENCY, quantity=500),
                          actor=shipper)
    sent = await create_shipment(CreateShipment(source="00", destination=REGENCY,
                                                quantity=300), actor=shipper)
    await dispatch_shipment(sent.id, actor=shipper)
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    regency = await client.get(f"/regions/{REGENCY}")
    province = await client.get("/regions/75")

    assert figure(regency.text, "incoming") == "300"
    assert figure(regency.text, "planned") == "500"
    assert "Direncanakan" in regency.text and "Dalam perjalanan" in regency.text
    assert figure(province.text, "on_hand") == "2.000"  # the province's own shelves
    assert figure(province.text, "on_hand_subtree") == "3.000"
    # 75.01 never reported its debt: no data, not "no debt".
    row = re.search(r'href="/regions/75.01".*?</tr>', province.text, re.S)
    assert row and "Belum ada data" in row.group(0) and "Tidak ada hutang" not in row.group(0)


async def test_a_planned_shipment_never_silences_a_stockout_alert(client):
    await given_debt(REGENCY, 3_000)
    await given_stock(REGENCY, 100)  # a day of printing
    shipper = await given_user(Role.WAREHOUSE_STAFF, "00")
    await given_stock("00", 10_000)
    today = local_date(REGENCY, utcnow())
    planned = await create_shipment(CreateShipment(
        source="00", destination=REGENCY, quantity=5_000,
        expected_on=today + timedelta(days=2)), actor=shipper)

    alerted = await alerts_of("75", today, utcnow())
    assert [(a.region, a.kind) for a in alerted] == [(REGENCY, "stockout_soon")]

    await dispatch_shipment(planned.id, actor=shipper)  # now the blanks are on the road
    assert not [a for a in await alerts_of("75", today, utcnow())
                if a.kind == "stockout_soon"]


async def test_a_papuan_office_sees_its_own_day_at_half_past_midnight(client, monkeypatch):
    # 15:30 UTC on 4 December is 00:30 WIT on 5 December in Jayapura (UTC+9).
    night = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    monkeypatch.setattr("blanko_tracker.web.pages.regions.utcnow", lambda: night)
    await signed_in(client, await given_user(Role.MINISTRY_OFFICER, "00"))

    papua = await client.get("/regions/91.03")
    jakarta = await client.get("/regions/31.71")

    assert "5 Desember 2026" in papua.text  # WIT's day
    assert "4 Desember 2026" in jakarta.text and "5 Desember 2026" not in jakarta.text
    assert chart_of(papua.text)["dates"][0] == "2026-12-06"  # the day after the office's today


async def test_the_what_if_page_compares_and_draws_both(client):
    await given_debt(REGENCY, 3_000)
    await given_stock(REGENCY, 1_000)
    await signed_in(client, await given_user(Role.PROVINCIAL_HEAD, "75"))

    what_if = await client.get(f"/regions/{REGENCY}/scenario", params={
        "daily_capacity": "200", "daily_inflow": "0", "spoilage_rate": "0",
        "extra_date": (local_date(REGENCY, utcnow()) + timedelta(days=3)).isoformat(),
        "extra_quantity": "2.000"})

    assert what_if.status_code == 200, what_if.text
    assert figure(what_if.text, "end_debt").startswith("0")
    assert figure(what_if.text, "days_of_stock") == "–"  # lasts the whole horizon
    chart = chart_of(what_if.text)
    assert len(chart["baseline"]) == len(chart["p50"])
    assert chart["labels"]["scenario"] == "Hutang cetak simulasi (P50)"
    assert "Belum lunas dalam horizon" not in what_if.text
