"""Notifiers: where alerts go (Telegram, or the console without a token).

``make_notifier(config, token)`` picks one from the registry: ``telegram``
when there is a token, else ``console``; ``register`` adds more.
"""

from __future__ import annotations

from collections.abc import Callable

from alerts.notifiers.base import Notifier, NotifierError, SendResult
from alerts.ratelimit import RateLimiter
from store.config import Config

NotifierFactory = Callable[[Config, "str | None", "RateLimiter | None"], Notifier]
NOTIFIERS: dict[str, NotifierFactory] = {}


def register(name: str) -> Callable[[NotifierFactory], NotifierFactory]:
    def add(factory: NotifierFactory) -> NotifierFactory:
        NOTIFIERS[name] = factory
        return factory

    return add


@register("console")
def _console(config: Config, token: str | None, limiter: RateLimiter | None) -> Notifier:
    from alerts.notifiers.console import ConsoleNotifier

    return ConsoleNotifier()


@register("telegram")
def _telegram(config: Config, token: str | None, limiter: RateLimiter | None) -> Notifier:
    if not token:
        raise ValueError("the telegram notifier needs TELEGRAM_BOT_TOKEN")
    from alerts.notifiers.telegram import TelegramNotifier

    return TelegramNotifier(token, base_url=config.telegram.api_base, limiter=limiter)


def make_notifier(config: Config, token: str | None, *, limiter: RateLimiter | None = None,
                  name: str | None = None) -> Notifier:
    """The notifier for this run: ``name`` if given, else telegram with a token, else console."""
    chosen = name or ("telegram" if token else "console")
    if chosen not in NOTIFIERS:
        raise ValueError(f"unknown notifier {chosen!r} (known: {', '.join(sorted(NOTIFIERS))})")
    return NOTIFIERS[chosen](config, token, limiter)


__all__ = ["NOTIFIERS", "Notifier", "NotifierError", "SendResult", "make_notifier", "register"]
