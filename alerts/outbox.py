"""The outbox ledger: which deliveries are due, and group commits of their states.

A delivery is committed as ``sending`` before its API call and ``sent`` after,
so a restart after SIGKILL resends at most what was in flight.  Committing
every row on its own would cost two full writes per message; the ledger
coalesces the rows staged during one turn of the event loop into one
transaction, and a ``sending`` row is always on disk before its send starts.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from store.db import Store
from store.records import Alert, Delivery

PENDING = ("queued", "sending", "failed")
KIND_ORDER = {"notice": 0, "new": 1, "confirmed": 2, "correction": 3}
BACKOFF_FIRST = 15.0  # seconds before the first retry of a transient failure
BACKOFF_FACTOR = 4.0  # 15 s, 1 min, 4 min, 16 min ...
BACKOFF_MAX = 3600.0


def backoff(attempts: int) -> timedelta:
    seconds = BACKOFF_FIRST * BACKOFF_FACTOR ** max(0, attempts - 1)
    return timedelta(seconds=min(BACKOFF_MAX, seconds))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def is_due(delivery: Delivery, now: datetime) -> bool:
    """Queued and in-flight rows always; failed rows once their retry time has come."""
    if delivery.state in ("queued", "sending"):
        return True
    if delivery.state != "failed":
        return False
    if not delivery.next_attempt_at:
        return True
    try:
        return _aware(datetime.fromisoformat(delivery.next_attempt_at)) <= _aware(now)
    except ValueError:
        return True


def due_deliveries(store: Store, now: datetime) -> list[Delivery]:
    """Deliveries to attempt now: oldest alert first, first news before its follow-ups."""
    due = [d for d in store.deliveries.all() if is_due(d, now)]
    alerts: dict[str, Alert | None] = {}

    def order(d: Delivery) -> tuple[str, int, str, int]:
        if d.alert_id not in alerts:
            alerts[d.alert_id] = store.alerts.get(d.alert_id)
        alert = alerts[d.alert_id]
        created = alert.created_at if alert else ""
        kind = KIND_ORDER.get(alert.kind, 9) if alert else 9
        return (created, kind, d.created_at, d.chat_id)

    return sorted(due, key=order)


class Ledger:
    """Delivery rows being worked on, committed together once per loop turn."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._dirty: dict[str, Delivery] = {}
        self._flush: asyncio.Future[None] | None = None

    def get(self, key: str) -> Delivery | None:
        return self._dirty.get(key) or self.store.deliveries.get(key)

    def stage(self, delivery: Delivery) -> None:
        self._dirty[delivery.key] = delivery

    async def flush(self) -> None:
        """Return once everything staged so far is on disk."""
        if self._flush is None:
            loop = asyncio.get_running_loop()
            self._flush = loop.create_future()
            loop.call_soon(self._commit_soon)
        await asyncio.shield(self._flush)

    def _commit_soon(self) -> None:
        future, self._flush = self._flush, None
        try:
            self.commit()
        except Exception as exc:
            if future is not None and not future.done():
                future.set_exception(exc)
            return
        if future is not None and not future.done():
            future.set_result(None)

    def commit(self) -> None:
        dirty, self._dirty = self._dirty, {}
        if not dirty:
            return
        with self.store.transaction():
            for delivery in dirty.values():
                # /forget may have deleted the chat's rows meanwhile: never resurrect them.
                if delivery.key in self.store.deliveries:
                    self.store.deliveries.put(delivery)


@dataclass
class DispatchSummary:
    """What one dispatch run did."""

    due: int = 0
    sent: int = 0  # deliveries completed
    messages: int = 0  # messages sent (a long alert is several)
    edits: int = 0
    skipped: int = 0  # follow-ups made unnecessary by a first alert not yet sent
    failed: int = 0  # transient failures, retried later
    gave_up: int = 0
    deactivated: int = 0  # chats that blocked the bot or vanished
    migrated: int = 0
    throttled: int = 0  # 429 answers
    plain_fallbacks: int = 0
    resplit: int = 0
    stopped: bool = False

    def __str__(self) -> str:
        shown = [f"{f.name} {getattr(self, f.name)}" for f in fields(self)
                 if f.name != "stopped" and (getattr(self, f.name) or f.name in ("due", "sent"))]
        return ", ".join(shown) + (" (stopped early)" if self.stopped else "")
