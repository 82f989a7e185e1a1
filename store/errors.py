"""Errors of the store, in their own module so every store module can raise them."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The store cannot be opened or written (locked, corrupt, read-only)."""


class StoreLocked(StoreError):
    """Another process holds the store's writer lock."""

    def __init__(self, message: str, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid
