"""The bot token: read from the environment only, and never let it reach a log line."""

from __future__ import annotations

import logging
import os
import re

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
# Telegram tokens look like 123456789:AAH...; redact anything of that shape too.
_TOKEN_SHAPE = re.compile(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}\b")


def bot_token() -> str | None:
    """The token from ``TELEGRAM_BOT_TOKEN``, or None when unset or blank."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def redact(text: str) -> str:
    token = bot_token()
    if token:
        text = text.replace(token, "<token>")
    return _TOKEN_SHAPE.sub("<token>", text)


class TokenFilter(logging.Filter):
    """Rewrites records so neither message nor arguments can print the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, unredacted args dropped
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


def install_token_filter() -> None:
    """Attach the filter to every root handler (library loggers propagate there)."""
    token_filter = TokenFilter()
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenFilter) for f in handler.filters):
            handler.addFilter(token_filter)
