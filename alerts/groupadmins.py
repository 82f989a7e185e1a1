"""Who may change a group's subscriptions: its administrators, asked of Telegram and cached."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from telegram import Bot as TelegramBot
from telegram.constants import ChatMemberStatus

ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})


class GroupAdmins:
    """Whether a user administers a group: getChatMember answers, kept ``ttl`` seconds.

    Concurrent asks about the same chat and user share one call, so a burst of
    button presses costs one request.  Failures are raised and not kept: the
    caller refuses, and the next ask tries again.
    """

    def __init__(self, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.clock = ttl, clock
        self._known: dict[tuple[int, int], tuple[float, bool]] = {}
        self._asking: dict[tuple[int, int], asyncio.Task[bool]] = {}

    async def is_admin(self, bot: TelegramBot, chat_id: int, user_id: int) -> bool:
        key = (chat_id, user_id)
        known = self._known.get(key)
        if known is not None and known[0] > self.clock():
            return known[1]
        task = self._asking.get(key)
        if task is None:
            task = asyncio.ensure_future(self._ask(bot, key))
            self._asking[key] = task
            task.add_done_callback(lambda _: self._asking.pop(key, None))
        return await asyncio.shield(task)

    async def _ask(self, bot: TelegramBot, key: tuple[int, int]) -> bool:
        member = await bot.get_chat_member(*key)
        allowed = member.status in ADMIN_STATUSES
        now = self.clock()
        if len(self._known) >= 10_000:  # many groups: drop what has expired
            self._known = {k: v for k, v in self._known.items() if v[0] > now}
        self._known[key] = (now + self.ttl, allowed)
        return allowed
