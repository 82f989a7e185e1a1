"""The Telegram notifier: python-telegram-bot's ``Bot`` with errors classified for dispatch.

It does no pacing itself (dispatch asks the shared ``RateLimiter`` before each
call) but reports 429 answers to the limiter so every sender pauses.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, ClassVar

from telegram import Bot, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import BaseRateLimiter
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from alerts.notifiers import base
from alerts.notifiers.base import NotifierError, SendResult
from alerts.ratelimit import RateLimiter

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the type will become timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def classify(exc: TelegramError) -> NotifierError:
    """Map python-telegram-bot's exceptions onto dispatch's ``NotifierError`` kinds."""
    text = exc.message
    low = text.lower()
    if isinstance(exc, RetryAfter):
        return NotifierError(base.RETRY_AFTER, text, retry_after=retry_seconds(exc))
    if isinstance(exc, ChatMigrated):
        return NotifierError(base.MIGRATED, text, migrate_to=exc.new_chat_id)
    if isinstance(exc, Forbidden):
        return NotifierError(base.BLOCKED, text)
    if isinstance(exc, InvalidToken):
        return NotifierError(base.FATAL, text)
    if isinstance(exc, BadRequest):
        for needle, kind in (
            ("chat not found", base.CHAT_NOT_FOUND),
            ("message is too long", base.TOO_LONG),
            ("text is too long", base.TOO_LONG),
            ("can't parse entities", base.PARSE_ERROR),
            ("message is not modified", base.NOT_MODIFIED),
            ("message to edit not found", base.CANNOT_EDIT),
            ("message can't be edited", base.CANNOT_EDIT),
        ):
            if needle in low:
                return NotifierError(kind, text)
        return NotifierError(base.PERMANENT, text)
    if isinstance(exc, NetworkError):  # includes TimedOut and 5xx answers
        return NotifierError(base.TRANSIENT, text)
    return NotifierError(base.TRANSIENT, text)


class TelegramNotifier:
    """Sends through the Bot API at ``base_url`` (the token is appended, as in PTB)."""

    name: ClassVar[str] = "telegram"
    rate_limited = True

    def __init__(self, token: str, *, base_url: str = "https://api.telegram.org/bot",
                 limiter: RateLimiter | None = None, pool_size: int = 16) -> None:
        logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token
        request = HTTPXRequest(connection_pool_size=pool_size, read_timeout=20.0,
                               write_timeout=20.0, connect_timeout=10.0, pool_timeout=30.0)
        self.bot = Bot(token, base_url=base_url, request=request)
        self.limiter = limiter
        self._ready = False
        self._lock = asyncio.Lock()

    async def _start(self) -> None:
        if self._ready:
            return
        async with self._lock:
            if not self._ready:
                try:
                    await self.bot.initialize()
                except TelegramError as exc:
                    raise classify(exc) from None
                self._ready = True

    def _failed(self, exc: TelegramError) -> NotifierError:
        error = classify(exc)
        if error.kind == base.RETRY_AFTER and self.limiter is not None:
            self.limiter.pause(error.retry_after or 1.0)
        return error

    async def send(self, chat_id: int, text: str, *, html: bool = True) -> SendResult:
        await self._start()
        try:
            message: Message = await self.bot.send_message(
                chat_id, text, parse_mode=ParseMode.HTML if html else None,
                link_preview_options=NO_PREVIEW)
        except TelegramError as exc:
            raise self._failed(exc) from None
        return SendResult(message.message_id)

    async def edit(self, chat_id: int, message_id: int, text: str) -> SendResult:
        await self._start()
        try:
            await self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW)
        except TelegramError as exc:
            raise self._failed(exc) from None
        return SendResult(message_id)

    async def close(self) -> None:
        if self._ready:
            self._ready = False
            try:
                await self.bot.shutdown()
            except TelegramError:
                log.warning("closing the Telegram notifier failed", exc_info=True)


class SharedRateLimiter(BaseRateLimiter[int]):
    """PTB's rate-limiter slot, filled by our ``RateLimiter`` (shared with dispatch)."""

    SENDS = ("send", "edit", "copy", "forward")

    def __init__(self, limiter: RateLimiter, max_retries: int = 3) -> None:
        self.limiter = limiter
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        limited = endpoint.startswith(self.SENDS)
        chat = data.get("chat_id")
        chat_id = chat if isinstance(chat, int) else None
        for attempt in range(self.max_retries + 1):
            if limited:
                await self.limiter.acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.limiter.pause(retry_seconds(exc))
                if attempt == self.max_retries:
                    raise
        raise AssertionError("unreachable")
