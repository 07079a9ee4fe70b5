"""The role × region matrix over every page of the app, GET and POST, as test_matrix.py is over
the API.

Every page route in the app's route table (every route but /api, /schema, /static and
/health) must have a rule in `RULES`, keyed by method and path as the table writes them: a new
page fails `test_every_page_route_has_a_rule_and_every_rule_a_route` until it gets one. For
each, the five callers of test_matrix.py — each in a browser of its own, signed in through
/login — call it at regions inside and outside their scope:

- allowed (the role holds the action and the region is in scope) → 200, or 303 for a form
  that was accepted;
- refused → 403 (out-of-scope rows of an import: 422, as the API), every table exactly as it
  was, and a refused form answers with the generic error page (no form on it) — but for a
  region the form itself names (a shipment's source, a request's region, a new user's
  region), which only the service can check once the form is read: then the form comes back
  with what was typed, on a page of the caller's own scope;
- no answer to a caller whose scope does not cover the foreign province 31 carries anything
  only 31 and 31.71 have: their on-hand counts, 31.71's last print run and print debt (each a
  distinctive number, in either language's writing) and their names;
- no session → 303 to /login?next=…, writing nothing;
- a form posted without its session's CSRF token → 403, writing nothing.

What a case acts on (a request to approve, a shipment to receive, a user to change) is made
fresh through the services by a national admin just before the call.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from blanko_tracker.api.app import create_app
from blanko_tracker.db import engine as db_engine
from blanko_tracker.db.tables import TABLES, Region
from blanko_tracker.domain.access import ROLE_ACTIONS, Action, Actor, Role
from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.domain.regions import within
from blanko_tracker.schemas import (
    AdjustStock,
    CreateShipment,
    RaiseRequest,
    RecordPrintRun,
    RecordProcurement,
    RecordRecordings,
    RegisterPrinter,
)
from blanko_tracker.services import printers as printer_actions
from blanko_tracker.services import printing
from blanko_tracker.services import shipments as shipping
from blanko_tracker.services import stock as stocking
from blanko_tracker.services import stock_requests as requesting
from blanko_tracker.settings import Settings
from tests.builders import PASSWORD, given_user, sign_in
from tests.conftest import SECRET, Database, fresh_database_url
from tests.web.pages import csrf_of, signed_in

YESTERDAY = date.today() - timedelta(days=1)  # never in the future in any zone
MONTH = YESTERDAY.strftime("%Y-%m")
NOT_PAGES = ("/api/", "/schema", "/static/", "/health")

HOME, HOME_REGENCY, SIBLING_REGENCY = "75", "75.05", "75.01"
FOREIGN, FOREIGN_REGENCY = "31", "31.71"
CHILD = {"00": HOME_REGENCY, HOME: HOME_REGENCY, FOREIGN: FOREIGN_REGENCY}
PARENT = {HOME: "00", HOME_REGENCY: HOME, SIBLING_REGENCY: HOME, FOREIGN: "00",
          FOREIGN_REGENCY: FOREIGN}
CALLERS: dict[str, tuple[Role, str]] = {
    "ministry officer@00": (Role.MINISTRY_OFFICER, "00"),
    "provincial head@75": (Role.PROVINCIAL_HEAD, HOME),
    "warehouse staff@75": (Role.WAREHOUSE_STAFF, HOME),
    "print operator@75.05": (Role.PRINT_OPERATOR, HOME_REGENCY),
    "admin@75": (Role.ADMIN, HOME),
}
# The foreign figures: counts that appear on no page but those of 31 and 31.71.
FOREIGN_ON_HAND, FOREIGN_REGENCY_ON_HAND = 37_519, 48_173
FOREIGN_PRINTED, FOREIGN_OWED = 2_741, 6_389

READ_TARGETS = (HOME, HOME_REGENCY, FOREIGN, FOREIGN_REGENCY)
REGENCIES = (HOME_REGENCY, SIBLING_REGENCY, FOREIGN_REGENCY)
HOLDERS = (HOME, HOME_REGENCY, FOREIGN_REGENCY)
SUPPLIERS = ("00", HOME, FOREIGN)
SIGNED_IN = "signed in"  # any signed-in user, whatever their role; no region involved


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, Any] | None = None
    data: dict[str, str] | None = None  # a form's fields, the CSRF token added on sending
    files: dict[str, Any] | None = None


@dataclass
class Browser:
    """A caller signed in through /login: its cookie jar and its session's CSRF token."""

    actor: Actor
    http: httpx.AsyncClient
    csrf: str


