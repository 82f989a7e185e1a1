"""The console notifier: prints what would be sent, exactly as it would be sent."""

from __future__ import annotations

import itertools
import sys
from typing import ClassVar, TextIO

from alerts.notifiers.base import SendResult


class ConsoleNotifier:
    """Without a bot token, alerts go to stdout; message ids are local counters."""

    name: ClassVar[str] = "console"
    rate_limited = False

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._ids = itertools.count(1)
        self.sent: list[tuple[int, int, str]] = []  # (chat_id, message_id, text)

    def _print(self, header: str, text: str) -> None:
        out = self._stream or sys.stdout
        print(f"--- {header} ---\n{text}\n", file=out, flush=True)

    async def send(self, chat_id: int, text: str, *, html: bool = True) -> SendResult:
        message_id = next(self._ids)
        self.sent.append((chat_id, message_id, text))
        mode = "HTML" if html else "plain text"
        self._print(f"to chat {chat_id} (message {message_id}, {mode})", text)
        return SendResult(message_id)

    async def edit(self, chat_id: int, message_id: int, text: str) -> SendResult:
        self._print(f"edit of message {message_id} in chat {chat_id}", text)
        return SendResult(message_id)

    async def close(self) -> None:
        return None
