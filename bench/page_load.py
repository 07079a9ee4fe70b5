#!/usr/bin/env python3
"""First load of the pages a remote regency opens, over its link: 400 kbps, 400 ms round trips.

    .venv/bin/python bench/page_load.py                # 3 cold loads of each page
    .venv/bin/python bench/page_load.py --loads 5 --kbps 400 --latency-ms 400

The demo (`blanko-tracker demo`) on a fresh PostgreSQL database `blanko_bench_page_load`,
served by `blanko-tracker serve` (1 worker; its log in bench/results/). Debian's Chromium
(Playwright, never `playwright install`) signs each user in once at full speed, then loads
each page in a fresh browser context (an empty cache, the session's cookie only) with
Chromium's own throttling (CDP `Network.emulateNetworkConditions`, the same rate both ways).

Per page: the load time (navigation start to the end of the `load` event, from the page's
Navigation Timing) and the bytes of scripts and styles on the wire (CDP `encodedDataLength`:
compressed bodies and their headers), with the page's own HTML beside. Goal (issue 21):
≤ 1.5 s and ≤ 60 KB. Output: a table on stdout; the database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass, field
from typing import Any

import benchlib
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DEMO_PASSWORD = "blanko-demo"
PHONE = {"width": 360, "height": 740}
# (what, user, address): the print operator's form and dashboard, the nation's dashboard,
# and a region's page, the one with a chart (uPlot, the biggest script).
PAGES = [
    ("print-run form", "operator.gorut", "/regions/75.05/print-runs/new"),
    ("dashboard (operator)", "operator.gorut", "/"),
    ("dashboard (ministry)", "kemendagri", "/"),
    ("region 75 (chart)", "kadis.gorontalo", "/regions/75"),
]
GOAL_SECONDS = 1.5
GOAL_ASSET_BYTES = 60 * 1024


@dataclass
class Load:
    seconds: float
    # Request sent to the HTML's first byte as Navigation Timing sees it: mostly the server's
    # own time, as Chromium's emulated latency falls before `requestStart`.
    waiting: float
    status: int
    asset_bytes: int = 0  # scripts and styles
    document_bytes: int = 0
    requests: list[str] = field(default_factory=list)


def sign_in(browser: Browser, base_url: str, username: str) -> dict[str, Any]:
    """The session's storage state, from the sign-in form at full speed."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/login")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/login'] button[type=submit]").click()
    state = context.storage_state()
    context.close()
    return state


def cold_load(browser: Browser, base_url: str, state: dict[str, Any], path: str, *,
              kbps: int, latency_ms: int) -> Load:
    context = browser.new_context(base_url=base_url, storage_state=state, viewport=PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms,
        "downloadThroughput": kbps * 1000 / 8, "uploadThroughput": kbps * 1000 / 8})
    kinds: dict[str, tuple[str, str]] = {}
    wire: dict[str, float] = {}
    cdp.on("Network.responseReceived",
           lambda e: kinds.__setitem__(e["requestId"], (e["type"], e["response"]["url"])))
    cdp.on("Network.loadingFinished",
           lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]))
    response = page.goto(path, wait_until="load")
    seconds, waiting = page.evaluate("""() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return [nav.loadEventEnd / 1000, (nav.responseStart - nav.requestStart) / 1000]; }""")
    assert page.url.endswith(path), f"{path} landed on {page.url} (signed out?)"
    load = Load(seconds=seconds, waiting=waiting, status=response.status if response else 0)
    for request, (kind, url) in kinds.items():
        size = int(wire.get(request, 0))
        if kind in ("Script", "Stylesheet"):
            load.asset_bytes += size
        elif kind == "Document":
            load.document_bytes += size
        load.requests.append(f"{kind:<10} {size:>7} B  {url.removeprefix(base_url)}")
    context.close()
    return load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="cold loads of each page")
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument("--latency-ms", type=int, default=400)
    parser.add_argument("--verbose", action="store_true", help="list each page's requests")
    args = parser.parse_args()

    benchlib.leave_nothing_behind()
    url = benchlib.fresh_postgres("blanko_bench_page_load")
    benchlib.cli(url, "migrate")
    benchlib.cli(url, "demo", timeout=900)
    server = benchlib.start_server(url, log=benchlib.RESULTS / "page_load_server.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            states = {user: sign_in(browser, server.base_url, user)
                      for user in {user for _, user, _ in PAGES}}
            print(f"{args.kbps} kbps both ways, {args.latency_ms} ms latency, cold cache, "
                  f"{args.loads} loads each (median, worst)")
            print(f"{'page':<22} {'load s':>13} {'scripts+styles':>15} {'html':>8} "
                  f"{'wait s':>10}")
            for what, user, path in PAGES:
                loads = [cold_load(browser, server.base_url, states[user], path,
                                   kbps=args.kbps, latency_ms=args.latency_ms)
                         for _ in range(args.loads)]
                times = [load.seconds for load in loads]
                assets = max(load.asset_bytes for load in loads)
                verdict = ("ok" if max(times) <= GOAL_SECONDS and assets <= GOAL_ASSET_BYTES
                           else "OVER GOAL")
                if any(load.status != 200 for load in loads):
                    verdict += f" (HTTP {sorted({load.status for load in loads})})"
                print(f"{what:<22} {statistics.median(times):>6.2f} {max(times):>6.2f} "
                      f"{assets / 1024:>12.1f} KB {loads[0].document_bytes / 1024:>5.1f} KB"
                      f" {statistics.median(load.waiting for load in loads):>10.2f}  {verdict}")
                if args.verbose:
                    print("\n".join(f"    {line}" for line in loads[0].requests))
            browser.close()
    finally:
        server.stop()
        benchlib.drop_postgres("blanko_bench_page_load")


if __name__ == "__main__":
    main()
