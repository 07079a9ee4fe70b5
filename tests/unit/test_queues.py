"""services/queues.KeyedQueue: one holder per key, the rest in arrival order."""

from __future__ import annotations

import asyncio

from blanko_tracker.services.queues import KeyedQueue


async def test_writers_of_one_key_take_turns_in_arrival_order():
    queue, order, inside = KeyedQueue(), [], []

    async def writer(number: int) -> None:
        async with queue.turn("31.71"):
            inside.append(number)
            assert len(inside) == 1, "two holders of one key at once"
            await asyncio.sleep(0.001)
            order.append(number)
            inside.remove(number)

    tasks = []
    for number in range(12):
        tasks.append(asyncio.create_task(writer(number)))
        await asyncio.sleep(0)  # each reaches the queue before the next starts

    await asyncio.gather(*tasks)

    assert order == list(range(12))
    assert len(queue) == 0  # nobody holds or waits: the key is forgotten


async def test_other_keys_do_not_wait():
    queue = KeyedQueue()
    held = asyncio.Event()

    async def holder() -> None:
        async with queue.turn("31.71"):
            held.set()
            await asyncio.sleep(3600)

    blocking = asyncio.create_task(holder())
    await held.wait()
    async with asyncio.timeout(1), queue.turn("75.05"):
        assert len(queue) == 2
    blocking.cancel()
    await asyncio.gather(blocking, return_exceptions=True)
    assert len(queue) == 0


async def test_a_writer_that_fails_or_is_cancelled_gives_up_its_turn():
    queue = KeyedQueue()

    async def failing() -> None:
        async with queue.turn("31.71"):
            raise ValueError("refused")

    results = await asyncio.gather(failing(), failing(), return_exceptions=True)
    assert all(isinstance(result, ValueError) for result in results)

    waiting = asyncio.create_task(failing())
    async with queue.turn("31.71"):
        await asyncio.sleep(0)
        waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    assert len(queue) == 0
