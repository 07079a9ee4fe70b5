"""The access log, one line per request as uvicorn's, written once per event-loop turn.

uvicorn's own access handler formats each line with `AccessFormatter` (a copy of the record,
the status phrase) and writes and flushes it alone: one system call per request. Under load
that cost stock reads a quarter of their throughput (`--no-access-log` served 1.35–1.40× as
many; bench/README.md, session 6). Here a line is formatted plainly, with the worker's process
id so that the lines of N workers can be told apart, and kept until the loop finishes its
turn; then every line of the turn goes out in one write, in order, at most one loop turn
(microseconds) later.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import TextIO

# uvicorn's access line without the status phrase, with the worker's process id (as in its
# "Started server process [pid]"): INFO:     [4242] addr - "GET /path HTTP/1.1" 200
FORMAT = "%(levelname)s:     [{pid}] %(message)s"


class TurnBufferedHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that writes what the current event-loop turn logged in one go (and
    at once when no loop runs)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.setFormatter(logging.Formatter(FORMAT.format(pid=os.getpid())))
        self._lines: list[str] = []
        self._scheduled = False

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._lines.append(self.format(record))
        except Exception:
            self.handleError(record)
            return
        if self._scheduled:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        self._scheduled = True
        loop.call_soon(self.flush)

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            self._scheduled = False
            lines, self._lines = self._lines, []
            if lines:
                self.stream.write("\n".join(lines) + "\n")
            self.stream.flush()


def batch_access_log() -> None:
    """Give uvicorn's access logger (in this worker) the handler above instead of its own."""
    logger = logging.getLogger("uvicorn.access")
    if not logger.handlers:  # `serve --no-access-log`: nothing to write
        return
    streams = [handler.stream for handler in logger.handlers
               if isinstance(handler, logging.StreamHandler)]
    if not streams:
        return
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(TurnBufferedHandler(streams[0]))
