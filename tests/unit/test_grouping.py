"""Grouping on its own: who shares a batch, and what each caller gets."""

from __future__ import annotations

import asyncio

import pytest

from blanko_tracker.services.grouping import Grouped


class Recorder:
    """A group handler that keeps the groups it was given; each waits for `release`."""

    def __init__(self, fail: set[str] | None = None) -> None:
        self.batches: list[list[str]] = []
        self.release = asyncio.Event()
        self.fail = fail or set()

    async def __call__(self, orders: list[str]) -> list[str | Exception]:
        self.batches.append(orders)
        await self.release.wait()
        if "crash" in orders:
            raise RuntimeError("the writer itself failed")
        return [ValueError(order) if order in self.fail else order.upper() for order in orders]


async def test_an_order_alone_is_written_at_once_in_a_batch_of_its_own():
    writer = Recorder()
    writer.release.set()
    queue = Grouped(writer)

    assert await queue.submit("a") == "A"
    assert writer.batches == [["a"]]


async def test_orders_arriving_during_a_batch_share_the_next_one_in_arrival_order():
    writer = Recorder()
    queue = Grouped(writer)
    first = asyncio.create_task(queue.submit("a"))
    await asyncio.sleep(0)
    later = [asyncio.create_task(queue.submit(order)) for order in "bcd"]
    await asyncio.sleep(0)
    assert writer.batches == [["a"]] and len(queue) == 3

    writer.release.set()

    assert await asyncio.gather(first, *later) == ["A", "B", "C", "D"]
    assert writer.batches == [["a"], ["b", "c", "d"]]
    assert len(queue) == 0


async def test_a_batch_takes_at_most_its_limit():
    writer = Recorder()
    writer.release.set()
    queue = Grouped(writer, most=2)

    await asyncio.gather(*[queue.submit(order) for order in "abcde"])

    assert writer.batches == [["a", "b"], ["c", "d"], ["e"]]


async def test_a_refused_order_fails_its_caller_only():
    writer = Recorder(fail={"b"})
    writer.release.set()
    queue = Grouped(writer)

    outcomes = await asyncio.gather(*[queue.submit(order) for order in "abc"],
                                    return_exceptions=True)

    assert outcomes[0] == "A" and outcomes[2] == "C"
    assert isinstance(outcomes[1], ValueError)


async def test_a_failing_writer_fails_its_batch_and_the_next_batch_still_runs():
    writer = Recorder()
    queue = Grouped(writer)
    first = asyncio.create_task(queue.submit("a"))
    await asyncio.sleep(0)
    doomed = [asyncio.create_task(queue.submit(order)) for order in ("b", "crash")]
    await asyncio.sleep(0)
    writer.release.set()
    assert await first == "A"
    for task in doomed:
        with pytest.raises(RuntimeError):
            await task

    assert await queue.submit("e") == "E"


async def test_a_caller_cancelled_before_its_batch_began_is_not_written_for():
    writer = Recorder()
    queue = Grouped(writer)
    first = asyncio.create_task(queue.submit("a"))
    await asyncio.sleep(0)
    gone = asyncio.create_task(queue.submit("b"))
    kept = asyncio.create_task(queue.submit("c"))
    await asyncio.sleep(0)
    gone.cancel()

    writer.release.set()

    assert await asyncio.gather(first, kept) == ["A", "C"]
    assert writer.batches == [["a"], ["c"]]


async def test_callers_of_a_cancelled_group_are_cancelled_not_left_waiting():
    writer = Recorder()
    queue = Grouped(writer)
    callers = [asyncio.create_task(queue.submit(order)) for order in "ab"]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert writer.batches == [["a", "b"]]

    queue._runner.cancel()

    for caller in callers:
        with pytest.raises(asyncio.CancelledError):
            await caller
    writer.release.set()
    assert await queue.submit("c") == "C"
