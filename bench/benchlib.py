"""What the bench scripts share: a fresh database, a served app, a signed-in caller.

From a script in bench/ (run as `python bench/NAME.py`, so bench/ is on the path):

    import benchlib

    benchlib.leave_nothing_behind()              # servers, databases, folders go at exit
    url = benchlib.fresh_postgres("blanko_bench_card")   # or benchlib.fresh_sqlite()
    benchlib.migrate(url)
    benchlib.create_user(url, "bench", role="admin", region="00")
    server = benchlib.start_server(url, log=RESULTS / "card_server.log")
    token = benchlib.sign_in(server.base_url, "bench")
    ...
    server.stop()

From the shell scripts (writes_wrk.sh, ab_servers.sh), with the project's Python:

    python bench/benchlib.py database NAME [--user bench] [--bin BLANKO_TRACKER]
        a fresh PostgreSQL database NAME, migrated, with an admin of the nation; prints its URL
        (the caller drops it)
    python bench/benchlib.py wait BASE_URL [--pid PID] [--log FILE]
        until BASE_URL/health answers ok; exit 1 (with the log) if the server dies or never does
    python bench/benchlib.py token BASE_URL [--username bench]
        prints an access token
    python bench/benchlib.py seed BASE_URL TOKEN --regions 31.01,31.71 [--print-debt DATE]
        a million counted blanks in each region (and a million cards owed on DATE), so that no
        benchmark write is refused and every non-2xx answer is a failure

PostgreSQL is reached as BENCH_PG_ADMIN (default postgresql://postgres@127.0.0.1:5432/postgres);
anything but a loopback host is refused, since these scripts drop databases. The app is
`.venv/bin/blanko-tracker`, or `blanko-tracker` on PATH. The set-up talks HTTP with the
standard library, so the shell scripts need no client package; asyncpg (in the project's
virtualenv) creates and drops databases.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "load-test-pw-2468"  # accepted by the password rules (not the username, 5+ kinds)
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0

# Jakarta's six regencies: where the write benchmarks spread their print runs.
JAKARTA_REGENCIES = ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75")
SEED_QUANTITY = 1_000_000


def _loopback(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing {url}: the benchmarks only talk to a loopback PostgreSQL")
    return url


# ---- leaving nothing behind -------------------------------------------------------------------

_processes: list[subprocess.Popen] = []
_databases: list[str] = []
_folders: list[str] = []
_lock = threading.Lock()


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL a process started in a session of its own, and every worker in its group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def track(proc: subprocess.Popen) -> subprocess.Popen:
    """Kill `proc`'s process group at exit unless `untrack`ed first."""
    with _lock:
        _processes.append(proc)
    return proc


def untrack(proc: subprocess.Popen) -> None:
    with _lock, contextlib.suppress(ValueError):
        _processes.remove(proc)


def _clean_up() -> None:
    with _lock:
        processes, databases, folders = list(_processes), list(_databases), list(_folders)
        for leftovers in (_processes, _databases, _folders):
            leftovers.clear()
    for proc in processes:
        kill_group(proc)
    for name in databases:
        with contextlib.suppress(Exception):
            drop_postgres(name)
    for path in folders:
        shutil.rmtree(path, ignore_errors=True)


def _on_signal(signum: int, _frame: object) -> None:
    _clean_up()
    sys.exit(128 + signum)


atexit.register(_clean_up)


def leave_nothing_behind() -> None:
    """Also on SIGINT and SIGTERM (atexit alone misses them): kill every tracked server,
    drop every fresh database, remove every temporary folder. Call it from the main thread."""
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def temp_dir(prefix: str = "blanko-bench-") -> str:
    """A temporary folder, removed at exit (or by `remove_temp_dir`)."""
    path = tempfile.mkdtemp(prefix=prefix)
    with _lock:
        _folders.append(path)
    return path


