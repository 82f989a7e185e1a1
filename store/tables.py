"""Table files on disk: in-memory rows keyed by natural key, committed atomically.

First implementation (to be hardened: journal, lock, linear cost). Each table
is one TinyDB JSON file; staged rows are written on ``commit``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class TableFiles:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        if not readonly:
            path.mkdir(parents=True, exist_ok=True)
        self._rows: dict[str, dict[str, dict[str, Any]]] = {}
        self._staged: dict[str, dict[str, dict[str, Any] | None]] = {}

    def _table(self, name: str) -> dict[str, dict[str, Any]]:
        rows = self._rows.get(name)
        if rows is None:
            rows = {}
            file = self.path / f"{name}.json"
            if file.exists():
                data = json.loads(file.read_text("utf-8") or "{}")
                for doc in data.get(name, {}).values():
                    rows[doc["_key"]] = {k: v for k, v in doc.items() if k != "_key"}
            self._rows[name] = rows
        return rows

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        staged = self._staged.get(table, {})
        if key in staged:
            return staged[key]
        return self._table(table).get(key)

    def values(self, table: str) -> Iterator[dict[str, Any]]:
        merged = dict(self._table(table))
        for key, value in self._staged.get(table, {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return iter(list(merged.values()))

    def count(self, table: str) -> int:
        return sum(1 for _ in self.values(table))

    def stage(self, table: str, key: str, value: dict[str, Any] | None) -> None:
        self._staged.setdefault(table, {})[key] = value

    def commit(self) -> None:
        staged, self._staged = self._staged, {}
        for table, changes in staged.items():
            rows = self._table(table)
            for key, value in changes.items():
                if value is None:
                    rows.pop(key, None)
                else:
                    rows[key] = value
            data = {table: {str(i): {"_key": k, **v} for i, (k, v) in enumerate(rows.items(), 1)}}
            fd, tmp = tempfile.mkstemp(dir=self.path, prefix=f".{table}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path / f"{table}.json")

    def close(self) -> None:
        if self._staged:
            self.commit()
