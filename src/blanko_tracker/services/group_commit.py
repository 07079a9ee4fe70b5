"""Group commit: writes of one process that arrive while a batch is being written wait and
are written together, in one transaction, by the next batch.

A print run alone costs four round trips (BEGIN, the lock, the write, COMMIT) and one commit
of PostgreSQL's log; under load most of a worker's time went to them (bench/README.md,
session 6). A batch of k runs costs BEGIN, one lock statement, k writes and one COMMIT. No
write waits for company: one that finds no batch running starts one at once, so alone it
costs what it did; only writes arriving during a batch share the next one.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Order = TypeVar("Order")
Outcome = TypeVar("Outcome")
# One outcome per order, in order: what its caller gets, or the error its caller raises.
BatchWriter = Callable[[list[Order]], Awaitable[list[Outcome | Exception]]]


class GroupCommit(Generic[Order, Outcome]):
    """`await queue.submit(order)`: the order's outcome once its batch has committed."""

    def __init__(self, write: BatchWriter, *, most: int = 64) -> None:
        self._write = write
        self._most = most
        self._waiting: list[tuple[Order, asyncio.Future[Outcome]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, order: Order) -> Outcome:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((order, future))
        if self._writer is None or self._writer.get_loop() is not future.get_loop():
            # A context of its own: the batch's transaction is not the submitter's (a caller
            # inside a transaction does not come here; see services/printing.py).
            self._writer = asyncio.create_task(self._write_while_waiting(),
                                               context=contextvars.Context())
        return await future

    def __len__(self) -> int:
        """Orders waiting for a batch now (not those being written)."""
        return len(self._waiting)

    async def _write_while_waiting(self) -> None:
        try:
            while self._waiting:
                taken, self._waiting = self._waiting[:self._most], self._waiting[self._most:]
                # A caller gone before its batch began (cancelled) is not written for.
                batch = [(order, future) for order, future in taken if not future.done()]
                if batch:
                    await self._write_batch(batch)
        finally:
            self._writer = None

    async def _write_batch(self, batch: list[tuple[Order, asyncio.Future[Outcome]]]) -> None:
        try:
            outcomes = await self._write([order for order, _ in batch])
        except Exception as error:  # the writer answers its own failures; this is a bug's
            outcomes = [error] * len(batch)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if future.done():  # its caller was cancelled while the batch ran
                continue
            if isinstance(outcome, Exception):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
