"""A small Ofsted-like reports site on loopback, for the spider and crawl-child tests.

Built on ``scrapers.sample_site.SampleSite`` and modelled on the reference
notes: a search listing paged by ``start``/``rows`` with ``li.next`` links
(plus header links that are not providers), provider pages of
``a.publication-link`` entries with the label variants seen on the real site,
real report PDFs, a dead link, an HTML "not found" page served with 200 as a
PDF, and ungraded visits.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from scrapy import Request, Spider
from scrapy.http import Response

from scrapers.sample_site import SampleSite

REPORTS = Path(__file__).parent / "data" / "reports"
ROOT = Path(__file__).resolve().parent.parent
NOT_FOUND_PAGE = b"<!DOCTYPE html><html><body><h1>File not found</h1></body></html>"


@dataclass
class Entry:
    """One publication on a provider page and what its file URL answers."""

    file_id: str
    label: str  # the span.nonvisual text, e.g. "Focused visit, pdf - 2 October 2024"
    body: bytes | None  # None: no route, so the link is dead (404)
    content_type: str = "application/pdf"


@dataclass
class Provider:
    urn: str
    name: str
    entries: list[Entry] = field(default_factory=list)


def pdf(name: str) -> bytes:
    return (REPORTS / name).read_bytes()


class OfstedFixture:
    """Providers rendered as listing and provider pages on a running ``SampleSite``."""

    def __init__(self, site: SampleSite, rows: int = 2) -> None:
        self.site = site
        self.rows = rows
        self.providers: dict[str, Provider] = {}
        site.set("/search", self._listing)

    @property
    def base_url(self) -> str:
        return self.site.url

    def file_url(self, file_id: str) -> str:
        return f"{self.site.url}/v1/file/{file_id}"

    def add(self, urn: str, name: str, *entries: Entry) -> Provider:
        provider = self.providers.setdefault(urn, Provider(urn, name))
        for entry in entries:
            provider.entries.insert(0, entry)  # newest first, as Ofsted lists them
            if entry.body is not None:
                self.site.set(f"/v1/file/{entry.file_id}", entry.body,
                              content_type=entry.content_type)
        self._render(provider)
        return provider

    def provider_path(self, urn: str) -> str:
        return f"/provider/44/{urn}"

    def _render(self, provider: Provider) -> None:
        items = "".join(
            f'<li><a class="publication-link" href="{self.file_url(e.file_id)}">'
            f'<span class="report-title">{html.escape(e.label.split(",")[0])}</span>'
            f'<span class="nonvisual">{html.escape(e.label)}</span></a></li>'
            for e in provider.entries)
        page = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(provider.name)}</title></head><body><main>"
            f"<h1>{html.escape(provider.name)}</h1><p>URN: {provider.urn}</p>"
            f"<ul class='report-list'>{items}</ul>"
            "<nav><ul class='pagination'></ul></nav></main></body></html>")
        self.site.set(self.provider_path(provider.urn), page)

    def _listing(self, target: str) -> bytes:
        query = parse_qs(urlsplit(target).query)
        start = int(query.get("start", ["0"])[0] or 0)
        rows = int(query.get("rows", ["100"])[0] or 100)
        urns = list(self.providers)
        links = "".join(
            f'<li class="search-result"><h3><a href="/provider/44/{u}">'
            f"{html.escape(self.providers[u].name)}</a></h3></li>"
            for u in urns[start:start + rows])
        nxt = ""
        if start + rows < len(urns):
            nxt = ('<li class="next"><a href="/search?q=&amp;location=&amp;lat=&amp;lon=&amp;'
                   'radius=&amp;level_1_types=3&amp;level_2_types%5B%5D=12&amp;'
                   f'start={start + rows}&amp;rows={rows}">Next</a></li>')
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Search</title></head>"
            "<body><header><a href='/'>Home</a>"
            "<a href='/search?q=&amp;level_1_types=3'>Children's social care</a></header>"
            f"<main><p class='search-count'>{len(urns)} results</p>"
            f"<ul class='results-list'>{links}</ul>"
            f"<nav><ul class='pagination'>{nxt}</ul></nav></main></body></html>").encode()


def standard_site(site: SampleSite, rows: int = 2) -> OfstedFixture:
    """Eight providers over four full listing pages, exercising every case the spider handles.

    The last listing page is full but has no next link, so the spider's
    ``start + rows`` cross-check asks for one more (empty) page.
    """
    fx = OfstedFixture(site, rows=rows)
    fx.add("80555", "Somerset Council",
           Entry("90000002", "Monitoring visit, pdf - 18 May 2016", None),  # dead link
           Entry("90000001", "Focused visit, pdf - 05 December 2024", NOT_FOUND_PAGE,
                 content_type="text/html; charset=utf-8"),  # HTML served as the 'PDF'
           Entry("50304387", "Children's services inspection, pdf - 17 June 2026",
                 pdf("somerset-2026-06-17.pdf")))
    fx.add("80449", "Bradford Metropolitan District Council",
           Entry("50300001", "Children's services inspection, pdf - 21 May 2026",
                 pdf("bradford-2026-05-21.pdf")))
    fx.add("80559", "Southend-on-Sea City Council",
           Entry("50100001", "Children's services inspection,  pdf - 27 August 2019",
                 pdf("southend-on-sea-2019-08-27.pdf")),
           Entry("90000011", "Focused visit, pdf - 2 October 2024",
                 pdf("bradford-2026-05-21.pdf")))
    fx.add("80455", "Council of the Isles of Scilly",
           Entry("2761000", "Single inspection of LA children's services as pdf - "
                            "27 June 2016", pdf("isles-of-scilly-2016-06-27.pdf")))
    fx.add("121939", "Northamptonshire County Council",  # abolished 2021: still its own
           Entry("2760000", "Children's services inspection, pdf - 16 August 2013",
                 pdf("norfolk-2013-08-16.pdf")))
    fx.add("99999", "Nowhere Borough Council",  # a URN the registry does not know
           Entry("90000020", "Joint targeted area inspection of children's services "
                             "partnership, pdf - 20 January 2022", b"%PDF-1.4 broken"))
    fx.add("80567", "Surrey County Council",
           Entry("50050001", "Children's services inspection, pdf - 3 August 2015",
                 pdf("surrey-lscb-2015-08-03.pdf")))
    fx.add("80427", "Bath and North East Somerset Council")  # nothing published yet
    return fx


def write_config(path: Path, base_url: str, store: Path, rows: int = 2,
                 extra: str = "") -> Path:
    """A config for a fast loopback crawl (no delay, so no AutoThrottle or backoff)."""
    path.write_text(
        f'[store]\npath = "{store}"\n\n'
        f'[ofsted]\nbase_url = "{base_url}"\nfiles_url = "{base_url}"\nrows = {rows}\n\n'
        f"[crawl]\ndelay_seconds = 0\n{extra}", encoding="utf-8")
    return path


def run_child(config: Path, feed: Path, *args: str, timeout: float = 120,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m scrapers.crawl`` as the parent runs it."""
    return subprocess.run(
        [sys.executable, "-m", "scrapers.crawl", "--config", str(config), "--feed", str(feed),
         *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, **(env or {})})


# -- a stand-in news registry (OFSTED_ALERTS_NEWS_REGISTRY=tests.ofsted_fixture) ----------
class ExplodingSpider(Spider):
    """A source whose spider breaks: in its constructor, or in its first callback."""

    name = "exploding"

    def __init__(self, url: str = "", when: str = "init", **kwargs: Any) -> None:
        if when == "init":
            raise RuntimeError("spider constructor failed")
        super().__init__(**kwargs)
        self.url = url

    async def start(self) -> AsyncIterator[Request]:
        yield Request(self.url, callback=self.parse)

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        raise ValueError("callback failed")
        yield {}


def spiders_for(config: Any) -> list[Any]:
    from scrapers.crawl import SpiderJob

    return [SpiderJob(n.name, n.kind, n.url, ExplodingSpider,
                      {"url": n.url, "when": "init" if "init" in n.name else "parse"})
            for n in config.news if n.enabled]
