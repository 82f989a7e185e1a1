"""The crawl runner: a hung child is killed and recorded; a left-behind feed is not lost."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

from alerts.crawls import feeds_dir, recover_feeds, run_crawl
from scrapers.sample_site import SampleSite
from store.config import load_config
from store.db import Store


def write_config(tmp_path: Path, site_url: str, timeout_minutes: float) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[store]\npath = "{tmp_path / "data"}"\n'
        f'[ofsted]\nbase_url = "{site_url}"\nfiles_url = "{site_url}"\n'
        f"[crawl]\ndelay_seconds = 0\ntimeout_minutes = {timeout_minutes}\n")
    return config


def test_a_hung_crawl_is_killed_after_the_timeout_and_recorded(tmp_path: Path) -> None:
    with SampleSite() as site:
        site.set("/search", "<html></html>", delay=30)  # the listing never answers in time
        config = load_config(write_config(tmp_path, site.url, timeout_minutes=0.05))
        with Store(config.store_path) as store:
            began = time.monotonic()
            result = run_crawl(store, config)
            took = time.monotonic() - began
            assert result.run.status == "timeout"
            assert took < 20
            assert store.runs.get(result.run.run_id) is not None
            assert store.meta("last_crawl")["status"] == "timeout"


def test_a_feed_left_by_an_interrupted_run_is_ingested_next_time(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, "http://127.0.0.1:9", timeout_minutes=1))
    with Store(config.store_path, clock=lambda: datetime(2026, 6, 20, tzinfo=UTC)) as store:
        leftover = feeds_dir(store) / "20260620T080000000000-history.jsonl"
        leftover.write_text(json.dumps({
            "type": "report", "source": "ofsted", "file_id": "7", "council": "Somerset",
            "url": "https://files.example/v1/file/7", "published": "2026-06-17",
            "report": {"council": "Somerset", "council_code": "E06000066",
                       "inspection": "ilacs", "judgements": {"leaders": "good"}}}) + "\n")
        results = recover_feeds(store, config)
        assert len(results) == 1
        event = store.events.get("report:7")
        assert event is not None and event.history  # a backfill's feed stays silent
        assert not list(feeds_dir(store).glob("*.jsonl"))


def test_a_report_site_that_goes_down_is_a_failing_source_despite_the_cache(
        tmp_path: Path) -> None:
    from datetime import date

    from scrapers.demo_site import OfstedLikeSite, bundled_report

    site = SampleSite().start()
    ofsted = OfstedLikeSite(site)
    ofsted.add_provider("80555", "Somerset Council")
    ofsted.publish("80555", "50000101", "Children's services inspection", date(2018, 1, 29),
                   bundled_report("somerset-2018-01-29.pdf"))
    config = load_config(write_config(tmp_path, site.url, timeout_minutes=1))
    with Store(config.store_path) as store:
        first = run_crawl(store, config, history=True)
        assert first.summary.sources == {"ofsted": True}
        site.stop()  # the site goes away; Scrapy's cache still holds its pages
        second = run_crawl(store, config)
        assert second.summary.sources == {"ofsted": False}
        assert second.run.status == "partial"
        health = store.sources.get("ofsted")
        assert health is not None and health.consecutive_failures == 1
        assert "listing" in (health.last_error or "")
