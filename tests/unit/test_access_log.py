"""The access log's handler: uvicorn's lines, one write per event-loop turn."""

from __future__ import annotations

import asyncio
import io
import logging
import os

from blanko_tracker.api.access_log import TurnBufferedHandler


class CountedStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def access_logger(stream: CountedStream) -> logging.Logger:
    logger = logging.getLogger(f"test.access.{id(stream)}")
    logger.propagate = False
    logger.addHandler(TurnBufferedHandler(stream))
    logger.setLevel(logging.INFO)
    return logger


def request_line(logger: logging.Logger, path: str, status: int) -> None:
    """What uvicorn's protocol logs for each request."""
    logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", status)


async def test_a_turns_lines_go_out_in_one_write_in_order_after_the_turn():
    stream = CountedStream()
    logger = access_logger(stream)

    for number in range(3):
        request_line(logger, f"/api/v1/stock/{number}", 200)
    assert stream.getvalue() == ""  # not yet: the turn is not over
    await asyncio.sleep(0)

    assert stream.writes == 1
    assert stream.getvalue().splitlines() == [
        f'INFO:     [{os.getpid()}] 127.0.0.1:5000 - "GET /api/v1/stock/{number} HTTP/1.1" 200'
        for number in range(3)]


async def test_the_next_turns_lines_are_written_too():
    stream = CountedStream()
    logger = access_logger(stream)

    request_line(logger, "/a", 200)
    await asyncio.sleep(0)
    request_line(logger, "/b", 500)
    await asyncio.sleep(0)

    assert stream.writes == 2
    assert stream.getvalue().splitlines()[1].endswith('"GET /b HTTP/1.1" 500')


def test_without_a_running_loop_a_line_is_written_at_once():
    stream = CountedStream()

    request_line(access_logger(stream), "/c", 404)

    assert stream.getvalue() == (
        f'INFO:     [{os.getpid()}] 127.0.0.1:5000 - "GET /c HTTP/1.1" 404\n')


async def test_lines_still_waiting_are_written_when_logging_shuts_down():
    stream = CountedStream()
    logger = access_logger(stream)
    request_line(logger, "/d", 201)

    for handler in logger.handlers:  # what logging.shutdown does at exit
        handler.flush()
        handler.close()

    assert stream.getvalue().endswith('"GET /d HTTP/1.1" 201\n')
