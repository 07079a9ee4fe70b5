"""The demo data set: real figures from DESIGN.md, so a first start tells real stories.

Real: the region hierarchy (Kemendagri 2025) and the Jakarta January 2023 figures — print debt
~83,000, paid off by the ministry in installments of 30,000 and 50,000 blanks.
Synthetic (marked as such): the serial numbers and the exact procurement day.
"""

from __future__ import annotations

from datetime import date

from blanko_tracker.db import users as user_rows
from blanko_tracker.domain.access import Actor, Role
from blanko_tracker.schemas import CreateUser, RecordProcurement
from blanko_tracker.services.stock import record_procurement
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
PROCUREMENT = RecordProcurement(
    quantity=100_000,
    serial_ranges=[(7_100_000_000_000, 7_100_000_099_999)],
    note="Demo (synthetic serials): January 2023 tranche from the card maker",
    on=date(2023, 1, 2),
)


async def load_demo() -> str:
    """Load the demo once; a second run changes nothing and says so."""
    if await user_rows.by_username("admin") is not None:
        return "demo data is already loaded (user 'admin' exists); nothing changed"
    created = []
    for username, role, region, _ in DEMO_USERS:
        cmd = CreateUser(username=username, password=DEMO_PASSWORD, role=role, region=region)
        created.append(await create_user(cmd, actor=None))
    ministry = next(user for user in created if user.role == Role.MINISTRY_OFFICER)
    officer = Actor(id=ministry.id, username=ministry.username, role=ministry.role,
                    region=ministry.region)
    await record_procurement(PROCUREMENT, actor=officer)
    return _report()


def _report() -> str:
    lines = [f"demo loaded; every demo user's password is '{DEMO_PASSWORD}':", ""]
    lines += [f"  {name:<18} {role.value:<17} {region:<6} {about}"
              for name, role, region, about in DEMO_USERS]
    lines += ["", f"national warehouse 00: {PROCUREMENT.quantity:,} blanks (2 January 2023)"]
    return "\n".join(lines)
