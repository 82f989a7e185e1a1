"""The news spiders end to end: the real crawl child against loopback news sites.

Each crawl is ``python -m scrapers.crawl`` in a subprocess (the reactor cannot
restart), and between crawls the feed is ingested into the store as the
parent would, so "known" means what it means in production.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scrapers.sample_site import SampleSite
from tests.news_fixture import (
    BILLION_LAUGHS,
    NewsSite,
    Source,
    ingest,
    run_crawl,
    story,
    write_config,
    xxe_feed,
)

INSPECTION_SLUGS = {"somerset-childrens-services-good", "bradford-ofsted-verdict",
                    "kent-social-care", "council-news-12"}

# kind, path, what the source lists, the slugs it should emit on a first crawl
KINDS = [
    ("rss", "/rss.xml", INSPECTION_SLUGS),
    ("atom", "/atom.xml", INSPECTION_SLUGS),
    ("sitemap", "/sitemap-news.xml", INSPECTION_SLUGS - {"council-news-12"}),
    ("sitemap", "/sitemap-index.xml", INSPECTION_SLUGS - {"council-news-12"}),
    # a plain sitemap has no titles: the URL words decide
    ("sitemap", "/sitemap-pages.xml", INSPECTION_SLUGS - {"council-news-12"}),
    ("listing", "/press", INSPECTION_SLUGS - {"council-news-12"}),
]
KIND_IDS = ["rss", "atom", "news-sitemap", "sitemap-index", "plain-sitemap", "listing"]


def of(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [i for i in items if i["type"] == kind]


def sources(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in of(items, "source")}


def slugs(items: list[dict[str, Any]]) -> set[str]:
    return {a["url"].rsplit("/", 1)[1] for a in of(items, "article")}


@pytest.mark.parametrize(("kind", "path", "expected"), KINDS, ids=KIND_IDS)
def test_a_source_is_crawled_cheaply_and_edits_are_noticed(
        tmp_path: Path, kind: str, path: str, expected: set[str]) -> None:
    store = tmp_path / "store"
    with SampleSite() as site:
        news = NewsSite(site).standard()
        config = write_config(tmp_path / "config.toml", store,
                              [Source("local", site.url + path, kind)])

        # 1. First crawl: the inspection stories are emitted, the rest filtered, all cheaply.
        first = run_crawl(config, tmp_path / "first.jsonl")
        assert slugs(first) == expected
        line = sources(first)["local"]
        assert line["ok"] is True and line["items"] == len(expected), line
        filtered = {d["url"].rsplit("/", 1)[1] for d in of(first, "document")
                    if d["status"] == "filtered"}
        assert {"library-hours", "bin-collections"} <= filtered
        assert not {p for p in site.hits if "library" in p or "bin-" in p}, site.hits
        article = next(a for a in of(first, "article") if "bradford" in a["url"])
        assert article["changed"] is False and article["content_hash"]
        assert "judged inadequate" in article["body"] or "inadequate" in article["body"]
        assert "utm_" not in article["url"] and "#" not in article["url"]
        ingest(store, tmp_path / "first.jsonl")

        # 2. Unchanged site: conditional GETs only, no article lines.
        site.reset_counts()
        second = run_crawl(config, tmp_path / "second.jsonl")
        requests = sum(site.hits.values())
        assert sum(site.full_hits.values()) <= 0.05 * requests, (site.hits, site.full_hits)
        assert of(second, "article") == []
        assert sources(second)["local"]["ok"] is True
        assert sources(second)["local"]["not_modified"] >= 1
        ingest(store, tmp_path / "second.jsonl")

        # 3. The council edits one story (and its feed says so): re-emitted as changed.
        edited = "/news/bradford-ofsted-verdict"
        news.edit(edited, story("Bradford", "requires improvement"))
        site.reset_counts()
        third = run_crawl(config, tmp_path / "third.jsonl")
        assert [a["url"] for a in of(third, "article")] == [site.url + edited]
        assert of(third, "article")[0]["changed"] is True
        assert "requires improvement" in of(third, "article")[0]["body"]
        assert site.full_hits[edited] == 1


def test_a_recent_article_edited_without_a_feed_change_is_still_noticed(
        tmp_path: Path) -> None:
    from datetime import timedelta

    store = tmp_path / "store"
    with SampleSite() as site:
        news = NewsSite(site)
        fresh = news.add("wigan-ofsted", "Wigan children's services rated good",
                         story("Wigan", "good"), age=timedelta(hours=3))
        news.add("kent-social-care", "Kent social care praised", story("Kent", "good"),
                 age=timedelta(days=10))
        config = write_config(tmp_path / "config.toml", store,
                              [Source("local", site.url + "/rss.xml", "rss")])
        run_crawl(config, tmp_path / "first.jsonl")
        ingest(store, tmp_path / "first.jsonl")

        site.reset_counts()
        unchanged = run_crawl(config, tmp_path / "second.jsonl")
        assert of(unchanged, "article") == []
        assert site.hits[fresh.path] == 1 and site.full_hits[fresh.path] == 0  # a 304
        assert site.hits["/news/kent-social-care"] == 0  # old and unchanged: not asked
        ingest(store, tmp_path / "second.jsonl")

        news.edit(fresh.path, story("Wigan", "outstanding"), bump=False)
        edited = run_crawl(config, tmp_path / "third.jsonl")
        assert [(a["url"], a["changed"]) for a in of(edited, "article")] == [
            (site.url + fresh.path, True)]


def test_one_article_listed_by_two_sources_is_emitted_once(tmp_path: Path) -> None:
    with SampleSite() as site:
        news = NewsSite(site).standard()
        config = write_config(tmp_path / "config.toml", tmp_path / "store", [
            Source("feed", site.url + "/rss.xml", "rss"),
            Source("atom", site.url + "/atom.xml", "atom")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
        urls = [a["url"] for a in of(items, "article")]
        assert len(urls) == len(set(urls)) == len(INSPECTION_SLUGS)
        assert all(site.full_hits[p] == 1 for p in site.full_hits if p.startswith("/news/"))
        lines = sources(items)
        assert lines["feed"]["duplicates"] + lines["atom"]["duplicates"] == len(INSPECTION_SLUGS)
        assert len(news.articles) > len(INSPECTION_SLUGS)  # the others were only filtered


def test_an_amp_link_is_stored_under_its_canonical_url(tmp_path: Path) -> None:
    with SampleSite() as site:
        site.set("/news/amp-only/x", "<html amp><head><title>Ofsted rates Kent good</title>"
                 "<link rel='canonical' href='/news/kent-rated-good'></head><body><p>"
                 + story("Kent", "good") + "</p></body></html>")
        site.set("/rss.xml", f"<rss><channel><item><title>Kent rated good by Ofsted</title>"
                 f"<link>{site.url}/news/amp-only/x</link></item>"
                 f"<item><title>Ofsted: Kent good</title><link>{site.url}/news/amp-only/x/amp"
                 f"</link></item></channel></rss>", content_type="application/rss+xml")
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("feed", site.url + "/rss.xml", "rss")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
    assert [a["url"] for a in of(items, "article")] == [site.url + "/news/kent-rated-good"]


def test_hostile_feeds_are_refused_and_the_good_source_still_crawls(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    with SampleSite() as site:
        NewsSite(site).standard()
        site.set("/laughs.xml", BILLION_LAUGHS, content_type="application/rss+xml")
        site.set("/xxe.xml", xxe_feed(secret), content_type="application/rss+xml")
        site.set("/garbage.xml", "<rss><channel><item>", content_type="application/rss+xml")
        config = write_config(tmp_path / "config.toml", tmp_path / "store", [
            Source("laughs", site.url + "/laughs.xml", "rss"),
            Source("xxe", site.url + "/xxe.xml", "rss"),
            Source("garbage", site.url + "/garbage.xml", "rss"),
            Source("good", site.url + "/atom.xml", "atom")])
        items = run_crawl(config, tmp_path / "feed.jsonl", timeout=60)
    lines = sources(items)
    for name in ("laughs", "xxe"):
        assert lines[name]["ok"] is False
        assert "rejected as unsafe" in lines[name]["error"]
        assert "entity-expansion" in lines[name]["error"]
    assert lines["garbage"]["ok"] is False and "feed" in lines["garbage"]["error"]
    assert lines["good"]["ok"] is True and lines["good"]["items"] == len(INSPECTION_SLUGS)
    assert "TOP-SECRET" not in (tmp_path / "feed.jsonl").read_text("utf-8")
    assert {a["source"] for a in of(items, "article")} == {"good"}


def test_a_failing_and_a_hanging_source_are_recorded_and_the_rest_goes_on(
        tmp_path: Path) -> None:
    with SampleSite() as site:
        NewsSite(site).standard()
        site.set("/broken.xml", "oops", status=500)
        site.set("/slow.xml", "<rss/>", content_type="application/rss+xml", delay=3)
        config = write_config(tmp_path / "config.toml", tmp_path / "store", [
            Source("broken", site.url + "/broken.xml", "rss"),
            Source("slow", site.url + "/slow.xml", "rss"),
            Source("good", site.url + "/rss.xml", "rss")])
        items = run_crawl(config, tmp_path / "feed.jsonl", timeout=90)
        assert site.hits["/broken.xml"] == 4  # retried RETRY_TIMES
    lines = sources(items)
    assert lines["broken"]["ok"] is False and "HTTP 500" in lines["broken"]["error"]
    assert lines["slow"]["ok"] is False and "feed failed" in lines["slow"]["error"]
    assert "Timeout" in lines["slow"]["error"] or "timed out" in lines["slow"]["error"]
    assert lines["good"]["ok"] is True and lines["good"]["items"] == len(INSPECTION_SLUGS)


def test_an_oversize_page_is_recorded_not_downloaded(tmp_path: Path) -> None:
    with SampleSite() as site:
        news = NewsSite(site).standard()
        huge = news.add("ofsted-huge", "Ofsted report on Leeds children's services",
                        story("Leeds", "good"))
        site.set(huge.path, "<html><body><p>Ofsted</p>" + "x" * (6 * 1024 * 1024) + "</body>")
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("local", site.url + "/rss.xml", "rss")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
    (error,) = [d for d in of(items, "document") if d["status"] == "error"]
    assert error["url"] == site.url + huge.path and "too large" in error["error"]
    line = sources(items)["local"]
    assert line["ok"] is True and line["errors"] == 1 and line["items"] == len(INSPECTION_SLUGS)


def test_a_page_in_a_broken_encoding_is_decoded(tmp_path: Path) -> None:
    with SampleSite() as site:
        news = NewsSite(site)
        page = news.add("ofsted-cafe", "Ofsted visit to Derby", story("Derby", "good"))
        site.set(page.path, ("<html><head><meta charset='utf-8'></head><body><p>Derby "
                             "children\u2019s services \u2013 rated good by Ofsted. Caf\xe9."
                             "</p></body></html>").encode("cp1252"))
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("local", site.url + "/rss.xml", "rss")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
    (article,) = of(items, "article")
    assert "children\u2019s services \u2013 rated good" in article["body"]
    assert any("windows-1252" in w for w in sources(items)["local"]["warnings"])


def test_since_filters_older_entries_without_fetching_them(tmp_path: Path) -> None:
    from datetime import date, timedelta

    with SampleSite() as site:
        NewsSite(site).standard()
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("local", site.url + "/rss.xml", "rss")])
        since = (date.today() - timedelta(days=6)).isoformat()
        items = run_crawl(config, tmp_path / "feed.jsonl", "--since", since)
        assert site.hits["/news/kent-social-care"] == 0
    assert slugs(items) == {"somerset-childrens-services-good", "bradford-ofsted-verdict"}
    reasons = [d["error"] for d in of(items, "document") if d["status"] == "filtered"]
    assert sum(f"before --since {since}" in r for r in reasons) == 2


def test_a_listing_without_article_links_fails_the_source(tmp_path: Path) -> None:
    with SampleSite() as site:
        site.set("/press", "<html><body><a href='/'>Home</a></body></html>")
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("council", site.url + "/press", "listing")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
    line = sources(items)["council"]
    assert line["ok"] is False and "no article links" in line["error"]


def test_robots_txt_is_obeyed(tmp_path: Path) -> None:
    with SampleSite() as site:
        NewsSite(site).standard()
        site.set("/robots.txt", "User-agent: *\nDisallow: /news/\n", content_type="text/plain")
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("local", site.url + "/rss.xml", "rss")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
        assert not [p for p in site.hits if p.startswith("/news/")]
    assert of(items, "article") == []
    assert sources(items)["local"]["errors"] == len(INSPECTION_SLUGS)


def test_a_gzipped_sitemap_is_read(tmp_path: Path) -> None:
    import gzip

    with SampleSite() as site:
        news = NewsSite(site).standard()
        site.set("/sitemap.xml.gz", gzip.compress(news.sitemap(news=True).encode()),
                 content_type="application/x-gzip")
        config = write_config(tmp_path / "config.toml", tmp_path / "store",
                              [Source("gz", site.url + "/sitemap.xml.gz", "sitemap")])
        items = run_crawl(config, tmp_path / "feed.jsonl")
    assert slugs(items) == INSPECTION_SLUGS - {"council-news-12"}