@dataclass
class World:
    app: Litestar
    root: Actor  # a national admin who prepares what each case acts on
    browsers: dict[str, Browser]
    bearer: dict[str, str]  # the root's API token, to read the foreign figures
    names: Any = field(default_factory=lambda: itertools.count(1))


# How to call a page at a target region, made by `by`: the caller for an entry the caller
# may make there (undoing one's own entry), else the national admin.
Make = Callable[[World, str, Actor], Awaitable[Call]]


@dataclass(frozen=True)
class Rule:
    """How a page is guarded and how to call it at a target region.

    `action`: None, public; SIGNED_IN, any signed-in user; else the right it needs. `targets`
    empty: no region (the role alone decides). `region_in_form`: the target is a field of the
    form, not of the path. `own_session`: the call ends or replaces the caller's session
    (signing out, a new password), so each case is made by a new user of the caller's role
    and region, in a browser of its own. `foreign_status`: what an allowed role gets outside
    its scope when it is not 403. `entered_by_caller`: the call acts on an entry, made by
    the caller where the caller may make it (else by the national admin).
    """

    action: Action | str | None
    targets: tuple[str, ...]
    make: Make
    region_in_form: bool = False
    own_session: bool = False
    foreign_status: int = 403
    accepted: int | None = None  # an allowed call's status: by default 200 for GET, 303 for POST
    entered_by_caller: bool = False

    def accepted_status(self, method: str) -> int:
        return self.accepted or (200 if method == "GET" else 303)


def fixed(call: Call) -> Make:
    async def make(world: World, target: str, by: Actor) -> Call:
        return call
    return make


def at(build: Callable[[str], Call]) -> Make:
    async def make(world: World, target: str, by: Actor) -> Call:
        return build(target)
    return make


# ---- what a case acts on, made by the national admin through the services -----------------

async def a_request(world: World, region: str, supplier: str = "00") -> int:
    row = await requesting.raise_request(
        RaiseRequest(region=region, quantity=10, supplier=supplier), actor=world.root)
    return row.id


async def a_shipment(world: World, source: str, destination: str, *,
                     dispatched: bool = False) -> int:
    row = await shipping.create_shipment(
        CreateShipment(source=source, destination=destination, quantity=1,
                       status="dispatched" if dispatched else "planned"), actor=world.root)
    return row.id


async def a_user(world: World, region: str) -> int:
    user = await given_user(Role.WAREHOUSE_STAFF, region, f"page.user-{next(world.names)}")
    return user.id


async def _new_shipment(world: World, target: str, by: Actor) -> Call:
    """Prefilled from a request supplied by the foreign province: only a caller whose scope
    covers it sees what it asks for."""
    asked = await a_request(world, FOREIGN_REGENCY, supplier=FOREIGN)
    return Call("GET", "/shipments/new", params={"request_id": asked})


async def _shipment(world: World, target: str, by: Actor) -> Call:
    return Call("GET", f"/shipments/{await a_shipment(world, PARENT[target], target)}")


async def _receive(world: World, target: str, by: Actor) -> Call:
    shipment = await a_shipment(world, PARENT[target], target, dispatched=True)
    return Call("POST", f"/shipments/{shipment}/receive",
                data={"received": "1", "damaged": "0"})


async def _dispatch(world: World, target: str, by: Actor) -> Call:
    return Call("POST", f"/shipments/{await a_shipment(world, target, CHILD[target])}/dispatch",
                data={})


async def _cancel_shipment(world: World, target: str, by: Actor) -> Call:
    return Call("POST", f"/shipments/{await a_shipment(world, target, CHILD[target])}/cancel",
                data={"confirm": "yes"})


