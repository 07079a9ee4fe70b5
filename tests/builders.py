"""Small named builders for what tests assert on."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from httpx import AsyncClient

from blanko_tracker.db.stock import MovementRow
from blanko_tracker.domain.access import Actor, Role
from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.domain.regions import local_date
from blanko_tracker.schemas import (
    AdjustStock,
    CreateUser,
    RecordPrintRun,
    RecordProcurement,
    TakeDebtSnapshot,
)
from blanko_tracker.services.common import utcnow
from blanko_tracker.services.printing import record_print_run, take_debt_snapshot
from blanko_tracker.services.stock import adjust_stock, record_procurement
from blanko_tracker.services.users import create_user

PASSWORD = "correct-horse-battery"
_numbers = itertools.count(1)


async def given_user(role: Role, region: str, username: str | None = None) -> Actor:
    name = username or f"{role.value.replace('_', '-')}-{next(_numbers)}"
    user = await create_user(
        CreateUser(username=name, password=PASSWORD, role=role, region=region), actor=None
    )
    return Actor(id=user.id, username=user.username, role=user.role, region=user.region)


async def given_admin() -> Actor:
    return await given_user(Role.ADMIN, "00")


async def given_stock(region: str, quantity: int) -> None:
    """`quantity` blanks on hand in `region`, by an admin's counted correction."""
    admin = await given_admin()
    await adjust_stock(
        AdjustStock(region=region, quantity=quantity, reason=AdjustmentReason.COUNT_CORRECTION,
                    note="test stock"),
        actor=admin,
    )


async def given_procurement(quantity: int, ranges: list[tuple[int, int]] | None = None
                            ) -> MovementRow:
    officer = await given_user(Role.MINISTRY_OFFICER, "00")
    return await record_procurement(
        RecordProcurement(quantity=quantity, serial_ranges=ranges), actor=officer
    )


async def sign_in(client: AsyncClient, actor: Actor) -> dict[str, str]:
    """Bearer headers for `actor` (created by `given_user`, so the password is known)."""
    response = await client.post(
        "/api/v1/auth/token", json={"username": actor.username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def as_user(client: AsyncClient, role: Role, region: str) -> dict[str, str]:
    return await sign_in(client, await given_user(role, region))


def problem(response: Any, status: int, code: str) -> dict:
    """The problem document, once its status, media type and code are as expected."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code, body
    assert body["status"] == status and body["title"] and body["detail"]
    return body


async def given_printing_history(region: str) -> Actor:
    """3,000 owed 21 days ago at `region`, 100 printed on each day since: 1,000 still
    waiting, 600 blanks left to print them with (the public queue's and pages' regency)."""
    admin = await given_admin()
    today = local_date(region, utcnow())
    start = today - timedelta(days=21)
    await adjust_stock(AdjustStock(region=region, quantity=2_600, on=start,
                                   reason=AdjustmentReason.COUNT_CORRECTION, note="opening"),
                       actor=admin)
    await take_debt_snapshot(region, TakeDebtSnapshot(date=start, pending=3_000), actor=admin)
    for back in range(20, 0, -1):
        await record_print_run(RecordPrintRun(region=region, date=today - timedelta(days=back),
                                              printed=100), actor=admin)
    return admin
