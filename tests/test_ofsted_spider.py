"""The Ofsted spider, crawling a loopback Ofsted-like site through the real crawl child.

One site is crawled three times: a first (backfill) crawl, ingested into a
store; a second crawl that must cost only 304s and no PDF downloads; and a
third after a new report is published, which must fetch just that.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scrapers.sample_site import SampleSite
from tests.ofsted_fixture import (
    Entry,
    OfstedFixture,
    pdf,
    run_child,
    standard_site,
    write_config,
)


def read_feed(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def of_type(items: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [i for i in items if i["type"] == kind]


@dataclass
class Crawl:
    items: list[dict[str, Any]]
    hits: dict[str, int]
    full_hits: dict[str, int]

    @property
    def reports(self) -> dict[str, dict[str, Any]]:
        return {r["file_id"]: r for r in of_type(self.items, "report")}

    @property
    def source(self) -> dict[str, Any]:
        (line,) = of_type(self.items, "source")
        return line

    def pages(self, status: str) -> list[str]:
        return [d["url"] for d in of_type(self.items, "document")
                if d["kind"] == "page" and d["status"] == status]

    def fetched_files(self) -> list[str]:
        return sorted(p.rsplit("/", 1)[1] for p in self.full_hits if p.startswith("/v1/file/"))


@dataclass
class Story:
    fx: OfstedFixture
    first: Crawl
    second: Crawl
    third: Crawl


def crawl(site: SampleSite, config: Path, feed: Path) -> Crawl:
    site.reset_counts()
    result = run_child(config, feed)
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawl(read_feed(feed), dict(site.hits), dict(site.full_hits))


def ingest(store: Path, feed: Path) -> None:
    from alerts.ingest import ingest_feed
    from store.db import Store

    with Store(store) as db:
        summary = ingest_feed(db, feed, now=datetime.now(UTC), history=True)
    assert not summary.errors, summary.errors


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    tmp = tmp_path_factory.mktemp("ofsted")
    with SampleSite() as site:
        fx = standard_site(site)
        config = write_config(tmp / "config.toml", site.url, tmp / "store")
        first = crawl(site, config, tmp / "first.jsonl")
        ingest(tmp / "store", tmp / "first.jsonl")
        second = crawl(site, config, tmp / "second.jsonl")
        ingest(tmp / "store", tmp / "second.jsonl")
        fx.add("80449", "Bradford Metropolitan District Council",
               Entry("50399999", "Focused visit, pdf - 1 July 2026",
                     pdf("somerset-2026-06-17.pdf")))
        third = crawl(site, config, tmp / "third.jsonl")
        yield Story(fx, first, second, third)


# -- the first crawl --------------------------------------------------------------------
def test_every_provider_on_every_listing_page_is_visited(story: Story) -> None:
    visited = {p for p in story.first.full_hits if p.startswith("/provider/")}
    assert visited == {f"/provider/44/{urn}" for urn in story.fx.providers}
    listing = sorted(p for p in story.first.hits if p.startswith("/search"))
    # four full pages by next link, then the start+rows cross-check finds an empty fifth
    assert [p.rsplit("start=", 1)[1] for p in listing] == [
        "0&rows=2", "2&rows=2", "4&rows=2", "6&rows=2", "8&rows=2"]
    assert story.first.source["providers"] == 8
    assert story.first.source["listing_total"] == 8


def test_each_new_publication_becomes_one_report_line(story: Story) -> None:
    assert set(story.first.reports) == {
        "50304387", "90000001", "90000002", "50300001", "50100001", "90000011", "2761000",
        "2760000", "90000020", "50050001"}


def test_report_lines_carry_the_parsed_pdf_and_the_listing_details(story: Story) -> None:
    somerset = story.first.reports["50304387"]
    assert somerset["urn"] == "80555"
    assert (somerset["council"], somerset["council_code"]) == ("Somerset", "E06000066")
    assert somerset["url"] == story.fx.file_url("50304387")
    assert somerset["title"] == "Children's services inspection"
    assert somerset["published"] == "2026-06-17"
    assert somerset["category"] == "inspection"
    assert somerset["error"] is None and somerset["status"] == "ok"
    report = somerset["report"]
    assert "source" not in report
    assert report["inspection"] == "ilacs"
    assert report["inspection_start"] == "2026-04-27"
    assert "overall" not in report["judgements"]  # inspections from April 2026 have none
    assert len(somerset["content_hash"]) == 64 and somerset["etag"]


def test_label_variants_are_read(story: Story) -> None:
    reports = story.first.reports
    assert reports["50100001"]["published"] == "2019-08-27"  # ",  pdf"
    assert reports["2761000"]["title"] == "Single inspection of LA children's services"
    assert reports["2761000"]["category"] == "inspection"  # "as pdf"
    assert reports["90000011"]["published"] == "2024-10-02"  # single-digit day
    assert reports["90000011"]["category"] == "focused_visit"
    assert reports["90000002"]["category"] == "monitoring_visit"
    assert reports["90000020"]["category"] == "jtai"


def test_an_html_page_served_as_a_pdf_is_not_a_pdf(story: Story) -> None:
    line = story.first.reports["90000001"]
    assert line["report"] is None
    assert line["error"] == "not a PDF (text/html)"
    assert line["status"] == "not_pdf"
    docs = [d for d in of_type(story.first.items, "document") if d["url"] == line["url"]]
    assert [(d["kind"], d["status"]) for d in docs] == [("report", "not_pdf")]


def test_a_dead_link_is_recorded_as_missing(story: Story) -> None:
    line = story.first.reports["90000002"]
    assert line["report"] is None and line["status"] == "not_pdf"
    assert line["error"] == "missing (HTTP 404)"


def test_a_pdf_the_parser_cannot_read_still_reports_the_publication(story: Story) -> None:
    line = story.first.reports["90000020"]
    assert line["report"] is None and line["status"] == "ok"
    assert line["error"].startswith("unreadable report")


def test_councils_come_from_the_urn_including_abolished_and_unknown_ones(story: Story) -> None:
    reports = story.first.reports
    assert reports["2760000"]["council"] == "Northamptonshire"  # abolished 2021, kept
    assert reports["2761000"]["council"] == "Isles of Scilly"
    assert reports["90000020"]["council"] is None  # URN 99999 is unknown: still emitted
    assert story.first.source["unknown_urns"] == ["99999"]
    assert any("99999" in w for w in story.first.source["warnings"])


def test_the_first_crawl_reports_a_healthy_source(story: Story) -> None:
    source = story.first.source
    assert source["name"] == "ofsted" and source["kind"] == "ofsted"
    assert source["ok"] is True and source["error"] is None
    assert source["items"] == 10
    assert source["not_modified"] == 0
    # listing pages, provider pages, report files (the dead link answered no file)
    assert source["fetched"] == 5 + 8 + 9
    assert story.first.items[-1]["type"] == "source"


def test_pages_are_documents_with_their_validators(story: Story) -> None:
    pages = [d for d in of_type(story.first.items, "document") if d["kind"] == "page"]
    assert len(pages) == 13
    assert all(d["status"] == "ok" and d["etag"] and d["last_modified"] for d in pages)


def test_the_crawl_reads_robots_txt_once(story: Story) -> None:
    assert story.first.hits.get("/robots.txt") == 1


# -- the second crawl: nothing changed --------------------------------------------------
def test_an_unchanged_site_costs_only_304s(story: Story) -> None:
    pages = [p for p in story.second.hits if p.startswith(("/search", "/provider/"))]
    assert len(pages) == 13
    assert not [p for p in story.second.full_hits if p != "/robots.txt"]
    assert len(story.second.pages("not_modified")) == 13
    assert story.second.source["not_modified"] == 13
    assert story.second.source["fetched"] == 0


def test_known_reports_are_not_downloaded_again(story: Story) -> None:
    assert not [p for p in story.second.hits if p.startswith("/v1/file/")]
    assert story.second.reports == {}
    assert story.second.source["ok"] is True and story.second.source["items"] == 0


# -- the third crawl: a new report appears ----------------------------------------------
def test_a_new_publication_costs_one_page_and_one_pdf(story: Story) -> None:
    third = story.third
    assert third.fetched_files() == ["50399999"]
    assert [p for p in third.full_hits if p.startswith("/provider/")] == ["/provider/44/80449"]
    assert set(third.reports) == {"50399999"}
    line = third.reports["50399999"]
    assert (line["urn"], line["council"], line["category"]) == (
        "80449", "Bradford", "focused_visit")
    assert line["published"] == "2026-07-01"
    assert third.source["items"] == 1 and third.source["not_modified"] == 12
