"""Ingest a crawl feed into the store: the single writer's half of a crawl.

The crawl child writes JSON Lines (see ``scrapers.crawl``); this applies
them in batches: seen documents, source health, reports as confirmed events,
articles through the matcher as news-only events, then the alerts those
imply.  A bad line is counted and skipped; it never stops the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from alerts.events import Outcome, merge_news, merge_report
from alerts.health import record_source
from store.db import Store
from store.records import Document

log = logging.getLogger(__name__)

BATCH = 200  # lines per transaction: bounded loss on a crash, linear cost
# Results published longer ago than this are history even in a live crawl:
# a first run, or a source added late, must not flood subscribers with old news.
LIVE_WINDOW_DAYS = 45


@dataclass
class IngestSummary:
    lines: int = 0
    reports: int = 0
    articles: int = 0
    unchanged: int = 0
    events_created: int = 0
    events_confirmed: int = 0
    alerts: int = 0
    errors: list[str] = field(default_factory=list)
    sources: dict[str, bool] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> None:
        self.events_created += outcome.created
        self.events_confirmed += outcome.confirmed
        self.alerts += len(outcome.alerts)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "errors"} | {
            "errors": len(self.errors)}


def read_feed(path: Path, summary: IngestSummary) -> Iterator[dict[str, Any]]:
    """The feed's objects; malformed lines are recorded as errors and skipped."""
    if not path.exists():
        return
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                summary.errors.append(f"{path.name}:{number}: not JSON (truncated write?)")
                continue
            if isinstance(item, dict) and isinstance(item.get("type"), str):
                yield item
            else:
                summary.errors.append(f"{path.name}:{number}: not a feed item")


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_feed(store: Store, feed: Path, *, now: datetime, history: bool = False,
                classify: Callable[..., Any] | None = None,
                admins: tuple[int, ...] = (), failure_threshold: int = 3,
                stale_factor: float = 4.0) -> IngestSummary:
    """Apply every line of ``feed``; ``history`` loads silently (backfill)."""
    if classify is None:
        from alerts.matcher import classify as matcher_classify

        classify = matcher_classify
    summary = IngestSummary()
    for batch in _batches(read_feed(feed, summary), BATCH):
        with store.transaction():
            for item in batch:
                summary.lines += 1
                try:
                    _apply(store, item, now=now, history=history, classify=classify,
                           summary=summary, admins=admins,
                           failure_threshold=failure_threshold, stale_factor=stale_factor)
                except Exception as exc:  # one bad item never stops the others
                    log.exception("could not ingest %s item %s", item.get("type"),
                                  item.get("url") or item.get("name"))
                    summary.errors.append(f"{item.get('type')} {item.get('url', '')}: {exc}")
    return summary


def _is_history(published: str | None, now: datetime, history: bool) -> bool:
    if history:
        return True
    if not published:
        return False
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return False
    return day < (now.date() - timedelta(days=LIVE_WINDOW_DAYS))


def _touch_document(store: Store, item: dict[str, Any], kind: str, **extra: Any) -> Document:
    url = item["url"]
    now = store.now()
    doc = store.documents.get(url) or Document(url=url, first_seen=now)
    doc.source = item.get("source", doc.source)
    doc.kind = kind
    doc.last_seen = now
    for key in ("etag", "last_modified", "content_hash"):
        if item.get(key):
            setattr(doc, key, item[key])
    doc.status = item.get("status") or ("error" if item.get("error") else "ok")
    if doc.status == "not_modified":
        doc.status = "ok"
    doc.error = item.get("error")
    for key, value in extra.items():
        setattr(doc, key, value)
    store.documents.put(doc)
    return doc


def _apply(store: Store, item: dict[str, Any], *, now: datetime, history: bool,
           classify: Callable[..., Any], summary: IngestSummary, admins: tuple[int, ...],
           failure_threshold: int, stale_factor: float) -> None:
    kind = item["type"]
    if kind == "document":
        _touch_document(store, item, item.get("kind") or "page")
    elif kind == "source":
        summary.sources[item.get("name", "?")] = bool(item.get("ok"))
        record_source(store, item, now=now, admins=admins,
                      failure_threshold=failure_threshold, stale_factor=stale_factor)
    elif kind == "report":
        summary.reports += 1
        _apply_report(store, item, history=_is_history(item.get("published"), now, history),
                      summary=summary)
    elif kind == "article":
        summary.articles += 1
        _apply_article(store, item, now=now, history=history, classify=classify,
                       summary=summary)
    elif kind == "progress":
        return  # for the progress display only
    else:
        summary.errors.append(f"unknown feed item type {kind!r}")


def _apply_report(store: Store, item: dict[str, Any], *, history: bool,
                  summary: IngestSummary) -> None:
    report = item.get("report")
    status = item.get("status") or ("ok" if report else "error")
    file_id = str(item.get("file_id") or item["url"])
    if not report or not report.get("council"):
        council = item.get("council")
        if not council or status == "not_pdf":
            _touch_document(store, item, "report", status=status)
            return
        # A new publication we could not read: still news, without grades.
        report = {"council": council, "council_code": item.get("council_code"),
                  "inspection": _category_kind(item.get("category")), "judgements": {}}
    outcome = merge_report(store, report=report, file_id=file_id, url=item["url"],
                           published=item.get("published"), title=item.get("title"),
                           history=history)
    summary.count(outcome)
    _touch_document(store, item, "report", status=status, event_ids=[outcome.event.event_id])


def _category_kind(category: str | None) -> str:
    known = {"focused_visit", "monitoring_visit", "jtai", "send"}
    return category if category in known else "other"


def _apply_article(store: Store, item: dict[str, Any], *, now: datetime, history: bool,
                   classify: Callable[..., Any], summary: IngestSummary) -> None:
    url = item["url"]
    old = store.documents.get(url)
    if old and old.content_hash and old.content_hash == item.get("content_hash"):
        summary.unchanged += 1
        _touch_document(store, item, "article")
        return
    published = _date_or_none(item.get("published"))
    verdict = classify(item.get("body") or "", url=url, published=published, now=now)
    day = (verdict.published.isoformat() if verdict.published
           else (published.isoformat() if published else now.date().isoformat()))
    is_history = _is_history(day, now, history)
    event_ids: list[str] = []
    if verdict.alert:
        by_council: dict[str, list[Any]] = {}
        for event in verdict.events:
            by_council.setdefault(event.council, []).append(event)
        for council, found in by_council.items():
            grades = {e.judgement: e.grade for e in found if e.judgement and e.grade}
            stated = {e.judgement: e.previous_grade for e in found
                      if e.judgement and e.previous_grade}
            outcome = merge_news(
                store, council=council, council_code=found[0].council_code,
                inspection=found[0].inspection or "other", grades=grades,
                stated_previous=stated, evidence=[e.evidence for e in found if e.evidence],
                url=url, source=item.get("source", ""), published=day, history=is_history)
            summary.count(outcome)
            event_ids.append(outcome.event.event_id)
    _touch_document(store, item, "article", verdict=_verdict_summary(verdict),
                    event_ids=event_ids)


def _verdict_summary(verdict: Any) -> dict[str, Any]:
    """What the operator needs to see why a page did or did not alert."""
    return {
        "alert": verdict.alert, "kind": verdict.kind,
        "principal_council": verdict.principal_council, "error": verdict.error,
        "title": verdict.title,
        "events": [{"council": e.council, "judgement": e.judgement, "grade": e.grade,
                    "evidence": e.evidence} for e in verdict.events],
    }


def _date_or_none(text: Any) -> date | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
