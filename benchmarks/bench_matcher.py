"""How fast is the news matcher? Pages per second, and the cost relative to bare parsing.

Usage: python benchmarks/bench_matcher.py [--seconds 3]
Classifies the bundled practice pages and seeds (tests/data/news) over and over, then parses
the same pages with BeautifulSoup + lxml alone, and prints both rates and their ratio. The
target is at least 100 typical pages per second on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bs4 import BeautifulSoup  # noqa: E402

from alerts.matcher import classify  # noqa: E402


def _pages() -> list[bytes]:
    folder = ROOT / "tests/data/news"
    files = sorted(folder.glob("pages/*.html")) + sorted(folder.glob("seeds/*.txt"))
    return [f.read_bytes() for f in files]


def _rate(work: Callable[[bytes], object], pages: list[bytes], seconds: float) -> float:
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for page in pages:
            work(page)
        done += len(pages)
    return done / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    pages = _pages()
    now = datetime.now()
    for page in pages:  # warm caches (council registry, regexes)
        classify(page, now=now)
    matcher = _rate(lambda p: classify(p, now=now), pages, args.seconds)
    bare = _rate(lambda p: BeautifulSoup(p, "lxml").get_text(), pages, args.seconds)
    print(f"pages: {len(pages)}")
    print(f"classify:            {matcher:8.1f} pages/s")
    print(f"BeautifulSoup+lxml:  {bare:8.1f} pages/s")
    print(f"ratio (matcher/bare): {matcher / bare:.2f}")
    return 0 if matcher >= 100 else 1


if __name__ == "__main__":
    raise SystemExit(main())
