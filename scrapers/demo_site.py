"""An Ofsted-like report site and a local news feed, served by ``SampleSite``.

The markup follows the real site's conventions (see the project's
reference notes): a paginated search listing of provider links, provider
pages of ``a.publication-link`` entries whose ``span.nonvisual`` carries
"Title, pdf - DD Month YYYY", and report files under ``/v1/file/{id}``.
The offline demo and the end-to-end tests publish into it while it runs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import format_datetime
from importlib import resources
from urllib.parse import parse_qs, urlsplit

from scrapers.sample_site import SampleSite

SEARCH_PATH = "/search"


@dataclass
class Publication:
    file_id: str
    title: str
    published: date


@dataclass
class Provider:
    urn: str
    name: str
    publications: list[Publication] = field(default_factory=list)


class OfstedLikeSite:
    """Providers and their publications, rendered as listing and provider pages."""

    def __init__(self, site: SampleSite) -> None:
        self.site = site
        self.providers: dict[str, Provider] = {}
        site.set(SEARCH_PATH, self._listing)

    def add_provider(self, urn: str, name: str) -> Provider:
        provider = self.providers.setdefault(urn, Provider(urn, name))
        self._render_provider(provider)
        return provider

    def publish(self, urn: str, file_id: str, title: str, published: date, body: bytes,
                content_type: str = "application/pdf", status: int = 200) -> None:
        """List a publication on the provider page and serve its file."""
        provider = self.providers[urn]
        provider.publications.append(Publication(file_id, title, published))
        self.site.set(f"/v1/file/{file_id}", body, content_type=content_type, status=status)
        self._render_provider(provider)

    def _render_provider(self, provider: Provider) -> None:
        items = []
        for pub in sorted(provider.publications, key=lambda p: p.published, reverse=True):
            stamp = f"{pub.published.day} {pub.published:%B %Y}"
            items.append(
                f'<li><a class="publication-link" href="{self.site.url}/v1/file/{pub.file_id}">'
                f'<span class="report-title">{html.escape(pub.title)}</span>'
                f'<span class="nonvisual">{html.escape(pub.title)}, pdf - {stamp}</span>'
                f"</a></li>")
        page = (
            f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(provider.name)} - Ofsted</title></head><body><main>"
            f"<h1>{html.escape(provider.name)}</h1><p>URN: {provider.urn}</p>"
            f"<ul class='report-list'>{''.join(items)}</ul>"
            f"<nav><ul class='pagination'></ul></nav></main></body></html>")
        self.site.set(f"/provider/44/{provider.urn}", page)

    def _listing(self, target: str) -> bytes:
        query = parse_qs(urlsplit(target).query)
        start = int(query.get("start", ["0"])[0] or 0)
        rows = min(int(query.get("rows", ["100"])[0] or 100), 100)
        urns = sorted(self.providers)
        page = urns[start:start + rows]
        links = "".join(
            f'<li><h3><a href="/provider/44/{u}">{html.escape(self.providers[u].name)}</a>'
            f"</h3></li>" for u in page)
        nxt = ""
        if start + rows < len(urns):
            nxt = (f'<li class="next"><a href="{SEARCH_PATH}?q=&amp;level_1_types=3&amp;'
                   f'level_2_types%5B%5D=12&amp;start={start + rows}&amp;rows={rows}">Next</a>'
                   f"</li>")
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Search - Ofsted</title>"
            "</head><body><header><a href='/'>Home</a></header><main>"
            f"<ul class='results'>{links}</ul><ul class='pagination'>{nxt}</ul>"
            "</main></body></html>").encode()


@dataclass
class Article:
    slug: str
    title: str
    summary: str
    body_html: str
    published: datetime


class NewsFeed:
    """A local paper: an RSS feed plus one page per article."""

    def __init__(self, site: SampleSite, name: str = "Demo Gazette",
                 path: str = "/news/feed.xml") -> None:
        self.site = site
        self.name = name
        self.path = path
        self.articles: list[Article] = []
        self._render()

    @property
    def url(self) -> str:
        return self.site.url + self.path

    def article_url(self, slug: str) -> str:
        return f"{self.site.url}/news/{slug}"

    def add(self, article: Article) -> None:
        self.articles.append(article)
        self.site.set(f"/news/{article.slug}", self._page(article))
        self._render()

    def _page(self, article: Article) -> str:
        stamp = article.published.isoformat()
        return (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(article.title)} | {html.escape(self.name)}</title>"
            f"<meta property='article:published_time' content='{stamp}'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
            f"<h1>{html.escape(article.title)}</h1><time datetime='{stamp}'>{stamp[:10]}</time>"
            f"{article.body_html}</article><aside class='most-read'><h2>Most read</h2>"
            f"<ul><li>Road closures this weekend</li></ul></aside></body></html>")

    def _render(self) -> None:
        items = "".join(
            f"<item><title>{html.escape(a.title)}</title>"
            f"<link>{self.article_url(a.slug)}</link><guid>{self.article_url(a.slug)}</guid>"
            f"<description>{html.escape(a.summary)}</description>"
            f"<pubDate>{format_datetime(a.published)}</pubDate></item>"
            for a in sorted(self.articles, key=lambda a: a.published, reverse=True))
        feed = (
            "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>{html.escape(self.name)}</title><link>{self.site.url}/news</link>"
            f"<description>Local news</description>{items}</channel></rss>")
        self.site.set(self.path, feed, content_type="application/rss+xml; charset=utf-8")


# The demo's councils: (URN, Ofsted's name, [(file id, title, published, bundled PDF)]).
DEMO_HISTORY: list[tuple[str, str, list[tuple[str, str, date, str]]]] = [
    ("80555", "Somerset Council", [
        ("50000101", "Children's services inspection", date(2018, 1, 29),
         "somerset-2018-01-29.pdf")]),
    ("80560", "St Helens Metropolitan Borough Council", [
        ("50000102", "Children's services inspection", date(2023, 9, 4),
         "st-helens-2023-09-04.pdf")]),
    ("80449", "Bradford Metropolitan District Council", [
        ("50000103", "Children's services inspection", date(2026, 5, 21),
         "bradford-2026-05-21.pdf")]),
    ("80528", "North Somerset Council", []),
]
DEMO_NEW_REPORT = ("80555", "50000104", "Children's services inspection",
                   "somerset-2026-06-17.pdf")


def demo_article(published: datetime) -> Article:
    """A sample local-news story (invented for the demo) about an ungraded visit."""
    return Article(
        slug="st-helens-focused-visit",
        title="Ofsted focused visit: St Helens social workers 'know children well'",
        summary="Inspectors publish their letter after a focused visit to St Helens "
                "children's services.",
        body_html=(
            "<p>Ofsted has published the findings of its focused visit to St Helens "
            "Council's children's services.</p>"
            "<p>Inspectors who carried out the focused visit looked at the council's "
            "arrangements for children in need and children subject to a child protection "
            "plan. In a letter published this week they said social workers know the "
            "children they work with well, but that the quality of plans is too variable.</p>"
            "<p>Focused visits are not graded. The council said it would act on the "
            "findings.</p>"
            "<p><em>This article is sample data for the ofsted-alerts demo.</em></p>"),
        published=published)


def bundled_report(name: str) -> bytes:
    """A real sample report PDF shipped in the package for the demo."""
    return resources.files("scrapers").joinpath("demo", name).read_bytes()
