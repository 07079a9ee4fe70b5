import asyncio
import json

import jwt
from datetime import UTC, datetime, timedelta

from blanko_tracker.domain.access import Role
from blanko_tracker.db.tables import StockMovement, IdempotencyRecord
from tests.builders import as_user, given_admin, given_stock, given_procurement, sign_in, given_user
from tests.conftest import SECRET


def show(label, r):
    print(f"\n=== {label}: {r.status_code} {r.headers.get('content-type')} {dict((k,v) for k,v in r.headers.items() if k.lower().startswith(('www','idem')))}\n{r.text}")


async def test_explore(client, database):
    admin = await given_admin()
    h = await sign_in(client, admin)
    for label, payload, key in [("none-sub", {"sub": "999999"}, SECRET), ("abc-sub", {"sub": "abc"}, SECRET), ("other secret", {"sub": str(admin.id)}, "other-secret-" + "y"*40)]:
        payload = {**payload, "exp": datetime.now(UTC) + timedelta(hours=1), "iat": datetime.now(UTC)}
        tok = jwt.encode(payload, key, algorithm="HS256")
        show(label, await client.post("/api/v1/adjustments", json={}, headers={"Authorization": f"Bearer {tok}"}))
    try:
        tok = jwt.encode({"sub": str(admin.id), "exp": datetime.now(UTC) + timedelta(hours=1)}, None, algorithm="none")
        show("alg none", await client.post("/api/v1/adjustments", json={}, headers={"Authorization": f"Bearer {tok}"}))
    except Exception as e:
        print("alg none encode fail", e)
    show("no bearer prefix", await client.post("/api/v1/adjustments", json={}, headers={"Authorization": h["Authorization"].split()[1]}))
    show("empty body", await client.post("/api/v1/adjustments", content=b"", headers={**h, "content-type": "application/json"}))
    show("form body", await client.post("/api/v1/adjustments", data={"region": "31"}, headers=h))
    show("stock parent xyz", await client.get("/api/v1/stock?parent=xyz", headers=h))
    show("neg serial", await client.post("/api/v1/procurements", json={"quantity": 10, "serial_ranges": [[-1, 8]]}, headers=h))
    show("bad on", await client.post("/api/v1/procurements", json={"quantity": 10, "on": "yesterday"}, headers=h))
    show("reverse no body", await client.post("/api/v1/movements/1/reverse", headers=h))
    show("user empty", await client.post("/api/v1/users", json={}, headers=h))
    show("extra field", await client.post("/api/v1/adjustments", json={"region": "31", "quantity": 5, "reason": "found", "note": "", "bogus": 1}, headers=h))
    show("null quantity", await client.post("/api/v1/adjustments", json={"region": "31", "quantity": None, "reason": "found", "note": ""}, headers=h))
    long = "k" * 400
    show("long key", await client.post("/api/v1/adjustments", json={"region": "31", "quantity": 5, "reason": "found", "note": ""}, headers={**h, "Idempotency-Key": long}))
    print("movements", await StockMovement.count(), await IdempotencyRecord.select(IdempotencyRecord.scope_key, IdempotencyRecord.status_code))
    body = {"region": "31", "quantity": 5, "reason": "found", "note": "c"}
    rs = await asyncio.gather(*[client.post("/api/v1/adjustments", json=body, headers={**h, "Idempotency-Key": "race"}) for _ in range(5)])
    for r in rs:
        show("race", r)
    print("movements", await StockMovement.count())
