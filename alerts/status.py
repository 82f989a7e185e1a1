"""The operator's status report: sources, service heartbeat, last crawl, outbox.

Built from a read-only store, so ``status`` works while ``serve`` runs.
``status_report`` returns data (for ``--json`` and the bot's /status);
``render_status`` turns it into a plain-text table.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from alerts.health import is_stale
from store.db import Store
from store.records import DELIVERY_STATES


def _age(stamp: str | None, now: datetime) -> str:
    if not stamp:
        return "never"
    try:
        then = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if then.tzinfo is None:
        then = then.replace(tzinfo=now.tzinfo)
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{seconds}s ago"


def status_report(store: Store, *, now: datetime, stale_factor: float,
                  every_minutes: float) -> dict[str, Any]:
    sources = []
    for health in sorted(store.sources.all(), key=lambda h: h.name):
        sources.append({
            "name": health.name, "kind": health.kind, "url": health.url,
            "last_success": health.last_success, "last_error": health.last_error,
            "last_error_at": health.last_error_at,
            "consecutive_failures": health.consecutive_failures,
            "items_seen": health.items_seen,
            "stale": is_stale(health, now, stale_factor),
        })
    outbox = Counter(d.state for d in store.deliveries.all())
    heartbeat = store.meta("heartbeat")
    last_ok = store.meta("last_successful_crawl")
    overdue = False
    if last_ok:
        try:
            then = datetime.fromisoformat(last_ok)
            overdue = (now - then).total_seconds() > 2 * every_minutes * 60
        except (TypeError, ValueError):
            overdue = False
    return {
        "now": now.isoformat(timespec="seconds"),
        "sources": sources,
        "service": heartbeat,
        "last_crawl": store.meta("last_crawl"),
        "last_successful_crawl": last_ok,
        "crawl_overdue": overdue,
        "outbox": {state: outbox.get(state, 0) for state in DELIVERY_STATES},
        "subscriptions": {
            "active": sum(1 for s in store.subscriptions.all() if s.active),
            "inactive": sum(1 for s in store.subscriptions.all() if not s.active),
        },
        "events": len(store.events),
        "documents": len(store.documents),
    }


def render_status(report: dict[str, Any], now: datetime) -> str:
    lines = ["Sources:"]
    if not report["sources"]:
        lines.append("  (none crawled yet)")
    header = f"  {'source':<22} {'last success':<14} {'fails':>5} {'items':>6}  stale  last error"
    if report["sources"]:
        lines.append(header)
    for s in report["sources"]:
        error = s["last_error"] or "-"
        if s["last_error"]:
            error = f"{_age(s['last_error_at'], now)}: {error}"[:70]
        lines.append(
            f"  {s['name'][:22]:<22} {_age(s['last_success'], now):<14} "
            f"{s['consecutive_failures']:>5} {s['items_seen']:>6}  "
            f"{'STALE' if s['stale'] else 'no':<5}  {error}")
    service = report["service"]
    if service:
        lines.append(f"Service: pid {service.get('pid')}, heartbeat "
                     f"{_age(service.get('at'), now)}")
    else:
        lines.append("Service: not running (no heartbeat)")
    last = report["last_crawl"]
    if last:
        lines.append(f"Last crawl: {last.get('status')} {_age(last.get('finished_at'), now)} "
                     f"(run {last.get('run_id')})")
    else:
        lines.append("Last crawl: never")
    if report["crawl_overdue"]:
        lines.append("WARNING: no successful crawl for more than twice the interval")
    outbox = ", ".join(f"{k} {v}" for k, v in report["outbox"].items())
    lines.append(f"Outbox: {outbox}")
    subs = report["subscriptions"]
    lines.append(f"Subscriptions: {subs['active']} active, {subs['inactive']} inactive; "
                 f"events {report['events']}; documents {report['documents']}")
    return "\n".join(lines)
