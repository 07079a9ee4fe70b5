"""The stock card pages by key as well as by offset."""

from __future__ import annotations

from blanko_tracker.domain.access import Role
from tests.builders import as_user


async def test_the_stock_card_pages_by_key_to_its_end(client):
    headers = await as_user(client, Role.ADMIN, "00")
    for quantity in (5, 4, 3, 2, 1):
        answer = await client.post("/api/v1/adjustments", headers=headers, json={
            "region": "31", "quantity": quantity, "reason": "found", "note": f"+{quantity}"})
        assert answer.status_code == 201
    first = (await client.get("/api/v1/stock/31/movements?limit=2", headers=headers)).json()
    assert first["total"] == 5 and len(first["items"]) == 2
    seen, after = [m["quantity"] for m in first["items"]], first["next_after_id"]
    while after is not None:
        page = (await client.get(f"/api/v1/stock/31/movements?limit=2&after_id={after}",
                                 headers=headers)).json()
        assert page["total"] is None  # not counted when paging by key
        seen += [m["quantity"] for m in page["items"]]
        after = page["next_after_id"]
    assert seen == [5, 4, 3, 2, 1]
