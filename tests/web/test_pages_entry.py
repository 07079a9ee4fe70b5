"""Entry that cannot go wrong (issue 21, items 1–3) over HTTP, on both databases: counts as
people type them and shown back formatted, a spoiled count's cause, undoing a mistaken print
run or recording from its page, and refusals that read in Bahasa Indonesia."""

from __future__ import annotations

import re
from datetime import date

import pytest

from blanko_tracker.db import print_debt, stock
from blanko_tracker.db.tables import AuditEntry, PrintRun
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import CreateShipment, RecordRecordings
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import record_recordings
from blanko_tracker.services.shipments import create_shipment
from tests.builders import given_stock, given_user
from tests.web.pages import another_browser, signed_in

REGENCY = "31.71"  # Kota Administrasi Jakarta Pusat
DAY = "2026-11-20"


@pytest.fixture
async def operator(client):
    operator = await given_user(Role.PRINT_OPERATOR, REGENCY)
    await given_stock(REGENCY, 5_000)
    await record_recordings(REGENCY, RecordRecordings(date=date(2026, 11, 2), count=4_000),
                            actor=operator)
    return operator


def undo_links(html: str, kind: str) -> list[str]:
    return re.findall(rf'href="(/regions/{re.escape(REGENCY)}/{kind}/\d+/undo)"', html)


async def test_a_thousand_typed_the_indonesian_way_is_a_thousand_shown_back_formatted(
        client, operator):
    token = await signed_in(client, operator)
    saved = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "1.000", "spoiled": "0"},
        follow_redirects=True)

    assert saved.status_code == 200, saved.text
    assert "Dicetak 1.000, rusak 0." in saved.text
    assert re.search(r'<td class="num">1\.000</td>', saved.text)
    assert await stock.on_hand(REGENCY) == 4_000
    assert (await PrintRun.select(PrintRun.printed))[0]["printed"] == 1_000

    refused = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "5000", "spoiled": "0"})
    assert refused.status_code == 409
    assert 'value="5.000"' in refused.text  # what the server read, as people write it
    odd = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "1,5", "spoiled": "0"})
    assert odd.status_code == 400 and 'value="1,5"' in odd.text


async def test_every_count_field_is_typed_as_text_with_a_numeric_keyboard(client, operator):
    await signed_in(client, operator)
    for path, names in ((f"/regions/{REGENCY}/print-runs/new", ("printed", "spoiled")),
                        (f"/regions/{REGENCY}/recordings/new", ("count",))):
        html = (await client.get(path)).text
        for name in names:
            tag = re.search(rf'<input id="f-{name}"[^>]*>', html, re.S)
            assert tag, (path, name)
            assert 'type="text"' in tag.group(0) and 'inputmode="numeric"' in tag.group(0)


async def test_spoiled_blanks_without_their_cause_are_refused_in_indonesian(client, operator):
    token = await signed_in(client, operator)
    form = await client.get(f"/regions/{REGENCY}/print-runs/new")
    assert "wajib jika ada yang rusak" in form.text
    refused = await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "10", "spoiled": "2"})
    assert refused.status_code == 400
    assert "Blanko rusak wajib disertai alasannya." in refused.text
    assert re.search(r'id="f-spoiled_reason"[^>]*aria-invalid="true"', refused.text)
    assert await PrintRun.count() == 0


