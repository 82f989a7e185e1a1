"""Downloader middlewares that make every crawl polite and observable.

* ``BackoffRetryMiddleware``: Scrapy's retry (timeouts, connection errors,
  5xx) with exponential backoff and jitter, which Scrapy lacks.
* ``StopOnBlockMiddleware``: a 403 or 429 stops that spider's crawl at once
  instead of retrying into a ban; the spider's ``source_stats`` records why.
* ``WireStatusMiddleware``: sits between the HTTP cache and the network and
  notes the status that really came back (``meta['wire_status']``), so a
  spider can tell a 304 revalidation from a fresh 200 although the cache
  hands it the stored 200 either way.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import _schedule_coro

log = logging.getLogger(__name__)


def backoff_delay(attempt: int, base: float, cap: float, jitter: float | None = None) -> float:
    """Seconds before retry number ``attempt`` (1-based): base, 2*base, 4*base... x0.5-1.5."""
    if base <= 0:
        return 0.0
    factor = random.uniform(0.5, 1.5) if jitter is None else jitter
    return min(cap, base * 2 ** max(0, attempt - 1)) * factor


class BackoffRetryMiddleware(RetryMiddleware):
    """Retry as Scrapy does, but wait longer before each new attempt."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 0.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def _wait(self, retry: Request | Response) -> Request | Response:
        if isinstance(retry, Request):
            delay = backoff_delay(int(retry.meta.get("retry_times", 1)), self.backoff_base,
                                  self.backoff_max)
            if delay:
                log.info("retrying %s in %.1fs", retry.url, delay)
                await asyncio.sleep(delay)
        return retry

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        return await self._wait(super().process_response(request, response))

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        retry = super().process_exception(request, exception)
        if retry is None:
            return None
        return await self._wait(retry)


class StopOnBlockMiddleware:
    """On 403/429 close the spider (reason ``blocked``) rather than hammer the site."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.codes = {int(c) for c in crawler.settings.getlist("BLOCK_HTTP_CODES")}
        if not self.codes:
            raise NotConfigured
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.codes or request.url.endswith("/robots.txt"):
            return response
        message = f"blocked: HTTP {response.status} from {request.url}; crawl stopped"
        spider = self.crawler.spider
        stats = getattr(spider, "source_stats", None)
        if stats is not None and hasattr(stats, "fail"):
            stats.fail(message)
        if not self.stopping:
            self.stopping = True
            log.error("%s", message)
            assert self.crawler.engine is not None
            _schedule_coro(self.crawler.engine.close_spider_async(reason="blocked"))
        raise IgnoreRequest(message)


class WireStatusMiddleware:
    """Record the network's answer before the HTTP cache rewrites it."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_request(self, request: Request) -> None:
        request.meta.pop("wire_status", None)  # a retry copies the last attempt's meta
        request.meta.pop("wire_error", None)

    def process_response(self, request: Request, response: Response) -> Response:
        request.meta["wire_status"] = response.status
        return response

    def process_exception(self, request: Request, exception: Exception) -> Any:
        request.meta["wire_error"] = f"{type(exception).__name__}: {exception}"
        return None
