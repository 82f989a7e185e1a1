"""The one item pipeline: append every feed item to the crawl's JSON Lines file.

Any dict with a string ``type`` key is written as one line and flushed at
once, so a child killed mid-crawl loses at most the line being written and
the parent's progress display sees items as they come.  Several spiders of
one crawl process share the file (each through its own pipeline, appending
whole lines from the one reactor thread, so lines never interleave).

When a spider closes, the pipeline writes its ``source`` line unless the
spider already yielded one: ``spider.source_line()`` if the spider defines
it, else ``spider.source_stats.line()`` (a ``scrapers.items.SourceStats``).
Errors raised in the spider's callbacks are counted on ``source_stats``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import IO, Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Response
from twisted.python.failure import Failure

from scrapers.items import FeedItem, SourceStats

log = logging.getLogger(__name__)


def feed_line(item: FeedItem) -> str:
    """One item as a JSON line (no newline inside; dates and paths as text)."""
    return json.dumps(item, ensure_ascii=False, default=str, separators=(",", ":"))


class FeedPipeline:
    """Writes feed items to ``settings['OFSTED_ALERTS_FEED']``."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self._fh: IO[str] | None = None
        self.counts: dict[str, int] = {}
        self.source_written = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        feed = crawler.settings.get("OFSTED_ALERTS_FEED")
        if not feed:
            log.warning("OFSTED_ALERTS_FEED is not set: crawl items will not be saved")
            raise NotConfigured("no feed path")
        pipeline = cls(crawler, Path(feed))
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        return pipeline

    def open_spider(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = self.path.open("a", encoding="utf-8")

    def write(self, item: FeedItem) -> None:
        if self._fh is None:
            raise RuntimeError("feed pipeline is not open")
        self._fh.write(feed_line(item) + "\n")
        self._fh.flush()
        kind = str(item["type"])
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if kind == "source":
            self.source_written = True

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise DropItem(f"not a feed item (needs a dict with a 'type'): {item!r:.200}")
        self.write(item)
        return item

    def spider_error(self, failure: Failure, response: Response, spider: Any) -> None:
        stats = getattr(spider, "source_stats", None)
        if isinstance(stats, SourceStats):
            stats.error(f"{failure.getErrorMessage()} at {response.url}")

    def close_spider(self) -> None:
        spider = self.crawler.spider
        try:
            if not self.source_written:
                line = self._source_line(spider)
                if line is not None:
                    self.write(line)
        finally:
            if self._fh is not None:
                self._fh.close()
                self._fh = None

    def _source_line(self, spider: Any) -> FeedItem | None:
        maker = getattr(spider, "source_line", None)
        if callable(maker):
            line: FeedItem = maker()
            return line
        stats = getattr(spider, "source_stats", None)
        if isinstance(stats, SourceStats):
            return stats.line()
        return None