async def test_a_print_run_is_undone_from_its_page_by_its_entrant_not_a_colleague(
        client, database, operator):
    token = await signed_in(client, operator)
    await client.post(f"/regions/{REGENCY}/print-runs/new", data={
        "csrf_token": token, "date": DAY, "printed": "300", "spoiled": "2",
        "spoiled_reason": "print_failure"})
    assert await stock.on_hand(REGENCY) == 4_698
    colleague = await given_user(Role.PRINT_OPERATOR, REGENCY)
    async with another_browser(database) as other:
        other_token = await signed_in(other, colleague)
        theirs = await other.get(f"/regions/{REGENCY}/print-runs/new")
        assert undo_links(theirs.text, "print-runs") == []  # not theirs to undo
        mine = await client.get(f"/regions/{REGENCY}/print-runs/new")
        [link] = undo_links(mine.text, "print-runs")
        refused = await other.post(link, data={"csrf_token": other_token, "reason": "bukan"})
        assert refused.status_code == 403 and "tidak berwenang membatalkan" in refused.text

    form = await client.get(link)
    assert form.status_code == 200 and 'name="reason"' in form.text and "300" in form.text
    empty = await client.post(link, data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 400 and "$." not in empty.text
    undone = await client.post(link, data={"csrf_token": token, "reason": "salah ketik"},
                               follow_redirects=True)

    assert undone.status_code == 200 and "Isian dibatalkan" in undone.text
    assert "Dibatalkan" in undone.text and undo_links(undone.text, "print-runs") == []
    assert await stock.on_hand(REGENCY) == 5_000
    assert await stock.ledger_mismatches() == [] and await print_debt.latest_mismatches() == []
    audit = await AuditEntry.select().where(AuditEntry.action == "reverse_print_run")
    assert len(audit) == 1 and "salah ketik" in str(audit[0]["detail"])
    again = await client.post(link, data={"csrf_token": token, "reason": "lagi"})
    assert again.status_code == 409 and "Isian ini sudah dibatalkan." in again.text


async def test_recordings_are_undone_from_their_page_by_a_supervisor(client, operator):
    token = await signed_in(client, operator)
    await client.post(f"/regions/{REGENCY}/recordings/new", data={
        "csrf_token": token, "date": DAY, "count": "1.200", "kind": "new"})
    admin = await given_user(Role.ADMIN, "31")
    await client.post("/logout", data={"csrf_token": token})
    admin_token = await signed_in(client, admin)
    page = await client.get(f"/regions/{REGENCY}/recordings/new")
    assert "1.200" in page.text
    links = undo_links(page.text, "recordings")
    assert len(links) == 2  # the fixture's 4.000 and the 1.200, both undoable by an admin
    before = (await client.get(f"/api/v1/print-debt/{REGENCY}")).status_code
    undone = await client.post(links[0], data={"csrf_token": admin_token,
                                               "reason": "dobel input"}, follow_redirects=True)
    assert undone.status_code == 200 and "Isian dibatalkan" in undone.text, before
    assert re.search(r'data-figure="print_debt">4\.000<', undone.text)
    assert await print_debt.latest_mismatches() == []


# --- refusals read in Bahasa Indonesia -----------------------------------------------------

ENGLISH = re.compile(r"\b(Expected|is not|must be|exceeds|more than|outside your|may not|already|"
                     r"cannot|required field|No such)\b")


def assert_indonesian(html: str, *numbers: str) -> None:
    """A refusal page shows no English detail, no field path and no pattern; its numbers
    are written with dots."""
    problem = re.search(r'<article class="problem".*?</article>', html, re.S)
    assert problem, "no refusal on the page"
    text = problem.group(0)
    assert not ENGLISH.search(text), text
    assert "$." not in text and "^" not in text and "\\" not in text, text
    for number in numbers:
        assert number in text, (number, text)


async def test_each_forms_refusals_read_in_indonesian_with_formatted_numbers(client, operator):
    token = await signed_in(client, operator)
    base = f"/regions/{REGENCY}"
    print_refusals = [
        ({"printed": "9000", "spoiled": "0"}, ("5.000", "9.000")),
        ({"printed": "1,5", "spoiled": "0"}, ()),
        ({"printed": "0", "spoiled": "0"}, ()),
        ({"printed": "3", "spoiled": "1"}, ()),
        ({"printed": "1", "spoiled": "0", "spoiled_reason": "print_failure"}, ()),
        ({"printed": "-1", "spoiled": "0"}, ()),
    ]
    for fields, numbers in print_refusals:
        answer = await client.post(f"{base}/print-runs/new",
                                   data={"csrf_token": token, "date": DAY, **fields})
        assert answer.status_code >= 400, fields
        assert_indonesian(answer.text, *numbers)
    for fields in ({"count": "0"}, {"count": "1.2.3"}, {"count": "abc"},
                   {"count": "5", "date": "2999-01-01"}):
        answer = await client.post(f"{base}/recordings/new", data={
            "csrf_token": token, "date": DAY, "kind": "new", **fields})
        assert answer.status_code >= 400, fields
        assert_indonesian(answer.text)

    province = await given_user(Role.WAREHOUSE_STAFF, "31")
    staff = await given_user(Role.WAREHOUSE_STAFF, REGENCY)
    await given_stock("31", 10_000)
    shipment = await create_shipment(CreateShipment(
        source="31", destination=REGENCY, quantity=3_000, status="dispatched",
        expected_on=date(2026, 11, 21)), actor=province)
    await client.post("/logout", data={"csrf_token": token})
    token = await signed_in(client, staff)
    today = local_date(REGENCY, utcnow()).isoformat()
    answer = await client.post(f"/shipments/{shipment.id}/receive", data={
        "csrf_token": token, "received": "3050", "damaged": "10", "received_on": today})
    assert answer.status_code == 422
    assert_indonesian(answer.text, "3.050", "3.000")
    for fields in ({"region": REGENCY, "quantity": "0"}, {"region": "75", "quantity": "1234"},
                   {"region": REGENCY, "quantity": "1,5"}):
        answer = await client.post("/requests", data={"csrf_token": token, **fields})
        assert answer.status_code >= 400, fields
        assert_indonesian(answer.text)

    await client.post("/logout", data={"csrf_token": token})
    token = await signed_in(client, province)
    for fields, numbers in (
            ({"source": "31", "destination": REGENCY, "quantity": "20000"}, ("20.000",)),
            ({"source": "31", "destination": "75", "quantity": "10"}, ()),
            ({"source": "31", "destination": REGENCY, "quantity": "0"}, ())):
        answer = await client.post("/shipments/new", data={
            "csrf_token": token, "expected_on": "2026-12-01", "status": "dispatched",
            **fields})
        assert answer.status_code >= 400, fields
        assert_indonesian(answer.text, *numbers)
