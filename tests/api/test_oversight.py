"""The audit trail and the alerts of the day, within the caller's scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from blanko_tracker.db.tables import StockRequest
from blanko_tracker.domain.access import Role
from tests.builders import as_user, problem


async def test_every_write_is_in_the_audit_trail_newest_first_within_scope(client):
    admin = await as_user(client, Role.ADMIN, "00")
    jakarta = await as_user(client, Role.WAREHOUSE_STAFF, "31")
    gorontalo = await as_user(client, Role.WAREHOUSE_STAFF, "75")
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "31.71", "quantity": 10, "reason": "found", "note": "box"})
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75.05", "quantity": 4, "reason": "found", "note": "box"})
    await client.post("/api/v1/requests", headers=jakarta, json={"region": "31",
                                                                 "quantity": 500})

    seen_by_jakarta = (await client.get("/api/v1/audit", headers=jakarta)).json()
    seen_by_admin = (await client.get("/api/v1/audit?region=75", headers=admin)).json()
    requests_only = (await client.get(
        f"/api/v1/audit?actor={seen_by_jakarta['items'][0]['actor']}", headers=admin)).json()

    actions = [(e["action"], e["region"]) for e in seen_by_jakarta["items"]]
    assert actions == [("raise_request", "31"), ("adjust_stock", "31.71"),
                       ("create_user", "31")]  # the staff member's own account
    assert seen_by_jakarta["items"][1]["detail"] == {"quantity": 10, "reason": "found",
                                                     "note": "box"}
    assert [e["action"] for e in seen_by_admin["items"]] == ["adjust_stock", "create_user"]
    assert requests_only["total"] == 1
    problem(await client.get("/api/v1/audit?region=31", headers=gorontalo), 403, "out_of_scope")


async def test_alerts_name_overdue_shipments_waiting_requests_and_coming_stockouts(client):
    admin = await as_user(client, Role.ADMIN, "00")
    today = date.today()
    await client.post("/api/v1/procurements", headers=admin, json={"quantity": 1_000})
    late = (await client.post("/api/v1/shipments", headers=admin, json={
        "destination": "75", "quantity": 300, "status": "dispatched",
        "dispatched_on": (today - timedelta(days=10)).isoformat(),
        "expected_on": (today - timedelta(days=5)).isoformat()})).json()
    await client.post("/api/v1/shipments", headers=admin, json={
        "destination": "31", "quantity": 300, "status": "dispatched",
        "expected_on": (today - timedelta(days=1)).isoformat()})  # late, not yet overdue
    request = (await client.post("/api/v1/requests", headers=admin, json={
        "region": "75.05", "quantity": 900})).json()
    await StockRequest.update({StockRequest.created_at: StockRequest.created_at
                               - timedelta(days=8)}).where(StockRequest.id == request["id"])
    await client.post("/api/v1/adjustments", headers=admin, json={
        "region": "75.01", "quantity": 50, "reason": "found", "note": "last box",
        "on": (today - timedelta(days=30)).isoformat()})
    await client.post("/api/v1/print-debt/75.01/snapshots", headers=admin, json={
        "date": (today - timedelta(days=30)).isoformat(), "pending": 5_000})

    head = await as_user(client, Role.PROVINCIAL_HEAD, "75")
    alerts = (await client.get("/api/v1/alerts?region=75", headers=head)).json()["items"]

    kinds = {(a["kind"], a["region"]) for a in alerts}
    assert kinds == {("shipment_overdue", "75"), ("request_waiting", "75.05"),
                     ("stockout_soon", "75.01")}
    overdue = next(a for a in alerts if a["kind"] == "shipment_overdue")
    assert f"shipment {late['id']}" in overdue["detail"]
    nation = (await client.get("/api/v1/alerts", headers=admin)).json()["items"]
    assert {a["kind"] for a in nation} == {"shipment_overdue", "request_waiting",
                                           "stockout_soon"}
    problem(await client.get("/api/v1/alerts?region=31", headers=head), 403, "out_of_scope")


async def test_a_waiting_request_is_dated_by_the_raising_offices_own_day(client):
    """Raised at 01:30 in Gorontalo (WITA, UTC+8) on 21 November: 17:30 UTC on the 20th."""
    admin = await as_user(client, Role.ADMIN, "00")
    request = (await client.post("/api/v1/requests", headers=admin, json={
        "region": "75.05", "quantity": 900})).json()
    raised = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    await StockRequest.update({StockRequest.created_at: raised}).where(
        StockRequest.id == request["id"])

    alerts = (await client.get("/api/v1/alerts?region=75", headers=admin)).json()["items"]

    waiting = next(a for a in alerts if a["kind"] == "request_waiting")
    assert "submitted on 2026-11-21" in waiting["detail"]
    assert waiting["since"] == "2026-11-28"