async def _approve(world: World, target: str, by: Actor) -> Call:
    asked = await a_request(world, CHILD[target], supplier=target)
    return Call("POST", f"/requests/{asked}/approve", data={"approved_quantity": "5"})


async def _reject(world: World, target: str, by: Actor) -> Call:
    asked = await a_request(world, CHILD[target], supplier=target)
    return Call("POST", f"/requests/{asked}/reject", data={"reason": "no stock this month"})


async def _create_user(world: World, target: str, by: Actor) -> Call:
    return Call("POST", "/users", data={
        "username": f"page.created-{next(world.names)}", "password": "long-enough-pw-1",
        "role": "warehouse_staff", "region": target})


async def _user(world: World, target: str, by: Actor) -> Call:
    return Call("GET", f"/users/{await a_user(world, target)}")


async def _update_user(world: World, target: str, by: Actor) -> Call:
    return Call("POST", f"/users/{await a_user(world, target)}", data={"active": "false"})


async def _print_run_to_undo(world: World, target: str, by: Actor) -> Call:
    run = await printing.record_print_run(
        RecordPrintRun(region=target, date=YESTERDAY, printed=1), actor=by)
    return Call("GET", f"/regions/{target}/print-runs/{run.id}/undo")


async def _recording_to_undo(world: World, target: str, by: Actor) -> Call:
    recorded = await printing.record_recordings(
        target, RecordRecordings(date=YESTERDAY, count=1), actor=by)
    return Call("GET", f"/regions/{target}/recordings/{recorded.entry.id}/undo")


async def _adjustment_to_undo(world: World, target: str, by: Actor) -> Call:
    found = await stocking.adjust_stock(
        AdjustStock(region=target, quantity=1, reason=AdjustmentReason.FOUND,
                    note="a box behind the shelf"), actor=by)
    return Call("GET", f"/regions/{target}/adjustments/{found.id}/undo")


async def _printer_status(world: World, target: str, by: Actor) -> Call:
    made = await printer_actions.register_printer(
        RegisterPrinter(region=target, name="Mesin halaman", cards_per_day=100),
        actor=world.root)
    return Call("POST", f"/regions/{target}/printers/{made.id}/status",
                data={"status": "broken"})


def posted(make: Make, data: dict[str, str]) -> Make:
    """The form `make`'s page shows, sent with `data`."""
    async def post_it(world: World, target: str, by: Actor) -> Call:
        shown = await make(world, target, by)
        return Call("POST", shown.path, data=data)
    return post_it


UNDONE_BECAUSE = {"reason": "entered twice by mistake"}


def _import(target: str) -> Call:
    csv = f"region,date,pending\n{target},{YESTERDAY.isoformat()},40\n".encode()
    return Call("POST", "/imports", data={"kind": "print_debt"},
                files={"file": ("debt.csv", csv, "text/csv")})


