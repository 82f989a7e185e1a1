"""Source health: successes, failures, staleness, and the operator notices they raise.

A source failing ``failure_threshold`` times in a row raises ONE notice (not
one per crawl) and a recovery resets it; a source silent for ``stale_factor``
times its usual gap between new items is flagged stale.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alerts.events import queue_notice
from store.db import Store
from store.records import SourceHealth

MIN_STALE_HOURS = 24.0  # never call a source stale within a day


def _hours_between(a: str, b: datetime) -> float:
    try:
        then = datetime.fromisoformat(a)
    except ValueError:
        return 0.0
    if then.tzinfo is None and b.tzinfo is not None:
        then = then.replace(tzinfo=b.tzinfo)
    return max(0.0, (b - then).total_seconds() / 3600)


def record_source(store: Store, item: dict[str, Any], *, now: datetime,
                  admins: tuple[int, ...], failure_threshold: int,
                  stale_factor: float) -> SourceHealth:
    """Fold one crawl's ``source`` line into that source's health row."""
    name = str(item.get("name") or "?")
    health = store.sources.get(name) or SourceHealth(name=name)
    health.kind = item.get("kind") or health.kind
    health.url = item.get("url") or health.url
    stamp = now.isoformat(timespec="seconds")
    if item.get("ok"):
        health.last_success = stamp
        health.consecutive_failures = 0
        health.failing_notified = False
        new_items = int(item.get("items") or 0)
        health.items_seen += new_items
        if new_items:
            if health.last_new_item_at:
                gap = _hours_between(health.last_new_item_at, now)
                old = health.typical_gap_hours
                health.typical_gap_hours = gap if old is None else 0.7 * old + 0.3 * gap
            health.last_new_item_at = stamp
            health.stale_notified = False
    else:
        health.last_error = str(item.get("error") or "failed")[:500]
        health.last_error_at = stamp
        health.consecutive_failures += 1
        if health.consecutive_failures >= failure_threshold and not health.failing_notified:
            health.failing_notified = True
            queue_notice(
                store, f"failing:{name}:{stamp}",
                f"Source {name} has failed {health.consecutive_failures} crawls in a row. "
                f"Last error: {health.last_error}", admins)
    if is_stale(health, now, stale_factor) and not health.stale_notified:
        health.stale_notified = True
        queue_notice(store, f"stale:{name}:{stamp}",
                     f"Source {name} has found nothing new for far longer than usual "
                     f"(last new item {health.last_new_item_at}).", admins)
    store.sources.put(health)
    return health


def is_stale(health: SourceHealth, now: datetime, stale_factor: float) -> bool:
    """Silent for ``stale_factor`` times its usual gap (and at least a day)."""
    if not health.last_new_item_at or not health.typical_gap_hours:
        return False
    silent = _hours_between(health.last_new_item_at, now)
    return silent > max(MIN_STALE_HOURS, stale_factor * health.typical_gap_hours)
