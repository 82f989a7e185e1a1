"""Ingesting a crawl feed: one event per inspection, alerts queued once, history silent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from alerts.ingest import ingest_feed
from store.db import Store
from store.records import Subscription

NOW = datetime(2026, 6, 20, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeEvent:
    council: str
    council_code: str
    inspection: str
    judgement: str | None
    grade: str | None
    previous_grade: str | None = None
    evidence: str = "quoted sentence"


@dataclass(frozen=True)
class FakeVerdict:
    alert: bool
    events: tuple[FakeEvent, ...] = ()
    published: date | None = None
    kind: str = "new_result"
    principal_council: str | None = None
    error: str | None = None
    title: str | None = None


@dataclass
class FakeMatcher:
    """Stands in for alerts.matcher.classify: the body names a scripted verdict."""

    verdicts: dict[str, FakeVerdict] = field(default_factory=dict)

    def __call__(self, body: Any, url: str | None = None, published: date | None = None,
                 *, now: datetime) -> FakeVerdict:
        return self.verdicts.get(body, FakeVerdict(alert=False, kind="negative"))


def somerset(judgement: str, grade: str, previous: str | None = None) -> FakeEvent:
    return FakeEvent("Somerset", "E06000066", "ilacs", judgement, grade, previous)


def write_feed(path: Path, *items: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items))
    return path


def report_item(file_id: str, published: str, judgements: dict[str, str],
                council: str = "Somerset") -> dict[str, Any]:
    return {"type": "report", "source": "ofsted", "urn": "80555", "council": council,
            "council_code": "E06000066", "file_id": file_id,
            "url": f"https://files.example/v1/file/{file_id}", "title": "Children's services "
            "inspection", "published": published, "category": "inspection",
            "content_hash": file_id,
            "report": {"council": council, "council_code": "E06000066", "inspection": "ilacs",
                       "inspection_start": "2026-04-27", "inspection_end": "2026-05-01",
                       "judgements": judgements}}


def article_item(url: str, body: str, published: str = "2026-06-18") -> dict[str, Any]:
    return {"type": "article", "source": "somerset-live", "url": url, "title": "t",
            "published": published, "body": body, "content_hash": body}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "data", clock=lambda: NOW)
    s.subscriptions.put(Subscription(chat_id=1, councils=["Somerset"]))
    s.subscriptions.put(Subscription(chat_id=2, councils=["North Somerset"]))
    return s


def deliveries(store: Store) -> list[tuple[str, int]]:
    return sorted((d.alert_id, d.chat_id) for d in store.deliveries.all())


def test_a_new_report_queues_one_alert_for_its_subscribers_only(store: Store,
                                                                tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "f.jsonl", report_item("1", "2026-06-17", {"leaders": "good"}))
    summary = ingest_feed(store, feed, now=NOW, classify=FakeMatcher())
    assert summary.events_created == 1
    assert deliveries(store) == [("report:1:new", 1)]


def test_ingesting_the_same_report_twice_queues_nothing_more(store: Store,
                                                             tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "f.jsonl", report_item("1", "2026-06-17", {"leaders": "good"}))
    ingest_feed(store, feed, now=NOW, classify=FakeMatcher())
    ingest_feed(store, feed, now=NOW, classify=FakeMatcher())
    assert len(store.deliveries) == 1
    assert len(store.events) == 1


def test_history_is_stored_but_never_alerted(store: Store, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "f.jsonl", report_item("1", "2026-06-17", {"leaders": "good"}))
    ingest_feed(store, feed, now=NOW, history=True, classify=FakeMatcher())
    assert len(store.events) == 1
    assert store.events.all()[0].history
    assert len(store.deliveries) == 0


def test_an_old_publication_found_by_a_live_crawl_is_history(store: Store,
                                                             tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "f.jsonl", report_item("1", "2022-01-10", {"overall": "good"}))
    ingest_feed(store, feed, now=NOW, classify=FakeMatcher())
    assert len(store.deliveries) == 0


def test_the_change_is_computed_against_the_previous_report(store: Store,
                                                            tmp_path: Path) -> None:
    old = report_item("1", "2022-03-01", {"overall": "inadequate", "leaders": "good"})
    ingest_feed(store, write_feed(tmp_path / "a.jsonl", old), now=NOW, history=True,
                classify=FakeMatcher())
    new = report_item("2", "2026-06-17", {"leaders": "requires_improvement",
                                          "care_leavers": "good"})
    ingest_feed(store, write_feed(tmp_path / "b.jsonl", new), now=NOW, classify=FakeMatcher())
    event = store.events.get("report:2")
    assert event is not None
    assert event.previous == {"leaders": "good"}
    assert event.changes == {"leaders": "declined", "care_leavers": "first"}
    assert "overall" not in event.judgements


def test_news_then_report_is_one_event_confirmed_without_a_second_alert(
        store: Store, tmp_path: Path) -> None:
    matcher = FakeMatcher({"story": FakeVerdict(True, (somerset("leaders", "good"),))})
    ingest_feed(store, write_feed(tmp_path / "a.jsonl",
                                  article_item("https://news.example/a", "story")),
                now=NOW, classify=matcher)
    assert deliveries(store) == [("news:somerset:ilacs:2026-06-18:new", 1)]
    ingest_feed(store, write_feed(tmp_path / "b.jsonl",
                                  report_item("9", "2026-06-17", {"leaders": "good"})),
                now=NOW, classify=matcher)
    assert len(store.events) == 1
    event = store.events.all()[0]
    assert event.confirmed and event.report_id == "9" and not event.corrections
    kinds = sorted(a.kind for a in store.alerts.all())
    assert kinds == ["confirmed", "new"]


def test_a_grade_the_paper_got_wrong_becomes_a_correction(store: Store,
                                                          tmp_path: Path) -> None:
    matcher = FakeMatcher({"story": FakeVerdict(True, (somerset("leaders", "inadequate"),))})
    ingest_feed(store, write_feed(tmp_path / "a.jsonl",
                                  article_item("https://news.example/a", "story")),
                now=NOW, classify=matcher)
    ingest_feed(store, write_feed(tmp_path / "b.jsonl",
                                  report_item("9", "2026-06-17", {"leaders": "good"})),
                now=NOW, classify=matcher)
    event = store.events.all()[0]
    assert event.judgements == {"leaders": "good"}
    assert event.corrections == [{"judgement": "leaders", "news": "inadequate",
                                  "report": "good"}]
    correction = [a for a in store.alerts.all() if a.kind == "correction"]
    assert len(correction) == 1
    told = [d.chat_id for d in store.deliveries.all() if d.alert_id == correction[0].alert_id]
    assert told == [1]


def test_two_articles_about_one_result_make_one_alert(store: Store, tmp_path: Path) -> None:
    matcher = FakeMatcher({"one": FakeVerdict(True, (somerset("leaders", "good"),)),
                           "two": FakeVerdict(True, (somerset("leaders", "good"),))})
    feed = write_feed(tmp_path / "a.jsonl", article_item("https://a.example/1", "one"),
                      article_item("https://b.example/2", "two", published="2026-06-19"))
    ingest_feed(store, feed, now=NOW, classify=matcher)
    assert len(store.events) == 1
    assert len(store.events.all()[0].news) == 2
    assert len(store.deliveries) == 1


def test_a_page_that_does_not_alert_keeps_its_verdict_for_the_operator(
        store: Store, tmp_path: Path) -> None:
    feed = write_feed(tmp_path / "a.jsonl", article_item("https://a.example/x", "school"))
    ingest_feed(store, feed, now=NOW, classify=FakeMatcher())
    doc = store.documents.get("https://a.example/x")
    assert doc is not None and doc.verdict["alert"] is False
    assert doc.verdict["kind"] == "negative"
    assert len(store.events) == 0


def test_an_unchanged_article_is_not_matched_again(store: Store, tmp_path: Path) -> None:
    calls: list[str] = []

    def counting(body: Any, **kw: Any) -> FakeVerdict:
        calls.append(body)
        return FakeVerdict(False)

    feed = write_feed(tmp_path / "a.jsonl", article_item("https://a.example/x", "same"))
    ingest_feed(store, feed, now=NOW, classify=counting)
    summary = ingest_feed(store, feed, now=NOW, classify=counting)
    assert calls == ["same"]
    assert summary.unchanged == 1


def test_bad_lines_are_counted_and_the_rest_still_ingested(store: Store,
                                                           tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text("{not json\n" + json.dumps(report_item("1", "2026-06-17", {})) + "\n"
                    + json.dumps({"no": "type"}) + "\n" + '{"type": "report"}\n')
    summary = ingest_feed(store, feed, now=NOW, classify=FakeMatcher())
    assert len(summary.errors) == 3
    assert store.events.get("report:1") is not None


def test_a_failing_source_raises_one_notice_not_one_per_crawl(store: Store,
                                                              tmp_path: Path) -> None:
    failing = {"type": "source", "name": "paper", "kind": "rss", "ok": False,
               "error": "HTTP 500"}
    for _ in range(5):
        ingest_feed(store, write_feed(tmp_path / "f.jsonl", failing), now=NOW,
                    classify=FakeMatcher(), admins=(42,), failure_threshold=3)
    health = store.sources.get("paper")
    assert health is not None and health.consecutive_failures == 5
    notices = [a for a in store.alerts.all() if a.kind == "notice"]
    assert len(notices) == 1
    assert [d.chat_id for d in store.deliveries.all()] == [42]
