"""Stock actions against real SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from blanko_tracker.db import stock
from blanko_tracker.db.tables import AuditEntry, SerialCustody, StockBalance, StockMovement
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.errors import (
    InsufficientStock,
    InvalidInput,
    InvalidState,
    NotPermitted,
    OutOfScope,
    QuantityMismatch,
    SerialConflict,
)
from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.schemas import AdjustStock, RecordProcurement, ReverseMovement
from blanko_tracker.services.stock import adjust_stock, record_procurement, reverse_movement
from tests.builders import given_admin, given_procurement, given_stock, given_user


def take(region: str, quantity: int) -> AdjustStock:
    return AdjustStock(region=region, quantity=-quantity, reason=AdjustmentReason.LOST,
                       note="lost in a flood")


async def test_a_procurement_puts_blanks_into_the_national_warehouse(database):
    movement = await given_procurement(30_000, [(5_000_000_000, 5_000_029_999)])

    assert movement.quantity == 30_000 and movement.balance_after == 30_000
    assert await stock.on_hand("00") == 30_000
    custody = await SerialCustody.select().first()
    assert (custody["first_serial"], custody["last_serial"], custody["region"]) == (
        5_000_000_000, 5_000_029_999, "00")
    audit = await AuditEntry.select().where(
        AuditEntry.action == "record_procurement"
    ).output(load_json=True).first()
    assert audit["region"] == "00" and audit["detail"]["quantity"] == 30_000


async def test_serials_already_on_record_are_refused_and_nothing_is_written(database):
    await given_procurement(100, [(1_000, 1_099)])
    officer = await given_user(Role.MINISTRY_OFFICER, "00")

    with pytest.raises(SerialConflict):
        await record_procurement(
            RecordProcurement(quantity=10, serial_ranges=[(1_095, 1_104)]), actor=officer
        )
    assert await stock.on_hand("00") == 100
    assert await StockMovement.count() == 1 and await SerialCustody.count() == 1


async def test_serial_ranges_must_count_the_quantity(database):
    officer = await given_user(Role.MINISTRY_OFFICER, "00")
    with pytest.raises(QuantityMismatch):
        await record_procurement(
            RecordProcurement(quantity=10, serial_ranges=[(1, 9)]), actor=officer
        )
    assert await StockMovement.count() == 0


async def test_taking_more_than_on_hand_is_refused_and_writes_nothing(database):
    await given_stock("31", 10)
    admin = await given_admin()
    audit_before = await AuditEntry.count()

    with pytest.raises(InsufficientStock) as refused:
        await adjust_stock(take("31", 11), actor=admin)

    assert refused.value.context() == {"region": "31", "requested": 11, "available": 10}
    assert await stock.on_hand("31") == 10
    assert await StockMovement.count() == 1 and await AuditEntry.count() == audit_before


async def test_concurrent_takes_never_overdraw_a_balance(database):
    await given_stock("75.05", 50)
    admin = await given_admin()

    async def attempt() -> str:
        try:
            await adjust_stock(take("75.05", 6), actor=admin)
            return "taken"
        except InsufficientStock:
            return "refused"

    outcomes = await asyncio.gather(*[attempt() for _ in range(20)])

    assert outcomes.count("taken") == 8 and outcomes.count("refused") == 12
    assert await stock.on_hand("75.05") == 2
    assert await stock.ledger_mismatches() == []


async def test_an_adjustment_reason_fixes_its_sign(database):
    admin = await given_admin()
    with pytest.raises(InvalidInput) as refused:
        await adjust_stock(
            AdjustStock(region="31", quantity=5, reason=AdjustmentReason.LOST, note=""),
            actor=admin,
        )
    assert refused.value.field == "quantity"
    assert await StockMovement.count() == 0


async def test_blanks_are_not_held_at_district_level(database):
    admin = await given_admin()
    with pytest.raises(InvalidInput) as refused:
        await adjust_stock(
            AdjustStock(region="75.05.01", quantity=5, reason=AdjustmentReason.FOUND, note=""),
            actor=admin,
        )
    assert refused.value.field == "region"


async def test_staff_adjust_only_inside_their_region(database):
    staff = await given_user(Role.WAREHOUSE_STAFF, "31")
    with pytest.raises(OutOfScope):
        await adjust_stock(
            AdjustStock(region="75", quantity=5, reason=AdjustmentReason.FOUND, note=""),
            actor=staff,
        )
    operator = await given_user(Role.PRINT_OPERATOR, "31.71")
    with pytest.raises(NotPermitted):
        await adjust_stock(
            AdjustStock(region="31.71", quantity=5, reason=AdjustmentReason.FOUND, note=""),
            actor=operator,
        )
    assert await StockMovement.count() == 0


async def test_a_reversal_cancels_a_movement_once(database):
    await given_stock("31", 10)
    admin = await given_admin()
    found = await adjust_stock(
        AdjustStock(region="31", quantity=4, reason=AdjustmentReason.FOUND, note="box"),
        actor=admin,
    )

    reversal = await reverse_movement(found.id, ReverseMovement(note="miscount"), actor=admin)

    assert reversal.quantity == -4 and reversal.reverses == found.id
    assert await stock.on_hand("31") == 10
    with pytest.raises(InvalidState):
        await reverse_movement(found.id, ReverseMovement(note="again"), actor=admin)
    with pytest.raises(InvalidState):
        await reverse_movement(reversal.id, ReverseMovement(note="undo"), actor=admin)
    assert await StockMovement.count() == 3


async def test_concurrent_reversals_of_one_movement_take_effect_once(database):
    await given_stock("31", 10)
    admin = await given_admin()
    found = await adjust_stock(
        AdjustStock(region="31", quantity=4, reason=AdjustmentReason.FOUND, note="box"),
        actor=admin,
    )

    async def attempt() -> str:
        try:
            await reverse_movement(found.id, ReverseMovement(note="x"), actor=admin)
            return "reversed"
        except InvalidState:
            return "refused"

    outcomes = await asyncio.gather(*[attempt() for _ in range(6)])

    assert outcomes.count("reversed") == 1
    assert await stock.on_hand("31") == 10


async def test_reversing_a_procurement_frees_its_serials_for_a_correct_one(database):
    wrong = await given_procurement(10, [(100, 109)])
    officer = await given_user(Role.MINISTRY_OFFICER, "00")

    await reverse_movement(wrong.id, ReverseMovement(note="wrong tranche"), actor=officer)
    await record_procurement(RecordProcurement(quantity=10, serial_ranges=[(100, 109)]),
                             actor=officer)

    assert await stock.on_hand("00") == 10


async def test_the_database_itself_refuses_a_negative_balance_and_ledger_edits(database):
    await given_stock("31", 5)
    with pytest.raises(Exception, match=r"negative|check constraint|on_hand"):
        await StockBalance.update({StockBalance.on_hand: -1}).where(StockBalance.region == "31")
    with pytest.raises(Exception, match="append-only"):
        await StockMovement.update({StockMovement.quantity: 500}, force=True)
    with pytest.raises(Exception, match="append-only"):
        await StockMovement.delete(force=True)
    assert await stock.on_hand("31") == 5


async def test_racing_procurements_of_the_same_serials_record_them_once(database):
    officer = await given_user(Role.MINISTRY_OFFICER, "00")
    cmd = RecordProcurement(quantity=100, serial_ranges=[(7_000_000_000, 7_000_000_099)])

    async def attempt() -> str:
        try:
            await record_procurement(cmd, actor=officer)
            return "recorded"
        except SerialConflict:
            return "refused"

    outcomes = await asyncio.gather(*[attempt() for _ in range(6)])

    assert outcomes.count("recorded") == 1 and outcomes.count("refused") == 5
    assert await stock.on_hand("00") == 100 and await SerialCustody.count() == 1
