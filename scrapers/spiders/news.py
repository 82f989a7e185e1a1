"""News spiders: one per ``[[news]]`` source, its class picked by the source's ``kind``.

A kind is registered by a class attribute (``kind = "rss"``), as urlwatch
does, so a new kind is one subclass.  Every kind works the same way, cheap
first:

1. Fetch the source's own document (feed, sitemap, index, listing page)
   with a conditional GET; it is one ``document`` line, and its failure
   (HTTP error after retries, timeout, malformed or hostile XML) fails the
   source with a clear ``error`` on its ``source`` line.
2. For each entry: skip it unread if the store already has the URL and the
   entry's feed fingerprint (title, summary, dates) is unchanged, except
   that recent articles are revalidated (a 304 when unedited); else
   pre-filter it on title/summary/URL words (``scrapers.articles.PreFilter``)
   and record a filtered one as a ``document`` line saying why.
3. Download the rest; an article whose visible text is new or changed is an
   ``article`` line (``changed`` true for an edit), an unchanged one a
   ``document`` line.  Duplicates (same canonical URL or same text) are
   emitted once per crawl.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from scrapers.articles import (
    KnownArticles,
    PageError,
    PreFilter,
    clean_url,
    cut,
    decode,
    read_page,
    url_key,
)
from scrapers.feeds import Entry, FeedError, ParsedFeed, UnsafeFeed, parse_feed, parse_listing
from scrapers.items import (
    FeedItem,
    SourceStats,
    article_item,
    content_hash,
    document_item,
    header,
)
from scrapers.spiders.claims import CLAIMS
from scrapers.spiders.failures import failure_message, is_permanent
from store.config import Config

if TYPE_CHECKING:
    from scrapers.crawl import SpiderJob

__all__ = ["KINDS", "NewsSpider", "spiders_for"]

log = logging.getLogger(__name__)

KINDS: dict[str, type[NewsSpider]] = {}
RECHECK_DAYS = 2  # known articles this recent are revalidated every crawl (edits come early)
RECHECK_TOP = 3  # undated entries: the first few of the list count as recent
MAX_AGE_DAYS = 45  # a live crawl ignores older entries (the parent calls them history anyway)
MAX_CHILD_SITEMAPS = 50
SITEMAP_MAXSIZE = 50 * 1024 * 1024  # the sitemap protocol's limit (uncompressed)
MIN_DEDUPE_CHARS = 200  # pages with less visible text (script shells) are not deduped by text
_TEXT_TYPES = ("text/", "application/xhtml", "application/xml")


def spiders_for(config: Config, only: str | None = None,
                since: date | None = None) -> list[SpiderJob]:
    """``scrapers.crawl.SpiderJob``s (spider class + kwargs) for the enabled news sources."""
    from scrapers.crawl import SpiderJob  # lazily: crawl runs as __main__ and imports us

    jobs: list[SpiderJob] = []
    for source in config.news:
        if not source.enabled or (only is not None and source.name != only):
            continue
        kwargs: dict[str, Any] = {"url": source.url, "url_pattern": source.url_pattern,
                                  "keywords": source.keywords}
        if since is not None:
            kwargs["since"] = since
        jobs.append(SpiderJob(source.name, source.kind, source.url, KINDS[source.kind], kwargs))
    return jobs


class NewsSpider(Spider):
    """The common crawl of a news source; subclasses say how to read its document."""

    name = "news"
    kind: ClassVar[str] = ""
    doc_kind: ClassVar[str] = "feed"  # ``document`` kind of the source's own pages
    root_maxsize: ClassVar[int | None] = None  # None: DOWNLOAD_MAXSIZE

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            KINDS[cls.kind] = cls

    def __init__(self, url: str = "", config: Config | None = None,
                 store_path: Path | str | None = None, since: date | str | None = None,
                 source_name: str = "news", url_pattern: str = "",
                 keywords: tuple[str, ...] | list[str] = (), recheck_days: int = RECHECK_DAYS,
                 max_age_days: int | None = MAX_AGE_DAYS, request_timeout: float | None = None,
                 **kwargs: Any) -> None:
        super().__init__(name=source_name, **kwargs)
        if not url:
            raise ValueError(f"news source {source_name!r} has no url")
        self.config = config or Config()
        self.url = url
        self.source_name = source_name
        self.store_path = store_path
        self.since = date.fromisoformat(since) if isinstance(since, str) else since
        self.today = today = datetime.now(UTC).date()
        self.oldest = (today - timedelta(days=max_age_days)
                       if self.since is None and max_age_days is not None else None)
        self.recheck_days = recheck_days
        self.request_timeout = request_timeout
        self.max_page_bytes = self.config.crawl.max_page_bytes
        try:
            self.prefilter = PreFilter(keywords, url_pattern)
        except Exception as exc:  # re.error and friends: name the key
            raise ValueError(f"news source {source_name!r}: bad url_pattern: {exc}") from None
        self.source_stats = SourceStats(source_name, self.kind, url)
        self.known = KnownArticles()
        self.seen: set[str] = set()
        self.warnings: list[str] = []
        self.counts = {"filtered": 0, "skipped": 0, "duplicates": 0, "unchanged": 0}
        self.children_asked = 0
        self.children_read = 0

    # -- the source's own documents --------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        self.known = KnownArticles.load(self.store_path, self._state_path())
        yield self._request(self.url, self.parse_root, self.root_failed, "root", priority=10,
                            maxsize=self.root_maxsize)

    def _state_path(self) -> Path | None:
        settings = self.settings
        cache_dir = Path(settings.get("HTTPCACHE_DIR") or "")
        if not settings.getbool("HTTPCACHE_ENABLED") or not cache_dir.is_absolute():
            return None
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.source_name)
        return cache_dir / ".feed-state" / f"{safe}.json"  # beside the per-source caches

    def _request(self, url: str, callback: Any, errback: Any, role: str, *,
                 priority: int = 0, maxsize: int | None = None, **meta: Any) -> Request:
        meta["role"] = role
        if maxsize is not None:
            meta["download_maxsize"] = maxsize
        if self.request_timeout:
            meta["download_timeout"] = self.request_timeout
        return Request(url, callback=callback, errback=errback, priority=priority, meta=meta)

    def read_document(self, response: Response) -> ParsedFeed:
        """The source document's entries; raises FeedError (subclasses may override)."""
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap served as a file
            body = gunzip(body, max_size=SITEMAP_MAXSIZE)
        return parse_feed(body, response.url)

    def parse_root(self, response: Response) -> Iterator[Request | FeedItem]:
        yield from self._read_source_document(response, root=True)

    def parse_child(self, response: Response) -> Iterator[Request | FeedItem]:
        self.children_read += 1
        yield from self._read_source_document(response, root=False)

    def _read_source_document(self, response: Response,
                              root: bool) -> Iterator[Request | FeedItem]:
        status, error = self._wire(response)
        what = "feed" if root else "child sitemap"
        feed: ParsedFeed | None = None
        if error is None:
            try:
                feed = self.read_document(response)
            except UnsafeFeed as exc:
                status, error = "error", f"{what} rejected as unsafe: {exc}"
            except FeedError as exc:
                status, error = "error", f"{what} is malformed: {exc}"
            except Exception as exc:  # e.g. a gzip bomb past the size limit
                status, error = "error", f"{what} is unreadable: {type(exc).__name__}: {exc}"
        yield document_item(source=self.source_name, url=response.url, kind=self.doc_kind,
                            status=status, error=error, etag=header(response.headers, "ETag"),
                            last_modified=header(response.headers, "Last-Modified"),
                            content_hash=content_hash(response.body))
        if feed is None:
            self._problem(f"{error} ({response.url})", fatal=root)
            return
        for warning in feed.warnings:
            self.warnings.append(f"{response.url}: {warning}")
        if root and feed.format == "listing" and not feed.entries:
            self._problem(f"no article links found on {response.url} (markup changed?)",
                          fatal=True)
        depth = int(response.meta.get("depth_in_index", 0))
        for child in self._children(feed.sitemaps, depth):
            self.children_asked += 1
            yield self._request(child.url, self.parse_child, self.child_failed, "child",
                                maxsize=SITEMAP_MAXSIZE, depth_in_index=depth + 1)
        for index, entry in enumerate(feed.entries):
            yield from self._consider(entry, index)

    def _children(self, sitemaps: list[Entry], depth: int) -> list[Entry]:
        if depth >= 2:
            if sitemaps:
                self.warnings.append("sitemap indexes nested too deep: not followed")
            return []
        limit = self.since or self.oldest
        wanted = [s for s in sitemaps if limit is None or s.day is None or s.day >= limit]
        wanted.sort(key=lambda s: s.updated or "", reverse=True)
        if len(wanted) > MAX_CHILD_SITEMAPS:
            self.warnings.append(f"{len(wanted)} child sitemaps: read the newest "
                                 f"{MAX_CHILD_SITEMAPS}")
        return wanted[:MAX_CHILD_SITEMAPS]

    def root_failed(self, failure: Failure) -> Iterator[FeedItem]:
        yield self._failed_document(failure, fatal=True, what="feed failed")

    def child_failed(self, failure: Failure) -> Iterator[FeedItem]:
        yield self._failed_document(failure, fatal=False, what="child sitemap failed")

    def _failed_document(self, failure: Failure, *, fatal: bool, what: str) -> FeedItem:
        request = failure.request  # type: ignore[attr-defined]
        message = failure_message(failure)
        self._problem(f"{what}: {message} ({request.url})", fatal=fatal)
        return document_item(source=self.source_name, url=request.url, kind=self.doc_kind,
                             status="error", error=message)

    def _problem(self, message: str, *, fatal: bool) -> None:
        log.error("news source %s: %s", self.source_name, message)
        self.source_stats.error(message)
        if fatal:
            self.source_stats.fail(message)

    def _wire(self, response: Response) -> tuple[str, str | None]:
        """ok (fresh body) | not_modified (304, cached body) | error (cache stood in)."""
        wire = response.meta.get("wire_status")
        if "cached" not in response.flags:
            self.source_stats.fetched += 1
            return "ok", None
        if wire == 304 or (wire is None and "wire_error" not in response.meta):
            self.source_stats.not_modified += 1
            return "not_modified", None
        return "error", f"{response.meta.get('wire_error') or f'HTTP {wire}'}; " \
                        "used the cached copy"

    # -- entries ---------------------------------------------------------------------------
    def _consider(self, entry: Entry, index: int) -> Iterator[Request | FeedItem]:
        url = clean_url(entry.url)
        key = url_key(url)
        if key in self.seen:
            return
        self.seen.add(key)
        fingerprint = entry.fingerprint
        known = self.known.doc(key)
        if known is not None and self.known.fingerprint(key) == fingerprint:
            article = known.kind == "article" and known.status == "ok"
            if not (article and self._recent(entry, index)) and \
                    not (known.status == "filtered" and self.since is not None):
                self.known.remember(key, fingerprint, url_key(known.url))
                self.counts["skipped"] += 1
                return
        reason = self.prefilter.reason_to_skip(entry, since=self.since, oldest=self.oldest)
        if reason is not None:
            self.counts["filtered"] += 1
            self.known.remember(key, fingerprint)
            yield self._article_doc(url, "filtered", error=reason)
            return
        if CLAIMS.claim(key, self.source_name) is not None:
            self.counts["duplicates"] += 1  # another source of this crawl fetches it
            return
        yield self._request(url, self.parse_article, self.article_failed, "article",
                            entry=entry, key=key, fingerprint=fingerprint)

    def _recent(self, entry: Entry, index: int) -> bool:
        day = entry.day
        if day is None:
            return index < RECHECK_TOP
        return (self.today - day).days <= self.recheck_days

    def parse_article(self, response: Response) -> Iterator[FeedItem]:
        entry: Entry = response.meta["entry"]
        key: str = response.meta["key"]
        fingerprint: str = response.meta["fingerprint"]
        status, error = self._wire(response)
        url = clean_url(response.url)
        stamps = {"etag": header(response.headers, "ETag"),
                  "last_modified": header(response.headers, "Last-Modified")}
        if error is not None:  # the network failed; the next crawl asks again
            self.source_stats.error(f"{url}: {error}")
            yield self._article_doc(url, "error", error=error)
            return
        ctype = (header(response.headers, "Content-Type") or "").split(";")[0].strip().lower()
        try:
            if ctype and not ctype.startswith(_TEXT_TYPES):
                raise PageError(f"not a web page ({ctype})")
            page = read_page(response.body, getattr(response, "encoding", None), url)
        except PageError as exc:
            self.known.remember(key, fingerprint)
            self.source_stats.error(f"{url}: {exc}")
            yield self._article_doc(url, "error", error=str(exc), **stamps)
            return
        if page.warning:
            self.warnings.append(f"{url}: {page.warning}")
        if page.amp and page.canonical:
            url = clean_url(page.canonical)
        final = url_key(url)
        duplicate = self._duplicate_of(final, key, page.content_hash, page.visible_chars, url)
        self.known.remember(key, fingerprint, final)
        if duplicate is not None:
            self.counts["duplicates"] += 1
            yield self._article_doc(url, status, error=f"duplicate of {duplicate}",
                                    content_hash=page.content_hash, **stamps)
            return
        known = self.known.doc(final) or self.known.doc(key)
        if known is not None and known.content_hash == page.content_hash:
            self.counts["unchanged"] += 1
            yield self._article_doc(url, status, content_hash=page.content_hash, **stamps)
            return
        self.source_stats.items += 1
        yield article_item(
            source=self.source_name, url=url, title=entry.title or page.title,
            published=entry.published or page.published, summary=entry.summary or None,
            body=cut(page.text, self.max_page_bytes), content_hash=page.content_hash,
            changed=bool(known is not None and known.kind == "article" and known.content_hash),
            **stamps)

    def _article_doc(self, url: str, status: str, **fields: Any) -> FeedItem:
        return document_item(source=self.source_name, url=url, kind="article", status=status,
                             **fields)

    def _duplicate_of(self, key: str, entry_key: str, text_hash: str, chars: int,
                      url: str) -> str | None:
        """Another URL already emitted (this crawl) or stored with this key or text."""
        if key != entry_key:  # redirected, or an AMP page naming its canonical URL
            if key in self.seen:
                return url
            self.seen.add(key)
            owner = CLAIMS.claim(key, self.source_name)
            if owner is not None:
                return f"{url} (listed by {owner})"
        if chars < MIN_DEDUPE_CHARS:
            return None
        first = CLAIMS.first_with_text(text_hash, url)
        if url_key(first) != key:
            return first
        stored = self.known.hash_owner(text_hash)
        if stored is not None and url_key(stored) != key:
            return stored
        return None

    def article_failed(self, failure: Failure) -> Iterator[FeedItem]:
        request = failure.request  # type: ignore[attr-defined]
        message = failure_message(failure)
        if is_permanent(failure):  # asked again only when its feed entry changes
            self.known.remember(request.meta["key"], request.meta["fingerprint"])
        self.source_stats.error(f"{request.url}: {message}")
        yield self._article_doc(request.url, "error", error=message)

    # -- the end -------------------------------------------------------------------------
    def source_line(self) -> FeedItem:
        if self.children_asked and not self.children_read and self.source_stats.fatal is None:
            self.source_stats.fail(f"every child sitemap failed ({self.children_asked})")
        return self.source_stats.line({**self.counts, "warnings": self.warnings[:20]})

    def closed(self, reason: str) -> None:
        try:
            self.known.save()
        except OSError as exc:
            log.warning("could not save feed state for %s: %s", self.source_name, exc)


class RssSpider(NewsSpider):
    """An RSS 2.0 / RSS 1.0 feed (Atom or a sitemap at the URL is read too)."""

    name = "news-rss"
    kind = "rss"


class AtomSpider(NewsSpider):
    """An Atom feed."""

    name = "news-atom"
    kind = "atom"


class SitemapSpider(NewsSpider):
    """A sitemap, news sitemap or sitemap index (children followed two levels)."""

    name = "news-sitemap"
    kind = "sitemap"
    root_maxsize = SITEMAP_MAXSIZE


class ListingSpider(NewsSpider):
    """An HTML page of article links (a press-release list, a paper's section front)."""

    name = "news-listing"
    kind = "listing"
    doc_kind = "page"

    def read_document(self, response: Response) -> ParsedFeed:
        try:
            text, warning = decode(response.body, getattr(response, "encoding", None))
        except PageError as exc:
            raise FeedError(str(exc)) from None
        feed = parse_listing(text, response.url, self.prefilter.url_pattern)
        if warning:
            feed.warnings.append(warning)
        return feed
