"""The Ofsted reports spider: listing -> provider pages -> new report PDFs.

A routine crawl costs the listing pages (``rows`` providers each) and one
conditional GET per provider page (a 304 when nothing changed); a report PDF
is downloaded only when its file id is not in the store yet.  Each new
publication becomes one ``report`` feed line with the parsed PDF (or an
error), every page a ``document`` line, and the crawl one ``source`` line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import (
    FeedItem,
    SourceStats,
    content_hash,
    document_item,
    header,
    report_item,
)
from scrapers.provider_pages import (
    MarkupChanged,
    Publication,
    file_id_from_url,
    listing_start,
    listing_url,
    parse_listing,
    parse_provider,
)
from scrapers.spiders.failures import failure_message
from store.config import Config

__all__ = ["OfstedSpider", "known_report_ids", "listing_url"]

log = logging.getLogger(__name__)

MAX_PROVIDERS = 1000  # 153 councils today; paging far past this means it is broken
RECHECK_MISSING_DAYS = 7  # a missing / not-PDF file is asked for again after this
MISSING_STATUSES = (404, 410)


def known_report_ids(store_path: Path | str | None, *, now: datetime | None = None,
                     recheck_days: int = RECHECK_MISSING_DAYS) -> set[str]:
    """File ids (and URLs) of reports the store already has: these are not downloaded again.

    A report whose download failed transiently (status ``error``) is not
    known, so the next crawl retries it; one that was missing or not a PDF
    is retried only after ``recheck_days``.
    """
    if store_path is None:
        return set()
    from store.db import Store

    now = now or datetime.now(UTC)
    known: set[str] = set()
    try:
        with Store(store_path, readonly=True) as store:
            for doc in store.documents.all():
                if doc.kind != "report" or doc.status == "error":
                    continue
                if doc.status == "not_pdf" and _older_than(doc.last_seen, now, recheck_days):
                    continue
                known.add(doc.url)
                known.add(file_id_from_url(doc.url) or doc.url)
            for event in store.events.all():
                if event.report_id:
                    known.add(str(event.report_id))
                if event.report_url:
                    known.add(event.report_url)
    except Exception as exc:  # a first run has no store; a broken one must not stop the crawl
        log.warning("could not read known reports from %s: %s", store_path, exc)
    return known


def _older_than(stamp: str, now: datetime, days: int) -> bool:
    try:
        seen = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return True
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    return now - seen > timedelta(days=days)


@dataclass(frozen=True)
class _Download:
    """A report file's outcome, shared by every provider page listing it."""

    report: dict[str, Any] | None
    error: str | None
    status: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


@dataclass(frozen=True)
class _Listed:
    urn: str
    council: str | None
    council_code: str | None
    publication: Publication


