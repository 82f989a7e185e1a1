"""The append-only journal: one JSON line per committed transaction.

A line is ``{"ops": [[table, key, doc-or-null], ...]}``; appending it and
fsyncing the file is the commit.  Journals are numbered by generation
(``journal-000007.jsonl``); a compaction writes every table snapshot tagged
"through generation 7" and only then deletes journal 7, so a crash at any
moment leaves either the journal or the snapshots holding every commit.

A crash can leave a torn last line (no newline, or garbage that does not
parse): reading ignores it and the next writer truncates it away before
appending.  A bad line *followed by good ones* is corruption, and an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import StoreError
from store.storage import fsync_dir

Op = tuple[str, str, dict[str, Any] | None]
_NAME = re.compile(r"^journal-(\d{6,})\.jsonl$")


def journal_path(directory: Path, gen: int) -> Path:
    return directory / f"journal-{gen:06d}.jsonl"


def list_journals(directory: Path) -> dict[int, Path]:
    """Journal files present, by generation."""
    found: dict[int, Path] = {}
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return found
    for name in names:
        match = _NAME.match(name)
        if match:
            found[int(match.group(1))] = directory / name
    return dict(sorted(found.items()))


@dataclass
class JournalRead:
    """What a read of one journal found: transactions, and where the good part ends."""

    transactions: list[list[Op]] = field(default_factory=list)
    end: int = 0  # offset just past the last good line
    torn: bool = False  # bytes after ``end`` that are not a committed line


def _parse(line: bytes) -> list[Op] | None:
    try:
        entry = json.loads(line)
        return [(str(t), str(k), v) for t, k, v in entry["ops"]]
    except (ValueError, TypeError, KeyError):
        return None


def read_journal(path: Path, offset: int = 0) -> JournalRead:
    """Committed transactions of ``path`` from ``offset`` (FileNotFoundError propagates)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        blob = fh.read()
    result = JournalRead(end=offset)
    pos = 0
    bad_at: int | None = None
    while True:
        nl = blob.find(b"\n", pos)
        if nl < 0:
            break
        ops = _parse(blob[pos:nl])
        if ops is None:
            if bad_at is None:
                bad_at = pos
        elif bad_at is not None:
            raise StoreError(
                f"journal {path} is corrupt at byte {offset + bad_at} "
                f"(a damaged line followed by committed ones)"
            )
        else:
            result.transactions.append(ops)
            result.end = offset + nl + 1
        pos = nl + 1
    result.torn = result.end < offset + len(blob)
    return result


class JournalWriter:
    """Appends transactions to one generation's journal, fsyncing each."""

    def __init__(self, directory: Path, gen: int, size: int = 0) -> None:
        self.directory = directory
        self.gen = gen
        self.path = journal_path(directory, gen)
        self.size = size
        self._fd: int | None = None

    def append(self, line: bytes) -> None:
        """Write one transaction line durably; on failure nothing of it remains."""
        if self._fd is None:
            created = not self.path.exists()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            if created:
                fsync_dir(self.directory)
        start = self.size
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]
            os.fsync(self._fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise StoreError(f"could not write journal {self.path}: {exc}") from exc
        self.size = start + len(line)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def encode_op(table: str, key: str, doc_json: str) -> str:
    """One op of a journal line, from the document already encoded."""
    return f"[{json.dumps(table)},{json.dumps(key, ensure_ascii=False)},{doc_json}]"


def encode_line(ops: list[str]) -> bytes:
    return ('{"ops":[' + ",".join(ops) + "]}\n").encode("utf-8")
