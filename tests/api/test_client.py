"""`client.py` over the real app (httpx.ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from blanko_tracker.api.app import create_app
from blanko_tracker.client import BlankoClient, ProblemError
from blanko_tracker.db import stock
from blanko_tracker.domain.access import Role
from blanko_tracker.schemas import AdjustStock, CreateShipment, ReceiveShipment
from tests.builders import PASSWORD, given_procurement, given_user


@pytest.fixture
async def blanko(database) -> AsyncIterator[BlankoClient]:
    app = create_app(database.settings(), engine=database.engine)
    async with BlankoClient("http://testserver",
                            transport=httpx.ASGITransport(app=app)) as client:
        yield client


async def test_a_script_signs_in_ships_and_receives(blanko):
    await given_procurement(500)
    officer = await given_user(Role.ADMIN, "00")
    await blanko.sign_in(officer.username, PASSWORD)

    shipment = await blanko.create_shipment(
        CreateShipment(destination="75.05", quantity=200, status="dispatched"))
    received = await blanko.receive_shipment(shipment.id, ReceiveShipment(received=199,
                                                                          damaged=1))

    assert received.status == "received" and received.missing == 0
    assert (await blanko.stock("75.05")).on_hand == 199
    assert (await blanko.me()).username == officer.username


async def test_a_refusal_raises_the_problem(blanko):
    staff = await given_user(Role.WAREHOUSE_STAFF, "31")
    await blanko.sign_in(staff.username, PASSWORD)

    with pytest.raises(ProblemError) as refused:
        await blanko.adjust_stock(AdjustStock(region="31", quantity=-5, reason="lost", note=""))

    assert refused.value.status == 409 and refused.value.code == "insufficient_stock"


async def test_a_retried_write_with_the_same_key_counts_once(blanko):
    admin = await given_user(Role.ADMIN, "00")
    await blanko.sign_in(admin.username, PASSWORD)
    cmd = AdjustStock(region="31", quantity=7, reason="found", note="box in the back")

    first = await blanko.adjust_stock(cmd, idempotency_key="retry-1")
    again = await blanko.adjust_stock(cmd, idempotency_key="retry-1")

    assert first == again and await stock.on_hand("31") == 7
