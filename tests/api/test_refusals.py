"""Refusals over HTTP: every write endpoint's problem documents, and that a refusal writes nothing.

Each refusal is checked for its precise problem document (status, `application/problem+json`,
the stable `code`, and for a 400 the field it names) and against a snapshot of the database
taken before the request: movements, balances, users, audit entries and serial custody.
Idempotency: a retry returns the first answer, and a key has at most one effect.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from blanko_tracker.db import stock, users
from blanko_tracker.db.tables import (
    AppUser,
    AuditEntry,
    SerialCustody,
    StockBalance,
    StockMovement,
)
from blanko_tracker.domain.access import Role
from blanko_tracker.domain.ledger import AdjustmentReason
from blanko_tracker.schemas import AdjustStock
from blanko_tracker.services.stock import adjust_stock
from tests.builders import (
    PASSWORD,
    as_user,
    given_admin,
    given_procurement,
    given_stock,
    given_user,
    problem,
    sign_in,
)
from tests.conftest import SECRET

TOKEN = "/api/v1/auth/token"
USERS = "/api/v1/users"
PROCUREMENTS = "/api/v1/procurements"
ADJUSTMENTS = "/api/v1/adjustments"
WATCHED_REGIONS = ("00", "31", "31.71", "75", "75.05")
NOT_JSON = b'{"region": "31", quantity: 5'


def reverse(movement_id: int | str) -> str:
    return f"/api/v1/movements/{movement_id}/reverse"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed_token(
    subject: object, *, expires_in: timedelta = timedelta(hours=1), key: str = SECRET,
    algorithm: str = "HS256", stamp: str | None = None,
) -> str:
    """A JWT made by hand. litestar's `Token` refuses a past `exp` when it is built
    (ImproperlyConfiguredException), so an expired token is signed with PyJWT directly.
    `stamp`: the user's, as a token issued now would carry it."""
    now = datetime.now(UTC)
    claims = {"sub": str(subject), "iat": now - timedelta(hours=9), "exp": now + expires_in,
              **({"stamp": stamp} if stamp else {})}
    return jwt.encode(claims, None if algorithm == "none" else key, algorithm=algorithm)


def adjustment(
    region: str = "31", quantity: Any = 5, reason: str = "found", **extra: Any
) -> dict[str, Any]:
    return {"region": region, "quantity": quantity, "reason": reason,
            "note": "counted again", **extra}


def new_user(**overrides: Any) -> dict[str, Any]:
    return {"username": "new.clerk", "password": "long-enough-1", "role": "warehouse_staff",
            "region": "31", **overrides}


def without(body: dict[str, Any], field: str) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != field}


def invalid(response: Any, field: str) -> dict:
    """A 400 `invalid_input` problem whose `errors` name `field` with a message."""
    body = problem(response, 400, "invalid_input")
    errors = body.get("errors") or []
    assert field in [error["field"] for error in errors], body
    assert all(error["message"] for error in errors), body
    return body


@dataclass(frozen=True)
class Snapshot:
    """What a refused request must leave exactly as it was."""

    movements: int
    balances: int
    users: int
    audit: int
    on_hand: dict[str, int]
    custody: list[tuple]


async def snapshot() -> Snapshot:
    custody = await SerialCustody.select(
        SerialCustody.first_serial, SerialCustody.last_serial, SerialCustody.region,
        SerialCustody.status, SerialCustody.valid_to,
    ).order_by(SerialCustody.id)
    return Snapshot(
        movements=await StockMovement.count(),
        balances=await StockBalance.count(),
        users=await AppUser.count(),
        audit=await AuditEntry.count(),
        on_hand={code: await stock.on_hand(code) for code in WATCHED_REGIONS},
        custody=[tuple(row.values()) for row in custody],
    )


@dataclass(frozen=True)
class World:
    """31 holds 14 blanks (10 counted, then a reversible find of 4); `00` holds 100 procured
    blanks with serials 1000–1099."""

    found: int
    procurement: int


@pytest.fixture
async def world(client) -> World:
    await given_stock("31", 10)
    found = await adjust_stock(
        AdjustStock(region="31", quantity=4, reason=AdjustmentReason.FOUND, note="a box"),
        actor=await given_admin(),
    )
    procurement = await given_procurement(100, [(1_000, 1_099)])
    return World(found=found.id, procurement=procurement.id)


@pytest.fixture
async def admin(client) -> dict[str, str]:
    """Bearer headers of a national admin, who holds every right everywhere."""
    return await as_user(client, Role.ADMIN, "00")