RULES: dict[tuple[str, str], Rule] = {
    # public
    ("GET", "/login"): Rule(None, (), fixed(Call("GET", "/login"))),
    ("POST", "/login"): Rule(None, (), fixed(Call("POST", "/login", data={}))),
    ("GET", "/lang/{code:str}"): Rule(None, (), fixed(Call("GET", "/lang/en",
                                                           params={"next": "/"}))),
    # any signed-in user
    ("POST", "/logout"): Rule(SIGNED_IN, (), fixed(Call("POST", "/logout", data={})),
                              own_session=True),
    ("GET", "/"): Rule(SIGNED_IN, (), fixed(Call("GET", "/"))),
    ("GET", "/shipments"): Rule(SIGNED_IN, (), fixed(Call("GET", "/shipments"))),
    ("GET", "/requests"): Rule(SIGNED_IN, (), fixed(Call("GET", "/requests"))),
    ("GET", "/reports"): Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", "/reports", params={"region": t, "month": MONTH}))),
    ("GET", "/password"): Rule(SIGNED_IN, (), fixed(Call("GET", "/password"))),
    ("GET", "/antrian"): Rule(SIGNED_IN, (), fixed(Call("GET", "/antrian"))),
    ("GET", "/sw.js"): Rule(None, (), fixed(Call("GET", "/sw.js"))),
    ("GET", "/favicon.ico"): Rule(None, (), fixed(Call("GET", "/favicon.ico"))),
    ("GET", "/publik"): Rule(None, (), fixed(Call("GET", "/publik"))),
    ("GET", "/publik/{code:str}"): Rule(None, (), fixed(Call("GET", f"/publik/{HOME_REGENCY}"))),
    ("POST", "/password"): Rule(SIGNED_IN, (), fixed(Call("POST", "/password", data={
        "current_password": PASSWORD, "new_password": "another-long-pw-7",
        "new_password_again": "another-long-pw-7"})), own_session=True),
    # reads inside one's scope
    ("GET", "/regions/{code:str}"): Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/regions/{t}"))),
    ("GET", "/shipments/{shipment_id:int}"): Rule(Action.READ, HOLDERS, _shipment),
    ("GET", "/reports/monthly/{code:str}/download"): Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/reports/monthly/{t}/download",
                       params={"month": MONTH, "format": "xlsx"}))),
    ("GET", "/regions/{code:str}/scenario"): Rule(
        Action.RUN_SCENARIOS, (HOME, HOME_REGENCY, FOREIGN_REGENCY), at(
            lambda t: Call("GET", f"/regions/{t}/scenario"))),
    ("GET", "/planning"): Rule(Action.RUN_SCENARIOS, (HOME, FOREIGN), at(
        lambda t: Call("GET", "/planning", params={"quantity": "10", "parent": t}))),
    # the print operator's day
    ("GET", "/regions/{code:str}/print-runs/new"): Rule(Action.PRINT, REGENCIES, at(
        lambda t: Call("GET", f"/regions/{t}/print-runs/new"))),
    ("POST", "/regions/{code:str}/print-runs/new"): Rule(Action.PRINT, REGENCIES, at(
        lambda t: Call("POST", f"/regions/{t}/print-runs/new",
                       data={"date": YESTERDAY.isoformat(), "printed": "1"}))),
    ("GET", "/regions/{code:str}/recordings/new"): Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("GET", f"/regions/{t}/recordings/new"))),
    ("POST", "/regions/{code:str}/recordings/new"): Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("POST", f"/regions/{t}/recordings/new",
                       data={"date": YESTERDAY.isoformat(), "count": "1", "kind": "new"}))),
    # undoing an entry (its entrant or their supervisor: domain.access.authorize_undo); an
    # allowed caller undoes their own entry, a refused one the national admin's
    ("GET", "/regions/{code:str}/print-runs/{run_id:int}/undo"): Rule(
        Action.PRINT, REGENCIES, _print_run_to_undo, entered_by_caller=True),
    ("POST", "/regions/{code:str}/print-runs/{run_id:int}/undo"): Rule(
        Action.PRINT, REGENCIES, posted(_print_run_to_undo, UNDONE_BECAUSE),
        entered_by_caller=True),
    ("GET", "/regions/{code:str}/recordings/{entry_id:int}/undo"): Rule(
        Action.RECORD, REGENCIES, _recording_to_undo, entered_by_caller=True),
    ("POST", "/regions/{code:str}/recordings/{entry_id:int}/undo"): Rule(
        Action.RECORD, REGENCIES, posted(_recording_to_undo, UNDONE_BECAUSE),
        entered_by_caller=True),
    ("GET", "/regions/{code:str}/adjustments/new"): Rule(Action.ADJUST, HOLDERS, at(
        lambda t: Call("GET", f"/regions/{t}/adjustments/new"))),
    ("POST", "/regions/{code:str}/adjustments/new"): Rule(Action.ADJUST, HOLDERS, at(
        lambda t: Call("POST", f"/regions/{t}/adjustments/new", data={
            "on": YESTERDAY.isoformat(), "reason": "found", "direction": "in",
            "quantity": "1", "note": "a box behind the shelf"}))),
    ("GET", "/regions/{code:str}/adjustments/{movement_id:int}/undo"): Rule(
        Action.ADJUST, HOLDERS, _adjustment_to_undo, entered_by_caller=True),
    ("POST", "/regions/{code:str}/adjustments/{movement_id:int}/undo"): Rule(
        Action.ADJUST, HOLDERS, posted(_adjustment_to_undo, UNDONE_BECAUSE),
        entered_by_caller=True),
    ("GET", "/regions/{code:str}/printers"): Rule(Action.MANAGE_PRINTERS, REGENCIES, at(
        lambda t: Call("GET", f"/regions/{t}/printers"))),
    ("POST", "/regions/{code:str}/printers"): Rule(Action.MANAGE_PRINTERS, REGENCIES, at(
        lambda t: Call("POST", f"/regions/{t}/printers",
                       data={"name": "Mesin 2", "cards_per_day": "120"}))),
    ("POST", "/regions/{code:str}/printers/{printer_id:int}/status"): Rule(
        Action.MANAGE_PRINTERS, REGENCIES, _printer_status),
    ("GET", "/regions/{code:str}/suket"): Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("GET", f"/regions/{t}/suket"))),
    ("POST", "/regions/{code:str}/suket"): Rule(Action.RECORD, REGENCIES, at(
        lambda t: Call("POST", f"/regions/{t}/suket",
                       data={"date": YESTERDAY.isoformat(), "issued": "2"}))),
    ("GET", "/regions/{code:str}/daily-report"): Rule(Action.REPORT_DAY, REGENCIES, at(
        lambda t: Call("GET", f"/regions/{t}/daily-report"))),
    ("POST", "/regions/{code:str}/daily-report"): Rule(Action.REPORT_DAY, REGENCIES, at(
        lambda t: Call("POST", f"/regions/{t}/daily-report", data={"note": "cek"}))),
    ("GET", "/regions/{code:str}/daily-reports"): Rule(Action.READ, READ_TARGETS, at(
        lambda t: Call("GET", f"/regions/{t}/daily-reports"))),
    ("GET", "/imports"): Rule(Action.RECORD, (), fixed(Call("GET", "/imports"))),
    # the rows' regions are the target; out-of-scope rows are bad rows, as in the API: 422
    ("POST", "/imports"): Rule(Action.RECORD, REGENCIES, at(_import), foreign_status=422,
                               accepted=200),  # the import's result, on the page itself
    # supply
    ("GET", "/shipments/new"): Rule(Action.SHIP, (), _new_shipment),
    ("POST", "/shipments/new"): Rule(Action.SHIP, SUPPLIERS, at(
        lambda t: Call("POST", "/shipments/new", data={
            "source": t, "destination": CHILD[t], "quantity": "1", "status": "planned"})),
        region_in_form=True),
    ("POST", "/shipments/{shipment_id:int}/receive"): Rule(Action.RECEIVE, HOLDERS, _receive),
    ("POST", "/shipments/{shipment_id:int}/dispatch"): Rule(Action.SHIP, SUPPLIERS, _dispatch),
    ("POST", "/shipments/{shipment_id:int}/cancel"): Rule(Action.SHIP, SUPPLIERS,
                                                          _cancel_shipment),
    ("POST", "/requests"): Rule(Action.REQUEST, HOLDERS, at(
        lambda t: Call("POST", "/requests", data={"region": t, "quantity": "10"})),
        region_in_form=True),
    ("POST", "/requests/{request_id:int}/approve"): Rule(Action.APPROVE, SUPPLIERS, _approve),
    ("POST", "/requests/{request_id:int}/reject"): Rule(Action.APPROVE, SUPPLIERS, _reject),
    # the source is the caller's own region; every caller with the right covers 75.05
    ("POST", "/planning/commit"): Rule(Action.SHIP, (), fixed(Call(
        "POST", "/planning/commit", data={"expected_on": YESTERDAY.isoformat(),
                                          f"item_{HOME_REGENCY}": "1"}))),
    # accounts
    ("GET", "/users"): Rule(Action.MANAGE_USERS, (), fixed(Call("GET", "/users"))),
    ("POST", "/users"): Rule(Action.MANAGE_USERS, HOLDERS, _create_user, region_in_form=True),
    ("GET", "/users/{user_id:int}"): Rule(Action.MANAGE_USERS, HOLDERS, _user),
    ("POST", "/users/{user_id:int}"): Rule(Action.MANAGE_USERS, HOLDERS, _update_user),
}


