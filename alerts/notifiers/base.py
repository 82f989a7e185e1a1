"""The notifier interface: send or edit one HTML message in one chat.

Dispatch talks only to this; each failure is a ``NotifierError`` whose
``kind`` says what to do about it, whatever service produced it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

# NotifierError.kind values and what dispatch does with each.
RETRY_AFTER = "retry_after"  # 429: pause everyone, then retry
BLOCKED = "blocked"  # 403: the person blocked the bot; stop sending to them
CHAT_NOT_FOUND = "chat_not_found"  # 400: the chat is gone
MIGRATED = "migrated"  # 400: group became a supergroup with a new id
TOO_LONG = "too_long"  # 400: over 4096 characters (a formatter bug)
PARSE_ERROR = "parse_error"  # 400: can't parse entities (a formatter bug)
NOT_MODIFIED = "not_modified"  # edit with identical text: nothing to do
CANNOT_EDIT = "cannot_edit"  # message to edit not found / too old
TRANSIENT = "transient"  # network error, timeout, 5xx: back off and retry later
PERMANENT = "permanent"  # any other refusal: give up on this delivery
FATAL = "fatal"  # the token is refused: nothing can be sent until an operator acts


class NotifierError(Exception):
    """A send or edit that did not happen, classified for dispatch."""

    def __init__(self, kind: str, description: str, *, retry_after: float | None = None,
                 migrate_to: int | None = None) -> None:
        super().__init__(f"{kind}: {description}")
        self.kind = kind
        self.description = description
        self.retry_after = retry_after
        self.migrate_to = migrate_to


@dataclass(frozen=True)
class SendResult:
    message_id: int


class Notifier(Protocol):
    """Where messages go.  ``rate_limited`` says whether dispatch must pace it."""

    name: ClassVar[str]
    rate_limited: bool

    async def send(self, chat_id: int, text: str, *, html: bool = True) -> SendResult:
        """Send one message (HTML parse mode unless ``html`` is False)."""
        ...

    async def edit(self, chat_id: int, message_id: int, text: str) -> SendResult:
        """Replace the text of a message sent earlier (HTML parse mode)."""
        ...

    async def close(self) -> None:
        ...
