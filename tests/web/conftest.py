"""The served app in a real browser: `blanko-tracker serve` over a demo database of each
engine, Debian's Chromium driven by Playwright, and a watched page for every test.

- `served` (session-scoped, one per engine): a fresh database (a SQLite file in a temporary
  folder, or a new PostgreSQL database dropped afterwards) with `blanko-tracker demo` loaded
  once, served by `blanko-tracker serve` as a subprocess on a free loopback port.
- `chromium` (session-scoped): Debian's /usr/bin/chromium (never `playwright install`).
- `ui` (per test): a fresh browser context (its own cookies) and page whose every request is
  recorded. At the end of the test it fails on any request to another host than the served
  127.0.0.1:port, on any console error or uncaught page error (CSP violations are console
  errors), on any answer with an error status the test did not announce with
  `ui.expect_status(...)`, and on any traceback the server logged meanwhile. `ui.sign_in`
  types into /login; a user already signed in earlier in the run reuses that session's cookie
  (the sign-in tests pass `by_form=True`), `ui.sign_out` clicks the menu's button.
- Screenshots: `ui.snap(name)` keeps the current page at phone (360×740) and desktop
  (1280×900) size, full page, under tests/web/screenshots/<engine>/<test>/ (or
  $BLANKO_SCREENSHOTS_DIR), and fails if the page is wider than a 360 px phone screen, if a
  field has no label, or if `<html lang>` is neither `id` nor `en`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import (
    POSTGRES_ADMIN_URL,
    SECRET,
    _postgres_url,
    free_port,
    run_sync,
    wait_until_serving,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
DEMO_PASSWORD = "blanko-demo"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(os.environ.get("BLANKO_SCREENSHOTS_DIR")
                   or Path(__file__).parent / "screenshots")
TIMEOUT_MS = 15_000
SESSION_COOKIE = "blanko_session"
_SESSIONS: dict[tuple[str, str], dict[str, Any]] = {}  # (engine, username) → session cookie


@dataclass
class Served:
    """The app as served for one engine."""

    engine: str  # "sqlite" | "postgres"
    database_url: str
    base_url: str  # http://127.0.0.1:PORT
    log: Path
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return urlsplit(self.base_url).netloc

    def api_token(self, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
        """A bearer header for `username` (one token per user and run)."""
        if username in self.tokens:
            return self.tokens[username]
        answer = httpx.post(f"{self.base_url}/api/v1/auth/token",
                            json={"username": username, "password": password}, timeout=30)
        assert answer.status_code == 200, answer.text
        self.tokens[username] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        return self.tokens[username]

    def api(self, method: str, path: str, headers: dict[str, str], **kwargs: Any
            ) -> httpx.Response:
        return httpx.request(method, f"{self.base_url}{path}", headers=headers, timeout=60,
                             **kwargs)


def _environment(database_url: str, data_dir: Path) -> dict[str, str]:
    return {**os.environ, "BLANKO_DATABASE_URL": database_url, "BLANKO_SECRET_KEY": SECRET,
            "BLANKO_FAST_PASSWORD_HASHING": "1", "BLANKO_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1"}


def _cli(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "blanko_tracker.cli", *args], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"blanko-tracker {' '.join(args)}:\n{done.stdout}\n{done.stderr}"


async def _postgres_admin(sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres",
                                                                marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Served]:
    """The demo, served by the real command, on a fresh database of each engine."""
    engine = request.param
    folder = tmp_path_factory.mktemp(f"served-{engine}")
    database = None
    if engine == "sqlite":
        url = f"sqlite:///{folder / 'blanko.sqlite'}"
    else:
        database = f"blanko_browser_{os.getpid()}_{secrets.token_hex(3)}"
        run_sync(_postgres_admin(f'CREATE DATABASE "{database}"'))
        url = _postgres_url(database)
    env = _environment(url, folder)
    log = folder / "serve.log"
    process = None
    try:
        if engine == "postgres":
            _cli("migrate", env=env)  # `demo` migrates the SQLite file itself
        _cli("demo", env=env)
        port = free_port()
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "blanko_tracker.cli", "serve", "--host", "127.0.0.1",
                 "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_serving(base_url, process, log)
        yield Served(engine, url, base_url, log)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if database is not None:
            run_sync(_postgres_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    driver.stop()


# How far the page is wider than the screen, and the outermost elements sticking out (those
# whose parent fits and does not scroll or clip them).
_OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const culprits = [];
  for (const el of document.body.querySelectorAll("*")) {
    const right = el.getBoundingClientRect().right, parent = el.parentElement;
    if (right <= width + 0.5 || !parent) continue;
    if (parent !== document.body && parent.getBoundingClientRect().right > width + 0.5) continue;
    if (getComputedStyle(parent).overflowX !== "visible") continue;
    let name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
    if (typeof el.className === "string" && el.className.trim())
      name += "." + el.className.trim().split(/\\s+/).join(".");
    culprits.push(name + " (" + Math.round(right - width) + " px)");
  }
  if (!culprits.length) culprits.push("none found: a pseudo-element (::before/::after)?");
  return {by: root.scrollWidth - width, culprits: culprits.slice(0, 8)};
}"""