def page_routes(app: Litestar) -> set[tuple[str, str]]:
    """(method, path) of every page route in the app's route table."""
    return {(method, route.path) for route in app.routes if isinstance(route, HTTPRoute)
            and not route.path.startswith(NOT_PAGES)
            for method in route.methods - {"OPTIONS", "HEAD"}}


def is_call_of(call: Call, method: str, template: str) -> bool:
    """Whether `call` is a call of the route (`/regions/75.05` of `/regions/{code:str}`)."""
    parts, pattern = call.path.split("/"), template.split("/")
    return call.method == method and len(parts) == len(pattern) and all(
        t == p or (t.startswith("{") and t.endswith("}"))
        for t, p in zip(pattern, parts, strict=True))


def allowed(role: Role, scope: str, rule: Rule, target: str | None) -> bool:
    if rule.action is not SIGNED_IN and rule.action not in ROLE_ACTIONS[role]:
        return False
    return target is None or within(scope, target)


# ---- the world: one database, app and set of browsers per database kind --------------------

@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                   ) -> AsyncIterator[Database]:
    url = fresh_database_url(request, tmp_path_factory.mktemp("page-matrix"))
    async with db_engine.connected(url) as engine:
        yield Database(request.param, url, engine)


def browser_of(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                             base_url="http://testserver")


