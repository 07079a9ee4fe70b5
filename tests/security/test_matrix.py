"""The role × region × operation matrix over every operation of the served OpenAPI document.

Every operation in `/schema/openapi.json` must have a rule in `RULES` (a new endpoint fails
`test_every_served_operation_has_a_rule` until it gets one). For each operation, each of five
callers — a ministry officer at `00`, a provincial head at `75`, warehouse staff at `75`, a
print operator at `75.05` and a provincial admin at `75` — calls it at regions inside and
outside their scope:

- allowed (the role holds the action and the region is in scope, `domain.access.authorize`)
  → 2xx;
- refused → 403 `application/problem+json` (`not_permitted` or `out_of_scope`) and every
  table exactly as it was (the rows of every table but the fixed region list are compared);
- no token, an expired token, a token signed with another key → 401 naming why, writing
  nothing.

Each call that needs something to act on (a request to approve, a shipment to receive) gets
a fresh one, made through the services as a national admin just before the call, so every
case stands alone.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from blanko_tracker.api.app import create_app
from blanko_tracker.db import engine as db_engine
from blanko_tracker.db.tables import TABLES, Region
from blanko_tracker.domain.access import ROLE_ACTIONS, Action, Actor, Role
from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.domain.regions import within
from blanko_tracker.schemas import (
    AdjustStock,
    CreateLoan,
    CreateShipment,
    RaiseRequest,
    ReceiveShipment,
    RecordDestruction,
    RecordPrintRun,
    RecordProcurement,
    RecordRecordings,
    RecordSurrender,
    RegisterPrinter,
    SignOutKit,
)
from blanko_tracker.services import destructions as destroying
from blanko_tracker.services import kits as kit_actions
from blanko_tracker.services import loans as loan_actions
from blanko_tracker.services import printers as printer_actions
from blanko_tracker.services import printing
from blanko_tracker.services import shipments as shipping
from blanko_tracker.services import stock as stocking
from blanko_tracker.services import stock_requests as requesting
from blanko_tracker.settings import Settings
from tests.builders import PASSWORD, given_stock, given_user, problem, sign_in
from tests.conftest import SECRET, Database, fresh_database_url

METHODS = ("get", "put", "post", "delete", "patch")
SERIAL_BASE = 7_000_000
TODAY = date.today() - timedelta(days=1)  # "yesterday" is never in the future in any zone

# Home province 75 with two regencies; a foreign province 31 with one.
HOME, HOME_REGENCY, SIBLING_REGENCY = "75", "75.05", "75.01"
FOREIGN, FOREIGN_REGENCY = "31", "31.71"
CHILD = {"00": HOME_REGENCY, HOME: HOME_REGENCY, FOREIGN: FOREIGN_REGENCY}
PARENT = {HOME: "00", HOME_REGENCY: HOME, SIBLING_REGENCY: HOME, FOREIGN: "00",
          FOREIGN_REGENCY: FOREIGN}

# The callers: (role, region). The officer's scope is the nation, so it only meets role refusals.
CALLERS: dict[str, tuple[Role, str]] = {
    "ministry officer@00": (Role.MINISTRY_OFFICER, "00"),
    "provincial head@75": (Role.PROVINCIAL_HEAD, HOME),
    "warehouse staff@75": (Role.WAREHOUSE_STAFF, HOME),
    "print operator@75.05": (Role.PRINT_OPERATOR, HOME_REGENCY),
    "admin@75": (Role.ADMIN, HOME),
}

STOCK_REGIONS = ("00", HOME, HOME_REGENCY, SIBLING_REGENCY, FOREIGN, FOREIGN_REGENCY)
READ_TARGETS = ("00", HOME, HOME_REGENCY, SIBLING_REGENCY, FOREIGN_REGENCY)
REGENCIES = (HOME_REGENCY, SIBLING_REGENCY, FOREIGN_REGENCY)
# A loan's other party: a sibling regency at home, the province abroad.
LOAN_PEER = {HOME_REGENCY: SIBLING_REGENCY, SIBLING_REGENCY: HOME_REGENCY,
             FOREIGN_REGENCY: FOREIGN}
DUE = (date.today() + timedelta(days=30)).isoformat()
HOLDERS = (HOME, HOME_REGENCY, FOREIGN_REGENCY)  # non-national regions that hold stock
SUPPLIERS = ("00", HOME, FOREIGN)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, Any] | None = None
    json: Any = None
    files: dict[str, Any] | None = None


@dataclass
class World:
    """The callers, their bearer headers and a national admin who prepares what a case needs."""

    root: Actor
    headers: dict[str, dict[str, str]]
    actors: dict[str, Actor]
    serials: Any = field(default_factory=lambda: itertools.count(SERIAL_BASE))
    names: Any = field(default_factory=lambda: itertools.count(1))


Make = Callable[[World, str], Awaitable[Call]]


@dataclass(frozen=True)
class Rule:
    """How an operation is guarded and how to call it at a target region.

    `action` None: public, needs no token. `targets` empty: any signed-in user, no region.
    `foreign_status`: what an allowed role gets outside its scope when the contract says
    something other than 403 (imports: out-of-scope rows are bad rows, 422).
    """

    action: Action | None
    targets: tuple[str, ...]
    make: Make
    foreign_status: int = 403
    foreign_code: str = "out_of_scope"


def fixed(call: Call) -> Make:
    async def make(world: World, target: str) -> Call:
        return call
    return make


def at(build: Callable[[str], Call]) -> Make:
    async def make(world: World, target: str) -> Call:
        return build(target)
    return make


# ---- what a case needs, made by a national admin through the services ----------------------

async def a_request(world: World, region: str, supplier: str = "00") -> int:
    row = await requesting.raise_request(
        RaiseRequest(region=region, quantity=10, supplier=supplier), actor=world.root)
    return row.id


async def a_shipment(world: World, source: str, destination: str, *, dispatched: bool = False,
                     serial: int | None = None) -> int:
    row = await shipping.create_shipment(
        CreateShipment(source=source, destination=destination, quantity=1,
                       status="dispatched" if dispatched else "planned",
                       serial_ranges=[(serial, serial)] if serial is not None else None),
        actor=world.root)
    return row.id


async def an_adjustment(world: World, region: str) -> int:
    """Entered by the matrix's own warehouse staff where it may (so it may undo it, as its
    entrant), by the national admin elsewhere (the provincial admin undoes it as supervisor)."""
    staff = world.actors["warehouse staff@75"]
    row = await stocking.adjust_stock(
        AdjustStock(region=region, quantity=5, reason=AdjustmentReason.FOUND, note="a box"),
        actor=staff if within(staff.region, region) else world.root)
    return row.id


async def serial_held_in(world: World, region: str) -> int:
    """A serial that arrived in `region` (shipped down from `00`, hop by hop, and received)."""
    serial = next(world.serials)
    chain = [region]
    while chain[-1] != "00":
        chain.append(PARENT[chain[-1]])
    for source, destination in itertools.pairwise(reversed(chain)):
        shipment = await a_shipment(world, source, destination, dispatched=True, serial=serial)
        await shipping.receive_shipment(shipment, ReceiveShipment(received=1), actor=world.root)
    return serial


# ---- the rules: one per operation id ------------------------------------------------------

async def _get_request(world: World, target: str) -> Call:
    return Call("GET", f"/api/v1/requests/{await a_request(world, target)}")


async def _get_shipment(world: World, target: str) -> Call:
    return Call("GET", f"/api/v1/shipments/{await a_shipment(world, PARENT[target], target)}")


async def _locate_serial(world: World, target: str) -> Call:
    return Call("GET", f"/api/v1/serials/{await serial_held_in(world, target)}")


async def _create_user(world: World, target: str) -> Call:
    return Call("POST", "/api/v1/users", json={
        "username": f"matrix.user-{next(world.names)}", "password": "long-enough-pw-1",
        "role": "warehouse_staff", "region": target})


async def _update_user(world: World, target: str) -> Call:
    user = await given_user(Role.WAREHOUSE_STAFF, target, f"matrix.changed-{next(world.names)}")
    return Call("PATCH", f"/api/v1/users/{user.id}", json={"active": False})


async def _printer_status(world: World, target: str) -> Call:
    made = await printer_actions.register_printer(
        RegisterPrinter(region=target, name="Mesin matriks", cards_per_day=100),
        actor=world.root)
    return Call("POST", f"/api/v1/printers/{made.id}/status", json={"status": "broken"})


async def a_loan(world: World, lender: str) -> int:
    loan, _ = await loan_actions.create_loan(
        CreateLoan(lender=lender, borrower=LOAN_PEER[lender], quantity=1,
                   due_on=date.fromisoformat(DUE)), actor=world.root)
    return loan.id


async def _return_loan(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/loans/{await a_loan(world, target)}/returns",
                json={"quantity": 1})
async def _surrendered(world: World, target: str) -> None:
    await destroying.record_surrender(RecordSurrender(region=target, count=2),
                                      actor=world.root)


async def _record_destruction(world: World, target: str) -> Call:
    await _surrendered(world, target)
    return Call("POST", "/api/v1/destructions", json={
        "region": target, "surrendered": 2, "witnesses": ["Saksi Satu", "Saksi Dua"]})


async def _get_destruction(world: World, target: str) -> Call:
    await _surrendered(world, target)
    minute = await destroying.record_destruction(
        RecordDestruction(region=target, surrendered=2, witnesses=["Saksi A", "Saksi B"]),
        actor=world.root)
    return Call("GET", f"/api/v1/destructions/{minute.id}")


async def _return_kit(world: World, target: str) -> Call:
    await given_stock(target, 5)
    kit = await kit_actions.sign_out_kit(
        SignOutKit(region=target, officer=f"Petugas {next(world.names)}", quantity=5),
        actor=world.root)
    return Call("POST", f"/api/v1/kits/{kit.id}/return", json={"returned": 5})


async def _sign_out_kit(world: World, target: str) -> Call:
    await given_stock(target, 1)
    return Call("POST", "/api/v1/kits", json={
        "region": target, "officer": f"Petugas {next(world.names)}", "quantity": 1})


async def _reverse(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/movements/{await an_adjustment(world, target)}/reverse",
                json={"note": "counted twice"})


def _entrant(world: World, target: str) -> Actor:
    """Who enters what a case undoes: the matrix's own print operator in its regency (so it
    may undo it, as its entrant), the national admin elsewhere (the provincial admin may undo
    it there, as a supervisor)."""
    operator = world.actors["print operator@75.05"]
    return operator if target == operator.region else world.root


async def _reverse_print_run(world: World, target: str) -> Call:
    run = await printing.record_print_run(
        RecordPrintRun(region=target, date=TODAY, printed=1), actor=_entrant(world, target))
    return Call("POST", f"/api/v1/print-runs/{run.id}/reverse", json={"reason": "typed twice"})


async def _reverse_recording(world: World, target: str) -> Call:
    recorded = await printing.record_recordings(
        target, RecordRecordings(date=TODAY, count=5), actor=_entrant(world, target))
    return Call("POST", f"/api/v1/print-debt/entries/{recorded.entry.id}/reverse",
                json={"reason": "typed twice"})


async def _decide(world: World, supplier: str) -> int:
    return await a_request(world, CHILD[supplier], supplier=supplier)


async def _approve(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/requests/{await _decide(world, target)}/approve",
                json={"approved_quantity": 5})


async def _reject(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/requests/{await _decide(world, target)}/reject",
                json={"reason": "no stock this month"})


async def _cancel_request(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/requests/{await a_request(world, target)}/cancel")


async def _dispatch(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/shipments/{await a_shipment(world, target, CHILD[target])}"
                        "/dispatch")


async def _cancel_shipment(world: World, target: str) -> Call:
    return Call("POST", f"/api/v1/shipments/{await a_shipment(world, target, CHILD[target])}"
                        "/cancel")


async def _receive(world: World, target: str) -> Call:
    shipment = await a_shipment(world, PARENT[target], target, dispatched=True)
    return Call("POST", f"/api/v1/shipments/{shipment}/receive",
                json={"received": 1, "damaged": 0})


def _import(target: str) -> Call:
    csv = f"region,date,pending\n{target},{TODAY.isoformat()},40\n".encode()
    return Call("POST", "/api/v1/imports/print_debt",
                files={"file": ("debt.csv", csv, "text/csv")})


RULES: dict[str, Rule] = {
    # public
    "health": Rule(None, (), fixed(Call("GET", "/health"))),
    "get_queue_estimate": Rule(None, (), fixed(Call("GET", "/api/v1/public/queue/75.05",
                                                    params={"position": 1}))),
    "get_public_stock": Rule(None, (), fixed(Call("GET", "/api/v1/public/stock",
                                                  params={"parent": HOME}))),
    "sign_in": Rule(None, (), fixed(Call("POST", "/api/v1/auth/token"))),  # body set in test
    # any signed-in user, no region involved
    "who_am_i": Rule(Action.READ, (), fixed(Call("GET", "/api/v1/me"))),
    "get_region": Rule(Action.READ, (), fixed(Call("GET", f"/api/v1/regions/{FOREIGN_REGENCY}"))),
    "list_regions": Rule(Action.READ, (), fixed(Call("GET", "/api/v1/regions",
                                                     params={"parent": FOREIGN}))),
    # reads inside one's scope
    "list_stock": Rule(Action.READ, ("00", HOME, FOREIGN), at(
        lambda t: Call("GET", "/api/v1/stock", params={"parent": t}))),
    "get_stock": Rule(Action.READ, READ_TARGETS, at(lambda t: Call("GET", f"/api/v1/stock/{t}"))),
    "list_movements": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/stock/{t}/movements"))),
    "get_request": Rule(Action.READ, HOLDERS, _get_request),
    "list_requests": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/requests", params={"region": t}))),
    "get_shipment": Rule(Action.READ, HOLDERS, _get_shipment),
    "list_shipments": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/shipments", params={"destination": t}))),
    "locate_serial": Rule(Action.READ, HOLDERS, _locate_serial),
    "get_print_debt": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/print-debt/{t}"))),
    "get_print_debt_history": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/print-debt/{t}/history"))),
    "list_print_runs": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/print-runs", params={"region": t}))),
    "get_indicators": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/indicators/{t}"))),
    "get_forecast": Rule(Action.READ, (HOME, HOME_REGENCY, SIBLING_REGENCY, FOREIGN_REGENCY), at(
        lambda t: Call("GET", f"/api/v1/forecast/{t}", params={"horizon_days": 30}))),
    "list_alerts": Rule(Action.READ, (HOME, HOME_REGENCY, SIBLING_REGENCY, FOREIGN_REGENCY), at(
        lambda t: Call("GET", "/api/v1/alerts", params={"region": t}))),
    "list_audit": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/audit", params={"region": t}))),
    "get_monthly_report": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/reports/monthly/{t}",
                       params={"month": TODAY.strftime("%Y-%m")}))),
    # scenarios: reads that need the right to run them
    "run_scenario": Rule(Action.RUN_SCENARIOS, (HOME, HOME_REGENCY, FOREIGN_REGENCY), at(
        lambda t: Call("POST", f"/api/v1/forecast/{t}/scenario",
                       json={"horizon_days": 30, "daily_capacity": 50}))),
    "plan_allocation": Rule(Action.RUN_SCENARIOS, (HOME, FOREIGN), at(
        lambda t: Call("POST", "/api/v1/allocations/plan",
                       json={"quantity": 10, "parent": t, "horizon_days": 30}))),
    # writes
    "create_user": Rule(Action.MANAGE_USERS, HOLDERS, _create_user),
    "list_users": Rule(Action.MANAGE_USERS, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/users", params={"region": t}))),
    "update_user": Rule(Action.MANAGE_USERS, HOLDERS, _update_user),
    # One's own password: every signed-in user, no region; the callers here share their tokens
    # across cases and a change would end them, so tests/api/test_accounts.py checks it.
    "change_own_password": Rule(None, (), fixed(Call(
        "POST", "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": "another-long-pw-7"}))),
    "record_procurement": Rule(Action.PROCURE, ("00",), fixed(Call(
        "POST", "/api/v1/procurements", json={"quantity": 10, "note": "tranche"}))),
    "adjust_stock": Rule(Action.ADJUST, STOCK_REGIONS, at(
        lambda t: Call("POST", "/api/v1/adjustments",
                       json={"region": t, "quantity": -1, "reason": "lost", "note": "gone"}))),
    "reverse_movement": Rule(Action.ADJUST, HOLDERS, _reverse),
    "register_printer": Rule(Action.MANAGE_PRINTERS, REGENCIES, at(
        lambda t: Call("POST", "/api/v1/printers",
                       json={"region": t, "name": "Mesin 2", "cards_per_day": 120}))),
    "change_printer_status": Rule(Action.MANAGE_PRINTERS, REGENCIES, _printer_status),
    "list_printers": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/printers", params={"region": t}))),
    "record_suket": Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("POST", f"/api/v1/suket/{t}",
                       json={"date": TODAY.isoformat(), "issued": 3}))),
    "get_suket": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/suket/{t}", params={"date": TODAY.isoformat()}))),
    "report_day": Rule(Action.REPORT_DAY, REGENCIES, at(
        lambda t: Call("POST", "/api/v1/daily-reports",
                       json={"region": t, "date": TODAY.isoformat()}))),
    "daily_report_roll_call": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/daily-reports",
                       params={"parent": t, "date": TODAY.isoformat()}))),
    "record_surrender": Rule(Action.DESTROY, REGENCIES, at(
        lambda t: Call("POST", "/api/v1/surrenders", json={"region": t, "count": 2}))),
    "record_destruction": Rule(Action.DESTROY, REGENCIES, _record_destruction),
    "get_awaiting_destruction": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/api/v1/destructions/awaiting/{t}"))),
    "get_destruction": Rule(Action.READ, REGENCIES, _get_destruction),
    "list_destructions": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/destructions", params={"region": t}))),
    "sign_out_kit": Rule(Action.KIT, REGENCIES, _sign_out_kit),
    "return_kit": Rule(Action.KIT, REGENCIES, _return_kit),
    "raise_request": Rule(Action.REQUEST, HOLDERS, at(
        lambda t: Call("POST", "/api/v1/requests", json={"region": t, "quantity": 10}))),
    "approve_request": Rule(Action.APPROVE, SUPPLIERS, _approve),
    "reject_request": Rule(Action.APPROVE, SUPPLIERS, _reject),
    "cancel_request": Rule(Action.REQUEST, HOLDERS, _cancel_request),
    "create_shipment": Rule(Action.SHIP, SUPPLIERS, at(
        lambda t: Call("POST", "/api/v1/shipments",
                       json={"source": t, "destination": CHILD[t], "quantity": 1}))),
    "dispatch_shipment": Rule(Action.SHIP, SUPPLIERS, _dispatch),
    "cancel_shipment": Rule(Action.SHIP, SUPPLIERS, _cancel_shipment),
    "receive_shipment": Rule(Action.RECEIVE, HOLDERS, _receive),
    # loans: the scope must hold both the lender (the target) and the borrower (its peer)
    "create_loan": Rule(Action.SHIP, REGENCIES, at(
        lambda t: Call("POST", "/api/v1/loans", json={
            "lender": t, "borrower": LOAN_PEER[t], "quantity": 1, "due_on": DUE}))),
    "return_loan": Rule(Action.SHIP, REGENCIES, _return_loan),
    "list_loans": Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/api/v1/loans", params={"region": t}))),
    "plan_balancing": Rule(Action.READ, (HOME, FOREIGN), at(
        lambda t: Call("POST", "/api/v1/balancing/plan", json={"parent": t}))),
    "commit_balancing": Rule(Action.SHIP, REGENCIES, at(
        lambda t: Call("POST", "/api/v1/balancing", json={"due_on": DUE, "items": [
            {"lender": t, "borrower": LOAN_PEER[t], "quantity": 1}]}))),
    "commit_allocation": Rule(Action.SHIP, SUPPLIERS, at(
        lambda t: Call("POST", "/api/v1/allocations",
                       json={"source": t, "expected_on": TODAY.isoformat(),
                             "items": [{"region": CHILD[t], "quantity": 1}]}))),
    "record_print_run": Rule(Action.PRINT, REGENCIES, at(
        lambda t: Call("POST", "/api/v1/print-runs",
                       json={"region": t, "date": TODAY.isoformat(), "printed": 1}))),
    "reverse_print_run": Rule(Action.PRINT, REGENCIES, _reverse_print_run),
    "reverse_recording": Rule(Action.RECORD, REGENCIES, _reverse_recording),
    "record_recordings": Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("POST", f"/api/v1/print-debt/{t}/recordings",
                       json={"date": TODAY.isoformat(), "count": 5}))),
    "take_debt_snapshot": Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("POST", f"/api/v1/print-debt/{t}/snapshots",
                       json={"date": TODAY.isoformat(), "pending": 40}))),
    "report_indicators": Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("PUT", f"/api/v1/indicators/{t}/{TODAY.isoformat()}",
                       json={"wajib_ktp": 1000, "recorded": 900}))),
    "set_targets": Rule(Action.SET_TARGETS, SUPPLIERS, at(
        lambda t: Call("PUT", f"/api/v1/targets/{TODAY.year}",
                       json={"recording_rate": 0.99, "region": t}))),
    # the rows' regions are the target; out-of-scope rows are bad rows (API.md): 422
    "import_file": Rule(Action.RECORD, REGENCIES, at(_import), foreign_status=422,
                        foreign_code="invalid_rows"),
}


def served_document() -> dict[str, Any]:
    """The document the app serves, built without touching a database."""
    app = create_app(Settings(database_url="sqlite:///unused.sqlite", secret_key=SECRET,
                              fast_password_hashing=True))
    return app.openapi_schema.to_schema()


def operations(document: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {
        op["operationId"]: (method.upper(), path)
        for path, item in document["paths"].items()
        for method, op in item.items() if method in METHODS
    }


SERVED = operations(served_document())


# ---- the state a refusal must leave untouched ---------------------------------------------

SNAPSHOT_TABLES = [t for t in TABLES if t is not Region and t.__name__ != "LoginFailure"]


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (but the fixed region list and sign-in failures)."""
    state = {}
    for table in SNAPSHOT_TABLES:
        state[table._meta.tablename] = await table.select().order_by(table._meta.primary_key)
    return state


