"""Writers of one regency line up in their process before they reach its locked rows.

A recording or a snapshot holds the regency's debt row from its lock to its COMMIT. When many
arrive for one regency at once, each waited in PostgreSQL's lock queue, which wakes waiters in
no useful order: under 16 connections on one regency the slowest 1 % of print runs waited
170–200 ms. Queued here first (first come, first served), at most one writer per process
reaches the rows at a time: 42–59 ms, and more of them per second (bench/README.md, session
4). Print runs have since gone further: a process writes them in groups, one group at a time
(services/grouping.py), which orders them the same way. The rows' locks still decide across
processes; this queue only orders one process's own writers, so it cannot deadlock: each
writer waits in one queue only, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class KeyedQueue:
    """`async with queue.turn(key):` — one holder per key in this process, the rest wait
    in arrival order; a key nobody holds or waits for is forgotten."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._interested: dict[str, int] = {}  # the holder and the waiters of each key

    @asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._interested[key] = self._interested.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._interested[key] -= 1
            if not self._interested[key]:
                del self._interested[key], self._locks[key]

    def __len__(self) -> int:
        """How many keys are held or waited for now."""
        return len(self._locks)


# Recordings and snapshots: the writers of a regency's print debt besides print runs.
print_debt_writers = KeyedQueue()
