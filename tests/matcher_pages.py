"""Helpers for whole-page matcher tests: classify a page as of a fixed now, and read back
what it graded."""

from __future__ import annotations

from datetime import date, datetime

from alerts.matcher import PageVerdict, classify

NOW = datetime(2026, 11, 23, 12, 0)


def page(text: str, published: str | None = None) -> PageVerdict:
    """The verdict on `text`, dated `published` (ISO) when given, as of NOW."""
    return classify(text, published=date.fromisoformat(published) if published else None,
                    now=NOW)


def graded(verdict: PageVerdict) -> set[tuple]:
    """(council, judgement, grade) of every event."""
    return {(e.council, e.judgement, e.grade) for e in verdict.events}


def quiet(verdict: PageVerdict) -> bool:
    """No alert and no events."""
    return not verdict.alert and verdict.events == ()