async def signed_in_browser(app: Litestar, actor: Actor) -> Browser:
    http = browser_of(app)
    return Browser(actor, http, await signed_in(http, actor))


@pytest.fixture(scope="module")
async def world(database: Database) -> AsyncIterator[World]:
    app = create_app(database.settings(), engine=database.engine)
    root = await given_user(Role.ADMIN, "00")
    await stocking.record_procurement(RecordProcurement(quantity=2_000), actor=root)
    opening = {HOME: 100, HOME_REGENCY: 100, SIBLING_REGENCY: 100,
               FOREIGN: FOREIGN_ON_HAND, FOREIGN_REGENCY: FOREIGN_REGENCY_ON_HAND + FOREIGN_PRINTED}
    for region, quantity in opening.items():
        await stocking.adjust_stock(
            AdjustStock(region=region, quantity=quantity,
                        reason=AdjustmentReason.COUNT_CORRECTION, note="opening count"),
            actor=root)
    await printing.record_recordings(
        FOREIGN_REGENCY, RecordRecordings(date=YESTERDAY, count=FOREIGN_OWED + FOREIGN_PRINTED),
        actor=root)
    await printing.record_print_run(
        RecordPrintRun(region=FOREIGN_REGENCY, date=YESTERDAY, printed=FOREIGN_PRINTED),
        actor=root)
    browsers = {name: await signed_in_browser(app, await given_user(role, region))
                for name, (role, region) in CALLERS.items()}
    async with browser_of(app) as api:
        bearer = await sign_in(api, root)
    yield World(app, root, browsers, bearer)
    for browser in browsers.values():
        await browser.http.aclose()


async def foreign_figures(world: World) -> list[str]:
    """What only 31 and 31.71 show, as they stand now (cases take from 31's stock)."""
    async with browser_of(world.app) as api:
        async def read(path: str, **params: Any) -> Any:
            answer = await api.get(path, params=params, headers=world.bearer)
            assert answer.status_code == 200, answer.text
            return answer.json()

        counts = [(await read(f"/api/v1/stock/{code}"))["on_hand"]
                  for code in (FOREIGN, FOREIGN_REGENCY)]
        counts.append((await read(f"/api/v1/print-debt/{FOREIGN_REGENCY}"))["pending"])
        runs = await read("/api/v1/print-runs", region=FOREIGN_REGENCY)
        # the runs the matrix's undo cases enter print one card each: a "1" is on any page
        counts += [run["printed"] for run in runs["items"] if run["printed"] > 1]
        names = [(await read(f"/api/v1/regions/{code}"))["name"]
                 for code in (FOREIGN, FOREIGN_REGENCY)]
    assert min(counts) >= 1_000, counts  # distinctive only when this long
    written = {f"{n:,}".replace(",", sep) for n in counts for sep in (".", ",", "")}
    return sorted(written) + names