def valid_write(endpoint: str, world: World) -> tuple[str, dict[str, Any]]:
    """A request to `endpoint` that a national admin may make and that would succeed."""
    return {
        "create_user": (USERS, new_user()),
        "record_procurement": (PROCUREMENTS, {"quantity": 10, "serial_ranges": [[5_000, 5_009]]}),
        "adjust_stock": (ADJUSTMENTS, adjustment("31", -3, "lost")),
        "reverse_movement": (reverse(world.found), {"note": "miscount"}),
    }[endpoint]


WRITE_ENDPOINTS = ["create_user", "record_procurement", "adjust_stock", "reverse_movement"]


# ---- 401: not signed in ---------------------------------------------------------------------

BAD_CREDENTIALS = {
    "no token": lambda user_id: {},
    "garbage token": lambda user_id: bearer("not-a-jwt-at-all"),
    "expired token": lambda user_id: bearer(
        signed_token(user_id, expires_in=-timedelta(minutes=5))),
    "token signed with another key": lambda user_id: bearer(
        signed_token(user_id, key="another-secret-key-" + "y" * 40)),
    "unsigned token": lambda user_id: bearer(signed_token(user_id, algorithm="none")),
    "token of an unknown user": lambda user_id: bearer(signed_token(999_999)),
    "token without the Bearer scheme": lambda user_id: {"Authorization": signed_token(user_id)},
}


@pytest.mark.parametrize("credentials", BAD_CREDENTIALS)
@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS)
async def test_a_write_without_valid_credentials_is_401_and_writes_nothing(
    client, world, endpoint, credentials
):
    national_admin = await given_admin()
    path, body = valid_write(endpoint, world)
    before = await snapshot()

    response = await client.post(
        path, json=body, headers=BAD_CREDENTIALS[credentials](national_admin.id)
    )

    problem(response, 401, "not_authenticated")
    assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert await snapshot() == before


@pytest.mark.parametrize("endpoint", WRITE_ENDPOINTS)
async def test_the_same_writes_with_a_valid_token_are_accepted(client, world, admin, endpoint):
    path, body = valid_write(endpoint, world)

    response = await client.post(path, json=body, headers=admin)

    assert response.status_code == 201, response.text


async def test_a_hand_made_token_signed_with_the_real_key_is_accepted(client):
    national_admin = await given_admin()
    stamp = (await users.by_id(national_admin.id)).stamp

    response = await client.get("/api/v1/me", headers=bearer(
        signed_token(national_admin.id, stamp=stamp)))
    unstamped = await client.get("/api/v1/me", headers=bearer(signed_token(national_admin.id)))

    assert response.status_code == 200 and response.json()["id"] == national_admin.id
    problem(unstamped, 401, "not_authenticated")  # not issued under the user's stamp


async def test_an_expired_token_no_longer_reads_either(client):
    national_admin = await given_admin()

    response = await client.get(
        "/api/v1/me", headers=bearer(signed_token(national_admin.id, expires_in=-timedelta(1)))
    )

    problem(response, 401, "not_authenticated")


async def test_a_wrong_password_and_an_unknown_user_get_the_same_refusal(client, world):
    user = await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    before = await snapshot()

    wrong_password = await client.post(
        TOKEN, json={"username": user.username, "password": PASSWORD + "!"}
    )
    unknown_user = await client.post(TOKEN, json={"username": "nobody.here", "password": PASSWORD})

    first = problem(wrong_password, 401, "invalid_credentials")
    second = problem(unknown_user, 401, "invalid_credentials")
    assert first == second  # never says which part was wrong
    assert "access_token" not in first
    assert wrong_password.headers["www-authenticate"].lower().startswith("bearer")
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"username": "gudang.jakarta"}, "password", id="no password"),
        pytest.param({"password": PASSWORD}, "username", id="no username"),
        pytest.param({"username": "", "password": PASSWORD}, "username", id="empty username"),
        pytest.param({"username": "gudang.jakarta", "password": ""}, "password",
                     id="empty password"),
        pytest.param({"username": 31, "password": PASSWORD}, "username", id="username a number"),
        pytest.param({"username": "gudang.jakarta", "password": "x" * 257}, "password",
                     id="password too long to hash"),
    ],
)
async def test_signing_in_with_a_malformed_body_names_the_field(client, body, field):
    await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    before = await snapshot()

    response = await client.post(TOKEN, json=body)

    invalid(response, field)
    assert await snapshot() == before


# ---- 403: outside your role or region -------------------------------------------------------

