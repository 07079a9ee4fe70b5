"""Destruction minutes (*berita acara pemusnahan*) over HTTP, on both databases: spoiled
blanks of print runs and old cards surrendered by residents await destruction at their
regency; a minute needs two witnesses, destroys no more than awaits (422, nothing written),
is numbered in sequence per regency and year even when written at once, and reads back as
an A4 PDF in Bahasa Indonesia; spoiled cards waiting more than 30 days raise an alert."""

from __future__ import annotations

import asyncio
import re
import subprocess
from datetime import timedelta

from blanko_tracker.db import stock
from blanko_tracker.db.tables import AuditEntry, Destruction, Surrender
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.services.common import utcnow
from tests.builders import as_user, given_stock, problem

REGENCY, SIBLING = "75.05", "75.01"  # Gorontalo Utara, Boalemo
TODAY = local_date(REGENCY, utcnow())
WITNESSES = ["Siti Rahmawati", "Budi Santoso"]


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


async def spoil(client, headers, count: int, reason: str, on: str, code=REGENCY) -> None:
    answer = await client.post("/api/v1/print-runs", headers=headers, json={
        "region": code, "date": on, "printed": 0, "spoiled": count, "spoiled_reason": reason})
    assert answer.status_code == 201, answer.text


async def surrender(client, headers, count: int, on: str | None = None, code=REGENCY):
    return await client.post("/api/v1/surrenders", headers=headers, json={
        "region": code, "count": count, **({"date": on} if on else {})})


async def destroy(client, headers, code=REGENCY, **body):
    return await client.post("/api/v1/destructions", headers=headers, json={
        "region": code, "date": TODAY.isoformat(), "witnesses": WITNESSES, **body})


async def awaiting(client, headers, code=REGENCY) -> dict:
    answer = await client.get(f"/api/v1/destructions/awaiting/{code}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_spoiled_and_surrendered_cards_await_and_a_minute_destroys_the_oldest_first(
        client):
    await given_stock(REGENCY, 100)
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    await spoil(client, operator, 4, "encode_failure", ago(40))
    await spoil(client, operator, 3, "print_failure", ago(10))
    surrendered = await surrender(client, operator, 5, ago(5))
    before = await awaiting(client, staff)

    minute = await destroy(client, staff, spoiled=6, surrendered=2, note="dibakar")
    after = await awaiting(client, staff)

    assert surrendered.status_code == 201, surrendered.text
    assert before == {"region": REGENCY, "spoiled": 7, "surrendered": 5, "oldest_on": ago(40),
                      "spoiled_by_reason": {"encode_failure": 4, "print_failure": 3}}
    assert minute.status_code == 201, minute.text
    body = minute.json()
    assert body["number"] == f"BA-PMS/{REGENCY}/{TODAY.year}/001"
    assert body["spoiled_by_reason"] == {"encode_failure": 4, "print_failure": 2}
    assert (body["spoiled"], body["surrendered"], body["witnesses"]) == (6, 2, WITNESSES)
    assert after == {"region": REGENCY, "spoiled": 1, "surrendered": 3, "oldest_on": ago(10),
                     "spoiled_by_reason": {"print_failure": 1}}
    # Destruction is custody of cards already off the stock card: on-hand is untouched.
    assert await stock.on_hand(REGENCY) == 93
    assert await stock.ledger_mismatches() == []
    audited = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.action.is_in(["record_surrender", "record_destruction"]))
    assert len(audited) == 2


async def test_destroying_more_than_awaits_is_refused_and_writes_nothing(client):
    await given_stock(REGENCY, 10)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    await spoil(client, await as_user(client, Role.PRINT_OPERATOR, REGENCY), 2,
                "physical_damage", ago(3))
    await surrender(client, staff, 1)
    audit_before = await AuditEntry.count()

    too_many_spoiled = await destroy(client, staff, spoiled=3)
    too_many_surrendered = await destroy(client, staff, surrendered=2)
    nothing = await destroy(client, staff)
    one_witness = await destroy(client, staff, spoiled=1, witnesses=["Siti"])
    same_witness_twice = await destroy(client, staff, spoiled=1, witnesses=["Siti", " siti "])
    long_name = await destroy(client, staff, spoiled=1, witnesses=["x" * 101, "Budi"])
    crowd = await destroy(client, staff, spoiled=1, witnesses=[f"Saksi {n}" for n in range(21)])
    negative = await destroy(client, staff, spoiled=-1)
    elsewhere = await destroy(client, staff, code=SIBLING, spoiled=1)

    refused = problem(too_many_spoiled, 422, "destruction_over_awaiting")
    assert (refused["pile"], refused["awaiting"], refused["asked"]) == ("spoiled", 2, 3)
    assert problem(too_many_surrendered, 422, "destruction_over_awaiting")["pile"] == \
        "surrendered"
    assert problem(nothing, 400, "invalid_input")["errors"][0]["field"] == "spoiled"
    for answer in (one_witness, long_name, crowd, negative):
        assert problem(answer, 400, "invalid_input")["errors"], answer.text
    assert problem(same_witness_twice, 400, "invalid_input")["errors"] == [
        {"field": "witnesses", "message": "each witness signs once: the names must differ"}]
    problem(elsewhere, 403, "out_of_scope")
    assert await Destruction.count() == 0
    assert await AuditEntry.count() == audit_before
    assert (await awaiting(client, staff))["spoiled"] == 2