class OfstedSpider(Spider):
    """Crawls reports.ofsted.gov.uk (or the configured ``ofsted.base_url``)."""

    name = "ofsted"

    def __init__(self, config: Config | None = None, store_path: Path | str | None = None,
                 since: date | str | None = None, source_name: str = "ofsted",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.config = config or Config()
        self.base_url = self.config.ofsted.base_url.rstrip("/")
        self.rows = max(1, self.config.ofsted.rows)
        self.since = date.fromisoformat(since) if isinstance(since, str) else since
        self.source_stats = SourceStats(source_name, "ofsted",
                                        listing_url(self.base_url, 0, self.rows))
        self.known = known_report_ids(store_path)
        self.urns: dict[str, str] = {}  # URN -> Ofsted's name, in listing order
        self.listing_starts: set[int] = set()
        self.listing_total: int | None = None
        self.unknown_urns: set[str] = set()
        self.warnings: list[str] = []
        self.provider_pages = 0
        self.pages_with_publications = 0
        self.markup_errors = 0
        self.pending: dict[str, list[_Listed]] = {}
        self.downloads: dict[str, _Download] = {}
        self.pdf_requests = 0
        self.answered = 0  # responses and failures handled, for progress lines
        self._last_progress = 0.0

    # -- listing --------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        yield self._listing_request(listing_url(self.base_url, 0, self.rows), 0)

    def _listing_request(self, url: str, start: int) -> Request:
        self.listing_starts.add(start)
        return Request(url, callback=self.parse_listing, errback=self.page_failed,
                       priority=10, meta={"start": start, "page": "listing"})

    def parse_listing(self, response: Response) -> Iterator[Request | FeedItem]:
        start = int(response.meta.get("start", 0))
        self.answered += 1
        yield self._page_document(response)
        page = parse_listing(response.text, response.url)
        if page.total is not None and self.listing_total is None:
            self.listing_total = page.total
        if not page.providers:
            if start == 0 or page.next_url:
                self._markup_changed(f"no provider links on listing page {response.url}")
            return  # an empty page after the last one: the end of the list
        for link in page.providers:
            if link.urn in self.urns:
                continue
            self.urns[link.urn] = link.name
            yield Request(link.url, callback=self.parse_provider, errback=self.page_failed,
                          meta={"urn": link.urn, "page": "provider"})
        yield from self._next_listing(start, page.next_url, len(page.providers))
        yield from self._progress()

    def _next_listing(self, start: int, next_url: str | None, found: int) -> Iterator[Request]:
        expected = start + self.rows
        if next_url is not None:
            next_start = listing_start(next_url)
            if next_start != expected:
                log.warning("listing next link asks for start=%s, expected %s", next_start,
                            expected)
            if next_start is None:
                next_start, next_url = expected, listing_url(self.base_url, expected, self.rows)
        elif found >= self.rows:  # a full page without a next link: check the offset anyway
            next_start, next_url = expected, listing_url(self.base_url, expected, self.rows)
        else:
            return
        if next_start in self.listing_starts:
            return
        if next_start > MAX_PROVIDERS:
            self._markup_changed(f"listing keeps paging past start={MAX_PROVIDERS}")
            return
        yield self._listing_request(next_url, next_start)

    # -- provider pages -------------------------------------------------------------
    def parse_provider(self, response: Response) -> Iterator[Request | FeedItem]:
        urn = str(response.meta["urn"])
        self.answered += 1
        yield self._page_document(response)
        yield from self._progress()
        try:
            publications = parse_provider(response.text, response.url)
        except MarkupChanged as exc:
            self.markup_errors += 1
            self.source_stats.error(f"markup changed: {exc}")
            log.error("markup changed: %s", exc)
            return
        self.provider_pages += 1
        if publications:
            self.pages_with_publications += 1
        council, code = self._council(urn)
        for pub in publications:
            if self.since is not None and pub.published is not None and pub.published < self.since:
                continue
            key = pub.file_id or pub.url
            if key in self.known or pub.url in self.known:
                continue
            listed = _Listed(urn, council, code, pub)
            if key in self.downloads:
                yield self._report_line(listed, self.downloads[key])
            elif key in self.pending:
                self.pending[key].append(listed)
            else:
                self.pending[key] = [listed]
                self.pdf_requests += 1
                yield Request(pub.url, callback=self.parse_report_file,
                              errback=self.report_failed, priority=1,
                              meta={"file_key": key, "dont_cache": True,
                                    "download_timeout": self.settings.getint("PDF_TIMEOUT", 30),
                                    "download_maxsize": self.settings.getint("PDF_MAXSIZE")})

    def _council(self, urn: str) -> tuple[str | None, str | None]:
        from store.councils import registry

        found = registry().by_urn(urn)
        if found is None:
            if urn not in self.unknown_urns:
                self.unknown_urns.add(urn)
                log.warning("URN %s (%s) is not in the council registry", urn,
                            self.urns.get(urn, "?"))
            return None, None
        current = registry().attribute(found)
        return current.name, current.gss_code

    # -- report files ---------------------------------------------------------------
    def parse_report_file(self, response: Response) -> Iterator[FeedItem]:
        key = str(response.meta["file_key"])
        self.answered += 1
        self.source_stats.fetched += 1
        body = response.body
        kind = (header(response.headers, "Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/pdf" or not body.startswith(b"%PDF-"):
            why = "body does not start with %PDF-" if kind == "application/pdf" else (
                kind or "no Content-Type")
            report: dict[str, Any] | None = None
            error: str | None = f"not a PDF ({why})"
            status = "not_pdf"
        else:
            (report, error), status = _parse_pdf(body, response.url), "ok"
        download = _Download(report, error, status, etag=header(response.headers, "ETag"),
                             last_modified=header(response.headers, "Last-Modified"),
                             content_hash=content_hash(body))
        yield from self._finish_download(key, response.url, download)
        yield from self._progress()

    def report_failed(self, failure: Failure) -> Iterator[FeedItem]:
        request = failure.request  # type: ignore[attr-defined]
        key = str(request.meta["file_key"])
        self.answered += 1
        yield from self._progress()
        status = failure.value.response.status if failure.check(HttpError) else None
        message = failure_message(failure)
        if status in MISSING_STATUSES:
            yield from self._finish_download(
                key, request.url, _Download(None, f"missing ({message})", "not_pdf"))
            return
        # Transient (5xx after retries, timeout, blocked): no report line, so the
        # next crawl asks again; the document line records the failure.
        self.pending.pop(key, None)
        self.source_stats.error(f"{request.url}: {message}")
        yield document_item(source=self.source_stats.name, url=request.url, kind="report",
                            status="error", error=message)

    def _finish_download(self, key: str, url: str, download: _Download) -> Iterator[FeedItem]:
        self.downloads[key] = download
        if download.status == "not_pdf":
            log.warning("report file %s: %s", url, download.error)
            yield document_item(source=self.source_stats.name, url=url, kind="report",
                                status="not_pdf", error=download.error, etag=download.etag,
                                last_modified=download.last_modified,
                                content_hash=download.content_hash)
        for listed in self.pending.pop(key, []):
            yield self._report_line(listed, download)

    def _report_line(self, listed: _Listed, download: _Download) -> FeedItem:
        pub = listed.publication
        self.source_stats.items += 1
        return report_item(
            source=self.source_stats.name, urn=listed.urn, council=listed.council,
            council_code=listed.council_code, file_id=pub.file_id or pub.url, url=pub.url,
            title=pub.title, published=pub.published.isoformat() if pub.published else None,
            category=pub.category, report=download.report, error=download.error,
            status=download.status, etag=download.etag, last_modified=download.last_modified,
            content_hash=download.content_hash)

    # -- pages: documents, failures, health -------------------------------------------
    def _page_document(self, response: Response) -> FeedItem:
        wire = response.meta.get("wire_status")
        error = None
        if "cached" not in response.flags:
            status = "ok"
            self.source_stats.fetched += 1
        elif wire == 304 or (wire is None and "wire_error" not in response.meta):
            status = "not_modified"
            self.source_stats.not_modified += 1
        else:  # the network failed and the cache stood in for it
            status = "error"
            error = f"{response.meta.get('wire_error') or f'HTTP {wire}'}; used the cached copy"
            self.source_stats.error(f"{response.url}: {error}")
            if response.meta.get("page") == "listing":  # the site itself is down
                self.source_stats.fail(f"listing page failed: {response.url}: {error}")
        return document_item(source=self.source_stats.name, url=response.url, kind="page",
                             status=status, error=error,
                             etag=header(response.headers, "ETag"),
                             last_modified=header(response.headers, "Last-Modified"),
                             content_hash=content_hash(response.body))

    def page_failed(self, failure: Failure) -> Iterator[FeedItem]:
        request = failure.request  # type: ignore[attr-defined]
        message = failure_message(failure)
        self.answered += 1
        yield from self._progress()
        self.source_stats.error(f"{request.url}: {message}")
        if request.meta.get("page") == "listing":
            self.source_stats.fail(f"listing page failed: {request.url}: {message}")
        log.error("ofsted page failed: %s: %s", request.url, message)
        yield document_item(source=self.source_stats.name, url=request.url, kind="page",
                            status="error", error=message)

    def _progress(self) -> Iterator[FeedItem]:
        """A ``progress`` line (at most one a second) when the crawl asks for them."""
        if not self.settings.getbool("OFSTED_ALERTS_PROGRESS"):
            return
        now = time.monotonic()
        if now - self._last_progress < 1.0:
            return
        self._last_progress = now
        total = len(self.listing_starts) + len(self.urns) + self.pdf_requests
        yield {"type": "progress", "source": self.source_stats.name,
               "done": min(self.answered, total), "total": total}

    def _markup_changed(self, message: str) -> None:
        log.error("markup changed? %s", message)
        self.source_stats.fail(f"markup changed? {message}")

    def source_line(self) -> FeedItem:
        """The crawl's health, with the cross-checks that catch markup changes."""
        stats = self.source_stats
        if not self.urns:  # whatever went wrong, a crawl that found no council failed
            stats.fail(f"no providers found in the listing ({stats.errors} errors)")
        if self.provider_pages >= 3 and not self.pages_with_publications:
            self._markup_changed(
                f"no publication links on any of {self.provider_pages} provider pages")
        if self.markup_errors and not self.provider_pages:
            self._markup_changed("no provider page could be read")
        if self.urns and not self.provider_pages and not self.markup_errors and stats.errors:
            stats.fail(f"every provider page failed ({stats.errors} errors)")
        if self.listing_total is not None and self.urns and \
                self.listing_total != len(self.urns) and stats.fatal is None:
            self.warnings.append(f"listing says {self.listing_total} results, "
                                 f"found {len(self.urns)} providers")
        for warning in self.warnings:
            log.warning("%s", warning)
        for urn in sorted(self.unknown_urns):
            self.warnings.append(f"URN {urn} ({self.urns.get(urn, '?')}) not in the registry")
        return stats.line({"providers": len(self.urns), "listing_total": self.listing_total,
                           "unknown_urns": sorted(self.unknown_urns),
                           "warnings": self.warnings})


def _parse_pdf(body: bytes, url: str) -> tuple[dict[str, Any] | None, str | None]:
    from scrapers.reports import ReportError, parse_report

    try:
        data = parse_report(body).to_json(url)
    except ReportError as exc:
        return None, f"unreadable report: {exc}"
    except Exception as exc:  # the parser must never take the crawl down
        log.exception("report parser crashed on %s", url)
        return None, f"report parser failed: {type(exc).__name__}: {exc}"
    data.pop("source", None)
    return data, None