NOT_PERMITTED = [
    pytest.param(Role.PRINT_OPERATOR, "31.71", lambda w: (ADJUSTMENTS, adjustment("31.71")),
                 "adjust_stock", id="print operator adjusting"),
    pytest.param(Role.PROVINCIAL_HEAD, "31", lambda w: (ADJUSTMENTS, adjustment("31")),
                 "adjust_stock", id="provincial head adjusting"),
    pytest.param(Role.MINISTRY_OFFICER, "00", lambda w: (ADJUSTMENTS, adjustment("31")),
                 "adjust_stock", id="ministry officer adjusting"),
    pytest.param(Role.WAREHOUSE_STAFF, "00", lambda w: (PROCUREMENTS, {"quantity": 10}),
                 "record_procurements", id="national warehouse staff procuring"),
    pytest.param(Role.PROVINCIAL_HEAD, "31", lambda w: (PROCUREMENTS, {"quantity": 10}),
                 "record_procurements", id="provincial head procuring"),
    pytest.param(Role.WAREHOUSE_STAFF, "31", lambda w: (USERS, new_user(region="31")),
                 "manage_users", id="warehouse staff creating a user"),
    pytest.param(Role.MINISTRY_OFFICER, "00", lambda w: (USERS, new_user(region="31")),
                 "manage_users", id="ministry officer creating a user"),
    pytest.param(Role.PROVINCIAL_HEAD, "31", lambda w: (USERS, new_user(region="31.71")),
                 "manage_users", id="provincial head creating a user"),
    pytest.param(Role.PRINT_OPERATOR, "31.71", lambda w: (reverse(w.found), {"note": "x"}),
                 "adjust_stock", id="print operator reversing an adjustment"),
    pytest.param(Role.WAREHOUSE_STAFF, "00", lambda w: (reverse(w.procurement), {"note": "x"}),
                 "record_procurements", id="warehouse staff reversing a procurement"),
]


@pytest.mark.parametrize(("role", "region", "attempt", "action"), NOT_PERMITTED)
async def test_a_role_without_the_right_is_refused_as_not_permitted_and_writes_nothing(
    client, world, role, region, attempt, action
):
    headers = await as_user(client, role, region)
    path, body = attempt(world)
    before = await snapshot()

    response = await client.post(path, json=body, headers=headers)

    refused = problem(response, 403, "not_permitted")
    assert refused["role"] == role.value and refused["action"] == action
    assert await snapshot() == before


OUT_OF_SCOPE = [
    pytest.param(Role.WAREHOUSE_STAFF, "31", lambda w: (ADJUSTMENTS, adjustment("75.05")),
                 "75.05", id="staff of 31 adjusting 75.05"),
    pytest.param(Role.WAREHOUSE_STAFF, "31.71", lambda w: (ADJUSTMENTS, adjustment("31")),
                 "31", id="staff of a regency adjusting its province"),
    pytest.param(Role.ADMIN, "31", lambda w: (USERS, new_user(region="75")),
                 "75", id="admin of 31 creating a user at 75"),
    pytest.param(Role.ADMIN, "31", lambda w: (USERS, new_user(role="admin", region="00")),
                 "00", id="admin of 31 creating a national admin"),
    pytest.param(Role.ADMIN, "31", lambda w: (PROCUREMENTS, {"quantity": 10}),
                 "00", id="admin of 31 procuring for the national warehouse"),
    pytest.param(Role.WAREHOUSE_STAFF, "75", lambda w: (reverse(w.found), {"note": "x"}),
                 "31", id="staff of 75 reversing an adjustment at 31"),
    pytest.param(Role.ADMIN, "31", lambda w: (reverse(w.procurement), {"note": "x"}),
                 "00", id="admin of 31 reversing a national procurement"),
]


@pytest.mark.parametrize(("role", "scope", "attempt", "target"), OUT_OF_SCOPE)
async def test_a_region_outside_the_callers_scope_is_refused_as_out_of_scope(
    client, world, role, scope, attempt, target
):
    headers = await as_user(client, role, scope)
    path, body = attempt(world)
    before = await snapshot()

    response = await client.post(path, json=body, headers=headers)

    refused = problem(response, 403, "out_of_scope")
    assert refused["scope"] == scope and refused["region"] == target
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("scope", "path"),
    [
        ("31", "/api/v1/stock/75"),
        ("31", "/api/v1/stock/75/movements"),
        ("31", "/api/v1/stock/75.05"),
        ("31", "/api/v1/stock?parent=75"),
        ("31.71", "/api/v1/stock/31"),
        ("31.71", "/api/v1/stock/31/movements"),
    ],
)
async def test_reading_stock_outside_ones_scope_is_refused_as_out_of_scope(
    client, world, scope, path
):
    headers = await as_user(client, Role.WAREHOUSE_STAFF, scope)

    response = await client.get(path, headers=headers)

    problem(response, 403, "out_of_scope")


