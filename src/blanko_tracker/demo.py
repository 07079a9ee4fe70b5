"""The demo data set: real figures from DESIGN.md, so a first start tells real stories.

Real: the region hierarchy (Kemendagri 2025) and the Jakarta January 2023 figures — print debt
~83,000, paid off by the ministry in installments of 30,000 and 50,000 blanks.
Synthetic (marked as such): the serial numbers, the exact days, the damaged/missing counts of
the first installment and the transfer to Jakarta Pusat.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker.db import users as user_rows
from blanko_tracker.db.users import UserRow
from blanko_tracker.demo_printing import load_printing_stories
from blanko_tracker.domain.access import Actor, Role
from blanko_tracker.schemas import (
    ApproveRequest,
    CreateShipment,
    CreateUser,
    DispatchShipment,
    RaiseRequest,
    ReceiveShipment,
    RecordProcurement,
)
from blanko_tracker.services.shipments import (
    create_shipment,
    dispatch_shipment,
    receive_shipment,
)
from blanko_tracker.services.stock import record_procurement
from blanko_tracker.services.stock_requests import approve_request, raise_request
from blanko_tracker.services.users import create_user

DEMO_PASSWORD = "blanko-demo"

DEMO_USERS: list[tuple[str, Role, str, str]] = [
    ("admin", Role.ADMIN, "00", "set-up, support and corrections, nationwide"),
    ("kemendagri", Role.MINISTRY_OFFICER, "00", "Ditjen Dukcapil: approves, ships, procures"),
    ("gudang.pusat", Role.WAREHOUSE_STAFF, "00", "the ministry's warehouse in Jakarta"),
    ("kadis.jakarta", Role.PROVINCIAL_HEAD, "31", "head of Disdukcapil DKI Jakarta"),
    ("gudang.jakarta", Role.WAREHOUSE_STAFF, "31", "DKI Jakarta's provincial warehouse"),
    ("operator.jakpus", Role.PRINT_OPERATOR, "31.71", "print station, Jakarta Pusat"),
    ("kadis.gorontalo", Role.PROVINCIAL_HEAD, "75", "head of Disdukcapil Gorontalo"),
    ("operator.gorut", Role.PRINT_OPERATOR, "75.05", "print station, Gorontalo Utara"),
    ("operator.mukomuko", Role.PRINT_OPERATOR, "17.06", "print station, Mukomuko"),
    ("operator.tegal", Role.PRINT_OPERATOR, "33.28", "print station, Tegal"),
]

# Synthetic: a tranche of 100,000 blanks for January 2023, serials beyond 2^31 as chips carry.
FIRST_SERIAL = 7_100_000_000_000
PROCUREMENT = RecordProcurement(
    quantity=100_000,
    serial_ranges=[(FIRST_SERIAL, FIRST_SERIAL + 99_999)],
    note="Demo (synthetic serials): January 2023 tranche from the card maker",
    on=date(2023, 1, 2),
)


def _serials(offset: int, count: int) -> list[tuple[int, int]]:
    return [(FIRST_SERIAL + offset, FIRST_SERIAL + offset + count - 1)]


async def load_demo() -> str:
    """Load the demo once; a second run changes nothing and says so."""
    if await user_rows.by_username("admin") is not None:
        return "demo data is already loaded (user 'admin' exists); nothing changed"
    users: dict[str, Actor] = {}
    for username, role, region, _ in DEMO_USERS:
        cmd = CreateUser(username=username, password=DEMO_PASSWORD, role=role, region=region)
        users[username] = _actor(await create_user(cmd, actor=None))
    await record_procurement(PROCUREMENT, actor=users["kemendagri"])
    await _jakarta_january_2023(ministry=users["kemendagri"], province=users["gudang.jakarta"])
    await load_printing_stories(users)
    return _report()


def _actor(user: UserRow) -> Actor:
    return Actor(id=user.id, username=user.username, role=user.role, region=user.region)


async def _jakarta_january_2023(*, ministry: Actor, province: Actor) -> None:
    """DKI Jakarta asks for its 83,000-card print debt; the ministry pays it in two
    installments (30,000, then 50,000); the province passes 5,000 on to Jakarta Pusat."""
    request = await raise_request(
        RaiseRequest(region="31", quantity=83_000, needed_by=date(2023, 2, 28),
                     note="Hutang cetak KTP-el DKI Jakarta, Januari 2023"),
        actor=province,
    )
    await approve_request(request.id, ApproveRequest(approved_quantity=83_000),
                          actor=ministry)
    first, second = [
        await create_shipment(
            CreateShipment(destination="31", quantity=quantity, request_id=request.id,
                           installment=number, expected_on=due,
                           serial_ranges=_serials(offset, quantity)),
            actor=ministry,
        )
        for number, quantity, due, offset in [(1, 30_000, date(2023, 1, 10), 0),
                                              (2, 50_000, date(2023, 1, 24), 30_000)]
    ]
    await dispatch_shipment(first.id, DispatchShipment(dispatched_on=date(2023, 1, 9)),
                            actor=ministry)
    await receive_shipment(
        first.id,
        ReceiveShipment(received=29_950, damaged=30, received_on=date(2023, 1, 11),
                        damaged_ranges=_serials(29_950, 30), missing_ranges=_serials(29_980, 20),
                        note="Demo (synthetic counts): 30 cards cracked, 20 short in one box"),
        actor=province,
    )
    await dispatch_shipment(second.id, DispatchShipment(dispatched_on=date(2023, 1, 23)),
                            actor=ministry)
    await receive_shipment(
        second.id, ReceiveShipment(received=50_000, received_on=date(2023, 1, 25)),
        actor=province,
    )
    transfer = await create_shipment(
        CreateShipment(source="31", destination="31.71", quantity=5_000, status="dispatched",
                       dispatched_on=date(2023, 1, 26), serial_ranges=_serials(0, 5_000),
                       note="Demo (synthetic): transfer to Jakarta Pusat"),
        actor=province,
    )
    await receive_shipment(
        transfer.id, ReceiveShipment(received=5_000, received_on=date(2023, 1, 27)),
        actor=province,
    )


def _report() -> str:
    lines = [f"demo loaded; every demo user's password is '{DEMO_PASSWORD}':", ""]
    lines += [f"  {name:<18} {role.value:<17} {region:<6} {about}"
              for name, role, region, about in DEMO_USERS]
    lines += [
        "",
        f"national warehouse 00: {PROCUREMENT.quantity:,} blanks procured (2 January 2023)",
        "DKI Jakarta (31): asked for 83,000; installments of 30,000 (29,950 good, 30 damaged,",
        "  20 missing) and 50,000 received; 3,050 still owed; 5,000 passed on to Jakarta Pusat",
        "print debts: Jakarta 83,000 (2 Jan 2023); indicators: Gorontalo Utara (88,491 of",
        "  90,060 recorded), Mukomuko (IKD target 50 %), Tegal (5,971 IKD); synthetic daily",
        "  print runs Jan-Mar 2023 and in the last eight weeks in Gorontalo Utara, Mukomuko,",
        "  Tegal and Jakarta Pusat; next installments planned to DKI Jakarta and Tegal",
        "",
        "open http://127.0.0.1:8000/login (after `blanko-tracker serve`) and sign in as any",
        "user above: kadis.jakarta for a province, operator.jakpus for the daily entry",
    ]
    return "\n".join(lines)