async def send(browser: Browser | httpx.AsyncClient, call: Call, *, csrf: str | None = None
               ) -> httpx.Response:
    """As a browser would: a form's fields (with `csrf`, the session's token by default)."""
    http = browser.http if isinstance(browser, Browser) else browser
    if call.data is None:
        return await http.request(call.method, call.path, params=call.params)
    token = csrf if csrf is not None else browser.csrf if isinstance(browser, Browser) else ""
    data = {**call.data, **({"csrf_token": token} if token else {})}
    return await http.request(call.method, call.path, params=call.params, data=data,
                              files=call.files)


# Every row of every table but the fixed region list and sign-in failures: what a refusal
# must leave exactly as it was.
SNAPSHOT_TABLES = [t for t in TABLES if t is not Region and t.__name__ != "LoginFailure"]


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    return {table._meta.tablename: await table.select().order_by(table._meta.primary_key)
            for table in SNAPSHOT_TABLES}


# ---- the tests -----------------------------------------------------------------------------

SERVED = page_routes(create_app(Settings(database_url="sqlite:///unused.sqlite",
                                         secret_key=SECRET, fast_password_hashing=True)))


def test_every_page_route_has_a_rule_and_every_rule_a_route():
    assert sorted(SERVED - set(RULES)) == [], "page routes without a rule in RULES"
    assert sorted(set(RULES) - SERVED) == [], "rules for page routes no longer served"


@pytest.mark.parametrize(("method", "path"), sorted(SERVED))
async def test_each_role_and_region_gets_exactly_what_its_rights_allow(world, method, path):
    rule = RULES.get((method, path))
    assert rule is not None, f"{method} {path} has no rule in RULES"
    if rule.action is None:
        pytest.skip("public: no role or region to check")
    cases = [(name, role, scope, target) for name, (role, scope) in CALLERS.items()
             for target in rule.targets or (None,)]
    refused = [case for case in cases if not allowed(case[1], case[2], rule, case[3])]
    failures: list[str] = []

    # Refusals first, all against one snapshot (each has its own fresh thing to act on).
    prepared = [(case, await rule.make(world, case[3] or "00", world.root)) for case in refused]
    shown = await foreign_figures(world)
    before = await snapshot()
    for (name, role, _, target), call in prepared:
        assert is_call_of(call, method, path), (method, path, call)
        response = await send(world.browsers[name], call)
        where = _where(name, call, target)
        expected = rule.foreign_status if rule.action in ROLE_ACTIONS[role] else 403
        if response.status_code != expected:
            failures.append(f"{where}: expected {expected}, got {response.status_code} "
                            f"{response.text[:300]}")
        elif (method == "POST" and expected == 403 and "<form" in response.text
              and not (rule.region_in_form and rule.action in ROLE_ACTIONS[role])):
            failures.append(f"{where}: refused, yet answered with a form, not the error page")
        failures += _leaks(where, response, shown)
    if await snapshot() != before:
        failures += await _writers(world, rule, refused)

    for name, role, scope, target in (case for case in cases if case not in refused):
        call = await rule.make(world, target or "00", maker(world, rule, name))
        browser = world.browsers[name]
        if rule.own_session:
            browser = await signed_in_browser(
                world.app, await given_user(role, scope, f"page.own-{next(world.names)}"))
        response = await send(browser, call)
        if rule.own_session:
            await browser.http.aclose()
        where = _where(name, call, target)
        if response.status_code != rule.accepted_status(method):
            failures.append(f"{where}: allowed, got {response.status_code} "
                            f"{response.text[:300]}")
        if not within(scope, FOREIGN):
            failures += _leaks(where, response, await foreign_figures(world))
    assert not failures, "\n".join(failures)


def _leaks(where: str, response: httpx.Response, shown: list[str]) -> list[str]:
    leaked = [text for text in shown if text in response.text]
    return [f"{where}: shows {leaked}"] if leaked else []


