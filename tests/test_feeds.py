"""Feed parsing, URL canonicalisation, the pre-filter and page decoding (no network)."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import pytest

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
from scrapers.feeds import (
    Entry,
    FeedError,
    UnsafeFeed,
    parse_date,
    parse_feed,
    parse_listing,
)
from scrapers.spiders.news import KINDS, AtomSpider, ListingSpider, RssSpider, spiders_for
from store.config import parse_config
from tests.news_fixture import BILLION_LAUGHS, xxe_feed

BASE = "https://news.example.org/"


# -- feeds --------------------------------------------------------------------------------
def test_rss_items_give_link_title_summary_and_date() -> None:
    feed = parse_feed(b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Live</title>
<item><title>Ofsted rates Somerset &lt;b&gt;good&lt;/b&gt;</title>
<link>/news/somerset-good</link>
<description>&lt;p&gt;Children&amp;#8217;s services &amp;amp; more&lt;/p&gt;</description>
<pubDate>Tue, 17 Jun 2026 09:30:00 +0100</pubDate></item>
<item><title>No link, permalink guid</title><guid>https://news.example.org/g/1</guid></item>
<item><title>Not a permalink</title><guid isPermaLink="false">abc</guid></item>
</channel></rss>""", BASE)
    assert feed.format == "rss"
    first, second = feed.entries
    assert first.url == "https://news.example.org/news/somerset-good"
    assert first.title == "Ofsted rates Somerset good"
    assert first.summary == "Children\u2019s services & more"
    assert first.published == "2026-06-17T09:30:00+01:00"
    assert second.url == "https://news.example.org/g/1"


def test_rss_1_rdf_items_are_read() -> None:
    feed = parse_feed(b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>x</title></channel>
<item><title>A</title><link>https://news.example.org/a</link><dc:date>2026-05-01</dc:date></item>
</rdf:RDF>""", BASE)
    assert [(e.url, e.published) for e in feed.entries] == [
        ("https://news.example.org/a", "2026-05-01")]


def test_atom_entries_use_the_alternate_link_and_both_dates() -> None:
    feed = parse_feed(b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title type="html">Bradford &lt;i&gt;inadequate&lt;/i&gt;</title>
<link rel="enclosure" href="https://cdn.example.org/a.mp3"/>
<link rel="alternate" href="https://news.example.org/bradford"/>
<published>2026-05-21T08:00:00Z</published><updated>2026-05-22T10:00:00Z</updated>
<summary>Inspectors found serious weaknesses</summary></entry>
<entry><title>Only an id</title><id>https://news.example.org/only-id</id>
<updated>2026-05-20</updated></entry></feed>""", BASE)
    first, second = feed.entries
    assert feed.format == "atom"
    assert first.url == "https://news.example.org/bradford"
    assert first.title == "Bradford inadequate"
    assert (first.published, first.updated) == ("2026-05-21T08:00:00+00:00",
                                                "2026-05-22T10:00:00+00:00")
    assert second.url.endswith("/only-id") and second.published == "2026-05-20"


def test_news_sitemaps_give_publication_date_title_and_lastmod() -> None:
    feed = parse_feed(b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.org/kent</loc><lastmod>2026-06-02T10:00:00+00:00</lastmod>
<news:news><news:publication><news:name>P</news:name></news:publication>
<news:publication_date>2026-06-01T09:00:00+00:00</news:publication_date>
<news:title>Kent children's services outstanding</news:title></news:news></url>
<url><loc>https://news.example.org/plain</loc><lastmod>2026-06-03</lastmod></url>
</urlset>""", BASE)
    kent, plain_page = feed.entries
    assert feed.format == "sitemap"
    assert kent.title == "Kent children's services outstanding"
    assert kent.published == "2026-06-01T09:00:00+00:00"
    assert kent.updated == "2026-06-02T10:00:00+00:00"
    assert (plain_page.title, plain_page.published, plain_page.updated) == (
        "", "2026-06-03", "2026-06-03")


def test_a_sitemap_index_lists_child_sitemaps() -> None:
    feed = parse_feed(b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.org/s1.xml</loc><lastmod>2026-06-01</lastmod></sitemap>
<sitemap><loc>/s2.xml</loc></sitemap></sitemapindex>""", BASE)
    assert feed.format == "sitemapindex" and not feed.entries
    assert [s.url for s in feed.sitemaps] == ["https://news.example.org/s1.xml",
                                              "https://news.example.org/s2.xml"]