def allowed(role: Role, scope: str, rule: Rule, target: str | None) -> bool:
    if rule.action not in ROLE_ACTIONS[role]:
        return False
    return target is None or within(scope, target)


async def send(client: httpx.AsyncClient, call: Call, headers: dict[str, str]
               ) -> httpx.Response:
    return await client.request(call.method, call.path, params=call.params, json=call.json,
                                files=call.files, headers=headers)


# One database, app and world per database kind for the whole module (not per test): every
# case makes its own fresh resource to act on, and a refusal is checked against a snapshot of
# every table, so the cases need no clean slate, and the module runs in a fraction of the time.
@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                   ) -> AsyncIterator[Database]:
    url = fresh_database_url(request, tmp_path_factory.mktemp("matrix"))
    async with db_engine.connected(url) as engine:
        yield Database(request.param, url, engine)


@pytest.fixture(scope="module")
async def client(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(database.settings(), engine=database.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as http:
        yield http


@pytest.fixture(scope="module")
async def world(client: httpx.AsyncClient) -> World:
    root = await given_user(Role.ADMIN, "00")
    await stocking.record_procurement(
        RecordProcurement(quantity=2_000, serial_ranges=[(SERIAL_BASE, SERIAL_BASE + 1_999)]),
        actor=root)
    for region in STOCK_REGIONS[1:]:
        await stocking.adjust_stock(
            AdjustStock(region=region, quantity=100, reason=AdjustmentReason.COUNT_CORRECTION,
                        note="opening count"), actor=root)
    actors = {name: await given_user(role, region) for name, (role, region) in CALLERS.items()}
    headers = {name: await sign_in(client, actor) for name, actor in actors.items()}
    return World(root=root, headers=headers, actors=actors)


# ---- the tests -----------------------------------------------------------------------------

async def test_every_served_operation_has_a_rule_and_every_rule_an_operation(client):
    document = (await client.get("/schema/openapi.json")).json()
    served = operations(document)

    assert sorted(set(served) - set(RULES)) == [], "operations without a rule in RULES"
    assert sorted(set(RULES) - set(served)) == [], "rules for operations no longer served"
    assert served == SERVED


@pytest.mark.parametrize("operation", sorted(SERVED))
async def test_each_role_and_region_gets_exactly_what_its_rights_allow(client, world, operation):
    rule = RULES.get(operation)
    assert rule is not None, f"{operation} {SERVED[operation]} has no rule in RULES"
    if rule.action is None:
        pytest.skip("public: no role or region to check")
    cases = [(name, role, scope, target) for name, (role, scope) in CALLERS.items()
             for target in rule.targets or (None,)]
    refused = [case for case in cases if not allowed(case[1], case[2], rule, case[3])]
    failures: list[str] = []

    # Refusals first, all against one snapshot (each has its own fresh resource to act on).
    prepared = [(case, await rule.make(world, case[3] or "00")) for case in refused]
    before = await snapshot()
    for (name, role, _, target), call in prepared:
        assert _is_call_of(call, *SERVED[operation]), (operation, call)
        response = await send(client, call, world.headers[name])
        expected = (rule.foreign_status, rule.foreign_code) if (
            rule.action in ROLE_ACTIONS[role] and rule.foreign_status != 403) else (403, None)
        failures += _refusal(_where(name, call, target), response, *expected)
    if await snapshot() != before:
        failures += await _writers(client, world, rule, refused)

    for name, _, _, target in (case for case in cases if case not in refused):
        call = await rule.make(world, target or "00")
        response = await send(client, call, world.headers[name])
        if not 200 <= response.status_code < 300:
            failures.append(f"{_where(name, call, target)}: allowed, got "
                            f"{response.status_code} {response.text[:300]}")
    assert not failures, "\n".join(failures)


async def _writers(client: httpx.AsyncClient, world: World, rule: Rule, refused: list
                   ) -> list[str]:
    """Which refusals wrote something: each again, alone, between two snapshots."""
    found = []
    for name, _, _, target in refused:
        call = await rule.make(world, target or "00")
        before = await snapshot()
        await send(client, call, world.headers[name])
        after = await snapshot()
        changed = [table for table in before if before[table] != after[table]]
        if changed:
            found.append(f"{_where(name, call, target)}: refused, yet wrote to {changed}")
    return found or ["refusals changed the database, but none does so alone"]


def _where(name: str, call: Call, target: str | None) -> str:
    return f"{name} → {call.method} {call.path} at {target}"


async def test_without_a_valid_token_every_operation_is_401_naming_why_and_writes_nothing(
    client, world
):
    officer = world.actors["ministry officer@00"]
    credentials = {
        "no token": ({}, "Authorization: Bearer"),
        "expired token": (_bearer(_token(officer.id, expires_in=-timedelta(minutes=1))),
                          "expired"),
        "token signed with another key": (_bearer(_token(officer.id, key="another-key" * 4)),
                                          "signature"),
    }
    calls = [(operation, await RULES[operation].make(world, (RULES[operation].targets or
                                                               ("00",))[0]))
             for operation in sorted(SERVED) if RULES[operation].action is not None]
    failures = []
    before = await snapshot()
    for operation, call in calls:
        for label, (headers, says) in credentials.items():
            response = await send(client, call, headers)
            where = f"{operation} with {label}"
            if response.status_code != 401:
                failures.append(f"{where}: {response.status_code} {response.text[:200]}")
                continue
            body = problem(response, 401, "not_authenticated")
            if says.lower() not in body["detail"].lower():
                failures.append(f"{where}: detail {body['detail']!r} does not say {says!r}")
            if not response.headers.get("www-authenticate", "").lower().startswith("bearer"):
                failures.append(f"{where}: no WWW-Authenticate: Bearer")
    if await snapshot() != before:
        failures.append("a call without valid credentials changed the database")
    assert not failures, "\n".join(failures)


UNFILTERED_LISTS = {
    # path: where each item is, as the regions a caller must cover (one of them) to see it
    "/api/v1/requests": lambda item: [item["region"]],
    "/api/v1/shipments": lambda item: [item["source"], item["destination"]],
    "/api/v1/print-runs": lambda item: [item["region"]],
    "/api/v1/audit": lambda item: [item["region"]],
    "/api/v1/loans": lambda item: [item["lender"], item["borrower"]],
}


async def test_lists_without_a_filter_show_only_the_callers_scope(client, world):
    """Reads outside one's scope never leak through a list either: there is foreign data in
    each list (made here), and no scoped caller sees any of it."""
    await a_request(world, FOREIGN_REGENCY)
    await a_shipment(world, FOREIGN, FOREIGN_REGENCY, dispatched=True)
    await a_loan(world, FOREIGN_REGENCY)
    await send(client, Call("POST", "/api/v1/print-runs", json={
        "region": FOREIGN_REGENCY, "date": TODAY.isoformat(), "printed": 1}),
        await sign_in(client, world.root))
    failures = []
    for path, regions_of in UNFILTERED_LISTS.items():
        everything = (await client.get(path, params={"limit": 1000},
                                       headers=await sign_in(client, world.root))).json()
        assert any(FOREIGN_REGENCY in regions_of(item) for item in everything["items"]), path
        for name, (_, scope) in CALLERS.items():
            response = await client.get(path, params={"limit": 1000},
                                        headers=world.headers[name])
            assert response.status_code == 200, (name, path, response.text)
            leaked = [item for item in response.json()["items"]
                      if not any(within(scope, region) for region in regions_of(item))]
            if leaked:
                failures.append(f"{name} → GET {path}: {len(leaked)} items outside {scope}, "
                                f"e.g. {leaked[0]}")
    assert not failures, "\n".join(failures)


async def test_the_public_operations_need_no_token(client, world):
    assert (await client.get("/health")).status_code == 200
    response = await client.post("/api/v1/auth/token", json={"username": world.root.username,
                                                            "password": PASSWORD})
    assert response.status_code == 200 and response.json()["token_type"] == "bearer"
    public = await client.get("/api/v1/public/stock", params={"parent": HOME})
    assert public.status_code == 200 and "public" in public.headers["cache-control"]


async def test_a_token_of_the_right_key_past_its_ttl_is_refused(database, world):
    """The TTL comes from Settings: a 1-second token is refused once the second is over."""
    import asyncio

    settings = Settings(database_url=database.url, secret_key=SECRET,
                        fast_password_hashing=True, token_ttl_seconds=1)
    app = create_app(settings, engine=database.engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as short:
        headers = await sign_in(short, world.actors["provincial head@75"])
        assert (await short.get("/api/v1/me", headers=headers)).status_code == 200
        await asyncio.sleep(2.1)  # exp is whole seconds: wait past the next second boundary
        body = problem(await short.get("/api/v1/me", headers=headers), 401, "not_authenticated")
    assert "expired" in body["detail"].lower()


# ---- helpers -------------------------------------------------------------------------------

def _refusal(where: str, response: httpx.Response, status: int, code: str | None) -> list[str]:
    if response.status_code != status:
        return [f"{where}: expected {status}, got {response.status_code} {response.text[:300]}"]
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return [f"{where}: {status} is not application/problem+json"]
    body = response.json()
    codes = {code} if code else {"not_permitted", "out_of_scope"}
    if body.get("code") not in codes or not body.get("detail"):
        return [f"{where}: problem {body}"]
    return []


def _is_call_of(call: Call, method: str, template: str) -> bool:
    """Whether `call` is an instance of the served operation (`/stock/75.05` of `/stock/{code}`)."""
    parts, pattern = call.path.split("/"), template.split("/")
    return call.method == method and len(parts) == len(pattern) and all(
        t == p or (t.startswith("{") and t.endswith("}")) for t, p in zip(pattern, parts,
                                                                        strict=True))


def _token(subject: int, *, expires_in: timedelta = timedelta(hours=1), key: str = SECRET
           ) -> str:
    now = datetime.now(UTC)
    return jwt.encode({"sub": str(subject), "iat": now - timedelta(hours=2),
                       "exp": now + expires_in}, key, algorithm="HS256")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
