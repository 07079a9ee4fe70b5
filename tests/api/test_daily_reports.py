"""The daily report up the chain (issue 24 item 1), on both databases: a regency confirms its
day with the ledger's figures (never typed), gets them as a WhatsApp-ready text, reports the
day again to replace it; the province sees who reported and who did not, and an alert names
a regency silent two working days."""

from __future__ import annotations

from datetime import timedelta

from blanko_tracker.db.tables import DailyReport
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.daily_reports import last_working_days
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services.common import utcnow
from tests.api.test_printing import print_run, record
from tests.builders import as_user, given_stock, problem

REGENCY, SIBLING, PROVINCE = "75.05", "75.01", "75"


async def report(client, headers, **body):
    return await client.post("/api/v1/daily-reports", headers=headers,
                             json={"region": REGENCY, **body})


async def test_the_day_is_the_ledgers_and_its_text_says_the_same(client):
    await given_stock(REGENCY, 5_000)
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    today = local_date(REGENCY, utcnow()).isoformat()
    await record(client, operator, REGENCY, today, 1_200)
    assert (await print_run(client, operator, REGENCY, today, 300, 4,
                            "print_failure")).status_code == 201
    await client.post(f"/api/v1/suket/{REGENCY}", headers=operator,
                      json={"date": today, "issued": 25})
    await client.post("/api/v1/printers", headers=operator,
                      json={"region": REGENCY, "name": "Mesin 1", "cards_per_day": 150})

    answer = await report(client, operator, note="Listrik padam pukul 10.00")

    assert answer.status_code == 201, answer.text
    day = answer.json()
    assert (day["on_hand"], day["printed"], day["spoiled"], day["recorded"],
            day["print_debt"], day["suket_outstanding"], day["printers_active"]) == (
        4_696, 300, 4, 1_200, 900, 25, 1)
    assert day["date"] == today and day["days_of_cover"] > 0
    text = day["text"]
    assert len(text) <= 1_000
    for written in ("Stok blanko: 4.696 keping", "Dicetak: 300 · Rusak: 4",
                    "Hutang cetak: 900", "Suket beredar: 25", "Mesin cetak aktif: 1",
                    "Kabupaten Gorontalo Utara (75.05)", "Listrik padam pukul 10.00"):
        assert written in text, text


async def test_reporting_the_day_again_replaces_it(client):
    await given_stock(REGENCY, 1_000)
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    today = local_date(REGENCY, utcnow()).isoformat()
    first = (await report(client, operator)).json()
    await print_run(client, operator, REGENCY, today, 100)
    again = (await report(client, operator, note="koreksi")).json()

    assert (first["on_hand"], again["on_hand"]) == (1_000, 900)
    assert await DailyReport.count() == 1


async def test_a_long_note_is_cut_so_the_text_stays_within_a_thousand(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    answer = await report(client, operator, note="x" * 500)
    assert answer.status_code == 201
    assert len(answer.json()["text"]) <= 1_000
    assert answer.json()["note"] == "x" * 500  # kept whole in the report itself


async def test_bad_reports_are_refused_and_write_nothing(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    head = await as_user(client, Role.PROVINCIAL_HEAD, PROVINCE)
    tomorrow = (local_date(REGENCY, utcnow()) + timedelta(days=2)).isoformat()

    problem(await report(client, operator, date=tomorrow), 400, "invalid_input")
    problem(await report(client, operator, note="y" * 501), 400, "invalid_input")
    problem(await client.post("/api/v1/daily-reports", headers=operator,
                              json={"region": PROVINCE}), 403, "out_of_scope")
    problem(await report(client, head), 403, "not_permitted")
    problem(await client.post("/api/v1/daily-reports", headers=operator,
                              json={"region": SIBLING}), 403, "out_of_scope")
    problem(await client.post("/api/v1/daily-reports", json={"region": REGENCY}), 401,
            "not_authenticated")
    assert await DailyReport.count() == 0


async def test_the_province_sees_who_reported_and_who_did_not(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    head = await as_user(client, Role.PROVINCIAL_HEAD, PROVINCE)
    await report(client, operator)

    call = (await client.get("/api/v1/daily-reports", headers=head,
                             params={"parent": PROVINCE})).json()

    assert [r["region"] for r in call["reported"]] == [REGENCY]
    missing = {m["region"]: m["name"] for m in call["missing"]}
    assert SIBLING in missing and REGENCY not in missing and len(missing) == 5
    foreign = await client.get("/api/v1/daily-reports", headers=head, params={"parent": "31"})
    problem(foreign, 403, "out_of_scope")


async def test_a_regency_silent_two_working_days_is_named_in_the_alerts(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    head = await as_user(client, Role.PROVINCIAL_HEAD, PROVINCE)
    today = local_date(REGENCY, utcnow())
    long_ago = last_working_days(today, 3)[-1]  # three working days back
    assert (await report(client, operator, date=long_ago.isoformat())).status_code == 201

    alerts = (await client.get("/api/v1/alerts", headers=head,
                               params={"region": PROVINCE})).json()["items"]
    silent = [a for a in alerts if a["kind"] == "daily_report_missing"]
    assert [a["region"] for a in silent] == [REGENCY]

    await report(client, operator, date=last_working_days(today, 1)[0].isoformat())
    alerts = (await client.get("/api/v1/alerts", headers=head,
                               params={"region": PROVINCE})).json()["items"]
    assert not [a for a in alerts if a["kind"] == "daily_report_missing"]
