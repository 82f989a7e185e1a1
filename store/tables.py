"""Table files on disk: TinyDB tables in memory, a journal for commits, atomic snapshots.

The layout of a store directory::

    writer.lock               flock of the single writer (store/lock.py)
    <table>.json              TinyDB snapshot of one table, tagged "through generation g"
    journal-<g+1>.jsonl       transactions committed since, one fsynced line each

Loading reads every snapshot, then every journal, and replays into each table
the journal generations newer than its snapshot.  Replays are idempotent (ops
are whole-document upserts and deletes by natural key), so a crash in the
middle of a compaction loses nothing.  Readers take no lock: if a compaction
replaces files while they load, they notice (snapshot stat changed, journal
gone) and load again.

Writes are staged (read-your-writes), then committed as one journal line and
applied to the in-memory TinyDB tables in one update per table.  When the
journal outgrows the snapshots, every table is rewritten atomically and the
journal starts a new generation: total cost stays linear in what was written.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb.queries import QueryLike

from store.errors import StoreError
from store.journal import (
    JournalWriter,
    encode_line,
    encode_op,
    journal_path,
    list_journals,
    read_journal,
)
from store.lock import WriterLock
from store.storage import KEY_FIELD, Doc, KeyedTable, SnapshotStorage, fsync_dir, open_table

log = logging.getLogger(__name__)

_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TMP_NAME = re.compile(r"^\.[a-z][a-z0-9_]*\.json\..*\.tmp$")
_LOAD_ATTEMPTS = 50


class _Changed(Exception):
    """Files changed while a reader was loading them: load again."""


def _clone(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _plain(doc: Doc) -> Doc:
    """A caller's own copy of a stored document, without the key field."""
    return {k: _clone(v) for k, v in doc.items() if k != KEY_FIELD}