async def _writers(world: World, rule: Rule, refused: list) -> list[str]:
    """Which refusals wrote something: each again, alone, between two snapshots."""
    found = []
    for name, _, _, target in refused:
        call = await rule.make(world, target or "00", world.root)
        before = await snapshot()
        await send(world.browsers[name], call)
        after = await snapshot()
        changed = [table for table in before if before[table] != after[table]]
        if changed:
            found.append(f"{_where(name, call, target)}: refused, yet wrote to {changed}")
    return found or ["refusals changed the database, but none does so alone"]


def maker(world: World, rule: Rule, caller: str) -> Actor:
    """Who makes what an allowed caller's case acts on."""
    return world.browsers[caller].actor if rule.entered_by_caller else world.root


def _where(name: str, call: Call, target: str | None) -> str:
    return f"{name} → {call.method} {call.path} at {target}"


async def test_without_a_session_every_page_but_the_public_ones_sends_to_login(world):
    calls = [(key, await rule.make(world, (rule.targets or ("00",))[0], world.root))
             for key, rule in sorted(RULES.items()) if key in SERVED and rule.action is not None]
    failures = []
    before = await snapshot()
    async with browser_of(world.app) as stranger:
        for (method, path), call in calls:
            response = await send(stranger, call, csrf="")
            target = response.headers.get("location", "")
            if response.status_code != 303 or not target.startswith("/login?next="):
                failures.append(f"{method} {path}: {response.status_code} to {target!r}")
    if await snapshot() != before:
        failures.append("a call without a session changed the database")
    assert not failures, "\n".join(failures)


async def test_the_public_pages_need_no_session(world):
    async with browser_of(world.app) as stranger:
        login = await stranger.get("/login")
        switched = await stranger.get("/lang/en", params={"next": "/"})
        public = [await stranger.get(path) for path in ("/publik", f"/publik/{HOME_REGENCY}")]
    assert login.status_code == 200 and 'name="csrf_token"' in login.text
    assert switched.status_code == 303 and switched.headers["location"] == "/"
    for answer in public:
        assert answer.status_code == 200 and "public" in answer.headers["cache-control"]


async def test_a_form_without_its_sessions_token_is_refused_and_writes_nothing(world):
    """For each form, a caller who may post it (at a region they may act on), but with no
    token, another session's token, or a made-up one."""
    failures = []
    for (method, path), rule in sorted(RULES.items()):
        if method != "POST" or (method, path) not in SERVED:
            continue
        if rule.action is None:  # /login: the token pairs with a cookie the form set
            async with browser_of(world.app) as stranger:
                await stranger.get("/login")
                before = await snapshot()
                response = await stranger.post("/login", data={
                    "username": world.root.username, "password": PASSWORD})
            if response.status_code != 403 or await snapshot() != before:
                failures.append(f"POST /login without its token: {response.status_code}")
            continue
        name, target = next((n, t) for n, (role, scope) in CALLERS.items()
                            for t in rule.targets or (None,) if allowed(role, scope, rule, t))
        other = next(b.csrf for n, b in world.browsers.items() if n != name)
        browser = world.browsers[name]
        if rule.own_session:
            role, scope = CALLERS[name]
            browser = await signed_in_browser(
                world.app, await given_user(role, scope, f"page.stale-{next(world.names)}"))
        for label, token in (("no token", ""), ("another session's token", other),
                             ("a made-up token", "x" * 43)):
            call = await rule.make(world, target or "00", maker(world, rule, name))
            before = await snapshot()
            response = await send(browser, call, csrf=token)
            if response.status_code != 403 or "<form" in response.text:
                failures.append(f"{name} → POST {call.path} with {label}: "
                                f"{response.status_code} {response.text[:200]}")
            if await snapshot() != before:
                failures.append(f"{name} → POST {call.path} with {label}: wrote")
        if rule.own_session:
            await browser.http.aclose()
    assert not failures, "\n".join(failures)


async def test_the_callers_sessions_still_stand(world):
    """The matrix's browsers kept their sessions throughout (no case ended one by mistake)."""
    for name, browser in world.browsers.items():
        response = await browser.http.get("/")
        assert response.status_code == 200, name
        assert csrf_of(response) == browser.csrf, name
