"""Store ingest cost against a single json.dump + json.load of the same final data.

    python benchmarks/bench_store.py [--new N] [--batch B] [--single S]

A crawl run against a store that already knows N documents: N new documents
plus N re-seen known ones (upserts by URL), in transactions of B records,
timed from opening the store to closing it.  The ratio is that time over one
json.dump + json.load of the final table (target: at most 10).  Growth is the
same run at N over the run at N/2 (linear: about 2).  Also: S per-record
commits (each its own fsynced journal line) on the full store, and reads.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from store.db import Store  # noqa: E402
from store.records import Document  # noqa: E402


def document(i: int, seen: str) -> Document:
    return Document(
        url=f"https://www.example.gov.uk/news/2026/article-{i:06d}", source="news",
        kind="article", etag=f'W/"{i:08x}"', last_modified="Mon, 01 Jun 2026 10:00:00 GMT",
        content_hash=f"{i:064x}", first_seen="2026-06-01T10:00:00+00:00", last_seen=seen,
        verdict={"council": "Somerset", "score": 0.42, "reasons": ["title", "body"]},
        event_ids=[f"ev-{i}"],
    )


def seed(path: Path, n: int, batch: int) -> None:
    with Store(path) as store:
        for start in range(0, n, batch):
            with store.transaction():
                for i in range(start, min(start + batch, n)):
                    store.documents.put(document(i, "2026-06-01T10:00:00+00:00"))


def crawl_run(path: Path, n: int, batch: int) -> float:
    """Open, upsert n known + insert n new documents in batches, close: seconds."""
    order = list(range(2 * n))
    random.Random(n).shuffle(order)
    started = time.perf_counter()
    with Store(path) as store:
        for start in range(0, len(order), batch):
            with store.transaction():
                for i in order[start:start + batch]:
                    known = store.documents.get(document(i, "").url)
                    doc = document(i, "2026-06-02T10:00:00+00:00")
                    if known is not None:
                        doc.first_seen = known.first_seen
                    store.documents.put(doc)
    return time.perf_counter() - started


def baseline(path: Path) -> float:
    """One json.dump + json.load of the final documents, as TinyDB's JSONStorage would."""
    with Store(path, readonly=True) as store:
        data = {"documents": {str(i): d.to_dict() for i, d in enumerate(store.documents.all(), 1)}}
    file = path / "baseline.json"
    started = time.perf_counter()
    with open(file, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    with open(file, encoding="utf-8") as fh:
        json.load(fh)
    took = time.perf_counter() - started
    file.unlink()
    return took


def run(n: int, batch: int, tmp: Path) -> tuple[float, float]:
    path = tmp / f"store-{n}"
    seed(path, n, batch)
    took = crawl_run(path, n, batch)
    return took, baseline(path)


def singles(path: Path, count: int) -> float:
    """Seconds per commit of ``count`` documents put one by one (no transaction)."""
    with Store(path) as store:
        started = time.perf_counter()
        for i in range(count):
            store.documents.put(document(10_000_000 + i, "2026-06-03T10:00:00+00:00"))
        return (time.perf_counter() - started) / count


def reads(path: Path, n: int) -> dict[str, float]:
    keys = [document(i, "").url for i in random.Random(7).sample(range(2 * n), 10_000)]
    out: dict[str, float] = {}
    started = time.perf_counter()
    store = Store(path, readonly=True)
    out["reader open (s)"] = time.perf_counter() - started
    started = time.perf_counter()
    for key in keys:
        assert store.documents.get(key) is not None
    out["get (us each)"] = (time.perf_counter() - started) / len(keys) * 1e6
    started = time.perf_counter()
    everything = store.documents.all()
    out[f"all() of {len(everything)} (s)"] = time.perf_counter() - started
    started = time.perf_counter()
    store.documents.find(lambda d: d.etag == 'W/"00000001"')
    out["find (s)"] = time.perf_counter() - started
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--new", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--single", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=REPO / "benchmarks") as name:
        tmp = Path(name)
        half, _ = run(args.new // 2, args.batch, tmp)
        full, full_base = run(args.new, args.batch, tmp)
        per_commit_small = singles(tmp / f"store-{args.new // 2}", args.single)
        per_commit = singles(tmp / f"store-{args.new}", args.single)
        read_times = reads(tmp / f"store-{args.new}", args.new)
    print(f"crawl run, {args.new} new + {args.new} re-seen, batches of {args.batch}: "
          f"{full:.2f} s")
    print(f"json.dump + json.load of the final {2 * args.new} documents: {full_base:.2f} s")
    print(f"ratio: {full / full_base:.2f} (target <= 10)")
    print(f"growth: {full:.2f} s / {half:.2f} s at half size = {full / half:.2f} (linear ~2)")
    print(f"per-record commits: {per_commit * 1e3:.3f} ms each on {2 * args.new} documents, "
          f"{per_commit_small * 1e3:.3f} ms on {args.new} (flat = no per-commit O(n))")
    for what, value in read_times.items():
        print(f"reads: {what}: {value:.3f}")


if __name__ == "__main__":
    main()
