"""`blanko-tracker serve` as a real process: its access log, on by default."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from tests.conftest import SECRET, free_port, wait_until_serving


@pytest.mark.parametrize(("flags", "logged"), [((), True), (("--no-access-log",), False)])
def test_serve_logs_each_request_unless_told_not_to(tmp_path, flags, logged):
    port, log = free_port(), tmp_path / "serve.log"
    env = {**os.environ, "BLANKO_DATABASE_URL": f"sqlite:///{tmp_path / 'blanko.sqlite'}",
           "BLANKO_SECRET_KEY": SECRET, "BLANKO_DATA_DIR": str(tmp_path)}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "blanko_tracker.cli", "serve", "--port", str(port), *flags],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, process, log)
        assert httpx.get(f"{base}/login", timeout=10).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert ('"GET /login HTTP/1.1" 200' in log.read_text()) is logged
    assert "Application startup complete" in log.read_text()
