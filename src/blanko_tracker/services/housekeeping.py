"""Records kept only for a while, dropped once their while is over.

Stored answers to `Idempotency-Key`s are replayed for a day; failed sign-ins count for the
throttle's window; browser sessions expire. Each would otherwise grow by every keyed write,
every wrong password, every sign-in, for ever. Each worker purges them every few minutes
(`Housekeeper`, started with the app); `blanko-tracker purge` does it once, on demand.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta

import msgspec

from blanko_tracker.db import idempotency, sessions, users
from blanko_tracker.services import auth
from blanko_tracker.services.common import utcnow

logger = logging.getLogger("blanko_tracker")


class Purged(msgspec.Struct, frozen=True):
    idempotency_records: int
    login_failures: int
    browser_sessions: int


async def purge_expired(*, idempotency_ttl: timedelta) -> Purged:
    """Drop what has expired by now. Each kind is deleted on its own, outside any caller's
    transaction, so that no long transaction holds rows a request may want."""
    now = utcnow()
    return Purged(
        idempotency_records=await idempotency.purge_expired(before=now - idempotency_ttl),
        login_failures=await users.purge_failures(before=now - auth.WINDOW),
        browser_sessions=await sessions.purge_expired(now),
    )


class Housekeeper:
    """Runs `purge_expired` every `every` (the first time after a random part of it, so
    that workers started together do not purge together), until stopped."""

    def __init__(self, *, idempotency_ttl: timedelta, every: timedelta = timedelta(minutes=10)
                 ) -> None:
        self.idempotency_ttl = idempotency_ttl
        self.every = every.total_seconds()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        await asyncio.sleep(random.uniform(0, self.every))
        while True:
            try:
                purged = await purge_expired(idempotency_ttl=self.idempotency_ttl)
            except Exception as error:  # the database is away: the next round tries again
                logger.warning("purging expired records failed: %s", error)
            else:
                if any(msgspec.structs.astuple(purged)):
                    logger.info("purged expired records: %s", purged)
            await asyncio.sleep(self.every)
