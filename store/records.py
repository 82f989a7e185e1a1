"""Domain records kept in the store.

Each record is a plain dataclass that round-trips through JSON (``to_dict`` /
``from_dict``) and names its natural key, so every write is an upsert by that
key and never a blind insert.  Dates and times are ISO strings: they sort
correctly, survive JSON and need no custom encoder.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")

# Vocabulary shared by every package (CONTRACT.md).
INSPECTIONS = (
    "ilacs", "sif", "legacy", "focused_visit", "monitoring_visit", "jtai", "send", "other",
)
JUDGEMENTS = (
    "overall", "leaders", "help_protection", "in_care", "care_leavers", "adoption", "lscb",
    "send_outcome",
)
GRADES = (
    "outstanding", "good", "requires_improvement", "adequate", "inadequate",
    "positive", "inconsistent", "systemic_failings",
)
# Delivery states of the outbox, in the order a message moves through them.
DELIVERY_STATES = ("queued", "sending", "sent", "failed", "gave_up")


class Record:
    """Base for stored records: JSON round-trip and a natural key."""

    table: ClassVar[str]

    @property
    def key(self) -> str:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[R], data: dict[str, Any]) -> R:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Subscription(Record):
    """A chat and the councils (canonical registry names) it follows."""

    table: ClassVar[str] = "subscriptions"
    chat_id: int
    councils: list[str] = field(default_factory=list)
    active: bool = True
    inactive_reason: str | None = None  # "blocked", "chat not found", "migrated", ...
    chat_type: str = "private"
    prefs: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    @property
    def key(self) -> str:
        return str(self.chat_id)


@dataclass
class Event(Record):
    """One inspection of one council, whatever the number of sources.

    ``judgements`` maps judgement -> grade (empty for ungraded visits);
    ``previous`` the grade before, per judgement; ``changes`` improved /
    declined / unchanged / first.  ``history`` events were backfilled and are
    never alerted.  ``news`` holds every article that reported it.
    """

    table: ClassVar[str] = "events"
    event_id: str
    council: str
    council_code: str | None
    inspection: str
    judgements: dict[str, str] = field(default_factory=dict)
    previous: dict[str, str] = field(default_factory=dict)
    changes: dict[str, str] = field(default_factory=dict)
    published: str | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    report_url: str | None = None
    report_id: str | None = None
    title: str | None = None
    news: list[dict[str, Any]] = field(default_factory=list)
    confirmed: bool = False
    history: bool = False
    corrections: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""

    @property
    def key(self) -> str:
        return self.event_id


@dataclass
class Document(Record):
    """A URL the crawlers have seen, with what a conditional GET needs."""

    table: ClassVar[str] = "documents"
    url: str
    source: str = ""
    kind: str = "page"  # report | article | page | feed
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    first_seen: str = ""
    last_seen: str = ""
    status: str = "ok"  # ok | error | not_pdf | filtered
    error: str | None = None
    verdict: dict[str, Any] = field(default_factory=dict)  # matcher verdict, for "why?"
    event_ids: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.url


@dataclass
class Alert(Record):
    """Something to tell subscribers of ``council`` about ``event_id``.

    kind: ``new`` (first news of an event), ``correction`` (the report
    changed what an earlier news-only alert said), ``confirmed`` (the report
    agrees: an edit of the earlier message, not a new one), ``notice`` (an
    operator notice to admins, carried in ``text``; ``event_id`` empty).
    """

    table: ClassVar[str] = "alerts"
    alert_id: str
    event_id: str
    council: str
    kind: str = "new"  # new | correction | confirmed | notice
    text: str | None = None  # the message itself, for operator notices
    created_at: str = ""

    @property
    def key(self) -> str:
        return self.alert_id


@dataclass
class Delivery(Record):
    """The ledger row of one alert to one chat: unique per (alert, chat)."""

    table: ClassVar[str] = "deliveries"
    alert_id: str
    chat_id: int
    state: str = "queued"
    message_ids: list[int] = field(default_factory=list)
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: str | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def key(self) -> str:
        return delivery_key(self.alert_id, self.chat_id)


def delivery_key(alert_id: str, chat_id: int) -> str:
    return f"{alert_id}|{chat_id}"


@dataclass
class SourceHealth(Record):
    """How a source has been doing: one row per configured source."""

    table: ClassVar[str] = "sources"
    name: str
    kind: str = ""
    url: str = ""
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    consecutive_failures: int = 0
    items_seen: int = 0
    last_new_item_at: str | None = None
    typical_gap_hours: float | None = None  # usual time between new items
    failing_notified: bool = False
    stale_notified: bool = False

    @property
    def key(self) -> str:
        return self.name


@dataclass
class CrawlRun(Record):
    """One crawl: when, how it ended, what it found."""

    table: ClassVar[str] = "runs"
    run_id: str
    started_at: str
    finished_at: str | None = None
    status: str = "running"  # running | ok | partial | failed | timeout | killed
    trigger: str = "cli"  # cli | schedule | backfill | demo | bot
    pid: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.run_id


RECORD_TYPES: tuple[type[Record], ...] = (
    Subscription, Event, Document, Alert, Delivery, SourceHealth, CrawlRun,
)