# ---- 400: invalid input, naming the field ---------------------------------------------------

INVALID_ADJUSTMENTS = [
    pytest.param(without(adjustment(), "region"), "region", id="no region"),
    pytest.param(without(adjustment(), "quantity"), "quantity", id="no quantity"),
    pytest.param(without(adjustment(), "reason"), "reason", id="no reason"),
    pytest.param(without(adjustment(), "note"), "note", id="no note"),
    pytest.param(adjustment(quantity="five"), "quantity", id="quantity a string"),
    pytest.param(adjustment(quantity=5.5), "quantity", id="quantity a fraction"),
    pytest.param(adjustment(quantity=None), "quantity", id="quantity null"),
    pytest.param(adjustment(quantity=0), "quantity", id="quantity 0"),
    pytest.param(adjustment(quantity=3_000_000_000), "quantity", id="quantity beyond bounds"),
    pytest.param(adjustment(quantity=5, reason="lost"), "quantity", id="lost with +5"),
    pytest.param(adjustment(quantity=1, reason="damaged_in_storage"), "quantity",
                 id="damaged with +1"),
    pytest.param(adjustment(quantity=-5, reason="found"), "quantity", id="found with -5"),
    pytest.param(adjustment(reason="stolen"), "reason", id="unknown reason"),
    pytest.param(adjustment(region="3171"), "region", id="BPS code 3171"),
    pytest.param(adjustment(region="abc"), "region", id="region abc"),
    pytest.param(adjustment(region=31), "region", id="region a number"),
    pytest.param(adjustment(region="99"), "region", id="unknown region 99"),
    pytest.param(adjustment(region="75.05.01"), "region", id="district 75.05.01"),
    pytest.param(adjustment(note="n" * 1001), "note", id="note too long"),
    pytest.param(adjustment(on="2999-01-01"), "on", id="a day in the future"),
    pytest.param(adjustment(on="yesterday"), "on", id="a day that is not a date"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_ADJUSTMENTS)
async def test_an_invalid_adjustment_is_refused_naming_the_field_and_writes_nothing(
    client, world, admin, body, field
):
    before = await snapshot()

    response = await client.post(ADJUSTMENTS, json=body, headers=admin)

    invalid(response, field)
    assert await snapshot() == before


INVALID_PROCUREMENTS = [
    pytest.param({"note": "no quantity"}, "quantity", id="no quantity"),
    pytest.param({"quantity": 0}, "quantity", id="quantity 0"),
    pytest.param({"quantity": -5}, "quantity", id="quantity negative"),
    pytest.param({"quantity": "ten"}, "quantity", id="quantity a string"),
    pytest.param({"quantity": 2_000_000_001}, "quantity", id="quantity beyond bounds"),
    pytest.param({"quantity": 10, "serial_ranges": [[20, 11]]}, "serial_ranges[0]",
                 id="range with first after last"),
    pytest.param({"quantity": 3, "serial_ranges": [[1, 2, 3]]}, "serial_ranges[0]",
                 id="range of three numbers"),
    pytest.param({"quantity": 10, "serial_ranges": [[-1, 8]]}, "serial_ranges[0][0]",
                 id="negative serial"),
    pytest.param({"quantity": 10, "serial_ranges": "5000-5009"}, "serial_ranges",
                 id="ranges as a string"),
    pytest.param({"quantity": 10, "on": "2999-01-01"}, "on", id="a day in the future"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_PROCUREMENTS)
async def test_an_invalid_procurement_is_refused_naming_the_field_and_writes_nothing(
    client, world, body, field
):
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    before = await snapshot()

    response = await client.post(PROCUREMENTS, json=body, headers=officer)

    invalid(response, field)
    assert await snapshot() == before


INVALID_USERS = [
    pytest.param(new_user(password="short"), "password", id="password of 5"),
    pytest.param(new_user(password="123456789"), "password", id="password of 9"),
    pytest.param(new_user(password="New.Clerk-2024"), "password", id="password with username"),
    pytest.param(new_user(password="abababababab"), "password", id="password of 2 characters"),
    pytest.param(new_user(password="Password123"), "password", id="well-known password"),
    pytest.param(new_user(username="Bob X!"), "username", id="username with capitals"),
    pytest.param(new_user(username="ab"), "username", id="username too short"),
    pytest.param(new_user(username="-dash"), "username", id="username starting with a dash"),
    pytest.param(new_user(role="king"), "role", id="unknown role"),
    pytest.param(new_user(role="Admin"), "role", id="role in capitals"),
    pytest.param(new_user(region="99"), "region", id="unknown region"),
    pytest.param(new_user(region="3171"), "region", id="BPS code"),
    pytest.param(without(new_user(), "username"), "username", id="no username"),
    pytest.param(without(new_user(), "password"), "password", id="no password"),
    pytest.param(without(new_user(), "role"), "role", id="no role"),
    pytest.param(without(new_user(), "region"), "region", id="no region"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_USERS)
async def test_an_invalid_new_user_is_refused_naming_the_field_and_writes_nothing(
    client, world, admin, body, field
):
    before = await snapshot()

    response = await client.post(USERS, json=body, headers=admin)

    invalid(response, field)
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({}, "note", id="no note"),
        pytest.param({"note": 5}, "note", id="note a number"),
        pytest.param({"note": "n" * 1001}, "note", id="note too long"),
        pytest.param([], "body", id="a list, not an object"),
    ],
)
async def test_an_invalid_reversal_is_refused_naming_the_field_and_writes_nothing(
    client, world, admin, body, field
):
    before = await snapshot()

    response = await client.post(reverse(world.found), json=body, headers=admin)

    invalid(response, field)
    assert await snapshot() == before


ALL_WRITE_PATHS = [TOKEN, USERS, PROCUREMENTS, ADJUSTMENTS, "reverse"]


def write_path(path: str, world: World) -> str:
    return reverse(world.found) if path == "reverse" else path


@pytest.mark.parametrize("path", ALL_WRITE_PATHS)
async def test_a_body_that_is_not_json_is_refused_naming_the_body_and_writes_nothing(
    client, world, admin, path
):
    before = await snapshot()

    response = await client.post(
        write_path(path, world), content=NOT_JSON,
        headers={**admin, "Content-Type": "application/json"},
    )

    invalid(response, "body")
    assert await snapshot() == before


@pytest.mark.parametrize(
    "key", ["k" * 256, "tab\there", "", "   ", "kunci-\u00fc".encode("latin-1")],
    ids=["256 characters", "unprintable", "empty", "blank", "not ASCII"],
)
async def test_an_unusable_idempotency_key_is_refused_naming_the_header(
    client, world, admin, key
):
    before = await snapshot()

    response = await client.post(
        ADJUSTMENTS, json=adjustment(), headers={**admin, "Idempotency-Key": key}
    )

    invalid(response, "Idempotency-Key")
    assert await snapshot() == before


async def test_the_document_offers_an_idempotency_key_and_its_409_on_every_write(client):
    document = (await client.get("/schema/openapi.json")).json()
    writes = [(path, method, operation) for path, item in document["paths"].items()
              for method, operation in item.items() if method in ("post", "put", "delete")]

    assert len(writes) > 20
    for path, method, operation in writes:
        keys = [p for p in operation.get("parameters", []) if p["name"] == "Idempotency-Key"]
        # Answers that carry a new token are never stored, so never replayed.
        if path in ("/api/v1/auth/token", "/api/v1/me/password"):
            assert keys == []
            continue
        assert [key["in"] for key in keys] == ["header"], (method, path)
        pattern = re.compile(keys[0]["schema"]["pattern"])
        assert pattern.search("k" * 255) and not pattern.search("k" * 256)
        assert "409" in operation["responses"], (method, path)


@pytest.mark.parametrize("path", ["/api/v1/stock?parent=xyz", "/api/v1/regions?parent=3171"])
async def test_a_malformed_region_code_in_a_query_is_refused_naming_it(client, admin, path):
    response = await client.get(path, headers=admin)

    invalid(response, "parent")


async def test_a_missing_query_parameter_is_named_in_errors(client, admin):
    response = await client.get("/api/v1/stock", headers=admin)

    invalid(response, "parent")


# ---- 409: conflicts with the current state --------------------------------------------------


async def test_taking_more_than_on_hand_is_refused_with_what_is_available(client, world, admin):
    before = await snapshot()

    response = await client.post(
        ADJUSTMENTS, json=adjustment("31", -15, "lost"), headers=admin
    )

    refused = problem(response, 409, "insufficient_stock")
    assert (refused["region"], refused["requested"], refused["available"]) == ("31", 15, 14)
    assert await snapshot() == before and await stock.on_hand("31") == 14


async def test_an_adjustment_of_minus_eleven_from_ten_is_refused(client, admin):
    await given_stock("75.05", 10)
    before = await snapshot()

    response = await client.post(
        ADJUSTMENTS, json=adjustment("75.05", -11, "count_correction"), headers=admin
    )

    assert problem(response, 409, "insufficient_stock")["available"] == 10
    assert await snapshot() == before and await stock.on_hand("75.05") == 10


async def test_reversing_a_find_whose_blanks_are_gone_is_refused_as_insufficient_stock(
    client, world, admin
):
    await client.post(ADJUSTMENTS, json=adjustment("31", -14, "lost"), headers=admin)
    before = await snapshot()

    response = await client.post(reverse(world.found), json={"note": "miscount"}, headers=admin)

    refused = problem(response, 409, "insufficient_stock")
    assert (refused["requested"], refused["available"]) == (4, 0)
    assert await snapshot() == before


async def test_a_movement_is_reversed_at_most_once(client, world, admin):
    first = await client.post(reverse(world.found), json={"note": "miscount"}, headers=admin)
    before = await snapshot()

    again = await client.post(reverse(world.found), json={"note": "again"}, headers=admin)

    assert first.status_code == 201, first.text
    problem(again, 409, "invalid_state")
    assert await snapshot() == before and await stock.on_hand("31") == 10


async def test_a_reversal_cannot_itself_be_reversed(client, world, admin):
    reversal = (
        await client.post(reverse(world.found), json={"note": "miscount"}, headers=admin)
    ).json()
    before = await snapshot()

    response = await client.post(reverse(reversal["id"]), json={"note": "undo"}, headers=admin)

    problem(response, 409, "invalid_state")
    assert await snapshot() == before


async def test_a_reversed_procurement_is_not_reversed_again_and_keeps_its_serials_void(
    client, world
):
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    await client.post(reverse(world.procurement), json={"note": "wrong"}, headers=officer)
    before = await snapshot()

    response = await client.post(reverse(world.procurement), json={"note": "x"}, headers=officer)

    problem(response, 409, "invalid_state")
    assert await snapshot() == before and await stock.on_hand("00") == 0


@pytest.mark.parametrize(
    "ranges",
    [[[1_095, 1_104]], [[900, 1_000]], [[1_050, 1_050]], [[1_100, 1_104], [1_099, 1_099]]],
    ids=["overlapping the end", "touching the first", "inside", "one of two ranges"],
)
async def test_serials_already_on_record_are_a_serial_conflict(client, world, ranges):
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    quantity = sum(last - first + 1 for first, last in ranges)
    before = await snapshot()

    response = await client.post(
        PROCUREMENTS, json={"quantity": quantity, "serial_ranges": ranges}, headers=officer
    )

    problem(response, 409, "serial_conflict")
    assert await snapshot() == before and await stock.on_hand("00") == 100


async def test_two_overlapping_ranges_in_one_procurement_are_a_serial_conflict(client, world):
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    before = await snapshot()

    response = await client.post(
        PROCUREMENTS, json={"quantity": 20, "serial_ranges": [[5_000, 5_009], [5_005, 5_014]]},
        headers=officer,
    )

    problem(response, 409, "serial_conflict")
    assert await snapshot() == before


async def test_a_taken_username_is_refused_as_already_exists(client, world, admin):
    await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    before = await snapshot()

    response = await client.post(
        USERS, json=new_user(username="gudang.jakarta", region="75"), headers=admin
    )

    problem(response, 409, "already_exists")
    assert await snapshot() == before


async def test_of_two_concurrent_creations_of_one_username_one_is_already_exists(
    client, world, admin
):
    before = await snapshot()

    responses = await asyncio.gather(
        client.post(USERS, json=new_user(username="kembar", role="admin"), headers=admin),
        client.post(USERS, json=new_user(username="kembar"), headers=admin),
    )

    assert sorted(response.status_code for response in responses) == [201, 409]
    problem(max(responses, key=lambda r: r.status_code), 409, "already_exists")
    after = await snapshot()
    assert after.users == before.users + 1 and after.audit == before.audit + 1


async def test_of_five_concurrent_reversals_of_one_movement_one_takes_effect(
    client, world, admin
):
    before = await snapshot()

    responses = await asyncio.gather(*[
        client.post(reverse(world.found), json={"note": f"try {n}"}, headers=admin)
        for n in range(5)
    ])

    assert sorted(response.status_code for response in responses) == [201, 409, 409, 409, 409]
    for response in responses:
        if response.status_code == 409:
            problem(response, 409, "invalid_state")
    assert (await snapshot()).movements == before.movements + 1
    assert await stock.on_hand("31") == 10


async def test_spaces_around_a_key_are_not_part_of_it(client, world, admin):
    """RFC 9110: whitespace around a header's value is not part of the value."""
    first = await client.post(ADJUSTMENTS, json=adjustment("31", 2),
                              headers={**admin, "Idempotency-Key": "kunci dengan spasi"})
    before = await snapshot()

    padded = await client.post(ADJUSTMENTS, json=adjustment("31", 2),
                               headers={**admin, "Idempotency-Key": " kunci dengan spasi\t"})

    assert first.status_code == 201, first.text
    assert padded.status_code == 201 and padded.content == first.content
    assert padded.headers["idempotent-replayed"] == "true"
    assert padded.headers["content-length"] == str(len(first.content))  # not sent chunked
    assert await snapshot() == before


async def test_the_same_key_with_another_body_is_refused_and_the_first_answer_stands(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "adjust-31-once"}
    first = await client.post(ADJUSTMENTS, json=adjustment("31", 2), headers=keyed)
    before = await snapshot()

    other = await client.post(ADJUSTMENTS, json=adjustment("31", 3), headers=keyed)
    retry = await client.post(ADJUSTMENTS, json=adjustment("31", 2), headers=keyed)

    assert first.status_code == 201, first.text
    problem(other, 409, "idempotency_key_reused")
    assert retry.status_code == 201 and retry.content == first.content
    assert await snapshot() == before


async def test_the_same_key_on_another_endpoint_is_refused(client, world, admin):
    keyed = {**admin, "Idempotency-Key": "one-key"}
    await client.post(ADJUSTMENTS, json=adjustment("31", 2), headers=keyed)
    before = await snapshot()

    response = await client.post(PROCUREMENTS, json={"quantity": 2}, headers=keyed)

    problem(response, 409, "idempotency_key_reused")
    assert await snapshot() == before


# ---- 422: a domain rule refused it ----------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "ranges"),
    [(10, [[5_000, 5_008]]), (10, [[5_000, 5_010]]), (11, [[5_000, 5_004], [6_000, 6_004]])],
    ids=["one short", "one over", "two ranges one short"],
)
async def test_serial_ranges_that_count_another_quantity_are_a_quantity_mismatch(
    client, world, quantity, ranges
):
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    before = await snapshot()

    response = await client.post(
        PROCUREMENTS, json={"quantity": quantity, "serial_ranges": ranges}, headers=officer
    )

    problem(response, 422, "quantity_mismatch")
    assert await snapshot() == before


