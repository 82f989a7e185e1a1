"""The crawl child: run every selected spider once and write the JSON Lines feed.

    python -m scrapers.crawl --config PATH --feed OUT.jsonl [--source NAME]
                             [--since YYYY-MM-DD] [--store DIR] [--progress]
                             [--log-level LEVEL]

Scrapy's reactor cannot restart, so the parent (``alerts.crawls``) runs this
in a child process and ingests the feed afterwards; the child only reads the
store (``Store(path, readonly=True)``).  All spiders share ONE
``CrawlerProcess``; a spider that fails (or cannot even start) never stops the
others.  Exit 0 when the crawl ran, even if sources failed (their ``source``
lines say ``ok: false``); 1 when it could not run at all; 2 for bad usage or
a bad config.

How a spider plugs in (news spiders included)
---------------------------------------------
* List it as a ``SpiderJob`` (name, kind, url, spider class, extra kwargs).
  The Ofsted job comes from ``ofsted_jobs``; news jobs from
  ``scrapers.spiders.news.spiders_for(config) -> list[SpiderJob]`` (imported
  lazily; until that module exists there are none; if it is broken, each
  enabled ``[[news]]`` source gets a failed ``source`` line and Ofsted still
  runs).  ``name`` is the source name: ``--source NAME`` selects by it, and it
  names the ``source`` line.  Disabled sources should simply not be returned.
  Tests may point ``OFSTED_ALERTS_NEWS_REGISTRY`` at another module.
* Every spider is built as ``SpiderClass(**job.kwargs, config=Config,
  store_path=Path, since=date|None, source_name=job.name)`` (Scrapy sets them
  as attributes).  Open ``Store(store_path, readonly=True)`` yourself if you
  need to skip known URLs; tolerate a missing store (first run).
* Yield feed dicts built with ``scrapers.items`` (``article_item``,
  ``document_item``...); ``scrapers.pipelines.FeedPipeline`` writes them.
* Keep a ``source_stats = SourceStats(name, kind, url)`` attribute and count
  on it (``items``, ``fetched``, ``not_modified``, ``error()``, ``fail()``); the
  pipeline writes it as the spider's ``source`` line when it closes (or
  define ``source_line() -> dict`` to add fields, as the Ofsted spider does).  If a
  spider dies without one, this module adds ``ok: false`` for it.
* Settings come from ``crawl_settings`` (``scrapers/settings.py`` holds every
  default): robots.txt, one request at a time per domain, config delay,
  retries with backoff, stop on 403/429, conditional GET through the HTTP
  cache (a cached copy has ``'cached' in response.flags``; with
  ``response.meta['wire_status'] == 304`` it means "not modified", with a 5xx
  or ``meta['wire_error']`` the network failed and the cache stood in).
  Set ``meta={'dont_cache': True}`` for big one-off downloads.  A per-spider
  ``custom_settings`` may override.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from twisted.python.failure import Failure

from scrapers import settings as defaults_module
from scrapers.items import utc_now
from scrapers.pipelines import feed_line
from store.config import Config, ConfigError, load_config

log = logging.getLogger(__name__)

# Where news jobs come from; the environment variable lets tests plug in extra spiders.
NEWS_REGISTRY = os.environ.get("OFSTED_ALERTS_NEWS_REGISTRY", "scrapers.spiders.news")


class UsageError(ValueError):
    """Bad command-line usage (exit 2)."""


@dataclass(frozen=True)
class SpiderJob:
    """One source to crawl: which spider, and what it needs beyond the common kwargs."""

    name: str
    kind: str
    url: str
    spider: type[Spider]
    kwargs: dict[str, Any] = field(default_factory=dict)


def crawl_settings(config: Config, store_path: Path | str | None,
                   feed_path: Path | str | None, *, log_level: str | None = None,
                   progress: bool = False) -> dict[str, Any]:
    """Scrapy settings for a crawl under ``config``: defaults overlaid by config values."""
    out = defaults_module.defaults()
    crawl = config.crawl
    delay = float(crawl.delay_seconds)
    out["USER_AGENT"] = crawl.user_agent
    out["DOWNLOAD_DELAY"] = delay
    # AutoThrottle never goes below its start delay: with no delay (tests) it only slows.
    out["AUTOTHROTTLE_ENABLED"] = bool(out["AUTOTHROTTLE_ENABLED"] and delay > 0)
    out["AUTOTHROTTLE_START_DELAY"] = max(delay, 0.1)
    out["RETRY_BACKOFF_BASE"] = out["RETRY_BACKOFF_BASE"] * min(delay, 1.0)
    out["DOWNLOAD_MAXSIZE"] = int(crawl.max_page_bytes)
    if store_path is not None:
        out["OFSTED_ALERTS_STORE"] = str(Path(store_path).resolve())
        out["HTTPCACHE_DIR"] = str(Path(store_path).resolve() / "httpcache")
    else:
        out["HTTPCACHE_ENABLED"] = False
    if feed_path is not None:
        out["OFSTED_ALERTS_FEED"] = str(Path(feed_path).resolve())
    if log_level:
        out["LOG_LEVEL"] = log_level.upper()
    out["OFSTED_ALERTS_PROGRESS"] = progress
    return out


def ofsted_jobs(config: Config) -> list[SpiderJob]:
    if not config.ofsted.enabled:
        return []
    from scrapers.spiders.ofsted import OfstedSpider, listing_url

    return [SpiderJob("ofsted", "ofsted", listing_url(config.ofsted.base_url, 0,
                                                       config.ofsted.rows), OfstedSpider)]


def news_jobs(config: Config) -> list[SpiderJob]:
    """The news spiders' registry, if that module exists yet.

    A registry that is there but broken must not stop the Ofsted crawl: each
    enabled news source then gets a job that fails at once, so its ``source``
    line says why.
    """
    import importlib

    try:
        module = importlib.import_module(NEWS_REGISTRY)
        return list(module.spiders_for(config))
    except ModuleNotFoundError as exc:
        if exc.name != NEWS_REGISTRY:
            return _unavailable(config, exc)
        if config.news:
            log.warning("news sources configured but %s is not available", NEWS_REGISTRY)
        return []
    except Exception as exc:
        return _unavailable(config, exc)


class UnavailableSpider(Spider):
    """Stands in for a source whose spider cannot be built; fails as it starts."""

    name = "unavailable"

    def __init__(self, reason: str = "unavailable", **kwargs: Any) -> None:
        raise RuntimeError(reason)


def _unavailable(config: Config, exc: Exception) -> list[SpiderJob]:
    log.exception("news spiders unavailable")
    reason = f"news spiders unavailable: {type(exc).__name__}: {exc}"
    return [SpiderJob(n.name, n.kind, n.url, UnavailableSpider, {"reason": reason})
            for n in config.news if n.enabled]


def select_jobs(config: Config, source: str | None) -> list[SpiderJob]:
    jobs = ofsted_jobs(config) + news_jobs(config)
    if source is None:
        return jobs
    chosen = [j for j in jobs if j.name == source]
    if not chosen:
        names = ", ".join(j.name for j in jobs) or "none"
        raise UsageError(f"unknown or disabled source {source!r} (enabled: {names})")
    return chosen


def run(config: Config, feed: Path, *, store_path: Path, source: str | None = None,
        since: date | None = None, log_level: str | None = None,
        progress: bool = False) -> int:
    """Crawl the selected sources in one process; returns the exit code."""
    jobs = select_jobs(config, source)
    feed.parent.mkdir(parents=True, exist_ok=True)
    feed.touch()
    started = utc_now()
    process = CrawlerProcess(crawl_settings(config, store_path, feed, log_level=log_level,
                                            progress=progress))
    failures: dict[str, str] = {}
    for job in jobs:
        kwargs = {**job.kwargs, "config": config, "store_path": store_path, "since": since,
                  "source_name": job.name}
        try:
            deferred = process.crawl(job.spider, **kwargs)
        except Exception as exc:  # a spider that cannot even be built
            log.exception("source %s could not start", job.name)
            failures[job.name] = f"could not start: {exc}"
            continue
        deferred.addErrback(_record_failure, job.name, failures)
    process.start()
    _close_unreported(feed, jobs, failures, started)
    return 0


def _record_failure(failure: Failure, name: str, failures: dict[str, str]) -> None:
    log.error("source %s failed: %s", name, failure.getTraceback())
    failures[name] = f"crawl failed: {failure.getErrorMessage()}"


def _close_unreported(feed: Path, jobs: Sequence[SpiderJob], failures: dict[str, str],
                      started: str) -> None:
    """Give every job that wrote no ``source`` line a failed one."""
    reported: set[str] = set()
    with feed.open("r", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and item.get("type") == "source":
                reported.add(str(item.get("name")))
    with feed.open("a", encoding="utf-8") as fh:
        for job in jobs:
            if job.name in reported:
                continue
            error = failures.get(job.name, "crawl ended without reporting")
            fh.write(feed_line({
                "type": "source", "name": job.name, "kind": job.kind, "url": job.url,
                "ok": False, "error": error, "items": 0, "fetched": 0, "not_modified": 0,
                "errors": 1, "started": started, "finished": utc_now()}) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scrapers.crawl",
        description="Crawl the configured sources once and write a JSON Lines feed.")
    parser.add_argument("--config", help="TOML config file (default: ./config.toml if any)")
    parser.add_argument("--feed", required=True, help="JSON Lines file to append items to")
    parser.add_argument("--source", help="crawl only this source (e.g. 'ofsted')")
    parser.add_argument("--since", type=_iso_date, help="only publications on/after DATE")
    parser.add_argument("--store", help="store directory (default: from the config)")
    parser.add_argument("--progress", action="store_true",
                        help='also write {"type": "progress", "done": N, "total": M} lines')
    parser.add_argument("--log-level", default=None,
                        help="Scrapy log level (default from scrapers/settings.py)")
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load_config(args.config)
        store_path = Path(args.store) if args.store else config.store_path
        return run(config, Path(args.feed), store_path=store_path, source=args.source,
                   since=args.since, log_level=args.log_level, progress=args.progress)
    except (ConfigError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        logging.getLogger(__name__).exception("crawl could not run")
        print(f"error: crawl could not run: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
