"""The store facade: typed collections of records, upserted by natural key.

``Store(path)`` opens the directory of TinyDB files as the single writer
(an flock on ``writer.lock``: a second writer gets ``StoreLocked``);
``Store(path, readonly=True)`` opens a snapshot for readers such as
``status``, which never block the writer (``reload()`` catches up).  Writes
inside ``transaction()`` reach disk together when it ends, or not at all if
it raises; a write outside one is its own transaction.  Every read returns
the caller's own copy.  How it reaches disk: store/tables.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import where

from store.errors import StoreError, StoreLocked
from store.records import (
    RECORD_TYPES,
    Alert,
    CrawlRun,
    Delivery,
    Document,
    Event,
    Record,
    SourceHealth,
    Subscription,
)
from store.tables import TableFiles

R = TypeVar("R", bound=Record)

__all__ = ["Collection", "Store", "StoreError", "StoreLocked", "utcnow"]
META_TABLE = "meta"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Collection(Generic[R]):
    """One table of records of one type, keyed by the record's natural key."""

    def __init__(self, store: Store, record_type: type[R]) -> None:
        self._store = store
        self._type = record_type
        self.name = record_type.table

    def get(self, key: str | int) -> R | None:
        raw = self._store._files.get(self.name, str(key))
        return None if raw is None else self._type.from_dict(raw)

    def put(self, record: R) -> None:
        """Upsert ``record`` by its natural key."""
        self._store._write(self.name, record.key, record.to_dict())

    def delete(self, key: str | int) -> None:
        self._store._write(self.name, str(key), None)

    def all(self) -> list[R]:
        return [self._type.from_dict(raw) for raw in self._store._files.values(self.name)]

    def find(self, predicate: Callable[[R], bool]) -> list[R]:
        return [r for r in self.all() if predicate(r)]

    def __len__(self) -> int:
        return self._store._files.count(self.name)

    def __contains__(self, key: object) -> bool:
        return self._store._files.contains(self.name, str(key))

    def _search(self, cond: Any) -> list[R]:
        """Records matching a TinyDB query (for the store's own domain queries)."""
        return [self._type.from_dict(raw) for raw in self._store._files.search(self.name, cond)]


class Store:
    """All the project's durable state, in one directory."""

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.clock = clock
        tables = [t.table for t in RECORD_TYPES] + [META_TABLE]
        self._files = TableFiles(self.path, readonly=readonly, tables=tables)
        self._depth = 0
        self.subscriptions: Collection[Subscription] = Collection(self, Subscription)
        self.events: Collection[Event] = Collection(self, Event)
        self.documents: Collection[Document] = Collection(self, Document)
        self.alerts: Collection[Alert] = Collection(self, Alert)
        self.deliveries: Collection[Delivery] = Collection(self, Delivery)
        self.sources: Collection[SourceHealth] = Collection(self, SourceHealth)
        self.runs: Collection[CrawlRun] = Collection(self, CrawlRun)

    # -- lifecycle -------------------------------------------------------
    def close(self) -> None:
        """Release the writer lock; writes still staged in an open transaction are dropped."""
        self._files.close()

    def reload(self) -> None:
        """Readers: catch up with what the writer committed since opening (cheap)."""
        self._files.reload()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> str:
        """The current time as an ISO string, from the injected clock."""
        return self.clock().isoformat(timespec="seconds")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes: they reach disk together, once, when the outermost block ends.

        An exception discards what this block staged (an inner block's
        failure leaves the outer block's writes staged) and propagates.
        """
        savepoint = self._files.savepoint()
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._files.rollback(savepoint)
            raise
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._commit()

    def _commit(self) -> None:
        try:
            self._files.commit()
        except BaseException:
            self._files.rollback()
            raise

    def _write(self, table: str, key: str, value: dict[str, Any] | None) -> None:
        if self.readonly:
            raise StoreError(f"store {self.path} is open read-only")
        self._files.stage(table, key, value)
        if self._depth == 0:
            self._commit()

    # -- small key-value table for service state ----------------------------
    def meta(self, key: str, default: Any = None) -> Any:
        raw = self._files.get(META_TABLE, key)
        return default if raw is None else raw.get("value", default)

    def set_meta(self, key: str, value: Any) -> None:
        self._write(META_TABLE, key, {"value": value})

    # -- domain queries used by several packages ----------------------------
    def subscribers(self, council: str) -> list[Subscription]:
        """Active chats following ``council`` (canonical name)."""
        found = self.subscriptions._search(where("councils").any([council]))
        return [s for s in found if s.active]

    def council_events(self, council: str) -> list[Event]:
        """Events of ``council``, oldest first (by publication, then inspection end)."""
        found = self.events._search(where("council") == council)
        return sorted(found, key=lambda e: (e.published or "", e.inspection_end or ""))

    def forget_chat(self, chat_id: int) -> int:
        """Delete everything held about a chat; returns how many rows went."""
        gone = 0
        with self.transaction():
            if self.subscriptions.get(chat_id) is not None:
                self.subscriptions.delete(chat_id)
                gone += 1
            for d in self.deliveries._search(where("chat_id") == chat_id):
                self.deliveries.delete(d.key)
                gone += 1
        return gone
