"""Running a crawl: a child process writes a feed, this process ingests it.

Scrapy's Twisted reactor cannot be restarted in one process, so every crawl
is ``python -m scrapers.crawl`` in a child; the parent, the store's single
writer, ingests its JSON Lines feed.  A crashed or hung child is killed after
the configured timeout and recorded; whatever it wrote is still ingested.  A
feed left behind by a killed parent is ingested at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alerts.ingest import IngestSummary, ingest_feed
from store.config import Config
from store.db import Store
from store.records import CrawlRun

log = logging.getLogger(__name__)

KEEP_FEEDS = 5  # ingested feeds kept for the operator to read


@dataclass
class CrawlResult:
    run: CrawlRun
    summary: IngestSummary


def _utcnow() -> datetime:
    return datetime.now(UTC)


def child_command(config: Config, store_path: Path, feed: Path, *, source: str | None,
                  since: date | None, progress: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "scrapers.crawl", "--feed", str(feed),
           "--store", str(store_path)]
    if progress:
        cmd.append("--progress")
    if config.source_file:
        cmd += ["--config", config.source_file]
    if source:
        cmd += ["--source", source]
    if since:
        cmd += ["--since", since.isoformat()]
    return cmd


def _die_with_parent() -> None:
    """In the child: get SIGTERM if the parent dies (even by SIGKILL), so no orphan crawls."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the crawl timeout still bounds it
        pass


def feeds_dir(store: Store) -> Path:
    path = store.path / "feeds"
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_crawl(store: Store, config: Config, *, trigger: str = "cli", source: str | None = None,
              since: date | None = None, history: bool = False,
              clock: Callable[[], datetime] = _utcnow,
              on_progress: Callable[[Path, subprocess.Popen[bytes]], None] | None = None,
              ) -> CrawlResult:
    """Crawl once in a child process and ingest what it found."""
    started = clock()
    run_id = started.strftime("%Y%m%dT%H%M%S%f")
    feed = feeds_dir(store) / f"{run_id}-{'history' if history else 'live'}.jsonl"
    run = CrawlRun(run_id=run_id, started_at=started.isoformat(timespec="seconds"),
                   trigger=trigger)
    store.runs.put(run)
    cmd = child_command(config, store.path, feed, source=source, since=since,
                        progress=on_progress is not None)
    timeout = config.crawl.timeout_minutes * 60
    log.info("crawl %s: starting child (timeout %.0fs)", run_id, timeout)
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True,
                             preexec_fn=_die_with_parent)
    run.pid = child.pid
    store.runs.put(run)
    deadline = time.monotonic() + timeout
    status = "ok"
    while child.poll() is None:
        if on_progress is not None:
            on_progress(feed, child)
        if time.monotonic() > deadline:
            log.error("crawl %s: child hung for %.0fs, killing it", run_id, timeout)
            _kill_group(child)
            status = "timeout"
            break
        time.sleep(0.2)
    if status == "ok" and child.returncode != 0:
        status = "failed"
        run.errors.append(f"crawl child exited with code {child.returncode}")
    return _finish(store, config, run, feed, status, history=history, clock=clock)


async def run_crawl_async(store: Store, config: Config, *, trigger: str = "schedule",
                          clock: Callable[[], datetime] = _utcnow,
                          running: dict[str, Any] | None = None) -> CrawlResult:
    """The service's crawl: the child runs while the event loop (the bot) keeps going.

    ``running`` (if given) receives the child process under key ``child`` so a
    shutdown can park the crawl: the child is stopped and what it wrote is
    ingested at the next start.
    """
    started = clock()
    run_id = started.strftime("%Y%m%dT%H%M%S%f")
    feed = feeds_dir(store) / f"{run_id}-live.jsonl"
    run = CrawlRun(run_id=run_id, started_at=started.isoformat(timespec="seconds"),
                   trigger=trigger)
    cmd = child_command(config, store.path, feed, source=None, since=None)
    child = await asyncio.create_subprocess_exec(
        *cmd, stdin=asyncio.subprocess.DEVNULL, start_new_session=True,
        preexec_fn=_die_with_parent)
    run.pid = child.pid
    store.runs.put(run)
    if running is not None:
        running["child"] = child
    status = "ok"
    try:
        await asyncio.wait_for(child.wait(), timeout=config.crawl.timeout_minutes * 60)
    except TimeoutError:
        log.error("crawl %s: child hung, killing it", run_id)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        await child.wait()
        status = "timeout"
    finally:
        if running is not None:
            running.pop("child", None)
    if status == "ok" and child.returncode != 0:
        status = "failed"
        run.errors.append(f"crawl child exited with code {child.returncode}")
    return _finish(store, config, run, feed, status, history=False, clock=clock)


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def _finish(store: Store, config: Config, run: CrawlRun, feed: Path, status: str, *,
            history: bool, clock: Callable[[], datetime]) -> CrawlResult:
    summary = ingest_feed(store, feed, now=clock(), history=history,
                          admins=config.telegram.admins,
                          failure_threshold=config.crawl.failure_threshold,
                          stale_factor=config.crawl.stale_factor)
    if status == "ok" and summary.sources and not all(summary.sources.values()):
        status = "partial"
    run.status = status
    run.finished_at = clock().isoformat(timespec="seconds")
    run.counts = {k: v for k, v in summary.as_dict().items() if isinstance(v, int)}
    run.errors = (run.errors + summary.errors)[:50]
    with store.transaction():
        store.runs.put(run)
        store.set_meta("last_crawl", {"run_id": run.run_id, "status": status,
                                      "finished_at": run.finished_at})
        if status in ("ok", "partial"):
            store.set_meta("last_successful_crawl", run.finished_at)
    _retire(feed)
    log.info("crawl %s: %s; %s", run.run_id, status, summary.as_dict())
    return CrawlResult(run, summary)


def _retire(feed: Path) -> None:
    """Mark a feed ingested (rename) and keep only the newest few."""
    if feed.exists():
        feed.rename(feed.with_suffix(".done"))
    done = sorted(feed.parent.glob("*.done"))
    for old in done[:-KEEP_FEEDS]:
        old.unlink(missing_ok=True)


def recover_feeds(store: Store, config: Config,
                  clock: Callable[[], datetime] = _utcnow) -> list[CrawlResult]:
    """Ingest feeds a killed parent left behind, so nothing a crawl found is lost."""
    results = []
    for feed in sorted(feeds_dir(store).glob("*.jsonl")):
        run_id = feed.stem.split("-")[0]
        run = store.runs.get(run_id) or CrawlRun(run_id=run_id, started_at="", trigger="?")
        run.errors.append("recovered after an interrupted run")
        log.warning("ingesting feed left by an interrupted run: %s", feed.name)
        results.append(_finish(store, config, run, feed, "recovered",
                               history=feed.stem.endswith("-history"), clock=clock))
    return results
