"""Ungraded visits: focused visits, monitoring visits and joint targeted area inspections.

A page about a newly published visit letter is an alert with one ungraded event; a page
that only mentions a visit in passing ("a focused visit in 2019") or announces one ("will
carry out a monitoring visit") is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alerts.statements import sentences

_VISIT = re.compile(
    r"(?P<focused_visit>focused\s+visits?)|(?P<monitoring_visit>monitoring\s+visits?)|"
    r"(?P<jtai>joint\s+targeted\s+area\s+inspections?|\bJTAIs?\b|targeted\s+area\s+inspections?|"
    r"joint\s+targeted\s+inspections?|joint\s+inspections?\s+of\s+(?:the\s+)?(?:multi-?agency|"
    r"local\s+)|\b(?:CQC|Care\s+Quality\s+Commission),?\s+(?:the\s+)?(?:HMICFRS|HM\s+Inspectorate\s+"
    r"of\s+Constabulary))",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|due\s+to|is\s+to|are\s+to|next|upcoming|expected|planned|scheduled|"
    r"forthcoming|ahead\s+of|later\s+this)\b",
    re.I,
)
_PAST_NEAR = re.compile(
    r"\b(?:previous|prior|earlier|last\s+year|in\s+the\s+past|first\s+of|series\s+of|"
    r"since\s+then|has\s+had|have\s+had|had\s+(?:two|three|four|five|six|seven|eight|several)|"
    r"since\s+(?:its|the)\s+(?:last|first)|a\s+number\s+of)\b[^.]{0,30}$|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|many|\d+)\s+(?:\w+\s+)?$",
    re.I,
)
_YEAR_AFTER = re.compile(r"^[^.]{0,25}?\b(?:in|during|of)\s+(?:\w+\s+)?((?:19|20)\d\d)\b")
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)(?:'s)?\s+$")
_REPORTED = re.compile(
    r"\b(?:published|letter|found|findings|said|says|noted|identified|highlighted|concluded|"
    r"reported|praised|criticised|looked\s+at|showed|shows|raised|recognised)\b",
    re.I,
)


@dataclass(frozen=True)
class Visit:
    """The visit a page reports, and whether it is current, merely past, or still to come."""

    kind: str
    current: bool
    future: bool
    prominent: bool
    sentence: str


def find_visit(text: str, ref_year: int | None, lead_chars: int = 0) -> Visit | None:
    """The first visit the page reports as newly done, else one it announces, else any."""
    first: Visit | None = None
    for start, sentence in sentences(text):
        for m in _VISIT.finditer(sentence):
            kind = m.lastgroup or "focused_visit"
            left, right = sentence[: m.start()], sentence[m.end():]
            future = bool(_FUTURE.search(left[-60:] + " " + right[:40]))
            old = bool(_PAST_NEAR.search(left[-50:]))
            year_m = _YEAR_AFTER.match(right) or _YEAR_BEFORE.search(left)
            if year_m and ref_year is not None and int(year_m.group(1)) < ref_year - 1:
                old = True
            current = not future and not old and bool(_REPORTED.search(text))
            visit = Visit(kind, current, future and not old, start <= lead_chars,
                          sentence.strip())
            if current:
                return visit
            if first is None or (visit.future and not first.future):
                first = visit
    return first