# ---- 404: unknown ---------------------------------------------------------------------------


@pytest.mark.parametrize("movement_id", [999_999, 0, -1, "abc"])
async def test_reversing_an_unknown_movement_is_not_found(client, world, admin, movement_id):
    before = await snapshot()

    response = await client.post(reverse(movement_id), json={"note": "x"}, headers=admin)

    problem(response, 404, "not_found")
    assert await snapshot() == before


async def test_reversing_a_movement_id_beyond_any_integer_column_is_not_found(
    client, world, admin
):
    response = await client.post(reverse(10**20), json={"note": "x"}, headers=admin)

    problem(response, 404, "not_found")


async def test_reversing_a_movement_id_beyond_32_bits_is_not_found(client, world, admin):
    # The Postgres id column is int4: 2**31 must be answered before it reaches the query.
    response = await client.post(reverse(2**31), json={"note": "x"}, headers=admin)

    problem(response, 404, "not_found")


@pytest.mark.parametrize("path", ["/api/v1/stock?parent=99", "/api/v1/regions?parent=99"])
async def test_listing_the_children_of_an_unknown_region_is_not_found(client, admin, path):
    response = await client.get(path, headers=admin)

    problem(response, 404, "not_found")


@pytest.mark.parametrize(
    "path", ["/api/v1/regions/99", "/api/v1/stock/99", "/api/v1/stock/99/movements"]
)
async def test_an_unknown_region_is_not_found(client, admin, path):
    response = await client.get(path, headers=admin)

    problem(response, 404, "not_found")