# Every field a person fills has a label (a <label>, aria-label or aria-labelledby).
_UNLABELLED = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter(el => !["hidden", "submit", "button", "reset"].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                && !el.getAttribute("aria-labelledby"))
  .map(el => el.outerHTML.slice(0, 120))"""

_FAILED_LOAD = re.compile(r"Failed to load resource: the server responded with a status of "
                          r"(\d+)")


@dataclass
class UI:
    """One test's browser page on the served app, watched."""

    served: Served
    context: Any
    page: Any
    folder: Path
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    bad_answers: list[str] = field(default_factory=list)
    expected_statuses: set[int] = field(default_factory=set)
    shots: int = 0
    log_from: int = 0  # where the server's log stood when the test began

    # --- navigation and forms ---------------------------------------------------------
    def url(self, path: str) -> str:
        return f"{self.served.base_url}{path}"

    def goto(self, path: str, *, status: int = 200) -> Any:
        if status >= 400:
            self.expect_status(status)
        answer = self.page.goto(self.url(path))
        assert answer is not None and answer.status == status, (
            f"GET {path}: {answer.status if answer else None}, expected {status}")
        return answer

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def expect_status(self, *statuses: int) -> None:
        """Announces answers with an error status this test provokes on purpose."""
        self.expected_statuses.update(statuses)

    def sign_in(self, username: str, password: str = DEMO_PASSWORD, *,
                by_form: bool = False) -> None:
        """Through the form, by typing and clicking; lands on the dashboard.

        A user already signed in through the form earlier in this run (same engine) reuses
        that session's cookie unless `by_form`: the form is proven by the sign-in tests, and
        each form sign-in costs a password check and a page."""
        key = (self.served.engine, username)
        if not by_form and key in _SESSIONS:
            self.context.add_cookies([_SESSIONS[key]])
            self.goto("/")
            if self.path() == "/":
                return
            del _SESSIONS[key]  # signed out meanwhile: sign in again
        self.goto("/login")
        self.page.get_by_label(re.compile("Nama pengguna|Username")).fill(username)
        self.page.get_by_label(re.compile("Kata sandi|Password")).fill(password)
        with self.page.expect_navigation():
            self.page.locator("form[action='/login'] button[type=submit]").click()
        assert self.path() == "/", f"signing in as {username} landed on {self.page.url}"
        _SESSIONS[key] = next(c for c in self.context.cookies() if c["name"] == SESSION_COOKIE)

    def sign_out(self) -> None:
        """By the menu's button; the session is gone for every page that shared it."""
        cookie = next((c for c in self.context.cookies() if c["name"] == SESSION_COOKIE), None)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=re.compile("Keluar|Sign out")).click()
        assert self.path() == "/login", self.page.url
        for key, kept in list(_SESSIONS.items()):
            if cookie is not None and kept["value"] == cookie["value"]:
                del _SESSIONS[key]

    def figure(self, name: str) -> int:
        """A `data-figure` number on the page, as written (83.000 or 83,000) → 83000."""
        text = self.page.locator(f'[data-figure="{name}"]').first.inner_text()
        digits = re.sub(r"[.,\s\u00a0]", "", text)
        assert re.fullmatch(r"-?\d+", digits), f"{name} figure is {text!r}"
        return int(digits)

    # --- screenshots ------------------------------------------------------------------
    def snap(self, name: str) -> None:
        """The current page at phone and desktop size; fails if it overflows a phone."""
        self.shots += 1
        stem = f"{self.shots:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.set_viewport_size(PHONE)
        self.page.wait_for_timeout(50)  # resize handlers (the chart) settle
        self.page.screenshot(path=self.folder / f"{stem}-phone.png", full_page=True)
        overflow = self.page.evaluate(_OVERFLOW)
        self.page.set_viewport_size(DESKTOP)
        self.page.wait_for_timeout(50)
        self.page.screenshot(path=self.folder / f"{stem}-desktop.png", full_page=True)
        unlabelled = self.page.evaluate(_UNLABELLED)
        assert not unlabelled, f"{self.path()}: fields without a label: {unlabelled}"
        assert self.page.locator("html").get_attribute("lang") in {"id", "en"}
        assert overflow["by"] <= 0, (
            f"{self.path()} is {overflow['by']} px wider than a 360 px phone "
            f"(see {self.folder / f'{stem}-phone.png'}); sticking out: {overflow['culprits']}")

    # --- the verdict ------------------------------------------------------------------
    def problems(self) -> list[str]:
        found = []
        origin = self.served.origin
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            if parts.netloc != origin:
                found.append(f"request left the server: {url}")
        found += [f"console error: {text}" for text in self.console_errors]
        found += self.bad_answers
        # A crash on the server side is a failure even when the page hid it.
        with self.served.log.open(errors="replace") as log:
            log.seek(self.log_from)
            logged = log.read()
        found += [f"the server logged:\n{trace}" for trace in _tracebacks(logged)]
        return found


