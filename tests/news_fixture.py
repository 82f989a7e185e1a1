"""News sites for the tests: articles plus RSS, Atom, sitemap (index, news) and listing pages.

Everything is served by ``scrapers.sample_site.SampleSite`` on loopback.  A
``NewsSite`` keeps its articles in memory and (re)publishes every index
page whenever an article is added or edited, so a test can say "the council
edited its press release" in one line.  ``run_crawl`` runs the real crawl
child (``python -m scrapers.crawl``); ``ingest`` plays the parent.

Also a stand-in news registry (``OFSTED_ALERTS_NEWS_REGISTRY=tests.news_fixture``):
the real spiders with a 1-second request timeout, so a hanging source fails fast.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from scrapers.sample_site import SampleSite

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class Article:
    path: str
    title: str
    text: str
    published: datetime
    updated: datetime
    summary: str = ""

    def html(self) -> str:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in self.text.split("\n") if p)
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(self.title)}"
                f"</title><meta property='article:published_time' "
                f"content='{self.published.isoformat()}'></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/contact'>Contact us</a></nav>"
                f"<article><h1>{escape(self.title)}</h1>{paragraphs}</article>"
                f"<footer>© Sample News {self.updated.year}</footer></body></html>")


def story(council: str, grade: str) -> str:
    """A realistic local-news report of an inspection outcome."""
    return (f"{council} Council's children's services have been rated {grade} by Ofsted "
            f"following an inspection in the spring.\n"
            f"Inspectors found that leaders understand the quality of social work practice and "
            f"that children in care are visited regularly by social workers who know them well.\n"
            f"The report, published on Tuesday, said the impact of leaders on social work "
            f"practice with children and families was {grade}.\n"
            f"A council spokesperson said staff were proud of the result and would keep "
            f"improving services for vulnerable children across {council}.")


def other_story(topic: str) -> str:
    return (f"Residents have been asked for their views on plans for {topic}.\n"
            f"The consultation runs for six weeks and drop-in sessions will be held at the "
            f"library on Saturday mornings.\nA decision is expected early next year.")


class NewsSite:
    """A news publisher on a SampleSite: articles and every kind of index page."""

    def __init__(self, site: SampleSite, prefix: str = "/news") -> None:
        self.site = site
        self.prefix = prefix
        self.articles: dict[str, Article] = {}

    def url(self, path: str) -> str:
        return self.site.url + path

    def add(self, slug: str, title: str, text: str, *, age: timedelta = timedelta(days=5),
            summary: str = "") -> Article:
        when = NOW - age
        article = Article(f"{self.prefix}/{slug}", title, text, when, when, summary)
        self.articles[article.path] = article
        self.site.set(article.path, article.html())
        self.publish()
        return article

    def edit(self, path: str, text: str, *, bump: bool = True) -> None:
        """Change an article's body; ``bump`` also moves its feed/sitemap date on."""
        article = self.articles[path]
        article.text = text
        if bump:
            article.updated = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)
        self.site.set(path, article.html())
        self.publish()

    def standard(self) -> NewsSite:
        """Six articles: four inspection stories (one summary-only), two others."""
        self.add("somerset-childrens-services-good", "Somerset children's services rated good",
                 story("Somerset", "good"))
        self.add("bradford-ofsted-verdict", "Bradford's services for children judged "
                 "inadequate", story("Bradford", "inadequate"), age=timedelta(days=3))
        self.add("kent-social-care", "Kent social care praised", story("Kent", "outstanding"),
                 age=timedelta(days=8))
        self.add("council-news-12", "Council news round-up",
                 story("St Helens", "requires improvement"), age=timedelta(days=9),
                 summary="St Helens children's services inspection: what Ofsted said")
        self.add("library-hours", "Library opening hours to change", other_story("libraries"),
                 age=timedelta(days=4))
        self.add("bin-collections", "New bin collection days from January",
                 other_story("recycling"), age=timedelta(days=6))
        return self

    # -- index pages -----------------------------------------------------------------------
    def publish(self) -> None:
        self.site.set("/rss.xml", self.rss(), content_type="application/rss+xml")
        self.site.set("/atom.xml", self.atom(), content_type="application/atom+xml")
        self.site.set("/sitemap-news.xml", self.sitemap(news=True),
                      content_type="application/xml")
        self.site.set("/sitemap-pages.xml", self.sitemap(news=False),
                      content_type="application/xml")
        self.site.set("/sitemap-index.xml", self.index(["/sitemap-news.xml"]),
                      content_type="application/xml")
        self.site.set("/press", self.listing())

    def _ordered(self) -> list[Article]:
        return sorted(self.articles.values(), key=lambda a: a.published, reverse=True)

    def rss(self) -> str:
        items = "".join(
            f"<item><title>{escape(a.title)}</title><link>{self.url(a.path)}?utm_source=rss"
            f"</link><description>{escape(a.summary)}</description>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            + (f"<atom:updated>{a.updated.isoformat()}</atom:updated>"
               if a.updated != a.published else "") + "</item>"
            for a in self._ordered())
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                'xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Sample News</title>'
                f"<link>{self.site.url}</link>{items}</channel></rss>")

    def atom(self) -> str:
        entries = "".join(
            f"<entry><title>{escape(a.title)}</title><link href='{self.url(a.path)}#top'/>"
            f"<id>{self.url(a.path)}</id><published>{a.published.isoformat()}</published>"
            f"<updated>{a.updated.isoformat()}</updated>"
            f"<summary>{escape(a.summary)}</summary></entry>"
            for a in self._ordered())
        return ('<?xml version="1.0" encoding="utf-8"?>'
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>Sample News</title>'
                f"{entries}</feed>")

    def sitemap(self, *, news: bool) -> str:
        def one(a: Article) -> str:
            extra = (f"<news:news><news:publication><news:name>Sample</news:name>"
                     f"<news:language>en</news:language></news:publication>"
                     f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
                     f"<news:title>{escape(a.title)}</news:title></news:news>") if news else ""
            return f"<url><loc>{self.url(a.path)}</loc><lastmod>{a.updated.isoformat()}" \
                   f"</lastmod>{extra}</url>"
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                + "".join(one(a) for a in self._ordered()) + "</urlset>")

    def index(self, children: list[str]) -> str:
        latest = max((a.updated for a in self.articles.values()), default=NOW)
        items = "".join(f"<sitemap><loc>{self.url(c)}</loc><lastmod>{latest.isoformat()}"
                        f"</lastmod></sitemap>" for c in children)
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{items}</sitemapindex>")

    def listing(self) -> str:
        cards = "".join(
            f"<li class='card'><a href='{a.path}'>{escape(a.title)}</a>"
            f"<time datetime='{a.updated.date().isoformat()}'>"
            f"{a.updated:%d %B %Y}</time></li>" for a in self._ordered())
        return ("<!doctype html><html><head><title>Press releases</title></head><body>"
                "<nav><a href='/'>Home</a><a href='/contact'>Contact us</a>"
                "<a href='/news'>News</a></nav>"
                f"<h1>Press releases</h1><ul>{cards}</ul>"
                "<a href='/press?page=2'>Next page</a></body></html>")


