"""Report parser throughput against bare pypdf text extraction of the same pages.

    python benchmarks/bench_reports.py [DIR] [--repeat N]

DIR defaults to ../shared/sample_reports beside the repository, else tests/data/reports.  Both
sides are measured in the same run: the parser (open, lazy extraction, parsing, council lookup)
and a bare PdfReader + extract_text() of exactly the pages the parser read.  The ratio is
parser time / bare time (target: at most 1.5).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pypdf import PdfReader  # noqa: E402

from scrapers.report_text import PdfPages  # noqa: E402
from scrapers.reports import parse_report_text  # noqa: E402


def default_dir() -> Path:
    shared = REPO.parent / "shared" / "sample_reports"
    return shared if any(shared.glob("*.pdf")) else REPO / "tests" / "data" / "reports"


def pages_read(data: bytes) -> list[int]:
    pages = PdfPages.from_bytes(data)
    parse_report_text(pages)
    return pages.extracted


def time_parser(files: list[bytes], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for data in files:
            parse_report_text(PdfPages.from_bytes(data))
    return time.perf_counter() - start


def time_bare(files: list[bytes], pages: list[list[int]], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for data, wanted in zip(files, pages, strict=True):
            reader = PdfReader(io.BytesIO(data))
            for index in wanted:
                reader.pages[index].extract_text()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, default=None, help="folder of report PDFs")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the folder (3)")
    args = parser.parse_args(argv)
    folder = args.dir or default_dir()
    paths = sorted(folder.glob("*.pdf"))
    if not paths:
        print(f"no PDFs in {folder}", file=sys.stderr)
        return 2
    files = [path.read_bytes() for path in paths]
    pages = [pages_read(data) for data in files]  # also warms caches (council registry)
    count = len(files) * args.repeat
    bare = time_bare(files, pages, args.repeat)
    parsed = time_parser(files, args.repeat)
    total_pages = sum(len(p) for p in pages)
    all_pages = sum(len(PdfReader(io.BytesIO(data)).pages) for data in files)
    print(f"{len(files)} PDFs x {args.repeat} from {folder}")
    print(f"pages read by the parser: {total_pages} of {all_pages}")
    print(f"parser:         {count / parsed:7.1f} reports/s")
    print(f"bare pypdf:     {count / bare:7.1f} reports/s (same pages)")
    print(f"ratio:          {parsed / bare:7.2f}x (parser time / bare extraction time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