def _signature(stat: os.stat_result | None) -> tuple[int, int, int] | None:
    return None if stat is None else (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


@dataclass
class _Loaded:
    """One consistent reading of the directory."""

    storages: dict[str, SnapshotStorage] = field(default_factory=dict)
    tables: dict[str, KeyedTable] = field(default_factory=dict)
    through: dict[str, int] = field(default_factory=dict)
    stats: dict[str, os.stat_result | None] = field(default_factory=dict)
    journals: dict[int, int] = field(default_factory=dict)  # generation -> end of good part
    torn: bool = False  # the newest journal ends in a torn line


class TableFiles:
    """Every table of one store directory, for one writer or one reader."""

    compact_min_bytes = 4 << 20  # never compact a journal smaller than this
    compact_ratio = 1.0  # compact when the journal outgrows this share of the snapshots

    def __init__(
        self, path: Path, *, readonly: bool = False, tables: Iterable[str] = ()
    ) -> None:
        self.path = path
        self.readonly = readonly
        self._names = set(tables)
        self._log: list[tuple[str, str, str, Doc | None]] = []
        self._overlay: dict[str, dict[str, Doc | None]] = {}
        self._state = _Loaded()
        self._journal: JournalWriter | None = None
        self._snapshot_bytes = 0
        self._lock: WriterLock | None = None
        if readonly:
            self._state = self._load()
            return
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store directory {path}: {exc}") from exc
        self._lock = WriterLock(path)
        try:
            self._open_writer()
        except BaseException:
            self._lock.release()
            raise

    # -- loading ---------------------------------------------------------
    def _load(self) -> _Loaded:
        for attempt in range(_LOAD_ATTEMPTS):
            try:
                return self._load_once()
            except (_Changed, FileNotFoundError):
                time.sleep(min(0.002 * (attempt + 1), 0.05))
        raise StoreError(
            f"could not read a consistent state of store {self.path}/: its files keep "
            f"changing or a journal is missing"
        )

    def _read_snapshot(self, state: _Loaded, name: str) -> None:
        if not _TABLE_NAME.match(name):
            raise StoreError(f"bad table name {name!r}")
        storage, table = open_table(self.path / f"{name}.json", name)
        through, stat = storage.load(name)
        table.index()
        state.storages[name], state.tables[name] = storage, table
        state.through[name], state.stats[name] = through, stat

    def _load_once(self) -> _Loaded:
        state = _Loaded()
        for name in sorted(self._names):
            self._read_snapshot(state, name)
        listed = list_journals(self.path)
        reads = {gen: read_journal(path) for gen, path in listed.items()}
        changes: dict[str, dict[str, Doc | None]] = {}
        for gen, read in reads.items():
            state.journals[gen] = read.end
            for ops in read.transactions:
                for table, key, doc in ops:
                    if table not in state.tables:
                        self._read_snapshot(state, table)
                    if gen > state.through[table]:
                        changes.setdefault(table, {})[key] = doc
        state.torn = bool(reads) and reads[max(reads)].torn
        newest = max(listed, default=0)
        for name, through in state.through.items():
            if state.stats[name] is None:
                continue
            if any(gen not in listed for gen in range(through + 1, newest + 1)):
                raise _Changed(name)  # compacted meanwhile (or a journal was lost)
            now = _stat(self.path / f"{name}.json")
            if _signature(now) != _signature(state.stats[name]):
                raise _Changed(name)
        for name, table_changes in changes.items():
            state.tables[name].apply(table_changes)
        return state

    def _open_writer(self) -> None:
        for name in os.listdir(self.path):
            if _TMP_NAME.match(name):  # a compaction died before its os.replace
                (self.path / name).unlink(missing_ok=True)
        state = self._state = self._load()
        present = [state.through[n] for n, s in state.stats.items() if s is not None]
        top = max(present, default=0)
        self._snapshot_bytes = sum(s.st_size for s in state.stats.values() if s is not None)
        clean = (
            set(state.journals) <= {top + 1}
            and all(t == top for t in present)
        )
        if not clean:  # a compaction was interrupted: finish it
            self._compact(max([top, *state.journals]))
            return
        gen = top + 1
        size = state.journals.get(gen, 0)
        if state.torn:
            path = journal_path(self.path, gen)
            log.warning("ignoring a torn last line in %s (a crash mid-commit)", path)
            with open(path, "r+b") as fh:
                fh.truncate(size)
                os.fsync(fh.fileno())
        self._journal = JournalWriter(self.path, gen, size)

    def _table(self, name: str) -> KeyedTable:
        table = self._state.tables.get(name)
        if table is None:  # a table nobody named at open: its file alone holds it
            self._read_snapshot(self._state, name)
            self._names.add(name)
            table = self._state.tables[name]
        return table

    # -- reading ---------------------------------------------------------
    def get(self, table: str, key: str) -> Doc | None:
        staged = self._overlay.get(table)
        if staged is not None and key in staged:
            doc = staged[key]
        else:
            doc = self._table(table).by_key(key)
        return None if doc is None else _plain(doc)

    def contains(self, table: str, key: str) -> bool:
        staged = self._overlay.get(table)
        if staged is not None and key in staged:
            return staged[key] is not None
        return key in self._table(table).ids

    def _merged(self, table: str, docs: Iterable[Doc]) -> Iterator[Doc]:
        staged = self._overlay.get(table)
        if not staged:
            yield from docs
            return
        for doc in docs:
            if doc[KEY_FIELD] not in staged:
                yield doc
        for new in staged.values():
            if new is not None:
                yield new

    def values(self, table: str) -> list[Doc]:
        return [_plain(d) for d in self._merged(table, self._table(table).docs())]

    def search(self, table: str, cond: QueryLike) -> list[Doc]:
        """Documents matching a TinyDB query, staged writes included."""
        found = self._table(table).search(cond)
        staged = self._overlay.get(table, {})
        out = [_plain(d) for d in found if d[KEY_FIELD] not in staged]
        out.extend(_plain(d) for d in staged.values() if d is not None and cond(d))
        return out

    def count(self, table: str) -> int:
        ids = self._table(table).ids
        total = len(ids)
        for key, doc in self._overlay.get(table, {}).items():
            total += (doc is not None) - (key in ids)
        return total

    def reload(self) -> None:
        """Catch up with the writer (readers only): the journal tail, or a full reload."""
        if not self.readonly:
            return
        state = self._state
        listed = list_journals(self.path)
        same = set(listed) == set(state.journals) and all(
            _signature(_stat(self.path / f"{n}.json")) == _signature(s)
            for n, s in state.stats.items()
        )
        if same and listed:
            gen = max(listed)
            try:
                read = read_journal(listed[gen], state.journals[gen])
            except FileNotFoundError:
                read = None
            if read is not None:
                changes: dict[str, dict[str, Doc | None]] = {}
                for ops in read.transactions:
                    for table, key, doc in ops:
                        changes.setdefault(table, {})[key] = doc
                for name, table_changes in changes.items():
                    self._table(name).apply(table_changes)
                state.journals[gen] = read.end
                return
        elif same:
            return
        self._state = self._load()

    # -- writing ---------------------------------------------------------
    def stage(self, table: str, key: str, value: dict[str, Any] | None) -> None:
        """Queue an upsert (or a delete, ``None``); the stored copy is the JSON round-trip."""
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only")
        if not _TABLE_NAME.match(table):
            raise StoreError(f"bad table name {table!r}")
        if value is None:
            doc, op = None, encode_op(table, key, "null")
        else:
            try:
                text = json.dumps({KEY_FIELD: key, **value}, ensure_ascii=False)
            except (TypeError, ValueError) as exc:
                raise StoreError(f"cannot store {table}[{key!r}]: {exc}") from exc
            doc, op = json.loads(text), encode_op(table, key, text)
        self._log.append((table, key, op, doc))
        self._overlay.setdefault(table, {})[key] = doc

    def savepoint(self) -> int:
        return len(self._log)

    def rollback(self, savepoint: int = 0) -> None:
        """Forget writes staged after ``savepoint`` (all of them by default)."""
        del self._log[savepoint:]
        self._overlay = {}
        for table, key, _, doc in self._log:
            self._overlay.setdefault(table, {})[key] = doc

    def commit(self) -> None:
        """Make staged writes durable (one fsynced journal line), then visible."""
        if not self._log:
            return
        if self._journal is None:
            raise StoreError(f"store {self.path} is not open for writing")
        self._journal.append(encode_line([op for _, _, op, _ in self._log]))
        overlay, self._log, self._overlay = self._overlay, [], {}
        for name, changes in overlay.items():
            self._table(name).apply(changes)
        limit = max(self.compact_min_bytes, self.compact_ratio * self._snapshot_bytes)
        if self._journal.size > limit:
            gen = self._journal.gen
            try:
                self._compact(gen)
            except OSError as exc:  # the commit is safe in the journal; retry later
                log.warning("could not compact store %s: %s", self.path, exc)
                # Some snapshots may already say "through gen": later commits must
                # not go into that journal, or readers of those tables would skip them.
                self._journal = JournalWriter(self.path, gen + 1)
                self._snapshot_bytes = 2 * self._snapshot_bytes + self.compact_min_bytes

    def _compact(self, through: int) -> None:
        """Rewrite every table through generation ``through``, then drop those journals."""
        if self._journal is not None:
            self._journal.close()
        total = 0
        for storage in self._state.storages.values():
            total += storage.save(through)
        fsync_dir(self.path)
        for gen, path in list_journals(self.path).items():
            if gen <= through:
                path.unlink(missing_ok=True)
        fsync_dir(self.path)
        self._snapshot_bytes = total
        self._journal = JournalWriter(self.path, through + 1)

    def close(self) -> None:
        """Drop uncommitted writes, close the journal and release the lock."""
        self.rollback()
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
