"""Outbox delivery: send queued alerts to their chats, at Telegram's pace, surviving crashes.

Each delivery (alert x chat) goes queued -> sending (committed) -> sent, or
failed (transient: retried later with backoff) / gave_up (with the reason).
After a SIGKILL, rows left ``sending`` are simply sent again: nothing is lost
and at most the messages in flight are repeated.  One failing chat never stops
the others.  Follow-ups of an event (``confirmed``, ``correction``) edit the
message the chat already has, or send one short note: never a second full alert.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from alerts import subscriptions
from alerts.formatting import (
    format_alert,
    format_confirmation,
    format_correction,
    format_event,
)
from alerts.htmltext import html_to_plain, split_html, units
from alerts.notifiers import base
from alerts.notifiers.base import Notifier, NotifierError
from alerts.outbox import DispatchSummary, Ledger, backoff, due_deliveries
from alerts.ratelimit import RateLimiter
from store.db import Store
from store.records import Alert, Delivery, Event, delivery_key

log = logging.getLogger(__name__)

MAX_429_RETRIES = 8
# Consecutive network errors / 5xx after which the run stops: Telegram is unreachable and
# the rest stay queued (no attempt spent) for the next run.
HALT_AFTER_TRANSIENT = 3
CONCURRENCY = 8  # sends in flight; also the most a crash can repeat

__all__ = ["DispatchSummary", "dispatch_pending"]


class _Skip(Exception):
    """This delivery is finished without sending (reason in the message)."""


class _Halt(Exception):
    """The run is stopping (token refused, Telegram unreachable, stop requested)."""


class _Run:
    def __init__(self, store: Store, notifier: Notifier, limiter: RateLimiter, *,
                 now: datetime, max_attempts: int, stop: asyncio.Event | None) -> None:
        self.store = store
        self.notifier = notifier
        self.limiter = limiter
        self.now = now
        self.max_attempts = max_attempts
        self.stop = stop
        self.ledger = Ledger(store)
        self.summary = DispatchSummary()
        self.fatal = False
        self.transient_streak = 0
        self._started = asyncio.get_running_loop().time()

    def clock(self) -> datetime:
        """``now`` advanced by the time this run has taken (retry times stay honest)."""
        return self.now + timedelta(seconds=asyncio.get_running_loop().time() - self._started)

    def stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    # -- the run -------------------------------------------------------------------
    async def execute(self, concurrency: int) -> DispatchSummary:
        queue: asyncio.Queue[str] = asyncio.Queue()
        for delivery in due_deliveries(self.store, self.now):
            queue.put_nowait(delivery.key)
        self.summary.due = queue.qsize()
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(concurrency)]
        try:
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
            self.ledger.commit()
        self.summary.stopped = self.halted and not queue.empty()
        return self.summary

    @property
    def halted(self) -> bool:
        return (self.fatal or self.transient_streak >= HALT_AFTER_TRANSIENT
                or (self.stop is not None and self.stop.is_set()))

    async def _worker(self, queue: asyncio.Queue[str]) -> None:
        while not self.halted:
            try:
                key = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            await self._deliver(key, depth=0)

    async def _deliver(self, key: str, *, depth: int) -> None:
        delivery = self.ledger.get(key)
        if delivery is None or delivery.state not in ("queued", "sending", "failed"):
            return
        try:
            await self._attempt(delivery)
        except _Skip as done:
            self._give_up(delivery, str(done))
        except NotifierError as exc:
            await self._failed(delivery, exc, depth=depth)
        except _Halt:  # not this chat's fault: it goes back in the queue, no attempt spent
            delivery.state = "queued"
            delivery.attempts = max(0, delivery.attempts - 1)
            self.ledger.stage(delivery)
        except Exception as exc:  # a bug for one chat must not stop the others
            log.exception("dispatch: delivery %s failed unexpectedly", key)
            self._retry_later(delivery, f"internal error: {exc!r}")

    async def _attempt(self, delivery: Delivery) -> None:
        alert = self.store.alerts.get(delivery.alert_id)
        if alert is None:
            raise _Skip("alert missing")
        event: Event | None = None
        if alert.kind != "notice":
            sub = self.store.subscriptions.get(delivery.chat_id)
            if sub is None:
                raise _Skip("chat not subscribed")
            if not sub.active:
                raise _Skip(f"chat inactive ({sub.inactive_reason})")
            if alert.kind == "new" and alert.council not in sub.councils:
                raise _Skip("unsubscribed")
            event = self.store.events.get(alert.event_id)
            if event is None:
                raise _Skip("event missing")
        if event is not None and alert.kind in ("confirmed", "correction"):
            await self._follow_up(delivery, alert, event)
            return
        parts = format_alert(event, alert, now=self.clock())
        await self._mark_sending(delivery)
        for part in parts[len(delivery.message_ids):]:  # parts sent before a crash are kept
            delivery.message_ids = [*delivery.message_ids, *await self._send(delivery, part)]
            self.ledger.stage(delivery)
        self._mark_sent(delivery)

    async def _follow_up(self, delivery: Delivery, alert: Alert, event: Event) -> None:
        first = self._first_delivery(event, delivery.chat_id)
        if first is not None and first.state in ("queued", "sending", "failed"):
            # The first alert is still to go: it will show the event as it now stands.
            delivery.last_error = "superseded: the first alert is not sent yet"
            self.summary.skipped += 1
            self._mark_sent(delivery)
            return
        await self._mark_sending(delivery)
        if first is None or first.state != "sent" or not first.message_ids:
            # This chat never had the first alert: this is its first, so it is the full one.
            for part in format_event(event, now=self.clock()):
                delivery.message_ids = [*delivery.message_ids, *await self._send(delivery, part)]
            self._mark_sent(delivery)
            return
        edited = await self._edit(delivery, first.message_ids, event)
        if alert.kind == "correction":
            notes = format_correction(event)
        else:
            notes = [] if edited else format_confirmation(event)
        for part in notes:
            delivery.message_ids = [*delivery.message_ids, *await self._send(delivery, part)]
        self._mark_sent(delivery)

    def _first_delivery(self, event: Event, chat_id: int) -> Delivery | None:
        direct = self.ledger.get(delivery_key(f"{event.event_id}:new", chat_id))
        if direct is not None:
            return direct
        firsts = {a.alert_id for a in self.store.alerts.find(
            lambda a: a.event_id == event.event_id and a.kind == "new")}
        for alert_id in firsts:
            found = self.ledger.get(delivery_key(alert_id, chat_id))
            if found is not None:
                return found
        return None

    # -- state changes -------------------------------------------------------------
    async def _mark_sending(self, delivery: Delivery) -> None:
        delivery.state = "sending"
        delivery.attempts += 1
        delivery.updated_at = self.stamp()
        self.ledger.stage(delivery)
        await self.ledger.flush()

    def _mark_sent(self, delivery: Delivery) -> None:
        delivery.state = "sent"
        delivery.next_attempt_at = None
        delivery.updated_at = self.stamp()
        self.ledger.stage(delivery)
        self.summary.sent += 1

    def _give_up(self, delivery: Delivery, reason: str) -> None:
        delivery.state = "gave_up"
        delivery.last_error = reason
        delivery.updated_at = self.stamp()
        self.ledger.stage(delivery)
        self.summary.gave_up += 1

    def _retry_later(self, delivery: Delivery, reason: str) -> None:
        if delivery.attempts >= self.max_attempts:
            self._give_up(delivery, f"{reason} (after {delivery.attempts} attempts)")
            return
        delivery.state = "failed"
        delivery.last_error = reason
        delivery.next_attempt_at = (self.clock() + backoff(delivery.attempts)).isoformat(
            timespec="seconds")
        delivery.updated_at = self.stamp()
        self.ledger.stage(delivery)
        self.summary.failed += 1

    async def _failed(self, delivery: Delivery, exc: NotifierError, *, depth: int) -> None:
        chat = delivery.chat_id
        if exc.kind == base.BLOCKED:
            subscriptions.deactivate(self.store, chat, "blocked")
            self.summary.deactivated += 1
            self._give_up(delivery, f"blocked: {exc.description}")
        elif exc.kind == base.CHAT_NOT_FOUND:
            subscriptions.deactivate(self.store, chat, "chat not found")
            self.summary.deactivated += 1
            self._give_up(delivery, f"chat not found: {exc.description}")
        elif exc.kind == base.MIGRATED and exc.migrate_to and depth < 2:
            await self._migrate(delivery, exc.migrate_to, depth=depth)
        elif exc.kind in (base.TRANSIENT, base.RETRY_AFTER):
            pause = 0.0
            if exc.kind == base.TRANSIENT:
                pause = self.limiter.failed()
                self.transient_streak += 1
            log.warning("dispatch: chat %s: %s (everyone pauses %.1fs)", chat, exc, pause)
            self._retry_later(delivery, exc.description)
        else:
            log.warning("dispatch: chat %s refused: %s", chat, exc)
            self._give_up(delivery, exc.description)

    async def _migrate(self, delivery: Delivery, new_chat: int, *, depth: int) -> None:
        """The group became a supergroup: move its subscription and pending alerts, resend."""
        old_chat = delivery.chat_id
        log.info("dispatch: chat %s migrated to %s", old_chat, new_chat)
        subscriptions.migrate(self.store, old_chat, new_chat)
        self.summary.migrated += 1
        moved = [d for d in self.store.deliveries.find(
            lambda d: d.chat_id == old_chat and d.state in ("queued", "sending", "failed"))
            if d.key != delivery.key]
        self._give_up(delivery, f"migrated to {new_chat}")
        now = self.stamp()
        keys = [delivery_key(delivery.alert_id, new_chat)]
        with self.store.transaction():
            for old in [delivery, *moved]:
                key = delivery_key(old.alert_id, new_chat)
                if key not in self.store.deliveries:
                    self.store.deliveries.put(Delivery(alert_id=old.alert_id, chat_id=new_chat,
                                                       created_at=now, updated_at=now))
                if old is not delivery:
                    keys.append(key)
                    self._give_up(self.ledger.get(old.key) or old, f"migrated to {new_chat}")
        self.ledger.commit()
        for key in keys:
            await self._deliver(key, depth=depth + 1)

    # -- talking to the notifier ------------------------------------------------------
    async def _call(self, chat_id: int, send: bool, text: str, message_id: int = 0,
                    *, html: bool = True) -> int:
        """One paced API call, retried after 429s; returns the message id."""
        for _ in range(MAX_429_RETRIES):
            if self.notifier.rate_limited:
                await self.limiter.acquire(chat_id)
            if self.halted:
                raise _Halt()
            try:
                if send:
                    result = await self.notifier.send(chat_id, text, html=html)
                else:
                    result = await self.notifier.edit(chat_id, message_id, text)
            except NotifierError as exc:
                if exc.kind == base.RETRY_AFTER:
                    self.summary.throttled += 1
                    self.limiter.pause(exc.retry_after or 1.0)
                    continue
                if exc.kind == base.FATAL:
                    log.error("dispatch: Telegram refused the bot token; stopping")
                    self.fatal = True
                    raise _Halt() from None
                raise
            self.limiter.succeeded()
            self.transient_streak = 0
            return result.message_id
        raise NotifierError(base.RETRY_AFTER, f"still throttled after {MAX_429_RETRIES} tries")

    async def _send(self, delivery: Delivery, text: str, *, html: bool = True) -> list[int]:
        chat = delivery.chat_id
        try:
            message_id = await self._call(chat, True, text, html=html)
        except NotifierError as exc:
            if exc.kind == base.PARSE_ERROR and html:
                log.error("dispatch: bug: Telegram could not parse our HTML (%s); sending "
                          "alert %s to chat %s as plain text", exc.description,
                          delivery.alert_id, chat)
                self.summary.plain_fallbacks += 1
                return await self._send(delivery, html_to_plain(text), html=False)
            if exc.kind == base.TOO_LONG and units(text) > 64:
                log.error("dispatch: bug: message of %d units was too long for Telegram; "
                          "splitting it", units(text))
                self.summary.resplit += 1
                limit = units(text) // 2 + 1
                pieces = split_html(text, limit) if html else [
                    text[i:i + limit] for i in range(0, len(text), limit)]
                ids: list[int] = []
                for piece in pieces:
                    ids += await self._send(delivery, piece, html=html)
                return ids
            raise
        self.summary.messages += 1
        return [message_id]

    async def _edit(self, delivery: Delivery, message_ids: list[int], event: Event) -> bool:
        """Edit the chat's earlier message(s) to the event as it now stands; False if we can't."""
        parts = format_event(event, now=self.clock())
        for message_id, part in zip(message_ids, parts, strict=False):
            try:
                await self._call(delivery.chat_id, False, part, message_id)
            except NotifierError as exc:
                if exc.kind == base.NOT_MODIFIED:
                    continue
                if exc.kind in (base.CANNOT_EDIT, base.PARSE_ERROR, base.TOO_LONG,
                                base.PERMANENT):
                    log.info("dispatch: cannot edit message %s in chat %s: %s", message_id,
                             delivery.chat_id, exc.description)
                    return False
                raise
            self.summary.edits += 1
        for part in parts[len(message_ids):]:
            delivery.message_ids = [*delivery.message_ids, *await self._send(delivery, part)]
        return True


async def dispatch_pending(store: Store, notifier: Notifier, limiter: RateLimiter, *,
                           now: datetime, max_attempts: int = 5,
                           stop: asyncio.Event | None = None,
                           concurrency: int = CONCURRENCY) -> DispatchSummary:
    """Send every due delivery once; returns what happened.

    ``stop`` (set on SIGTERM) lets in-flight sends finish and leaves the rest
    queued.  Transient failures are retried by a later call, after a backoff
    of 15 s, 1 min, 4 min, 16 min; after ``max_attempts`` the delivery gives up.
    """
    run = _Run(store, notifier, limiter, now=now, max_attempts=max_attempts, stop=stop)
    summary = await run.execute(max(1, concurrency))
    if summary.due:
        log.info("dispatch: %s", summary)
    return summary