def remove_temp_dir(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
    with _lock, contextlib.suppress(ValueError):
        _folders.remove(path)


# ---- databases --------------------------------------------------------------------------------


def admin_sql(*statements: str) -> None:
    """Run statements on the PostgreSQL admin database, one at a time (CREATE DATABASE may
    not share a transaction). In a thread of its own, so that a caller inside a running
    event loop (write_path.py) can use it as well as a plain script."""
    import asyncpg

    async def run() -> None:
        connection = await asyncpg.connect(_loopback(PG_ADMIN_URL))
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()

    failure: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(run())
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def postgres_url(name: str) -> str:
    return PG_ADMIN_URL.rpartition("/")[0] + f"/{name}"


def fresh_postgres(name: str, *, keep: bool = False) -> str:
    """An empty PostgreSQL database `name` (dropped first if it exists), dropped again at exit
    unless `keep`. Returns its URL."""
    drop_postgres(name)
    admin_sql(f'CREATE DATABASE "{name}"')
    if not keep:
        with _lock:
            _databases.append(name)
    return postgres_url(name)


def drop_postgres(name: str) -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with _lock, contextlib.suppress(ValueError):
        _databases.remove(name)


def fresh_sqlite(prefix: str = "blanko-bench-") -> str:
    """The URL of a SQLite file not yet created, in a temporary folder removed at exit."""
    return f"sqlite:///{Path(temp_dir(prefix)) / 'bench.sqlite'}"


def sqlite_path(url: str) -> str:
    return url[len("sqlite:///"):]


# ---- the app's command line ------------------------------------------------------------------


def executable() -> str:
    venv = ROOT / ".venv" / "bin" / "blanko-tracker"
    if venv.exists():
        return str(venv)
    found = shutil.which("blanko-tracker")
    if not found:
        sys.exit("blanko-tracker not found: no .venv/bin/blanko-tracker and none on PATH")
    return found


_home: dict[str, str] = {}


def app_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of every `blanko-tracker` this process starts: the database, one random
    signing key and one temporary data folder per bench process (a server and the CLI calls
    beside it agree on both), nothing from a PICCOLO_CONF of the caller's."""
    if not _home:
        _home.update(data_dir=temp_dir("blanko-bench-home-"),
                     secret=secrets.token_urlsafe(48))
    env = dict(os.environ)
    env.pop("PICCOLO_CONF", None)
    env.update(BLANKO_DATABASE_URL=url, BLANKO_SECRET_KEY=_home["secret"],
               BLANKO_DATA_DIR=_home["data_dir"], PYTHONUNBUFFERED="1", **extra)
    return env


def cli(url: str, *args: str, exe: str | None = None, timeout: float = 300
        ) -> subprocess.CompletedProcess[str]:
    """`blanko-tracker ARGS` on `url`; raises CalledProcessError (with its output) on failure."""
    return subprocess.run([exe or executable(), *args], env=app_env(url), check=True,
                          capture_output=True, text=True, timeout=timeout)


def migrate(url: str, *, exe: str | None = None) -> float:
    """`blanko-tracker migrate` as a process of its own; its wall time in seconds."""
    started = time.perf_counter()
    cli(url, "migrate", exe=exe)
    return time.perf_counter() - started


def create_user(url: str, username: str = "bench", *, role: str = "admin", region: str = "00",
                password: str = PASSWORD, exe: str | None = None) -> None:
    cli(url, "users", "create", "--username", username, "--password", password,
        "--role", role, "--region", region, exe=exe)


# ---- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> bool:
        """SIGTERM (uvicorn's graceful shutdown), then SIGKILL to what is left of its group.
        True when it had stopped by itself within STOP_TIMEOUT_S."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=STOP_TIMEOUT_S)
        clean = self.proc.poll() is not None
        kill_group(self.proc)
        untrack(self.proc)
        return clean

    def tracebacks(self) -> int:
        return self.log.read_text(errors="replace").count("Traceback")


def start_server(url: str, *, log: Path, workers: int = 1, flags: Iterable[str] = (),
                 exe: str | None = None, timeout: float = START_TIMEOUT_S) -> Server:
    """`blanko-tracker serve` on a free loopback port in a session of its own, healthy.
    Raises RuntimeError, with the server's log, if it exits or is not healthy in time."""
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:  # the child keeps its own descriptor
        proc = track(subprocess.Popen(
            [exe or executable(), "serve", "--port", str(port), "--workers", str(workers),
             *flags], env=app_env(url), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True))
    server = Server(proc, port, log)
    try:
        wait_healthy(server.base_url, proc=proc, log=log, timeout=timeout)
    except RuntimeError:
        server.stop()
        raise
    return server


def healthy(base_url: str) -> bool:
    """GET /health answers 200 {"status": "ok", …}."""
    try:
        with urllib.request.urlopen(f"{base_url}/health", timeout=1.0) as answer:
            return answer.status == 200 and json.load(answer).get("status") == "ok"
    except (OSError, ValueError):
        return False


def wait_healthy(base_url: str, *, proc: subprocess.Popen | None = None, pid: int | None = None,
                 log: Path | None = None, timeout: float = START_TIMEOUT_S,
                 poll: float = 0.05) -> float:
    """Seconds until `base_url` is healthy. RuntimeError (with the log) if the server process
    (`proc`, or `pid`) exits first or `timeout` passes."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if healthy(base_url):
            return time.perf_counter() - started
        if (proc is not None and proc.poll() is not None) or (pid and not _alive(pid)):
            raise RuntimeError(f"the server exited before it was healthy\n{_tail(log)}")
        time.sleep(poll)
    raise RuntimeError(f"the server was not healthy after {timeout:.0f} s\n{_tail(log)}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A child that exited but was not reaped yet (a shell's background job) is a zombie.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _tail(log: Path | None, chars: int = 4000) -> str:
    if log is None or not log.exists():
        return ""
    return log.read_text(errors="replace")[-chars:]


# ---- requests ---------------------------------------------------------------------------------


def post_json(base_url: str, path: str, body: Any, token: str | None = None
              ) -> tuple[int, Any]:
    """(status, decoded JSON body or None) of one POST; an error status does not raise."""
    request = urllib.request.Request(
        f"{base_url}{path}", data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            status, raw = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def sign_in(base_url: str, username: str = "bench", password: str = PASSWORD) -> str:
    """An access token from POST /api/v1/auth/token."""
    status, body = post_json(base_url, "/api/v1/auth/token",
                             {"username": username, "password": password})
    if status != 200:
        raise RuntimeError(f"signing in as {username} answered {status}: {body}")
    return body["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def seed_requests(regions: Iterable[str], on: date | None = None
                  ) -> list[tuple[str, dict[str, Any]]]:
    """(path, body) of the writes that give each region a million counted blanks and, with
    `on`, a million cards owed that day: no print run of one card is then ever refused."""
    requests = []
    for region in regions:
        requests.append(("/api/v1/adjustments",
                         {"region": region, "quantity": SEED_QUANTITY,
                          "reason": "count_correction", "note": "bench seed"}))
        if on is not None:
            requests.append((f"/api/v1/print-debt/{region}/recordings",
                             {"date": on.isoformat(), "count": SEED_QUANTITY}))
    return requests


def seed(base_url: str, token: str, regions: Iterable[str], on: date | None = None) -> None:
    for path, body in seed_requests(regions, on):
        status, answer = post_json(base_url, path, body, token)
        if status not in (200, 201):
            raise RuntimeError(f"seeding {path} answered {status}: {answer}")


# ---- the shell scripts' entry point -----------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    database = commands.add_parser("database", help="fresh PostgreSQL database, migrated")
    database.add_argument("name")
    database.add_argument("--user", default="bench", help="an admin of the nation ('' for none)")
    database.add_argument("--bin", help="the blanko-tracker that migrates (default this one)")
    wait = commands.add_parser("wait", help="until BASE_URL/health answers ok")
    wait.add_argument("base_url")
    wait.add_argument("--pid", type=int, help="give up when this process exits")
    wait.add_argument("--log", type=Path, help="shown when giving up")
    wait.add_argument("--timeout", type=float, default=START_TIMEOUT_S)
    token = commands.add_parser("token", help="print an access token")
    token.add_argument("base_url")
    token.add_argument("--username", default="bench")
    seeding = commands.add_parser("seed", help="a million blanks (and cards owed) per region")
    seeding.add_argument("base_url")
    seeding.add_argument("token")
    seeding.add_argument("--regions", default=",".join(JAKARTA_REGENCIES))
    seeding.add_argument("--print-debt", type=date.fromisoformat, metavar="DATE",
                         help="also a million cards owed on DATE")
    args = parser.parse_args(argv)

    try:
        if args.command == "database":
            url = fresh_postgres(args.name, keep=True)
            seconds = migrate(url, exe=args.bin)
            print(f"migrated {args.name} in {seconds:.2f} s", file=sys.stderr)
            if args.user:
                create_user(url, args.user, exe=args.bin)
            print(url)
        elif args.command == "wait":
            seconds = wait_healthy(args.base_url, pid=args.pid, log=args.log,
                                   timeout=args.timeout)
            print(f"healthy after {seconds:.2f} s", file=sys.stderr)
        elif args.command == "token":
            print(sign_in(args.base_url, args.username))
        else:
            regions = [code for code in args.regions.split(",") if code]
            seed(args.base_url, args.token, regions, args.print_debt)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        output = getattr(error, "stderr", None) or getattr(error, "stdout", None) or ""
        print(f"{error}\n{output}".rstrip(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