@pytest.mark.parametrize(("text", "iso"), [
    ("Tue, 17 Jun 2026 09:30:00 GMT", "2026-06-17T09:30:00+00:00"),
    ("2026-06-17T09:30:00Z", "2026-06-17T09:30:00+00:00"),
    ("2026-06-17", "2026-06-17"),
    ("2026-06", "2026-06-01"),
    ("yesterday", None),
    ("", None),
])
def test_dates_in_every_feed_format_are_read(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


# -- hostile and broken XML ------------------------------------------------------------------
def test_a_billion_laughs_feed_is_refused_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(UnsafeFeed, match="entity-expansion"):
        parse_feed(BILLION_LAUGHS.encode(), BASE)
    assert time.perf_counter() - started < 1


def test_an_external_entity_feed_is_refused_without_reading_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    with pytest.raises(UnsafeFeed, match="XXE") as caught:
        parse_feed(xxe_feed(secret).encode(), BASE)
    assert "TOP-SECRET" not in str(caught.value)


def test_a_doctype_without_entities_is_still_read() -> None:
    feed = parse_feed(b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><item><title>T</title><link>https://n.example/a</link></item>
</channel></rss>""", BASE)
    assert [e.url for e in feed.entries] == ["https://n.example/a"]


def test_a_feed_in_the_wrong_encoding_is_redecoded() -> None:
    body = ('<?xml version="1.0" encoding="utf-8"?><rss><channel><item><title>Caf\xe9 '
            "\u2019quote\u2019</title><link>https://n.example/a</link></item></channel></rss>"
            ).encode("cp1252")
    feed = parse_feed(body, BASE)
    assert feed.entries[0].title == "Caf\xe9 \u2019quote\u2019"
    assert "windows-1252" in feed.warnings[0]


def test_a_slightly_broken_feed_is_recovered_with_a_warning() -> None:
    body = (b"<rss><channel><item><title>Fish & chips</title><link>https://n.example/a</link>"
            b"</item></channel></rss>")
    feed = parse_feed(body, BASE)
    assert [e.url for e in feed.entries] == ["https://n.example/a"]
    assert "not well-formed" in feed.warnings[0]


@pytest.mark.parametrize(("body", "message"), [
    (b"", "empty document"),
    (b"\x00\x01\x02 binary junk", "not well-formed"),
    (b"<html><body><p>Moved</p></body></html>", "root element <html>"),
])
def test_what_is_not_a_feed_is_a_clear_error(body: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(body, BASE)


# -- listing pages ---------------------------------------------------------------------------
LISTING = """<html><body><nav><a href="/">Home</a><a href="/contact">Contact us</a>
<a href="https://other.example/news/x">Somewhere else entirely on the web</a></nav>
<ul><li><a href="/news/somerset-good#comments">Somerset children's services rated good</a>
<time datetime="2026-06-17">17 June</time></li>
<li><a href="/news/report.pdf">Download the full inspection report PDF</a></li>
<li><a href="/news/somerset-good">Somerset</a></li>
<li><a href="/news/2026/06/other">Short</a></li></ul></body></html>"""


def test_a_listing_yields_article_links_not_navigation() -> None:
    feed = parse_listing(LISTING, "https://www.news.example.org/news")
    assert [(e.url, e.title, e.published) for e in feed.entries] == [
        ("https://www.news.example.org/news/somerset-good",
         "Somerset children's services rated good", "2026-06-17")]


def test_a_listing_url_pattern_admits_links_with_short_text() -> None:
    import re

    feed = parse_listing(LISTING, "https://news.example.org/news", re.compile(r"/news/2026/"))
    assert [e.url for e in feed.entries] == ["https://news.example.org/news/2026/06/other"]


# -- canonical URLs ---------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "clean"), [
    ("https://News.Example.org:443/a?utm_source=x&id=3&fbclid=1#top",
     "https://news.example.org/a?id=3"),
    ("https://news.example.org/a/amp", "https://news.example.org/a"),
    ("https://news.example.org/a/amp/", "https://news.example.org/a"),
    ("https://news.example.org/story-123.amp", "https://news.example.org/story-123"),
    ("https://news.example.org/story.amp.html", "https://news.example.org/story.html"),
    ("https://news.example.org/a?amp=1", "https://news.example.org/a"),
    ("http://news.example.org:8080/a", "http://news.example.org:8080/a"),
])
def test_tracking_fragments_and_amp_variants_are_removed(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_slash_and_www_variants_share_one_key() -> None:
    assert url_key("https://www.news.example.org/a/") == url_key("https://news.example.org/a")
    assert url_key("https://news.example.org/a") != url_key("https://news.example.org/b")


# -- the pre-filter ---------------------------------------------------------------------------
def entry(title: str = "", summary: str = "", url: str = "https://n.example/news/x",
          published: str | None = None) -> Entry:
    return Entry(url=url, title=title, summary=summary, published=published)


@pytest.mark.parametrize("title", [
    "Ofsted report published", "Council's children's services inspected",
    "Bradford's services for children judged inadequate", "Kent social care praised",
    "Somerset council rated good", "SEND provision criticised",
])
def test_headlines_about_inspections_are_fetched(title: str) -> None:
    assert PreFilter().reason_to_skip(entry(title)) is None


@pytest.mark.parametrize("title", [
    "Library opening hours to change", "New bin collection days from January",
    "Somerset council approves budget", "Good weather expected this weekend",
])
def test_other_headlines_are_filtered_with_a_reason(title: str) -> None:
    reason = PreFilter().reason_to_skip(entry(title))
    assert reason is not None and "no Ofsted" in reason


def test_the_summary_and_url_words_count_too() -> None:
    pre = PreFilter()
    assert pre.reason_to_skip(entry("Round-up", summary="What Ofsted said")) is None
    assert pre.reason_to_skip(entry(url="https://n.example/news/ofsted-rates-kent-good")) is None
    assert pre.reason_to_skip(entry(url="https://n.example/news/library-hours-change")) \
        is not None


def test_an_opaque_url_with_nothing_to_judge_is_fetched() -> None:
    assert PreFilter().reason_to_skip(entry(url="https://n.example/news/123456")) is None


def test_source_keywords_and_url_pattern_apply() -> None:
    pre = PreFilter(keywords=("corporate parenting",), url_pattern=r"/news/")
    assert pre.reason_to_skip(entry("Corporate parenting board meets")) is None
    reason = pre.reason_to_skip(entry("Ofsted", url="https://n.example/events/1"))
    assert reason is not None and "url_pattern" in reason


def test_old_entries_are_filtered_by_since_or_the_live_window() -> None:
    old = entry("Ofsted report", published="2024-01-02")
    assert "before --since 2025-01-01" in (
        PreFilter().reason_to_skip(old, since=date(2025, 1, 1)) or "")
    assert "older than" in (PreFilter().reason_to_skip(old, oldest=date(2025, 1, 1)) or "")
    assert PreFilter().reason_to_skip(old, since=date(2023, 1, 1)) is None


# -- pages ------------------------------------------------------------------------------------
def test_a_page_in_the_wrong_encoding_is_decoded_as_windows_1252() -> None:
    text, warning = decode("Caf\xe9 \u2013 Ofsted".encode("cp1252"), "utf-8")
    assert text == "Caf\xe9 \u2013 Ofsted" and warning is not None


def test_binary_content_is_refused() -> None:
    with pytest.raises(PageError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "utf-8")


def test_the_text_hash_ignores_scripts_but_not_words() -> None:
    def page(script: str, words: str) -> str:
        return read_page(f"<html><script>{script}</script><p>{words}</p></html>".encode(),
                         "utf-8", BASE).content_hash

    assert page("var t=1", "Rated good") == page("var t=2", "Rated good")
    assert page("var t=1", "Rated good") != page("var t=1", "Rated inadequate")


def test_an_amp_page_names_its_canonical_url_title_and_date() -> None:
    page = read_page(b"""<html amp><head><title>Kent rated good</title>
<link rel="canonical" href="/news/kent-good">
<meta property="article:published_time" content="2026-06-01T09:00:00Z"></head>
<body><p>Text</p></body></html>""", "utf-8", "https://n.example/amp/kent")
    assert page.amp and page.canonical == "https://n.example/news/kent-good"
    assert page.title == "Kent rated good" and page.published == "2026-06-01T09:00:00+00:00"


def test_cut_keeps_whole_characters_within_the_byte_limit() -> None:
    assert cut("\xe9" * 10, 5) == "\xe9\xe9"
    assert cut("short", 100) == "short"


# -- known articles ------------------------------------------------------------------------------
def test_feed_fingerprints_survive_between_crawls(tmp_path: Path) -> None:
    state = tmp_path / "httpcache" / "news-entries" / "x.json"
    known = KnownArticles.load(None, state)
    known.remember("n.example/a", "fp1")
    known.remember("n.example/a/amp", "fp2", "n.example/a")
    known.save()
    again = KnownArticles.load(None, state)
    assert again.fingerprint("n.example/a") == "fp1"
    assert again.fingerprint("n.example/a/amp") == "fp2"


def test_a_missing_store_and_a_corrupt_state_file_are_a_first_run(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json", encoding="utf-8")
    known = KnownArticles.load(tmp_path / "no-store", state)
    assert known.docs == {} and known.fingerprint("x") is None


# -- the registry ----------------------------------------------------------------------------
def test_each_kind_is_a_class_picked_by_its_kind_attribute() -> None:
    assert set(KINDS) == {"rss", "atom", "sitemap", "listing"}
    assert KINDS["rss"] is RssSpider and KINDS["listing"] is ListingSpider


def test_spiders_for_lists_enabled_sources_with_their_filters() -> None:
    config = parse_config({"news": [
        {"name": "a", "url": "https://a.example/feed", "kind": "atom",
         "url_pattern": "/news/", "keywords": ["fostering"]},
        {"name": "b", "url": "https://b.example/feed", "kind": "rss", "enabled": False},
        {"name": "c", "url": "https://c.example/", "kind": "listing"},
    ]})
    jobs = spiders_for(config)
    assert [(j.name, j.kind, j.spider) for j in jobs] == [
        ("a", "atom", AtomSpider), ("c", "listing", ListingSpider)]
    assert jobs[0].kwargs == {"url": "https://a.example/feed", "url_pattern": "/news/",
                              "keywords": ("fostering",)}
    assert [j.name for j in spiders_for(config, only="c")] == ["c"]
    since = date.today() - timedelta(days=3)
    assert spiders_for(config, since=since)[0].kwargs["since"] == since


def test_a_bad_url_pattern_stops_only_that_spider() -> None:
    with pytest.raises(ValueError, match="bad url_pattern"):
        RssSpider(url="https://a.example/feed", source_name="a", url_pattern="(")


def test_the_example_config_loads_and_names_a_spider_for_each_enabled_source() -> None:
    from store.config import load_config

    config = load_config(Path(__file__).resolve().parent.parent / "config.example.toml")
    kinds = {n.kind for n in config.news}
    assert kinds == {"rss", "atom", "sitemap", "listing"}
    assert len(spiders_for(config)) == sum(n.enabled for n in config.news)
