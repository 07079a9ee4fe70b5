"""Slow links (issue 21, item 10): compressed pages and assets, a year's caching of
fingerprinted assets, a favicon, and no script nothing uses. Figures: bench/page_load.py."""

from __future__ import annotations

import gzip
import re

import httpx
from litestar import Litestar, get, post
from litestar.response import Response

from blanko_tracker.api.compression import compression_config
from blanko_tracker.web.render import STATIC

GZIP = {"Accept-Encoding": "gzip"}


async def raw(client: httpx.AsyncClient, path: str, **headers: str) -> httpx.Response:
    """An answer as it crossed the wire: headers and body, not decoded."""
    request = client.build_request("GET", path, headers={**GZIP, **headers})
    response = await client.send(request, stream=True)
    response._content = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response


async def test_the_login_page_and_its_assets_go_out_compressed(client):
    page = await raw(client, "/login")
    assert page.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in page.headers["vary"].lower()
    html = gzip.decompress(page.content).decode()
    assert len(page.content) < len(html) / 2
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\?v=[0-9a-f]+)"', html)
    assert any("pico.min.css" in a for a in assets) and any("app.css" in a for a in assets)
    for address in assets:
        asset = await raw(client, address)
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        if not address.startswith("/static/favicon.ico"):
            assert asset.headers["content-encoding"] == "gzip", address


async def test_pico_crosses_the_wire_in_a_fraction_of_its_size(client):
    css = (STATIC / "vendor/pico/pico.min.css").read_bytes()
    answer = await raw(client, "/static/vendor/pico/pico.min.css")
    assert gzip.decompress(answer.content) == css and len(answer.content) < len(css) / 5


async def test_the_favicon_is_answered_and_kept_a_day(client):
    icon = await client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content == (STATIC / "favicon.ico").read_bytes()
    assert icon.headers["cache-control"] == "public, max-age=86400"


async def test_htmx_is_gone_as_nothing_used_it(client):
    page = (await client.get("/login")).text
    assert "htmx" not in page and not (STATIC / "vendor/htmx").exists()


async def test_answers_to_writes_go_out_as_they_are_for_an_idempotent_replay_to_be_whole():
    """Compression runs inside TransactionPerWrite, which keeps an idempotent answer's body
    and content type only: a gzipped body kept there would be replayed undeclared."""
    body = "x" * 5_000

    @get("/thing", sync_to_thread=False)
    def read() -> Response[str]:
        return Response(body, media_type="text/plain")

    @post("/thing", sync_to_thread=False)
    def write() -> Response[str]:
        return Response(body, media_type="text/plain")

    app = Litestar([read, write], compression_config=compression_config())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://testserver") as http:
        read_answer = await http.get("/thing", headers=GZIP)
        write_answer = await http.post("/thing", headers=GZIP)
    assert read_answer.headers["content-encoding"] == "gzip" and read_answer.text == body
    assert "content-encoding" not in write_answer.headers and write_answer.text == body
