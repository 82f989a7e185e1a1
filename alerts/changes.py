"""Change rules: what a new result means against the council's earlier ones.

Pure functions over ``Event`` records.  A judgement's previous grade comes
from the latest earlier event of the same council that graded it (or, when
the store knows no history, from what the news page said); its change is
improved, declined, unchanged, or first (no earlier grade for it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from store.records import Event

GRADED_KINDS = frozenset({"ilacs", "sif", "legacy"})
VISIT_KINDS = frozenset({"focused_visit", "monitoring_visit", "jtai"})

# Higher is better.  "adequate" (pre-2013 scale) sits where requires improvement does.
RANK = {
    "outstanding": 4, "good": 3, "requires_improvement": 2, "adequate": 2, "inadequate": 1,
    "positive": 3, "inconsistent": 2, "systemic_failings": 1,
}


def event_date(event: Event) -> str:
    """The date an event is ordered by: publication, else end of inspection."""
    return event.published or event.inspection_end or event.inspection_start or ""


def compatible(a: str, b: str) -> bool:
    """Could two inspection kinds describe the same inspection?

    Graded regimes are told apart by era, which a news page may guess wrongly,
    so any two graded kinds are compatible; ``other`` matches anything.
    """
    if a == b or "other" in (a, b):
        return True
    return a in GRADED_KINDS and b in GRADED_KINDS


def change(previous: str | None, now: str | None) -> str | None:
    """improved / declined / unchanged / first, or None for an ungraded judgement."""
    if now is None:
        return None
    if previous is None:
        return "first"
    if previous not in RANK or now not in RANK:
        return "unchanged" if previous == now else "first"
    diff = RANK[now] - RANK[previous]
    return "improved" if diff > 0 else "declined" if diff < 0 else "unchanged"


def previous_grades(event: Event, history: Iterable[Event]) -> dict[str, str]:
    """For each graded judgement of ``event``, the grade the council had before it."""
    when = event_date(event)
    earlier = sorted(
        (e for e in history
         if e.event_id != event.event_id and e.judgements and event_date(e) < when),
        key=event_date,
    )
    found: dict[str, str] = {}
    for judgement in event.judgements:
        for old in reversed(earlier):
            grade = old.judgements.get(judgement)
            if grade:
                found[judgement] = grade
                break
    return found


def apply_changes(event: Event, history: Iterable[Event], stated: dict[str, str]) -> None:
    """Fill ``event.previous`` and ``event.changes`` in place.

    ``stated`` holds previous grades the news said; stored history wins
    because it comes from Ofsted's own reports.
    """
    known = previous_grades(event, history)
    previous = {**{j: g for j, g in stated.items() if j in event.judgements}, **known}
    event.previous = previous
    event.changes = {
        j: c for j, g in event.judgements.items() if (c := change(previous.get(j), g))
    }


def disagreements(news: dict[str, str], report: dict[str, str]) -> list[dict[str, str | None]]:
    """Judgements where the news said something the report does not."""
    out: list[dict[str, str | None]] = []
    for judgement, grade in sorted(news.items()):
        official = report.get(judgement)
        if official != grade:
            out.append({"judgement": judgement, "news": grade, "report": official})
    return out


def days_apart(a: str | None, b: str | None) -> int:
    """Days between two ISO dates; a huge number when either is unknown or invalid."""
    if not a or not b:
        return 10**6
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return 10**6


def within(a: str | None, b: str | None, days: int) -> bool:
    """True when two ISO dates are at most ``days`` apart (unknown dates never are)."""
    return days_apart(a, b) <= days
