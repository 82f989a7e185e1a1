"""The crawl child (`python -m scrapers.crawl`): usage, settings and failing sources."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from scrapers.crawl import SpiderJob, _close_unreported, crawl_settings, select_jobs
from scrapers.sample_site import SampleSite
from scrapers.spiders.ofsted import OfstedSpider
from store.config import parse_config
from tests.ofsted_fixture import OfstedFixture, run_child, standard_site, write_config


def read_feed(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def source_line(path: Path) -> dict[str, Any]:
    (line,) = [i for i in read_feed(path) if i["type"] == "source"]
    return line


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- settings -------------------------------------------------------------------------
def test_settings_follow_the_config_and_stay_polite(tmp_path: Path) -> None:
    config = parse_config({"crawl": {"delay_seconds": 1.5, "max_page_bytes": 1000,
                                     "user_agent": "bot/1 (+https://example.org)"}})
    s = crawl_settings(config, tmp_path / "store", tmp_path / "feed.jsonl")
    assert s["USER_AGENT"] == "bot/1 (+https://example.org)"
    assert s["DOWNLOAD_DELAY"] == 1.5 and s["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert s["AUTOTHROTTLE_ENABLED"] is True and s["AUTOTHROTTLE_START_DELAY"] == 1.5
    assert s["ROBOTSTXT_OBEY"] is True
    assert s["RETRY_TIMES"] == 3 and s["RETRY_BACKOFF_BASE"] == 5.0
    assert 403 not in s["RETRY_HTTP_CODES"] and 429 not in s["RETRY_HTTP_CODES"]
    assert s["DOWNLOAD_MAXSIZE"] == 1000 and s["PDF_MAXSIZE"] > 1000
    assert s["DOWNLOAD_TIMEOUT"] == 10 and s["PDF_TIMEOUT"] == 30
    assert s["TELNETCONSOLE_ENABLED"] is False
    assert s["EXTENSIONS"]["scrapy.extensions.telnet.TelnetConsole"] is None
    assert s["HTTPCACHE_ENABLED"] is True
    assert s["HTTPCACHE_POLICY"].endswith("RFC2616Policy")
    assert s["HTTPCACHE_DIR"] == str((tmp_path / "store" / "httpcache").resolve())
    assert s["DEFAULT_REQUEST_HEADERS"]["Cache-Control"] == "max-age=0"
    assert s["OFSTED_ALERTS_FEED"] == str((tmp_path / "feed.jsonl").resolve())


def test_a_zero_delay_turns_off_autothrottle_and_backoff(tmp_path: Path) -> None:
    s = crawl_settings(parse_config({"crawl": {"delay_seconds": 0}}), tmp_path, None)
    assert s["DOWNLOAD_DELAY"] == 0 and s["AUTOTHROTTLE_ENABLED"] is False
    assert s["RETRY_BACKOFF_BASE"] == 0


def test_settings_are_fresh_copies(tmp_path: Path) -> None:
    config = parse_config({})
    crawl_settings(config, tmp_path, None)["EXTENSIONS"]["x"] = 1
    assert "x" not in crawl_settings(config, tmp_path, None)["EXTENSIONS"]


def test_sources_are_selected_by_name() -> None:
    config = parse_config({})
    assert [j.name for j in select_jobs(config, "ofsted")] == ["ofsted"]
    assert select_jobs(config, None)[0].spider is OfstedSpider
    with pytest.raises(ValueError, match="unknown or disabled source 'nope'"):
        select_jobs(config, "nope")
    with pytest.raises(ValueError, match="ofsted"):
        select_jobs(parse_config({"ofsted": {"enabled": False}}), "ofsted")


def test_a_source_that_never_reported_gets_a_failed_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"type":"source","name":"a","ok":true}\n', encoding="utf-8")
    jobs = [SpiderJob("a", "rss", "http://a", OfstedSpider),
            SpiderJob("b", "rss", "http://b", OfstedSpider)]
    _close_unreported(feed, jobs, {"b": "could not start: boom"}, "2026-01-01T00:00:00+00:00")
    lines = read_feed(feed)
    assert len(lines) == 2
    assert lines[1]["name"] == "b" and lines[1]["ok"] is False
    assert lines[1]["error"] == "could not start: boom"


# -- usage ----------------------------------------------------------------------------
def test_a_bad_config_exits_2_naming_the_problem(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[crawl]\ndelay = 1\n", encoding="utf-8")
    result = run_child(config, tmp_path / "feed.jsonl")
    assert result.returncode == 2
    assert "unknown key 'delay'" in result.stderr


def test_an_unknown_source_exits_2(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", "http://127.0.0.1:9", tmp_path / "store")
    result = run_child(config, tmp_path / "feed.jsonl", "--source", "nope")
    assert result.returncode == 2 and "unknown or disabled source 'nope'" in result.stderr


def test_a_bad_since_date_exits_2(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", "http://127.0.0.1:9", tmp_path / "store")
    result = run_child(config, tmp_path / "feed.jsonl", "--since", "last tuesday")
    assert result.returncode == 2 and "not a date" in result.stderr


# -- failing sources: exit 0, with a failed source line ---------------------------------
def test_an_unreachable_site_is_a_failed_source_not_a_failed_run(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", f"http://127.0.0.1:{free_port()}",
                          tmp_path / "store")
    result = run_child(config, tmp_path / "feed.jsonl")
    assert result.returncode == 0, result.stderr[-2000:]
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is False and "listing page failed" in line["error"]


def test_a_listing_server_error_is_retried_then_fails_the_source(tmp_path: Path) -> None:
    with SampleSite() as site:
        site.set("/search", "<html>oops</html>", status=500)
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        result = run_child(config, tmp_path / "feed.jsonl")
        assert result.returncode == 0
        assert site.hits["/search" + "?" + _listing_query(0)] == 4  # 1 + RETRY_TIMES
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is False and "HTTP 500" in line["error"]


def _listing_query(start: int) -> str:
    return ("q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
            f"&start={start}&rows=2")


def test_a_listing_without_provider_links_says_the_markup_changed(tmp_path: Path) -> None:
    with SampleSite() as site:
        site.set("/search", "<html><body><a href='/inspection-reports/44/80555'>Somerset</a>"
                            "</body></html>")
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        assert run_child(config, tmp_path / "feed.jsonl").returncode == 0
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is False
    assert "markup changed? no provider links on listing page" in line["error"]


def test_provider_pages_without_publication_links_say_the_markup_changed(
        tmp_path: Path) -> None:
    with SampleSite() as site:
        fx = OfstedFixture(site)
        for urn in ("80555", "80528", "80449"):
            fx.add(urn, f"Council {urn}")
            site.set(fx.provider_path(urn),
                     f"<a class='report' href='{site.url}/v1/file/5{urn}'>Report</a>")
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        assert run_child(config, tmp_path / "feed.jsonl").returncode == 0
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is False and "markup changed" in line["error"]
    assert line["errors"] == 3


def test_a_403_stops_the_crawl_without_retrying(tmp_path: Path) -> None:
    with SampleSite() as site:
        fx = standard_site(site)
        site.set(fx.provider_path("80555"), "Forbidden", status=403)
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        assert run_child(config, tmp_path / "feed.jsonl").returncode == 0
        assert site.hits[fx.provider_path("80555")] == 1
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is False and line["error"].startswith("blocked: HTTP 403")


def test_a_429_on_the_listing_stops_the_crawl(tmp_path: Path) -> None:
    with SampleSite() as site:
        site.set("/search", "slow down", status=429)
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        assert run_child(config, tmp_path / "feed.jsonl").returncode == 0
        assert site.hits["/search?" + _listing_query(0)] == 1
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is False and "HTTP 429" in line["error"]


def test_a_failing_provider_page_is_retried_and_counted_but_the_source_is_ok(
        tmp_path: Path) -> None:
    with SampleSite() as site:
        fx = standard_site(site)
        site.set(fx.provider_path("80449"), "down", status=503)
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        assert run_child(config, tmp_path / "feed.jsonl").returncode == 0
        assert site.hits[fx.provider_path("80449")] == 4
    items = read_feed(tmp_path / "feed.jsonl")
    line = source_line(tmp_path / "feed.jsonl")
    assert line["ok"] is True and line["errors"] == 1 and "HTTP 503" in line["error"]
    failed = [i for i in items if i["type"] == "document" and i["status"] == "error"]
    assert [d["url"] for d in failed] == [site.url + fx.provider_path("80449")]
    assert "50300001" not in {i.get("file_id") for i in items}


def test_a_server_error_after_a_good_crawl_falls_back_to_the_cached_page(
        tmp_path: Path) -> None:
    with SampleSite() as site:
        fx = standard_site(site)
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        assert run_child(config, tmp_path / "first.jsonl").returncode == 0
        site.set(fx.provider_path("80449"), "down", status=503)
        assert run_child(config, tmp_path / "second.jsonl").returncode == 0
    pages = {i["url"]: i for i in read_feed(tmp_path / "second.jsonl")
             if i["type"] == "document" and i["kind"] == "page"}
    page = pages[site.url + fx.provider_path("80449")]
    assert page["status"] == "error" and page["error"] == "HTTP 503; used the cached copy"
    assert pages[site.url + fx.provider_path("80555")]["status"] == "not_modified"


def test_since_limits_downloads_to_recent_publications(tmp_path: Path) -> None:
    with SampleSite() as site:
        standard_site(site)
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store")
        result = run_child(config, tmp_path / "feed.jsonl", "--source", "ofsted",
                           "--since", "2024-01-01", "--progress")
        assert result.returncode == 0
        files = sorted(p.rsplit("/", 1)[1] for p in site.hits if p.startswith("/v1/file/"))
    items = read_feed(tmp_path / "feed.jsonl")
    reports = {i["file_id"] for i in items if i["type"] == "report"}
    assert reports == {"50304387", "50300001", "90000001", "90000011"}
    assert files == sorted(reports)
    progress = [i for i in items if i["type"] == "progress"]
    assert progress and all(0 < p["done"] <= p["total"] for p in progress)


def test_progress_lines_are_off_unless_asked_for(tmp_path: Path) -> None:
    assert crawl_settings(parse_config({}), tmp_path, None)["OFSTED_ALERTS_PROGRESS"] is False


def test_one_failing_source_never_stops_the_others(tmp_path: Path) -> None:
    with SampleSite() as site:
        standard_site(site)
        site.set("/news/feed.xml", "<rss/>", content_type="application/rss+xml")
        news = "".join(
            f'\n[[news]]\nname = "{name}"\nurl = "{site.url}/news/feed.xml"\nkind = "rss"\n'
            for name in ("broken-init", "broken-parse"))
        config = write_config(tmp_path / "config.toml", site.url, tmp_path / "store",
                              extra=news)
        result = run_child(config, tmp_path / "feed.jsonl",
                           env={"OFSTED_ALERTS_NEWS_REGISTRY": "tests.ofsted_fixture"})
        assert result.returncode == 0, result.stderr[-2000:]
    sources = {i["name"]: i for i in read_feed(tmp_path / "feed.jsonl") if i["type"] == "source"}
    assert sources["ofsted"]["ok"] is True and sources["ofsted"]["items"] == 10
    assert sources["broken-init"]["ok"] is False
    assert "spider constructor failed" in sources["broken-init"]["error"]
    assert sources["broken-parse"]["ok"] is False
    assert sources["broken-parse"]["kind"] == "rss"


def test_retry_backoff_doubles_up_to_a_cap() -> None:
    from scrapers.extensions import backoff_delay

    assert [backoff_delay(n, 5.0, 60.0, jitter=1.0) for n in (1, 2, 3, 5)] == [5, 10, 20, 60]
    assert backoff_delay(2, 0.0, 60.0) == 0.0
    assert 2.5 <= backoff_delay(1, 5.0, 60.0) <= 7.5
