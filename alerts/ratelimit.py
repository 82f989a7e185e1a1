"""Our own Telegram rate limiter, shared by alert fan-out and command replies.

python-telegram-bot's AIORateLimiter lets bursts through, and a burst of 300
confirmations or 1,000 alerts earns 429s.  This limiter reserves evenly spaced
slots instead: at most ``per_second`` messages overall (no burst credit), one
per ``per_chat_seconds`` per chat, ``group_per_minute`` per group (negative
chat ids), and a global pause when Telegram answers 429 with ``retry_after``
or the network fails.  Slots are reserved in call order, so waiting callers
are served first come, first served.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from store.config import TelegramConfig

# Telegram measures time on its side; a small margin keeps jitter on ours from
# turning an exactly-one-second gap into a 429.
PER_CHAT_MARGIN = 0.05
MAX_BACKOFF = 60.0


class RateLimiter:
    """Evenly spaced send slots under global, per-chat and per-group limits."""

    def __init__(
        self,
        per_second: float = 25.0,
        per_chat_seconds: float = 1.0,
        group_per_minute: int = 20,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.per_chat = per_chat_seconds + PER_CHAT_MARGIN if per_chat_seconds > 0 else 0.0
        self.group_per_minute = group_per_minute
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._generation = 0
        self._chat_next: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}
        self._failures = 0
        # When messages really went: the last second overall, per chat, per group.
        self.cap = max(1, int(per_second)) if per_second > 0 else 1_000_000
        self._sent: deque[float] = deque()
        self._chat_sent: dict[int, float] = {}
        self._group_sent: dict[int, deque[float]] = {}
        self.granted = 0
        self.pauses = 0

    @classmethod
    def from_config(cls, config: TelegramConfig) -> RateLimiter:
        return cls(config.messages_per_second, config.per_chat_seconds, config.group_per_minute)

    def _reserve(self, chat_id: int | None) -> float:
        now = self._clock()
        slot = max(now, self._next, self._paused_until)
        if chat_id is not None:
            slot = max(slot, self._chat_next.get(chat_id, 0.0))
            if chat_id < 0 and self.group_per_minute > 0:
                window = self._groups.setdefault(chat_id, deque())
                while window and window[0] <= now - 60.0:
                    window.popleft()
                if len(window) >= self.group_per_minute:
                    slot = max(slot, window[-self.group_per_minute] + 60.0 + PER_CHAT_MARGIN)
                window.append(slot)
            self._chat_next[chat_id] = slot + self.per_chat
        self._next = slot + self.interval
        if len(self._chat_next) > 10_000:
            self._forget_old(now)
        return slot

    def _forget_old(self, now: float) -> None:
        self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        self._groups = {c: w for c, w in self._groups.items() if w and w[-1] > now - 60.0}
        self._chat_sent = {c: t for c, t in self._chat_sent.items() if t > now - self.per_chat}
        self._group_sent = {c: w for c, w in self._group_sent.items()
                            if w and w[-1] > now - 60.0}

    async def acquire(self, chat_id: int | None = None) -> None:
        """Wait for this caller's slot to send one message to ``chat_id``.

        The reserved slot spaces callers evenly; before granting, the limits are
        checked again against when messages really went, because a busy event loop
        can make late sends bunch up behind it.
        """
        while True:
            generation = self._generation
            delay = self._reserve(chat_id) - self._clock()
            if delay > 0:
                await self._sleep(delay)
            while generation == self._generation and self._clock() >= self._paused_until:
                wait = self._must_wait(chat_id)
                if wait <= 0:
                    self._grant(chat_id)
                    return
                await self._sleep(wait)
            # Paused while we waited: our slot may lie inside the pause, so queue again.

    def _must_wait(self, chat_id: int | None) -> float:
        """How long until sending now would keep every limit, judged by actual sends."""
        now = self._clock()
        sent = self._sent
        while sent and sent[0] <= now - 1.0:
            sent.popleft()
        wait = sent[0] + 1.0 - now if len(sent) >= self.cap else 0.0
        if chat_id is not None:
            last = self._chat_sent.get(chat_id)
            if last is not None:
                wait = max(wait, last + self.per_chat - now)
            group = self._group_sent.get(chat_id)
            if group:
                while group and group[0] <= now - 60.0:
                    group.popleft()
                if len(group) >= self.group_per_minute > 0:
                    wait = max(wait, group[0] + 60.0 - now)
        return wait

    def _grant(self, chat_id: int | None) -> None:
        now = self._clock()
        self._sent.append(now)
        if chat_id is not None:
            self._chat_sent[chat_id] = now
            if chat_id < 0:
                self._group_sent.setdefault(chat_id, deque()).append(now)
        self.granted += 1

    def pause(self, seconds: float) -> None:
        """Telegram said 429 retry_after: nobody sends until it has passed."""
        until = self._clock() + max(0.0, seconds)
        if until > self._paused_until:
            self._paused_until = until
            self._next = max(self._next, until)
        self._generation += 1
        self.pauses += 1

    def failed(self) -> float:
        """A network error or 5xx: pause everyone, longer each time; returns the pause."""
        self._failures += 1
        seconds = min(MAX_BACKOFF, 0.5 * 2 ** (self._failures - 1))
        self.pause(seconds)
        return seconds

    def succeeded(self) -> None:
        self._failures = 0

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())