# ---- idempotency: one key, one effect -------------------------------------------------------


async def test_a_retried_adjustment_returns_the_first_answer_and_moves_stock_once(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "count-31-2026-01-05"}
    first = await client.post(ADJUSTMENTS, json=adjustment("31", -4, "lost"), headers=keyed)
    after_first = await snapshot()

    retry = await client.post(ADJUSTMENTS, json=adjustment("31", -4, "lost"), headers=keyed)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry.headers["content-type"] == first.headers["content-type"]
    assert await snapshot() == after_first and await stock.on_hand("31") == 10


async def test_a_retried_refusal_returns_the_same_refusal_and_writes_nothing(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "take-too-many"}
    before = await snapshot()

    first = await client.post(ADJUSTMENTS, json=adjustment("31", -15, "lost"), headers=keyed)
    retry = await client.post(ADJUSTMENTS, json=adjustment("31", -15, "lost"), headers=keyed)

    problem(first, 409, "insufficient_stock")
    problem(retry, 409, "insufficient_stock")
    assert retry.content == first.content
    assert await snapshot() == before


async def test_a_retried_refusal_is_the_first_answer_even_once_stock_has_arrived(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "take-fifteen"}
    first = await client.post(ADJUSTMENTS, json=adjustment("31", -15, "lost"), headers=keyed)
    await given_stock("31", 6)
    before = await snapshot()

    retry = await client.post(ADJUSTMENTS, json=adjustment("31", -15, "lost"), headers=keyed)

    assert first.status_code == retry.status_code == 409
    assert retry.content == first.content  # API.md: within 24 h the first answer, as it was
    assert await snapshot() == before and await stock.on_hand("31") == 20


