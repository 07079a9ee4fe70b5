"""A regency's printers over HTTP, on both databases: registered, broken and mended by its
own staff; and the forecast's printing capacity never above the active printers' sum."""

from __future__ import annotations

from datetime import date

import pytest

from blanko_tracker.db.tables import AuditEntry, Printer
from blanko_tracker.domain.access import Role
from tests.builders import as_user, given_stock, problem

REGENCY = "75.05"  # Gorontalo Utara


async def given_debt(client, pending: int = 3_000) -> dict[str, str]:
    """A regency owing `pending` cards with blanks enough and no print history (the
    default capacity, 100 cards a working day, applies)."""
    admin = await as_user(client, Role.ADMIN, "00")
    await given_stock(REGENCY, 50_000)
    answer = await client.post(f"/api/v1/print-debt/{REGENCY}/snapshots", headers=admin,
                               json={"date": date.today().isoformat(), "pending": pending})
    assert answer.status_code in (200, 201), answer.text
    return admin


async def forecast(client, headers) -> dict:
    answer = await client.get(f"/api/v1/forecast/{REGENCY}?horizon_days=365",
                              headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_the_regencys_operator_registers_a_printer_and_marks_it_broken(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)

    made = await client.post("/api/v1/printers", headers=operator, json={
        "region": REGENCY, "name": "Mesin 1 (Datacard)", "cards_per_day": 150})
    printer = made.json()
    broken = await client.post(f"/api/v1/printers/{printer['id']}/status", headers=operator,
                               json={"status": "broken"})
    listed = await client.get("/api/v1/printers", headers=operator)
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    seen_above = await client.get("/api/v1/printers?region=75", headers=head)

    assert made.status_code == 201, made.text
    assert {k: printer[k] for k in ("region", "name", "cards_per_day", "status")} == {
        "region": REGENCY, "name": "Mesin 1 (Datacard)", "cards_per_day": 150,
        "status": "active"}
    assert broken.status_code == 200 and broken.json()["status"] == "broken"
    assert listed.json()["total"] == 1 and listed.json()["items"][0]["status"] == "broken"
    assert [p["id"] for p in seen_above.json()["items"]] == [printer["id"]]
    audited = await AuditEntry.select(AuditEntry.action).where(
        AuditEntry.target == f"printer:{printer['id']}").order_by(AuditEntry.id)
    assert [row["action"] for row in audited] == ["register_printer", "change_printer_status"]


async def test_bad_printers_are_refused_and_write_nothing(client):
    operator = await as_user(client, Role.PRINT_OPERATOR, REGENCY)
    staff = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")

    zero = await client.post("/api/v1/printers", headers=operator, json={
        "region": REGENCY, "name": "Mesin", "cards_per_day": 0})
    nameless = await client.post("/api/v1/printers", headers=operator, json={
        "region": REGENCY, "name": "", "cards_per_day": 100})
    elsewhere = await client.post("/api/v1/printers", headers=operator, json={
        "region": "31.71", "name": "Mesin", "cards_per_day": 100})
    at_a_province = await client.post("/api/v1/printers", headers=staff, json={
        "region": "75", "name": "Mesin", "cards_per_day": 100})
    by_a_head = await client.post("/api/v1/printers", headers=head, json={
        "region": REGENCY, "name": "Mesin", "cards_per_day": 100})
    no_such = await client.post("/api/v1/printers/999999/status", headers=operator,
                                json={"status": "broken"})
    bad_status = await client.post("/api/v1/printers/1/status", headers=operator,
                                   json={"status": "stolen"})

    problem(zero, 400, "invalid_input")
    problem(nameless, 400, "invalid_input")
    problem(elsewhere, 403, "out_of_scope")
    assert problem(at_a_province, 400, "invalid_input")["errors"][0]["field"] == "region"
    problem(by_a_head, 403, "not_permitted")
    problem(no_such, 404, "not_found")
    problem(bad_status, 400, "invalid_input")
    assert await Printer.count() == 0


async def test_the_active_printers_bound_the_forecasts_capacity(client):
    admin = await given_debt(client)
    before = await forecast(client, admin)

    made = (await client.post("/api/v1/printers", headers=admin, json={
        "region": REGENCY, "name": "Mesin tua", "cards_per_day": 40})).json()
    bounded = await forecast(client, admin)
    await client.post(f"/api/v1/printers/{made['id']}/status", headers=admin,
                      json={"status": "broken"})
    idle = await forecast(client, admin)

    assert before["daily_capacity"] == 100  # the default: no print history
    assert bounded["daily_capacity"] == 40
    assert bounded["repaid_on"]["p50"] > before["repaid_on"]["p50"]
    assert any("active printers: 40 cards" in note for note in bounded["notes"])
    assert idle["daily_capacity"] == 0 and idle["repaid_on"]["p50"] is None


async def test_a_second_printer_roughly_halves_the_time_to_repay(client):
    admin = await given_debt(client)
    await client.post("/api/v1/printers", headers=admin, json={
        "region": REGENCY, "name": "Mesin 1", "cards_per_day": 60})
    today = date.today()

    def days(body: dict) -> int:
        return (date.fromisoformat(body["repaid_on"]["p50"]) - today).days

    one = (await client.post(f"/api/v1/forecast/{REGENCY}/scenario", headers=admin,
                             json={"horizon_days": 730})).json()
    two = (await client.post(f"/api/v1/forecast/{REGENCY}/scenario", headers=admin,
                             json={"horizon_days": 730,
                                   "extra_printers": [{"cards_per_day": 60}]})).json()

    # A day prints at most the rating: the default 100 ± 20 clipped at 60 is just under 60.
    assert 59.5 <= one["daily_capacity"] <= 60 and two["daily_capacity"] == pytest.approx(
        2 * one["daily_capacity"], rel=0.01)
    assert 0.4 < days(two) / days(one) < 0.6, (days(one), days(two))
