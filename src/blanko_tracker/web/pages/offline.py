"""Entry without a signal (issue 21): the service worker that keeps the entry forms' pages
and shipped files on the phone, and the page listing what is still waiting to be sent.

What was typed offline lives only in the browser (IndexedDB, web/static/offline.js): the
list is drawn there; the server gives it its frame and words. Each kept entry is sent with
its own `Idempotency-Key`, so a repeat has one effect (api/idempotency.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Controller, Request, get
from litestar.di import Provide
from litestar.response import Response, Template

from blanko_tracker.web.render import page, static_url
from blanko_tracker.web.session import CurrentSession, provide_session

STATIC = Path(__file__).parent.parent / "static"
# What the worker keeps so the forms open without a signal: their pages are kept as they
# were last opened (web/static/sw.js); these shipped files with them.
SHELL_ASSETS = ("vendor/pico/pico.min.css", "app.css", "offline.js")


class OfflinePages(Controller):
    include_in_schema = False

    @get("/sw.js", sync_to_thread=False)
    def service_worker(self) -> Response[bytes]:
        """At the site's root so its scope covers every page. Checked again on each use
        (no-cache): a new release's worker replaces the old one at once. The shipped files'
        fingerprinted addresses are written into it, so a release also renews its cache."""
        assets = ",".join(f'"{static_url(name)}"' for name in SHELL_ASSETS
                          if (STATIC / name).exists())
        source = (STATIC / "sw.js").read_text().replace('"__SHELL_ASSETS__"', assets)
        return Response(source.encode(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})

    @get("/antrian", dependencies={"session": Provide(provide_session)})
    async def waiting(self, request: Request[Any, Any, Any], session: CurrentSession
                      ) -> Template:
        """"Menunggu dikirim": the entries this browser keeps until the link is back."""
        return page(request, "waiting.html", session=session)