async def test_roles_who_may_record_surrenders_and_minutes(client):
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    provincial_staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")

    problem(await surrender(client, head, 1), 403, "not_permitted")
    problem(await surrender(client, officer, 1), 403, "not_permitted")
    problem(await surrender(client, operator, 1, code=SIBLING), 403, "out_of_scope")
    assert (await surrender(client, operator, 1)).status_code == 201
    # the province's warehouse keeps its regencies' cards in scope, but only a regency
    # holds cards awaiting destruction
    on_province = await surrender(client, provincial_staff, 1, code="75")
    assert "regency" in problem(on_province, 400, "invalid_input")["detail"]
    assert await Surrender.count() == 1


async def test_minutes_written_at_once_get_distinct_numbers_in_sequence(client):
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    await surrender(client, staff, 30)

    answers = await asyncio.gather(*[destroy(client, staff, surrendered=3)
                                     for _ in range(12)])

    codes = [(a.status_code, a.json().get("code")) for a in answers]
    assert codes.count((201, None)) == 10
    assert codes.count((422, "destruction_over_awaiting")) == 2
    numbers = sorted(a.json()["number"] for a in answers if a.status_code == 201)
    assert numbers == [f"BA-PMS/{REGENCY}/{TODAY.year}/{n:03d}" for n in range(1, 11)]
    assert (await awaiting(client, staff))["surrendered"] == 0


async def test_the_minute_reads_back_as_an_indonesian_a4_pdf(client, tmp_path):
    await given_stock(REGENCY, 50)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    await spoil(client, operator, 4, "encode_failure", ago(3))
    await spoil(client, operator, 2, "print_failure", ago(2))
    await surrender(client, staff, 1200)
    made = (await destroy(client, staff, spoiled=6, surrendered=1200,
                          witnesses=["Siti Rahmawati", "Budi Santoso", "Yusuf Habibie"])).json()

    answer = await client.get(f"/api/v1/destructions/{made['id']}", headers=staff,
                              params={"format": "pdf"})
    as_json = await client.get(f"/api/v1/destructions/{made['id']}", headers=staff)
    listed = await client.get("/api/v1/destructions", headers=staff,
                              params={"region": REGENCY})

    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    path = tmp_path / "minute.pdf"
    path.write_bytes(answer.content)
    text = (await asyncio.to_thread(
        subprocess.run, ["pdftotext", "-layout", str(path), "-"], capture_output=True,
        text=True, check=True)).stdout
    info = (await asyncio.to_thread(
        subprocess.run, ["pdfinfo", str(path)], capture_output=True, text=True,
        check=True)).stdout
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info  # A4 portrait
    assert "BERITA ACARA PEMUSNAHAN" in text.upper()
    assert f"BA-PMS/{REGENCY}/{TODAY.year}/001" in text
    assert "Gorontalo Utara" in text
    assert re.search(r"Gagal tulis chip\s+4", text) and re.search(r"Gagal cetak\s+2", text)
    assert re.search(r"KTP-el lama yang diserahkan penduduk\s+1\.200", text)
    assert re.search(r"Jumlah\s+1\.206", text)
    for name in ("Siti Rahmawati", "Budi Santoso", "Yusuf Habibie"):
        assert name in text
    assert text.count("............") >= 4  # a signature line per witness, and the head's
    assert re.search(r"Gorontalo Utara, \d{1,2} \w+ 20\d\d", text), text
    assert "encode_failure" not in text
    assert as_json.json() == made
    assert listed.status_code == 200, listed.text
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["id"] == made["id"]


async def test_a_minute_outside_ones_scope_is_refused_and_an_unknown_one_is_404(client):
    staff = await as_user(client, Role.WAREHOUSE_STAFF, REGENCY)
    await surrender(client, staff, 2)
    made = (await destroy(client, staff, surrendered=2)).json()
    neighbour = await as_user(client, Role.WAREHOUSE_STAFF, SIBLING)

    problem(await client.get(f"/api/v1/destructions/{made['id']}", headers=neighbour),
            403, "out_of_scope")
    problem(await client.get("/api/v1/destructions/999999", headers=staff), 404, "not_found")
    problem(await client.get(f"/api/v1/destructions/awaiting/{REGENCY}", headers=neighbour),
            403, "out_of_scope")


async def test_spoiled_cards_waiting_more_than_30_days_raise_destruction_overdue(client):
    await given_stock(REGENCY, 20)
    await given_stock(SIBLING, 20)
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    sibling_operator = await as_user(client, Role.PRINT_OPERATOR, SIBLING)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    await spoil(client, operator, 3, "data_change", ago(45))
    await spoil(client, sibling_operator, 3, "data_change", ago(20), code=SIBLING)

    before = (await client.get("/api/v1/alerts", headers=head,
                               params={"region": "75"})).json()["items"]
    await destroy(client, operator, spoiled=3)
    after = (await client.get("/api/v1/alerts", headers=head,
                              params={"region": "75"})).json()["items"]

    overdue = [a for a in before if a["kind"] == "destruction_overdue"]
    assert [a["region"] for a in overdue] == [REGENCY]
    assert "3 spoiled cards" in overdue[0]["detail"] and ago(45) in overdue[0]["detail"]
    assert [a for a in after if a["kind"] == "destruction_overdue"] == []
