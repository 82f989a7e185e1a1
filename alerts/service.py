"""``serve``: the bot, the crawl schedule and dispatch in one long-running process.

One asyncio loop runs python-telegram-bot (long polling) and an APScheduler
3.x ``AsyncIOScheduler`` with explicit choices: ``coalesce`` (missed runs
collapse into one), ``max_instances=1`` (never two crawls at once) and a
``misfire_grace_time`` as long as the interval (the default of one second
silently skips jobs when the loop is busy).  Each crawl is a child process,
so the bot keeps answering meanwhile.  SIGTERM parks the current step,
flushes the store and exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from alerts.crawls import recover_feeds, run_crawl_async
from alerts.dispatch import dispatch_pending
from alerts.events import queue_notice
from alerts.notifiers import make_notifier
from alerts.ratelimit import RateLimiter
from alerts.status import render_status, status_report
from alerts.tokens import bot_token
from store.config import Config
from store.db import Store

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
DISPATCH_SECONDS = 5
PARK_SECONDS = 20  # a crawl child gets this long to stop after SIGTERM


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Service:
    """Owns the store (the single writer), the scheduler and, with a token, the bot."""

    def __init__(self, config: Config, store: Store, *, token: str | None = None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        self.config = config
        self.store = store
        self.token = token if token is not None else bot_token()
        self.clock = clock
        self.started = clock()
        self.stopping = asyncio.Event()
        self.running: dict[str, Any] = {}
        self.limiter = RateLimiter.from_config(config.telegram)
        self.notifier = make_notifier(config, self.token, limiter=self.limiter)
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.application: Any = None
        self._crawl_lock = asyncio.Lock()
        self._dispatch_lock = asyncio.Lock()

    # -- jobs ----------------------------------------------------------------------
    async def crawl(self, trigger: str = "schedule") -> str:
        if self._crawl_lock.locked():
            return "A crawl is already running."
        async with self._crawl_lock:
            if self.stopping.is_set():
                return "Shutting down."
            try:
                result = await run_crawl_async(self.store, self.config, trigger=trigger,
                                               clock=self.clock, running=self.running)
            except Exception:
                log.exception("crawl failed to run")
                return "The crawl failed to start; see the log."
            await self.dispatch()
            s = result.summary
            return (f"Crawl {result.run.status}: {s.reports} reports, {s.articles} articles, "
                    f"{s.events_created} new events, {s.alerts} alerts queued.")

    async def dispatch(self) -> None:
        if self._dispatch_lock.locked() or self.stopping.is_set():
            return
        async with self._dispatch_lock:
            try:
                await dispatch_pending(self.store, self.notifier, self.limiter,
                                       now=self.clock(), stop=self.stopping)
            except Exception:
                log.exception("dispatch failed; will retry")

    async def heartbeat(self) -> None:
        self.store.set_meta("heartbeat", {"pid": os.getpid(),
                                          "at": self.clock().isoformat(timespec="seconds"),
                                          "started": self.started.isoformat(timespec="seconds")})

    async def watchdog(self) -> None:
        """No successful crawl for twice the interval: one notice per silent spell."""
        interval = timedelta(minutes=self.config.crawl.every_minutes)
        last = self.store.meta("last_successful_crawl")
        since = datetime.fromisoformat(last) if last else self.started
        if self.clock() - since > 2 * interval:
            queue_notice(self.store, f"watchdog:{last or self.started.isoformat()}",
                         f"No successful crawl since {last or 'the service started'} "
                         f"(interval {self.config.crawl.every_minutes:g} min).",
                         self.config.telegram.admins)

    def status_text(self) -> str:
        now = self.clock()
        return render_status(status_report(
            self.store, now=now, stale_factor=self.config.crawl.stale_factor,
            every_minutes=self.config.crawl.every_minutes), now)

    async def request_crawl(self) -> str:
        if self._crawl_lock.locked():
            return "A crawl is already running."
        asyncio.get_running_loop().create_task(self.crawl(trigger="bot"))
        return "Crawl started."

    # -- lifecycle -------------------------------------------------------------------
    def _schedule(self) -> None:
        every = self.config.crawl.every_minutes * 60
        common: dict[str, Any] = {"coalesce": True, "max_instances": 1}
        self.scheduler.add_job(self.crawl, "interval", seconds=every, id="crawl",
                               next_run_time=self.clock(),
                               misfire_grace_time=max(60, int(every)), **common)
        self.scheduler.add_job(self.dispatch, "interval", seconds=DISPATCH_SECONDS,
                               id="dispatch", misfire_grace_time=60, **common)
        self.scheduler.add_job(self.heartbeat, "interval", seconds=HEARTBEAT_SECONDS,
                               id="heartbeat", next_run_time=self.clock(),
                               misfire_grace_time=60, **common)
        self.scheduler.add_job(self.watchdog, "interval", seconds=max(30.0, every / 4),
                               id="watchdog", misfire_grace_time=60, **common)

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stopping.set)
        recover_feeds(self.store, self.config, clock=self.clock)
        # Deliveries a crash left 'sending' need nothing here: dispatch retries them.
        self._schedule()
        self.scheduler.start()
        if self.token:
            from alerts.bot import build_application

            self.application = build_application(
                self.config, self.store, self.token, limiter=self.limiter,
                status_text=self.status_text, request_crawl=self.request_crawl,
                clock=self.clock)
            await self.application.initialize()
            await self.application.start()
            await self.application.updater.start_polling(drop_pending_updates=False)
            log.info("serve: bot polling, crawling every %g min",
                     self.config.crawl.every_minutes)
        else:
            log.info("serve: no TELEGRAM_BOT_TOKEN, alerts go to the console; crawling every "
                     "%g min", self.config.crawl.every_minutes)
        await self.stopping.wait()
        await self.shutdown()
        return 0

    async def shutdown(self) -> None:
        log.info("serve: stopping")
        self.scheduler.shutdown(wait=False)
        child = self.running.get("child")
        if child is not None and child.returncode is None:
            log.info("serve: parking the running crawl (pid %s)", child.pid)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(asyncio.shield(child.wait()), PARK_SECONDS)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
        if self.application is not None:
            with contextlib.suppress(Exception):
                await self.application.updater.stop()
                await self.application.stop()
                await self.application.shutdown()
        # Let a crawl task that is finishing ingest what its child wrote.
        async with self._crawl_lock:
            pass
        async with self._dispatch_lock:
            pass
        with contextlib.suppress(Exception):
            await self.notifier.close()
        self.store.close()
        log.info("serve: stopped cleanly")


def serve(config: Config, store: Store) -> int:
    async def main() -> int:
        return await Service(config, store).run()

    return asyncio.run(main())
