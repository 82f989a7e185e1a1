"""A writer killed with SIGKILL at any moment loses no committed record and no file.

The writer subprocess commits numbered documents (alone, or several per
transaction, spread over two tables) and prints each number once ``put`` or
the transaction has returned.  The journal is compacted every few commits, so
kills land in appends, fsyncs, snapshot rewrites and journal deletions alike.
After every kill the store must open (read-only and as the writer) and hold
every number the writer reported.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from store.db import Store

ROOT = Path(__file__).resolve().parents[1]

WRITER = textwrap.dedent(
    """
    import sys
    import time
    from store.db import Store
    from store.records import Document, Event
    from store.tables import TableFiles

    TableFiles.compact_min_bytes = 16 * 1024   # compact often: crash inside compactions too
    TableFiles.compact_ratio = 0.1
    store = Store(sys.argv[1])
    n = int(store.meta("next", 0))
    pad = "x" * 100
    print("ready", flush=True)
    while True:
        if n % 3 == 0:
            store.documents.put(Document(url=f"n{n}", source="kill", error=pad))
            store.set_meta("next", n + 1)
            done = [n]
        else:
            done = list(range(n, n + 5))
            with store.transaction():
                for i in done:
                    store.documents.put(Document(url=f"n{i}", source="kill", error=pad))
                    store.events.put(Event(event_id=f"e{i}", council="Kent",
                                           council_code=None, inspection="other"))
                store.set_meta("next", done[-1] + 1)
        n = done[-1] + 1
        print(" ".join(map(str, done)), flush=True)
        time.sleep(0.001)  # keep the store small enough to reopen 60 times quickly
    """
)


def committed_numbers(out: bytes) -> set[int]:
    """Numbers on complete stdout lines: a line cut by the kill was not reported."""
    lines = out.decode().split("\n")[:-1]
    return {int(tok) for line in lines if line != "ready" for tok in line.split()}


def interrupted_compaction(data: Path) -> bool:
    """Did the kill land inside a compaction (temporary file, mixed or stale generations)?"""
    names = os.listdir(data)
    through = set()
    for name in names:
        if name.endswith(".json"):
            head = (data / name).read_bytes()[:80].decode("utf-8", "replace")
            found = re.search(r'"through":(\d+)', head)
            through.add(int(found.group(1)) if found else 0)
    journals = {int(n[8:14]) for n in names if n.startswith("journal-")}
    top = max(through, default=0)
    return (any(n.endswith(".tmp") for n in names) or len(through) > 1
            or not journals <= {top + 1})


def test_sigkill_at_random_moments_loses_no_committed_record(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    data = tmp_path / "data"
    rng = random.Random(1234)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    reported: set[int] = set()
    rounds, started, mid_compaction = 30, time.monotonic(), 0
    for _ in range(rounds):
        proc = subprocess.Popen([sys.executable, str(script), str(data)],
                                stdout=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        reported |= committed_numbers(out)
        mid_compaction += interrupted_compaction(data)

        with Store(data, readonly=True) as reader:
            urls = {d.url for d in reader.documents.all()}
        missing = {n for n in reported if f"n{n}" not in urls}
        assert not missing, f"committed but lost: {sorted(missing)[:10]}"
        with Store(data) as writer:  # recovery as the next writer would do it
            assert all(writer.documents.get(f"n{n}") is not None for n in reported)
            events = {e.event_id for e in writer.events.all()}
            assert all(f"e{n}" in events for n in reported if n % 3 != 0 and n % 5)
    assert len(reported) > rounds  # the writer did get work done between kills
    print(f"{rounds} kills, {mid_compaction} inside a compaction, {len(reported)} records, "
          f"{time.monotonic() - started:.1f} s")
    assert time.monotonic() - started < 40
