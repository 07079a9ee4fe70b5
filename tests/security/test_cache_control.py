"""Issue 20: what a signed-in person sees is never kept by a browser or a proxy on the way.

Every signed-in page, every scoped API answer, every download (the monthly report's XLSX and
PDF) and every refusal carries `Cache-Control: no-store`: on a shared office computer the
back button or the disk cache would otherwise show the last user's stock, debts and users
to the next. Public things keep their caching: /health and the OpenAPI document as their
handlers make them, and the shipped assets — fingerprinted by their content (`?v=`) — a
year's `immutable`, so a page costs no asset requests after the first.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from blanko_tracker.domain.access import Role
from blanko_tracker.web.render import static_url
from tests.builders import given_stock, given_user, sign_in
from tests.web.pages import signed_in

STATIC = Path(__file__).parents[2] / "src" / "blanko_tracker" / "web" / "static"
MONTH = (date.today() - timedelta(days=1)).strftime("%Y-%m")
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')


def no_store(answer: httpx.Response) -> bool:
    return "no-store" in answer.headers.get("cache-control", "")


@pytest.fixture
async def admin(client):
    await given_stock("31.71", 100)
    return await given_user(Role.ADMIN, "31")


async def test_every_signed_in_page_and_download_is_not_stored(client, admin):
    await signed_in(client, admin)
    paths = ["/", "/regions/31.71", "/regions/31.71/print-runs/new", "/shipments", "/requests",
             "/users", f"/users/{admin.id}", "/password", "/imports",
             f"/reports?region=31&month={MONTH}",
             f"/reports/monthly/31.71/download?month={MONTH}&format=xlsx",
             f"/reports/monthly/31.71/download?month={MONTH}&format=pdf",
             "/regions/75.05",  # refused: the error page
             "/regions/31.71/print-runs/new?saved=x",  # refused: a bad query
             ]
    answers = {path: await client.get(path) for path in paths}
    answers["POST /logout (a redirect)"] = await client.post("/logout", data={})

    assert answers["/regions/75.05"].status_code == 403
    assert answers[f"/reports/monthly/31.71/download?month={MONTH}&format=pdf"].content[:4] \
        == b"%PDF"
    stored = {path: answer.headers.get("cache-control") for path, answer in answers.items()
              if not no_store(answer)}
    assert stored == {}


async def test_every_scoped_api_answer_and_download_is_not_stored(client, admin):
    token = await client.post("/api/v1/auth/token",
                              json={"username": admin.username, "password": "wrong-guess"})
    headers = await sign_in(client, admin)
    issued = await client.post("/api/v1/auth/token",
                               json={"username": admin.username,
                                     "password": "correct-horse-battery"})
    answers = {
        "token refused": token, "token issued": issued,
        "me": await client.get("/api/v1/me", headers=headers),
        "stock": await client.get("/api/v1/stock/31.71", headers=headers),
        "movements": await client.get("/api/v1/stock/31.71/movements", headers=headers),
        "users": await client.get("/api/v1/users", headers=headers),
        "print runs": await client.get("/api/v1/print-runs", params={"region": "31.71"},
                                       headers=headers),
        "report": await client.get("/api/v1/reports/monthly/31.71",
                                   params={"month": MONTH}, headers=headers),
        "report xlsx": await client.get("/api/v1/reports/monthly/31.71",
                                        params={"month": MONTH, "format": "xlsx"},
                                        headers=headers),
        "out of scope": await client.get("/api/v1/stock/75.05", headers=headers),
        "a write": await client.post("/api/v1/requests", json={"region": "31.71",
                                                                "quantity": 5},
                                     headers=headers),
    }

    assert (answers["stock"].status_code, answers["out of scope"].status_code,
            answers["a write"].status_code) == (200, 403, 201)
    stored = {name: answer.headers.get("cache-control") for name, answer in answers.items()
              if not no_store(answer)}
    assert stored == {}


async def test_answers_outside_any_handler_carry_the_headers_too(client):
    """The 401 of a missing token comes from the bearer check, a 404 from the router: both
    before the app's own middleware runs."""
    for path in ("/api/v1/stock/31.71", "/api/v1/nowhere", "/nowhere"):
        answer = await client.get(path)
        assert answer.status_code in (401, 404)
        assert no_store(answer) and answer.headers["x-content-type-options"] == "nosniff"


async def test_the_shipped_assets_are_fingerprinted_and_kept_for_a_year(client, admin):
    await signed_in(client, admin)
    assets = {asset for path in ("/login", "/", "/regions/31.71")
              for asset in ASSET.findall((await client.get(path)).text)}

    assert {a.split("?")[0] for a in assets} >= {
        "/static/app.css", "/static/vendor/pico/pico.min.css", "/static/chart.js"}
    for asset in assets:
        path, _, query = asset.partition("?")
        content = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert query == f"v={hashlib.sha256(content).hexdigest()[:12]}", asset
        answer = await client.get(asset)
        assert answer.status_code == 200 and answer.content == content
        assert answer.headers["cache-control"] == "public, max-age=31536000, immutable", asset


async def test_an_asset_asked_for_without_its_fingerprint_is_revalidated(client):
    answer = await client.get("/static/app.css")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-cache" and answer.headers["etag"]


def test_the_fingerprint_follows_the_content():
    content = (STATIC / "chart.js").read_bytes()
    assert static_url("chart.js") == (
        f"/static/chart.js?v={hashlib.sha256(content).hexdigest()[:12]}")


async def test_public_answers_keep_their_caching(client):
    for path in ("/health", "/schema/openapi.json"):
        answer = await client.get(path)
        assert answer.status_code == 200 and not no_store(answer), path
