"""Ungraded visits: focused visits, monitoring visits and joint targeted area inspections.

A page about a newly published visit letter is an alert with one ungraded event; a page
that only mentions a visit in passing ("a focused visit in 2019") or announces one ("will
carry out a monitoring visit") is not. On a preview, or where the visit is looked back on
("the most recent monitoring visit, in September, found ..."), the visit needs its letter or
findings said to be newly out, or to be the page's headline subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alerts.statements import Mention, sentences
from alerts.topics import PREVIEW

_VISIT = re.compile(
    r"(?P<focused_visit>focused\s+visits?)|(?P<monitoring_visit>monitoring\s+(?:visits?|letters?))|"
    r"(?P<jtai>joint\s+targeted\s+area\s+inspections?|\bJTAIs?\b|targeted\s+area\s+inspections?|"
    r"joint\s+targeted\s+inspections?|joint\s+inspections?\s+of\s+(?:the\s+)?(?:multi-?agency|"
    r"local\s+)|\b(?:CQC|Care\s+Quality\s+Commission),?\s+(?:the\s+)?(?:HMICFRS|HM\s+Inspectorate\s+"
    r"of\s+Constabulary)|"
    # the JTAI inspectorates listed: Ofsted and the CQC alone inspect area SEND
    r"\b(?:CQC|Care\s+Quality\s+Commission|HMICFRS|HM\s+Inspectorate\s+of\s+(?:Constabulary|"
    r"Probation)|HMI\s+Probation)\b[^.;]{0,90}?\b(?:HMICFRS|HM\s+Inspectorate\s+of\s+"
    r"(?:Constabulary|Probation)|HMI\s+Probation)\b|"
    r"\bletter\s+to\s+(?:the\s+)?(?:\w+\s+)?(?:local\s+)?safeguarding\s+partners(?:hip)?\b)",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|ready\s+for|prepar\w+\s+for|due\s+to|is\s+to|are\s+to|next|upcoming|expected|"
    r"planned|scheduled|"
    r"forthcoming|ahead\s+of|later\s+this)\b",
    re.I,
)
_PAST_NEAR = re.compile(
    r"\b(?:previous|prior|earlier|last\s+year|in\s+the\s+past|first\s+of|series\s+of|"
    r"since\s+then|has\s+had|have\s+had|had\s+(?:two|three|four|five|six|seven|eight|several)|"
    r"since\s+(?:its|the)\s+(?:last|first)|a\s+number\s+of)\b[^.]{0,30}$|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|many|\d+)\s+(?:\w+\s+)?$|"
    r"\blast\s+(?:visited|inspected|went\s+in|came)\b[^.]{0,40}$",
    re.I,
)
_YEAR_AFTER = re.compile(r"^[^.]{0,25}?\b(?:in|during|of|since)\s+(?:\w+\s+)?((?:19|20)\d\d)\b")
# "a focused visit by Ofsted earlier this year found ...": an older letter, not this one
_EARLIER_AFTER = re.compile(
    r"^(?:\s+(?:by|from)\s+(?:ofsted|inspectors))?\s*,?\s*(?:earlier\s+this\s+year|last\s+(?:year|"
    r"spring|summer|autumn|winter)|back\s+in)\b", re.I)
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)(?:'s)?\s+$")
_REPORTED = re.compile(
    r"\b(?:published|letter|found|findings|said|says|noted|identified|highlighted|concluded|"
    r"reported|praised|criticised|looked\s+at|showed|shows|raised|recognised)\b",
    re.I,
)


# The visit's own letter or findings are news: "published today", "a letter published on
# Tuesday", "inspectors said in a letter", "has found".
_FRESH_VISIT = re.compile(
    r"\b(?:today|this\s+week|yesterday|this\s+morning|just\s+been\s+published|"
    r"(?:published|released)\s+(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:letter|findings|report)\s+(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+)?"
    r"(?:published|released)(?!\s+(?:in|back\s+in|last|previously|earlier)\b)|"
    r"(?:published|released)\s+(?:a|its|their|the)\s+(?:\w+\s+)?"
    r"(?:letter|findings)|in\s+(?:a|its|their|the)\s+(?:\w+\s+){0,2}letter|"
    r"(?:has|have)\s+(?:now\s+)?(?:found|said|praised|criticised|highlighted|identified|"
    r"published|noted|concluded))\b",
    re.I,
)


_RECALLED_BEFORE = re.compile(r"\b(?:most\s+recent|last|previous|earlier|latest|prior|"
                              r"first|second|third|fourth|fifth|sixth)\s+(?:[\w-]+\s+)?$", re.I)
_RECALLED_AFTER = re.compile(r"^\s*(?:(?:report|letter)\b)?\s*(?:\([^)]*\)|,\s*(?:published\s+|"
                             r"carried\s+out\s+|held\s+)?(?:back\s+)?(?:in|on|during|at)\b)", re.I)


_PUBLISHED_HEADING = re.compile(r"\b(?:published|out\s+(?:today|this\s+week)|new\s+this\s+week|"
                                r"latest\s+letters?)\b", re.I)
_SERIES_OUT = re.compile(r"\b(?:published|released|today|this\s+week|yesterday|letters?\s+"
                         r"(?:published|released|out))\b", re.I)
_SERIES = re.compile(r"(?:visits|letters|inspections|JTAIs)$", re.I)


def fresh_letter(text: str) -> bool:
    """The page says a visit letter or its findings are newly out."""
    return _FRESH_VISIT.search(text) is not None


@dataclass(frozen=True)
class Visit:
    """The visit a page reports, and whether it is current, merely past, or still to come."""

    kind: str
    current: bool
    future: bool
    prominent: bool
    sentence: str
    fresh: bool = False  # its sentence says the letter or findings are newly out
    reported: bool = False  # its sentence reports findings ("found", "said")
    recalled: bool = False  # "the most recent monitoring visit, in September, ...": looked back on


def find_visit(text: str, ref_year: int | None, lead_chars: int = 0) -> Visit | None:
    """The first visit the page reports as newly done, else one it announces, else any."""
    first: Visit | None = None
    for start, sentence in sentences(text):
        for m in _VISIT.finditer(sentence):
            kind = m.lastgroup or "focused_visit"
            left, right = sentence[: m.start()], sentence[m.end():]
            # "The JTAI ... started yesterday and will include ...": under way, not reported
            future = bool(_FUTURE.search(left[-60:] + " " + right[:40]) or PREVIEW.search(sentence))
            old = bool(_PAST_NEAR.search(left[-50:]) or _EARLIER_AFTER.match(right))
            year_m = _YEAR_AFTER.match(right) or _YEAR_BEFORE.search(left)
            if year_m and ref_year is not None and int(year_m.group(1)) < ref_year - 1:
                old = True
            # "monitoring visits have since recorded progress": a series, unless said to be out
            # (plural visits "have found" progress over time: only a letter said to be out
            # makes one of them news)
            series = bool(_SERIES.search(m.group(0))) and not _SERIES_OUT.search(sentence)
            current = not future and not old and not series and bool(_REPORTED.search(text))
            recalled = bool(_RECALLED_BEFORE.search(left[-40:]) and _RECALLED_AFTER.match(right))
            visit = Visit(kind, current, future and not old, start <= lead_chars,
                          sentence.strip(), bool(_FRESH_VISIT.search(sentence)),
                          bool(_REPORTED.search(sentence)), recalled)
            if current:
                return visit
            if first is None or (visit.future and not first.future):
                first = visit
    return first


def fresh_visits(
    text: str, mentions: list[Mention], ref_year: int | None
) -> list[tuple[str, Visit]]:
    """Councils whose visit letter the page reports as newly out, one sentence each ("Oldham
    had a focused visit; inspectors said in a letter published on Tuesday ..."): the visits
    of a roundup beside other councils' graded results."""
    found: list[tuple[str, Visit]] = []
    split = sentences(text)
    for i, (start, sentence) in enumerate(split):
        m = _VISIT.search(sentence)
        if not m:
            continue
        left, right = sentence[: m.start()], sentence[m.end():]
        if _FUTURE.search(left[-60:] + " " + right[:40]) or _PAST_NEAR.search(left[-50:]):
            continue
        year_m = _YEAR_AFTER.match(right) or _YEAR_BEFORE.search(left)
        if year_m and ref_year is not None and int(year_m.group(1)) < ref_year - 1:
            continue
        inside = [x for x in mentions if start <= x.start < start + len(sentence)]
        before = [x for x in inside if x.start < start + m.start()]
        earlier = [x for x in mentions if start - 300 <= x.start < start]
        # a sentence naming no council belongs to the one just named ("Nottingham City Council:
        # a monitoring visit letter. The city's news was a monitoring visit ...")
        named = before[-1] if before else (inside[0] if inside else
                                           (earlier[-1] if earlier else None))
        if named is None:
            continue
        # ... and the next sentences may say the letter is out ("The letter, published today,
        # says ..."), until another council is named
        heading = split[i - 1][1] if i else ""  # "Also published" over the paragraph
        fresh = bool(_FRESH_VISIT.search(sentence)) or (
            len(heading) < 40 and bool(_PUBLISHED_HEADING.search(heading)))
        for later_start, later in split[i + 1 : i + 5]:
            if fresh or any(later_start <= x.start < later_start + len(later) and
                            x.council != named.council for x in mentions):
                break
            fresh = bool(_FRESH_VISIT.search(later))
        if fresh:
            visit = Visit(m.lastgroup or "focused_visit", True, False, False, sentence.strip(),
                          True)
            found.append((named.council, visit))
    return found
