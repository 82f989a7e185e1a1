"""One table file as a TinyDB database: memory-resident, saved atomically.

A TinyDB storage is two methods, ``read`` and ``write``.  Ours keep the data
in memory (so a ``get`` never parses a file) and leave durability to a layer
around them: committed writes go to the journal (store/journal.py) and
``SnapshotStorage.save`` rewrites the file by temporary file + fsync +
``os.replace`` + directory fsync when the journal is compacted.

``KeyedTable`` is the TinyDB table the store uses.  TinyDB's own update path
converts the whole table on every write (O(n) per insert) and keeps a
per-process id counter; this table keeps a natural key -> doc_id index,
allocates ids itself and applies a whole transaction's changes to one table
in a single update that costs O(changes).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from store.errors import StoreError

Doc = dict[str, Any]
KEY_FIELD = "_key"  # the natural key, kept inside each TinyDB document
META_FIELD = "_store"  # snapshot bookkeeping at the top of each file, next to the table
FORMAT = 1


def fsync_dir(path: Path) -> None:
    """Make renames and unlinks in ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    The caller fsyncs the directory (once for several files).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class SnapshotStorage(Storage):
    """TinyDB storage of one table file: reads and writes stay in memory until ``save``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: dict[str, dict[str, Any]] = {}

    def read(self) -> dict[str, dict[str, Any]]:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data

    def close(self) -> None:
        pass

    def load(self, table: str) -> tuple[int, os.stat_result | None]:
        """Read the file into memory; returns (journal generation it includes, its stat).

        A missing file is an empty table.  A file that is not a snapshot is an
        error naming it: starting empty would overwrite it at the next compaction.
        """
        try:
            with open(self.path, "rb") as fh:
                stat = os.fstat(fh.fileno())
                raw = fh.read()
        except FileNotFoundError:
            self._data = {table: {}}
            return 0, None
        except OSError as exc:
            raise StoreError(f"cannot read store file {self.path}: {exc}") from exc
        try:
            data = json.loads(raw)  # an empty file is damage too, not an empty table
        except ValueError as exc:
            raise StoreError(
                f"store file {self.path} is not valid JSON ({exc}); "
                f"restore it from a backup or move it away"
            ) from exc
        if not isinstance(data, dict):
            raise StoreError(f"store file {self.path} does not hold a JSON object")
        meta = data.pop(META_FIELD, {})
        docs = data.get(table, {})
        through = meta.get("through", 0) if isinstance(meta, dict) else None
        if not isinstance(docs, dict) or not isinstance(through, int):
            raise StoreError(f"store file {self.path} is not a table of {table!r}")
        self._data = {table: docs}
        return through, stat

    def save(self, through: int) -> int:
        """Write the table atomically, tagged with the journal generation it includes."""
        data = {META_FIELD: {"format": FORMAT, "through": through}, **self._data}
        blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self.path, blob)
        return len(blob)


class _IdView(MutableMapping[int, Mapping[str, Any]]):
    """The table dict as TinyDB updaters expect it (int ids) over string-keyed storage."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw

    def __getitem__(self, doc_id: int) -> Mapping[str, Any]:
        doc: Mapping[str, Any] = self._raw[str(doc_id)]
        return doc

    def __setitem__(self, doc_id: int, doc: Mapping[str, Any]) -> None:
        self._raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self._raw[str(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self._raw

    def __iter__(self) -> Iterator[int]:
        return (int(k) for k in list(self._raw))

    def __len__(self) -> int:
        return len(self._raw)


class KeyedTable(Table):
    """A TinyDB table upserted by natural key, O(changes) per update."""

    def __init__(self, storage: Storage, name: str, **kwargs: Any) -> None:
        super().__init__(storage, name, **kwargs)
        self.ids: dict[str, int] = {}
        self._last_id = 0

    def index(self) -> None:
        """Rebuild the key -> doc_id index after the storage was loaded."""
        raw: dict[str, Doc] = self._read_table()  # type: ignore[assignment]
        self.ids = {doc[KEY_FIELD]: int(doc_id) for doc_id, doc in raw.items()}
        self._last_id = max(self.ids.values(), default=0)

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        tables = self._storage.read() or {}
        raw = tables.setdefault(self.name, {})
        updater(_IdView(raw))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()

    def apply(self, changes: Mapping[str, Doc | None]) -> None:
        """Upsert (doc) or delete (None) by natural key, all in one TinyDB update."""

        def updater(table: MutableMapping[int, Mapping[str, Any]]) -> None:
            for key, doc in changes.items():
                doc_id = self.ids.get(key)
                if doc is None:
                    if doc_id is not None:
                        del table[doc_id]
                        del self.ids[key]
                    continue
                if doc_id is None:
                    self._last_id += 1
                    doc_id = self.ids[key] = self._last_id
                table[doc_id] = doc

        self._update_table(updater)

    def by_key(self, key: str) -> Document | None:
        doc_id = self.ids.get(key)
        return None if doc_id is None else self.get(doc_id=doc_id)

    def docs(self) -> Iterator[Doc]:
        """The stored documents themselves, uncopied: callers copy what they hand out."""
        raw: dict[str, Doc] = self._read_table()  # type: ignore[assignment]
        return iter(raw.values())


class TableDB(TinyDB):
    """A TinyDB whose tables are ``KeyedTable``s."""

    table_class = KeyedTable  # type: ignore[assignment]


def open_table(path: Path, name: str) -> tuple[SnapshotStorage, KeyedTable]:
    """A TinyDB over one table file, with its storage (not yet loaded)."""
    db = TableDB(path, storage=SnapshotStorage)
    table = db.table(name)
    assert isinstance(table, KeyedTable)
    storage = db.storage
    assert isinstance(storage, SnapshotStorage)
    return storage, table
