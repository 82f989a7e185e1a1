"""How fast is a news crawl end to end, compared with ``scrapy bench`` on the same machine?

Usage: python benchmarks/bench_news_crawl.py [--pages 2000] [--skip-scrapy-bench]

Serves a loopback news site (``scrapers.sample_site.SampleSite``) of N article pages
listed in a news sitemap, every one a plausible inspection story so that none is
filtered out and every page goes the whole way: the crawl child
(``python -m scrapers.crawl``: fetch, decode, text hash, JSONL feed, HTTP cache on
disk) and then the parent's ingest (``alerts.ingest.ingest_feed``: matcher on each
body, events and documents upserted into the store).  Politeness is off
(``delay_seconds = 0``) but robots.txt, the HTTP cache and one connection per
domain stay as in production.  Prints pages/min for the full pipeline, then for
``scrapy bench -s CLOSESPIDER_TIMEOUT=10`` (its crawl of its own loopback site,
with no processing at all), and their ratio; the target is at least 50%.
A recrawl of the unchanged site is timed too (it should be nearly free).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.sample_site import SampleSite  # noqa: E402
from store.councils import registry  # noqa: E402

GRADES = ("good", "outstanding", "requires improvement", "inadequate")
FILLER = ("The council said it had invested in recruiting permanent social workers and in "
          "training for managers over the past two years. ") * 6


def article(n: int, council: str, when: datetime) -> tuple[str, str]:
    grade = GRADES[n % len(GRADES)]
    title = f"{council} children's services rated {grade} by Ofsted"
    body = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='article:published_time' content='{when.isoformat()}'></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a>"
        "</nav></header><main><article>"
        f"<h1>{title}</h1><p class='byline'>By a reporter, {when:%d %B %Y}</p>"
        f"<p>{council} Council's children's services have been rated {grade} by Ofsted after "
        f"an inspection in the spring, according to a report published this week.</p>"
        f"<p>Inspectors said the impact of leaders on social work practice with children and "
        f"families was {grade}, and that children in care were well supported.</p>"
        f"<p>{FILLER}</p><p>Story number {n}.</p></article></main>"
        "<aside><h2>Most read</h2><ul><li><a href='/x'>Road closed for resurfacing</a></li>"
        "</ul></aside><footer>Copyright Sample News</footer></body></html>")
    return title, body


def build_site(site: SampleSite, pages: int) -> None:
    councils = [c.name for c in registry().all() if c.active]
    now = datetime.now(UTC).replace(microsecond=0)
    urls = []
    for n in range(pages):
        when = now - timedelta(days=3, minutes=n)
        council = councils[n % len(councils)]
        title, body = article(n, council, when)
        path = f"/news/{n:05d}-{re.sub(r'[^a-z]+', '-', title.lower()).strip('-')}"
        site.set(path, body)
        urls.append(
            f"<url><loc>{site.url}{path}</loc><lastmod>{when.isoformat()}</lastmod>"
            f"<news:news><news:publication><news:name>Sample</news:name>"
            f"<news:language>en</news:language></news:publication>"
            f"<news:publication_date>{when.isoformat()}</news:publication_date>"
            f"<news:title>{title}</news:title></news:news></url>")
    site.set("/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?><urlset '
             'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
             + "".join(urls) + "</urlset>", content_type="application/xml")


def crawl(config: Path, feed: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "scrapers.crawl", "--config", str(config), "--feed", str(feed)],
        cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"crawl failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def ingest(store_dir: Path, feed: Path) -> tuple[float, object]:
    from alerts.ingest import ingest_feed
    from store.db import Store

    started = time.perf_counter()
    with Store(store_dir) as store:
        summary = ingest_feed(store, feed, now=datetime.now(UTC), history=True)
    return time.perf_counter() - started, summary


def scrapy_bench(seconds: int = 10) -> float:
    """Pages/min of ``scrapy bench``, run outside the project (Scrapy's own defaults)."""
    with tempfile.TemporaryDirectory() as cwd:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "scrapy"), "bench", "-s",
             f"CLOSESPIDER_TIMEOUT={seconds}"], cwd=cwd, capture_output=True, text=True,
            check=False, env={k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"})
    log = result.stdout + result.stderr
    count = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not count or not elapsed:
        raise SystemExit(f"could not read scrapy bench output:\n{log[-2000:]}")
    return int(count.group(1)) / float(elapsed.group(1)) * 60


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--skip-scrapy-bench", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, SampleSite() as site:
        work = Path(tmp)
        build_site(site, args.pages)
        store_dir = work / "store"
        config = work / "config.toml"
        config.write_text(f'[store]\npath = "{store_dir}"\n[ofsted]\nenabled = false\n'
                          f"[crawl]\ndelay_seconds = 0\n\n[[news]]\nname = \"bench\"\n"
                          f'url = "{site.url}/sitemap.xml"\nkind = "sitemap"\n',
                          encoding="utf-8")
        crawl_s = crawl(config, work / "first.jsonl")
        fetched = sum(n for p, n in site.full_hits.items() if p.startswith("/news/"))
        ingest_s, summary = ingest(store_dir, work / "first.jsonl")
        site.reset_counts()
        recrawl_s = crawl(config, work / "second.jsonl")
        refetched = sum(site.full_hits.values())
    total = crawl_s + ingest_s
    rate = fetched / total * 60
    print(f"article pages fetched:   {fetched} of {args.pages}")
    print(f"crawl child:             {crawl_s:7.1f} s  ({fetched / crawl_s * 60:8.0f} pages/min)")
    counts = summary.as_dict()  # type: ignore[attr-defined]
    print(f"ingest (match + store):  {ingest_s:7.1f} s  (articles {counts['articles']}, "
          f"events {counts['events_created']}, errors {counts['errors']})")
    print(f"full pipeline:           {total:7.1f} s  ({rate:8.0f} pages/min)")
    print(f"unchanged recrawl:       {recrawl_s:7.1f} s  ({refetched} full fetches)")
    if args.skip_scrapy_bench:
        return 0
    bench = scrapy_bench()
    print(f"scrapy bench:                       ({bench:8.0f} pages/min)")
    print(f"ratio (pipeline / scrapy bench): {rate / bench:.0%}  (target >= 50%)")
    return 0 if rate >= 0.5 * bench and fetched == args.pages else 1


if __name__ == "__main__":
    raise SystemExit(main())
