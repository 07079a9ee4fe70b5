"""Work of one process that arrives while a group is being handled waits, and the next
group handles it all at once: in one transaction for writes (group commit), in one statement
for reads.

A print run alone costs four round trips (BEGIN, the lock, the write, COMMIT) and one commit
of PostgreSQL's log, and a stock level one round trip; under load most of a worker's time
went to them (bench/README.md, session 6). A group of k print runs costs BEGIN, one lock
statement, one write and one COMMIT; k stock levels one statement. Nothing waits for
company: an order that finds no group running starts one at once, so alone it costs what it
did; only orders arriving during a group share the next one.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Order = TypeVar("Order")
Outcome = TypeVar("Outcome")
# One outcome per order, in order: what its caller gets, or the error its caller raises.
Handler = Callable[[list[Order]], Awaitable[list[Outcome | Exception]]]


class Grouped(Generic[Order, Outcome]):
    """`await grouped.submit(order)`: the order's outcome once its group has been handled by
    `handle` (which gets the group's orders, in arrival order, and answers each)."""

    def __init__(self, handle: Handler, *, most: int = 64) -> None:
        self._handle = handle
        self._most = most
        self._waiting: list[tuple[Order, asyncio.Future[Outcome]]] = []
        # One group at a time: two side by side made print runs 0.76–1.02× as fast (session 6).
        self._runner: asyncio.Task[None] | None = None

    async def submit(self, order: Order) -> Outcome:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._waiting.append((order, future))
        runner = self._runner
        # (A runner of another loop is a test's that ended: it runs no more.)
        if runner is None or runner.done() or runner.get_loop() is not loop:
            # A context of its own: the group's transaction is not the submitter's (a caller
            # inside a transaction is not grouped: see services/printing.py).
            self._runner = loop.create_task(self._handle_while_waiting(),
                                            context=contextvars.Context())
        return await future

    def __len__(self) -> int:
        """Orders waiting for a group now (not those being handled)."""
        return len(self._waiting)

    async def _handle_while_waiting(self) -> None:
        while self._waiting:
            taken, self._waiting = self._waiting[:self._most], self._waiting[self._most:]
            # A caller gone before its group began (cancelled) is not handled.
            group = [(order, future) for order, future in taken if not future.done()]
            if group:
                await self._handle_group(group)

    async def _handle_group(self, group: list[tuple[Order, asyncio.Future[Outcome]]]) -> None:
        try:
            outcomes = await self._handle([order for order, _ in group])
        except Exception as error:  # `handle` answers its own failures; this is a bug's
            outcomes = [error] * len(group)
        except BaseException:  # cancelled (the loop shuts down): its callers must not hang
            for _, future in group:
                future.cancel()
            raise
        for (_, future), outcome in zip(group, outcomes, strict=True):
            if future.done():  # its caller was cancelled while the group was handled
                continue
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
