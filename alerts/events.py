"""Merging sources into events: one event per council and inspection.

A news article and, later, the Ofsted PDF of the same inspection become one
event.  The first source of a live (non-history) event queues a ``new``
alert; a report arriving for a news-only event confirms it and queues either
a ``confirmed`` edit or, when the paper got a grade wrong, a ``correction``,
never a second full alert.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from alerts.changes import (
    apply_changes,
    compatible,
    days_apart,
    disagreements,
    event_date,
    within,
)
from store.db import Store
from store.records import Alert, Delivery, Event

# A news report and the PDF of the same inspection are published this close together.
SAME_INSPECTION_DAYS = 45


@dataclass
class Outcome:
    """What one merge did, for the ingest summary."""

    event: Event
    created: bool = False
    confirmed: bool = False
    alerts: list[Alert] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _closest(store: Store, council: str, inspection: str, published: str | None,
             *, unconfirmed_only: bool) -> Event | None:
    best: tuple[int, Event] | None = None
    for event in store.council_events(council):
        if unconfirmed_only and event.confirmed:
            continue
        if not compatible(event.inspection, inspection):
            continue
        if not within(event_date(event), published, SAME_INSPECTION_DAYS):
            continue
        score = days_apart(event_date(event), published)
        if best is None or score < best[0]:
            best = (score, event)
    return best[1] if best else None


def queue_alert(store: Store, event: Event, kind: str, chat_ids: list[int]) -> Alert | None:
    """Create the alert row and one queued delivery per chat (idempotent by key)."""
    if kind == "new":
        alert_id = f"{event.event_id}:new"
    else:
        alert_id = f"{event.event_id}:{kind}:{len(event.corrections)}:{event.report_id or ''}"
    if store.alerts.get(alert_id) is not None:
        return None
    now = store.now()
    alert = Alert(alert_id=alert_id, event_id=event.event_id, council=event.council,
                  kind=kind, created_at=now)
    store.alerts.put(alert)
    for chat_id in chat_ids:
        key = Delivery(alert_id=alert_id, chat_id=chat_id).key
        if store.deliveries.get(key) is None:
            store.deliveries.put(Delivery(alert_id=alert_id, chat_id=chat_id,
                                          created_at=now, updated_at=now))
    return alert


def queue_notice(store: Store, notice_id: str, text: str, admins: tuple[int, ...]) -> Alert | None:
    """An operator notice for the admins, once per ``notice_id``."""
    alert_id = f"notice:{notice_id}"
    if store.alerts.get(alert_id) is not None:
        return None
    now = store.now()
    alert = Alert(alert_id=alert_id, event_id="", council="", kind="notice", text=text,
                  created_at=now)
    store.alerts.put(alert)
    for chat_id in admins:
        store.deliveries.put(Delivery(alert_id=alert_id, chat_id=chat_id,
                                      created_at=now, updated_at=now))
    return alert


def _chats_told(store: Store, event: Event) -> list[int]:
    """Chats that were (or are about to be) sent the event's first alert."""
    first = f"{event.event_id}:new"
    return sorted({d.chat_id for d in store.deliveries.find(
        lambda d: d.alert_id == first and d.state != "gave_up")})


def merge_report(store: Store, *, report: dict[str, Any], file_id: str, url: str,
                 published: str | None, title: str | None, history: bool) -> Outcome:
    """Fold a parsed report into its event, creating or confirming one."""
    council = report["council"]
    inspection = report.get("inspection") or "other"
    judgements = dict(report.get("judgements") or {})
    now = store.now()
    event_id = f"report:{file_id}"
    existing = store.events.get(event_id)
    if existing is not None:
        return Outcome(existing)
    match = _closest(store, council, inspection, published, unconfirmed_only=True)
    fields: dict[str, Any] = dict(
        council_code=report.get("council_code"), inspection=inspection,
        inspection_start=report.get("inspection_start"),
        inspection_end=report.get("inspection_end"), report_url=url, report_id=file_id,
        title=title, confirmed=True, updated_at=now,
    )
    if match is None:
        event = Event(event_id=event_id, council=council, judgements=judgements,
                      published=published, history=history, created_at=now, **fields)
        apply_changes(event, store.council_events(council), {})
        store.events.put(event)
        outcome = Outcome(event, created=True)
        if not history:
            alert = queue_alert(store, event, "new",
                                [s.chat_id for s in store.subscribers(council)])
            outcome.alerts += [alert] if alert else []
        return outcome
    # The news got there first: confirm that event, noting where the paper was wrong.
    wrong = disagreements(match.judgements, judgements)
    for key, value in fields.items():
        setattr(match, key, value)
    stated = dict(match.previous)
    match.judgements = judgements
    match.corrections = match.corrections + wrong
    apply_changes(match, store.council_events(council), stated)
    store.events.put(match)
    outcome = Outcome(match, confirmed=True)
    if not match.history and not history:
        alert = queue_alert(store, match, "correction" if wrong else "confirmed",
                            _chats_told(store, match))
        outcome.alerts += [alert] if alert else []
    return outcome


def merge_news(store: Store, *, council: str, council_code: str | None, inspection: str,
               grades: dict[str, str], stated_previous: dict[str, str], evidence: list[str],
               url: str, source: str, published: str | None, history: bool) -> Outcome:
    """Fold one council's result from a news article into its event."""
    now = store.now()
    mention = {"url": url, "source": source, "published": published,
               "judgements": grades, "evidence": evidence[:3]}
    match = _closest(store, council, inspection, published, unconfirmed_only=False)
    if match is not None:
        if all(n.get("url") != url for n in match.news):
            match.news = [*match.news, mention]
        else:
            match.news = [mention if n.get("url") == url else n for n in match.news]
        if not match.confirmed:
            added = {j: g for j, g in grades.items() if j not in match.judgements}
            if added:
                match.judgements = {**match.judgements, **added}
                apply_changes(match, store.council_events(council),
                              {**stated_previous, **match.previous})
        match.updated_at = now
        store.events.put(match)
        return Outcome(match)
    event = Event(
        event_id=f"news:{_slug(council)}:{inspection}:{published or now[:10]}",
        council=council, council_code=council_code, inspection=inspection,
        judgements=dict(grades), published=published, news=[mention], confirmed=False,
        history=history, evidence=evidence[:3], created_at=now, updated_at=now,
    )
    apply_changes(event, store.council_events(council), stated_previous)
    store.events.put(event)
    outcome = Outcome(event, created=True)
    if not history:
        alert = queue_alert(store, event, "new", [s.chat_id for s in store.subscribers(council)])
        outcome.alerts += [alert] if alert else []
    return outcome