async def test_five_concurrent_identical_requests_with_one_key_take_effect_once(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "found-in-the-back-room"}
    before = await snapshot()

    responses = await asyncio.gather(*[
        client.post(ADJUSTMENTS, json=adjustment("31", 7, "found"), headers=keyed)
        for _ in range(5)
    ])

    assert [response.status_code for response in responses] == [201] * 5
    assert len({response.content for response in responses}) == 1
    after = await snapshot()
    assert after.movements == before.movements + 1 and after.audit == before.audit + 1
    assert await stock.on_hand("31") == 21
    assert await stock.ledger_mismatches() == []


async def test_five_concurrent_identical_refusals_with_one_key_are_one_refusal(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "take-fifty"}
    before = await snapshot()

    responses = await asyncio.gather(*[
        client.post(ADJUSTMENTS, json=adjustment("31", -50, "lost"), headers=keyed)
        for _ in range(5)
    ])

    for response in responses:
        problem(response, 409, "insufficient_stock")
    assert len({response.content for response in responses}) == 1
    assert await snapshot() == before


async def test_concurrent_requests_with_one_key_and_different_bodies_take_effect_once(
    client, world, admin
):
    keyed = {**admin, "Idempotency-Key": "one-of-two"}
    before = await snapshot()

    responses = await asyncio.gather(
        client.post(ADJUSTMENTS, json=adjustment("31", 1, "found"), headers=keyed),
        client.post(ADJUSTMENTS, json=adjustment("31", 2, "found"), headers=keyed),
    )

    accepted = [response for response in responses if response.status_code == 201]
    refused = [response for response in responses if response.status_code != 201]
    assert len(accepted) == 1 and len(refused) == 1
    problem(refused[0], 409, "idempotency_key_reused")
    assert await stock.on_hand("31") == 14 + accepted[0].json()["quantity"]
    assert (await snapshot()).movements == before.movements + 1


