"""Backfill progress: count, rate and ETA from the crawl feed as it grows."""

from __future__ import annotations

import io
import json
from pathlib import Path

from alerts.progress import FeedProgress


def test_progress_counts_items_and_estimates_time_left(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [{"type": "report"}, {"type": "article"}, {"type": "document"},
             {"type": "progress", "done": 50, "total": 200}]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines) + '{"type": "repo')
    out = io.StringIO()
    progress = FeedProgress(stream=out, every=0)
    progress(feed)
    text = out.getvalue()
    assert "2 items" in text
    assert "50/200 pages" in text
    assert "ETA" in text
    assert text.endswith("\n")  # not a terminal: plain lines, no carriage returns


def test_progress_without_totals_shows_count_and_rate_only(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"type": "report"}) + "\n")
    out = io.StringIO()
    FeedProgress(stream=out, every=0)(feed)
    assert "1 item," in out.getvalue() and "ETA" not in out.getvalue()
