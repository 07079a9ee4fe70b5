"""Sign-in throttling counts failures per username *and* client address, so a stranger's
guesses never lock the real user out; behind a reverse proxy the client address comes from
`X-Forwarded-For` only when the proxy is trusted; and guesses sent at once are counted
before any of them is hashed."""

from __future__ import annotations

import asyncio

import httpx
import msgspec

from blanko_tracker.api.app import create_app
from blanko_tracker.domain.access import Role
from blanko_tracker.services import auth
from tests.builders import PASSWORD, given_user

WRONG = "not-the-password"


def _client(database, address: str, **settings: object) -> httpx.AsyncClient:
    app = create_app(msgspec.structs.replace(database.settings(), **settings),
                     engine=database.engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 50000)),
                             base_url="http://testserver")


async def _sign_in(client: httpx.AsyncClient, username: str, password: str,
                   forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = await client.post("/api/v1/auth/token", headers=headers,
                                 json={"username": username, "password": password})
    return response.status_code


async def test_a_strangers_wrong_passwords_do_not_lock_the_user_out(database):
    user = await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    async with _client(database, "198.51.100.66") as stranger, \
            _client(database, "10.31.0.7") as office:
        guesses = [await _sign_in(stranger, user.username, WRONG) for _ in range(11)]
        assert guesses == [401] * 10 + [429]
        assert await _sign_in(stranger, user.username, PASSWORD) == 429

        assert await _sign_in(office, user.username, PASSWORD) == 200


async def test_behind_a_trusted_proxy_each_client_is_counted_alone(database):
    await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    async with _client(database, "10.0.0.2", trusted_proxies=("10.0.0.2",)) as proxy:
        guesser = "203.0.113.9"
        statuses = [await _sign_in(proxy, f"nobody-{n}", WRONG, f"{guesser}")
                    for n in range(51)]
        assert statuses == [401] * 50 + [429]  # 50 per address, whatever the usernames

        assert await _sign_in(proxy, "gudang.jakarta", PASSWORD, "203.0.113.10") == 200
        # A client cannot pose as another by adding its own X-Forwarded-For entries: the
        # address the trusted proxy saw is the last one.
        assert await _sign_in(proxy, "gudang.jakarta", PASSWORD,
                              f"203.0.113.10, {guesser}") == 429


async def test_an_untrusted_peers_forwarded_header_is_ignored(database):
    await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    async with _client(database, "198.51.100.66") as direct:
        statuses = [await _sign_in(direct, f"nobody-{n}", WRONG, f"203.0.113.{n}")
                    for n in range(51)]
        assert statuses == [401] * 50 + [429]  # all from 198.51.100.66, as the socket says


async def test_guesses_sent_at_once_are_counted_before_any_is_hashed(database, monkeypatch):
    user = await given_user(Role.WAREHOUSE_STAFF, "31", username="gudang.jakarta")
    hashed = 0
    verify = auth._verify

    async def counted(password: str, password_hash: str) -> bool:
        nonlocal hashed
        hashed += 1
        return await verify(password, password_hash)

    monkeypatch.setattr(auth, "_verify", counted)
    async with _client(database, "198.51.100.66") as stranger:
        statuses = await asyncio.gather(*(_sign_in(stranger, user.username, WRONG)
                                          for _ in range(30)))

    assert sorted(statuses) == [401] * statuses.count(401) + [429] * statuses.count(429)
    assert statuses.count(401) <= auth.MAX_FAILURES_PER_USER
    assert hashed <= auth.MAX_FAILURES_PER_USER