async def test_the_same_key_from_two_users_are_two_requests(client, world):
    first_admin = await sign_in(client, await given_user(Role.ADMIN, "00"))
    second_admin = await sign_in(client, await given_user(Role.WAREHOUSE_STAFF, "31"))
    before = await snapshot()

    first = await client.post(
        ADJUSTMENTS, json=adjustment("31", 3), headers={**first_admin, "Idempotency-Key": "k-1"}
    )
    second = await client.post(
        ADJUSTMENTS, json=adjustment("31", 3), headers={**second_admin, "Idempotency-Key": "k-1"}
    )

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert first.json()["actor"] != second.json()["actor"]
    assert (await snapshot()).movements == before.movements + 2
    assert await stock.on_hand("31") == 20


async def test_a_retried_reversal_returns_the_reversal_not_invalid_state(client, world, admin):
    keyed = {**admin, "Idempotency-Key": "reverse-the-find"}
    first = await client.post(reverse(world.found), json={"note": "miscount"}, headers=keyed)
    after_first = await snapshot()

    retry = await client.post(reverse(world.found), json={"note": "miscount"}, headers=keyed)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert await snapshot() == after_first


async def test_a_retried_user_creation_returns_the_user_not_already_exists(client, admin):
    keyed = {**admin, "Idempotency-Key": "create-new-clerk"}
    first = await client.post(USERS, json=new_user(), headers=keyed)
    after_first = await snapshot()

    retry = await client.post(USERS, json=new_user(), headers=keyed)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert await snapshot() == after_first


async def test_a_retried_procurement_returns_the_first_answer_not_a_serial_conflict(
    client, world
):
    officer = await as_user(client, Role.MINISTRY_OFFICER, "00")
    keyed = {**officer, "Idempotency-Key": "tranche-7"}
    body = {"quantity": 10, "serial_ranges": [[7_000, 7_009]]}
    first = await client.post(PROCUREMENTS, json=body, headers=keyed)
    after_first = await snapshot()

    retry = await client.post(PROCUREMENTS, json=body, headers=keyed)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert await snapshot() == after_first and await stock.on_hand("00") == 110