def _tracebacks(log: str) -> list[str]:
    """Each traceback in a stretch of the server's log, without the access-log lines."""
    found = []
    for part in log.split("Traceback (most recent call last):")[1:]:
        lines = [line for line in part.splitlines() if not line.startswith("INFO:")]
        found.append("Traceback (most recent call last):" + "\n".join(lines[:60]))
    return found


@pytest.fixture
def ui(served: Served, chromium: Any, request: pytest.FixtureRequest) -> Iterator[UI]:
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name.replace(f"[{served.engine}", "["))
    test = test.strip("-").replace("--", "-")
    context = chromium.new_context(viewport=DESKTOP, locale="id-ID",
                                   timezone_id="Asia/Jakarta", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watched = UI(served, context, page, SCREENSHOTS / served.engine / test,
                 log_from=served.log.stat().st_size)
    if watched.folder.exists():
        shutil.rmtree(watched.folder)

    def on_request(req: Any) -> None:
        watched.requests.append(req.url)

    def on_response(answer: Any) -> None:
        status = answer.status
        if status >= 500 or (status >= 400 and status not in watched.expected_statuses):
            watched.bad_answers.append(
                f"{answer.request.method} {answer.url} answered {status}")

    def on_console(message: Any) -> None:
        if message.type != "error":
            return
        failed = _FAILED_LOAD.search(message.text)
        if failed and int(failed.group(1)) in watched.expected_statuses:
            return  # Chromium's own note on an answer the test provoked on purpose
        where = message.location.get("url", "") if message.location else ""
        watched.console_errors.append(f"{message.text} ({where})")

    def on_page_error(error: Any) -> None:
        watched.console_errors.append(f"uncaught: {error}")

    context.on("request", on_request)
    context.on("response", on_response)
    context.on("console", on_console)
    context.on("weberror", lambda web_error: on_page_error(web_error.error))
    # Nothing may leave the server: answer any other host with an abort (recorded above).
    context.route(re.compile(r"^(?!" + re.escape(served.base_url) + r"/).*"),
                  lambda route: route.abort())
    try:
        yield watched
    finally:
        context.close()
    problems = watched.problems()
    assert not problems, "\n".join(problems)
