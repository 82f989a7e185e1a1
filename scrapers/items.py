"""The crawl feed's items: plain dicts with a ``type`` key, built here.

Spiders yield these dicts; ``scrapers.pipelines.FeedPipeline`` writes each as
one JSON line; the parent process ingests them (DESIGN.md, "Crawl feed").
Builders keep the field names in one place so the Ofsted and news spiders
cannot drift apart.  ``SourceStats`` is what a spider counts as it goes; the
pipeline turns it into the spider's one ``source`` line when the spider closes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

FeedItem = dict[str, Any]

DOCUMENT_STATUSES = ("ok", "not_modified", "error", "not_pdf", "filtered")
CATEGORIES = ("inspection", "focused_visit", "monitoring_visit", "jtai", "send", "other")


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def header(headers: Any, name: str) -> str | None:
    """A response header as text, or None (Scrapy headers hold bytes)."""
    raw = headers.get(name) if headers is not None else None
    if raw is None:
        return None
    return raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)


def document_item(*, source: str, url: str, kind: str, status: str,
                  etag: str | None = None, last_modified: str | None = None,
                  content_hash: str | None = None, error: str | None = None) -> FeedItem:
    """A URL the crawl looked at: ``status`` ok | not_modified | error | not_pdf | filtered."""
    if status not in DOCUMENT_STATUSES:
        raise ValueError(f"unknown document status {status!r}")
    return {"type": "document", "source": source, "url": url, "kind": kind,
            "etag": etag, "last_modified": last_modified, "content_hash": content_hash,
            "status": status, "error": error}


def report_item(*, source: str, urn: str, council: str | None, council_code: str | None,
                file_id: str, url: str, title: str, published: str | None, category: str,
                report: dict[str, Any] | None, error: str | None, status: str,
                etag: str | None = None, last_modified: str | None = None,
                content_hash: str | None = None) -> FeedItem:
    """One new Ofsted publication; ``report`` is the parsed PDF (or None with ``error``)."""
    return {"type": "report", "source": source, "urn": urn, "council": council,
            "council_code": council_code, "file_id": file_id, "url": url, "title": title,
            "published": published, "category": category, "report": report,
            "error": error, "status": status, "etag": etag, "last_modified": last_modified,
            "content_hash": content_hash}


def article_item(*, source: str, url: str, title: str | None, published: str | None,
                 summary: str | None, body: str, etag: str | None = None,
                 last_modified: str | None = None, content_hash: str | None = None,
                 changed: bool = False) -> FeedItem:
    """One news page worth classifying (for the news spiders)."""
    return {"type": "article", "source": source, "url": url, "title": title,
            "published": published, "summary": summary, "body": body, "etag": etag,
            "last_modified": last_modified, "content_hash": content_hash,
            "changed": changed}


@dataclass
class SourceStats:
    """One source's crawl, counted as it goes; ``line()`` is its ``source`` feed line.

    ``fail(msg)`` marks the whole source failed (e.g. the listing is gone or
    the site blocked us); ``error(msg)`` counts a per-request failure, which
    alone does not fail the source.
    """

    name: str
    kind: str
    url: str
    started: str = field(default_factory=utc_now)
    items: int = 0  # new reports / articles emitted
    fetched: int = 0  # responses with a body
    not_modified: int = 0  # 304 revalidations
    errors: int = 0  # per-request failures
    fatal: str | None = None
    error_samples: list[str] = field(default_factory=list)
    written: bool = False

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(message)

    def fail(self, message: str) -> None:
        if self.fatal is None:
            self.fatal = message

    def line(self, extra: dict[str, Any] | None = None) -> FeedItem:
        error = self.fatal
        if error is None and self.errors:
            error = f"{self.errors} request(s) failed, e.g. {self.error_samples[0]}"
        return {"type": "source", "name": self.name, "kind": self.kind, "url": self.url,
                "ok": self.fatal is None, "error": error, "items": self.items,
                "fetched": self.fetched, "not_modified": self.not_modified,
                "errors": self.errors, "started": self.started, "finished": utc_now(),
                **(extra or {})}