# -- hostile and broken documents ----------------------------------------------------------
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>Ofsted &lol9;</title><link>http://127.0.0.1:9/x</link></item></channel></rss>"""


def xxe_feed(secret_path: Path) -> str:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM '
            f'"file://{secret_path}">]>\n<rss version="2.0"><channel><title>x</title>'
            "<item><title>Ofsted inspection &xxe;</title><link>http://127.0.0.1:9/y</link>"
            "</item></channel></rss>")


# -- running the crawl child -----------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str
    extra: str = ""  # more TOML lines (url_pattern = "...", enabled = false)


def write_config(path: Path, store: Path, sources: list[Source], *,
                 max_page_bytes: int | None = None) -> Path:
    """A fast loopback config: no Ofsted source, no politeness delay."""
    news = "".join(f'\n[[news]]\nname = "{s.name}"\nurl = "{s.url}"\nkind = "{s.kind}"\n'
                   f"{s.extra}" for s in sources)
    limit = f"max_page_bytes = {max_page_bytes}\n" if max_page_bytes else ""
    path.write_text(f'[store]\npath = "{store}"\n\n[ofsted]\nenabled = false\n\n'
                    f"[crawl]\ndelay_seconds = 0\n{limit}{news}", encoding="utf-8")
    return path


def run_crawl(config: Path, feed: Path, *args: str, timeout: float = 120,
              fast_timeouts: bool = True) -> list[dict[str, Any]]:
    """Run ``python -m scrapers.crawl`` and return the feed's items (fails loudly)."""
    if feed.exists():
        feed.unlink()
    env = dict(os.environ)
    if fast_timeouts:
        env["OFSTED_ALERTS_NEWS_REGISTRY"] = "tests.news_fixture"
    result = subprocess.run(
        [sys.executable, "-m", "scrapers.crawl", "--config", str(config), "--feed", str(feed),
         *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return read_feed(feed)


def read_feed(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def ingest(store: Path, feed: Path) -> Any:
    """What the parent does with the feed (history: no alerts queued)."""
    from alerts.ingest import ingest_feed
    from store.db import Store

    with Store(store) as db:
        return ingest_feed(db, feed, now=datetime.now(UTC), history=True)


def spiders_for(config: Any) -> list[Any]:
    """The real news jobs, with a 1 s request timeout (a hanging source fails fast)."""
    from dataclasses import replace

    from scrapers.spiders.news import spiders_for as real

    return [replace(job, kwargs={**job.kwargs, "request_timeout": 1.0}) for job in real(config)]
