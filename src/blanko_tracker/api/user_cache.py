"""Each worker keeps the users its tokens named for as long as PostgreSQL can tell it that one
changed (db/user_changes.py): one round trip less on every API request, and a removed or
changed user counts in every worker as soon as the notification arrives (milliseconds after
the change commits, whoever made it).

While the listening connection is down (before it first connects, after PostgreSQL
restarts, on SQLite, or with `BLANKO_USER_CACHE=0`), every request reads its user.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from piccolo.engine.base import Engine

from blanko_tracker.db import user_changes
from blanko_tracker.db.user_changes import Listener
from blanko_tracker.domain.access import Actor

logger = logging.getLogger("blanko_tracker")

LoadActor = Callable[[int], Awaitable[Actor | None]]


class UserCache:
    """Kept users, trusted only while `live`. Every event that could make a kept user stale
    (a notification, the listener going up or down) bumps `generation`, and a user read
    across such an event is not kept: it may have been read before the change."""

    def __init__(self, load: LoadActor, *, max_users: int = 10_000, max_age: float = 60.0,
                 ping_every: float = 5.0, retry_after: float = 0.5) -> None:
        self._load = load
        self._users: dict[int, tuple[float, Actor]] = {}
        self._generation = 0
        self.live = False
        self.max_users = max_users
        self.max_age = max_age  # a backstop only: notifications are what keep users fresh
        self.ping_every = ping_every
        self.retry_after = retry_after
        self._watcher: asyncio.Task[None] | None = None

    async def actor(self, user_id: int) -> Actor | None:
        if self.live and (hit := self._users.get(user_id)) and hit[0] > time.monotonic():
            return hit[1]
        generation = self._generation
        actor = await self._load(user_id)
        if actor is not None and self.live and generation == self._generation:
            if len(self._users) >= self.max_users:
                self._users.clear()
            self._users[user_id] = (time.monotonic() + self.max_age, actor)
        return actor

    def forget(self, payload: str) -> None:
        """A notification: that user (or, for a truncate, every user) changed."""
        self._generation += 1
        if payload.isdigit():
            self._users.pop(int(payload), None)
        else:  # user_changes.EVERY_USER (or anything unforeseen): forget them all
            self._users.clear()

    def _set_live(self, live: bool) -> None:
        self._generation += 1
        self._users.clear()
        self.live = live

    async def start(self, engine: Engine) -> None:
        if user_changes.can_listen(engine):
            self._watcher = asyncio.create_task(self._watch(engine))

    async def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
            self._watcher = None

    async def _watch(self, engine: Engine) -> None:
        """Listen, and after any loss listen again, backing off while PostgreSQL is away."""
        delay, said = self.retry_after, False
        while True:
            lost = asyncio.Event()
            try:
                connection = await user_changes.listen(engine, self.forget, lost.set)
            except Exception as error:  # any failure only means: read users every time
                if not said:  # once per outage, not once per retry
                    logger.warning("user cache off, cannot listen for user changes: %s", error)
                    said = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            delay, said = self.retry_after, False
            self._set_live(True)
            try:
                await self._until_lost(connection, lost)
                logger.warning("user cache off, the user-change listener was lost")
            finally:
                self._set_live(False)
                connection.terminate()
            await asyncio.sleep(delay)

    async def _until_lost(self, connection: Listener, lost: asyncio.Event) -> None:
        # A ping notices a connection the operating system has not yet declared dead.
        while not lost.is_set():
            try:
                await asyncio.wait_for(lost.wait(), self.ping_every)
            except TimeoutError:
                try:
                    async with asyncio.timeout(self.ping_every):
                        await user_changes.ping(connection)
                except Exception:  # whatever the failure, the listener cannot be trusted
                    return
