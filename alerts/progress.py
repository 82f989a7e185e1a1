"""Progress of a long crawl: a live bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO


class FeedProgress:
    """Watches a crawl feed grow and reports count, rate and (when known) ETA.

    The crawl child may write ``{"type": "progress", "done": n, "total": m}``
    lines; without them the ETA is unknown and only count and rate show.
    """

    def __init__(self, stream: TextIO = sys.stderr, every: float = 5.0) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.every = 0.5 if self.tty else every
        self.started = time.monotonic()
        self._last = 0.0
        self._offset = 0
        self.items = 0
        self.done = 0
        self.total = 0

    def __call__(self, feed: Path, child: Any = None) -> None:
        now = time.monotonic()
        if now - self._last < self.every:
            return
        self._last = now
        self._read(feed)
        self.stream.write(self.line(now) + ("\r" if self.tty else "\n"))
        self.stream.flush()

    def _read(self, feed: Path) -> None:
        if not feed.exists():
            return
        with feed.open("rb") as fh:
            fh.seek(self._offset)
            chunk = fh.read()
        complete = chunk.rfind(b"\n") + 1
        self._offset += complete
        for raw in chunk[:complete].splitlines():
            try:
                item = json.loads(raw)
            except ValueError:
                continue
            if item.get("type") == "progress":
                self.done, self.total = int(item.get("done", 0)), int(item.get("total", 0))
            elif item.get("type") in ("report", "article"):
                self.items += 1

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-6)
        rate = self.items / elapsed
        noun = "item" if self.items == 1 else "items"
        text = f"{self.items} {noun}, {rate:.1f}/s, {elapsed:.0f}s elapsed"
        if self.total:
            share = self.done / self.total
            width = 24
            bar = "#" * int(share * width)
            eta = (elapsed / share - elapsed) if share > 0 else 0
            text = f"[{bar:<{width}}] {self.done}/{self.total} pages, " + text
            text += f", ETA {eta:.0f}s"
        return text

    def finish(self, feed: Path) -> None:
        self._read(feed)
        if self.tty:
            self.stream.write(self.line(time.monotonic()) + "\n")
            self.stream.flush()
