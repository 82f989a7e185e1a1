"""Tense cues: is a grade the new result, history, or a wish?

"up from requires improvement", "rated inadequate in 2015", "when inspectors last visited",
"last month", "Plymouth, which was rated good" mark history; "remains", "kept", "once again"
mark a new grade equal to the old one; "aims to become", "not yet", "could be" mark no grade.
Years and months are read against the page's own date.
"""

from __future__ import annotations

import re
from datetime import date

from alerts.pagedates import MONTHS

ASPIRATION = re.compile(
    r"\b(?:aim(?:s|ing)?|ambitions?|aspir\w+|striv\w+|want(?:s|ed)?|hop(?:e|es|ed|ing)|deserv(?:e|es|ed|ing)|goal|"
    r"targets?|becom(?:e|ing)|to\s+achieve|achieving\s+(?:a|an)|to\s+reach|reaching|journey|path|"
    r"towards?|move\s+to|moving\s+to|get\s+to|getting\s+to|return\s+to|push(?:ing)?\s+for|"
    r"bid\s+for|could|would|should|will|might|must|plans?\s+to|determined|ready\s+to|"
    r"on\s+track|expect(?:s|ed|ing)?|predict\w*|likely|until|need\s+to\s+be|if|unless|"
    r"before(?!\s+(?:improving|moving|rising|climbing|falling|dropping|slipping|sliding|being|"
    r"it\s+was|they\s+were|going))|can\s+be|can't\s+be|cannot\s+be)\b[^.;:]*$",
    re.I,
)
NEGATION = re.compile(
    r"(?:\bnot\b|\bnever\b|n't|\bfar\s+from\b|\bshort\s+of\b|\brather\s+than\b|\binstead\s+of\b|"
    r"\bnor\b)\s+(?:\w+\s+){0,2}$",
    re.I,
)
NO_LONGER = re.compile(r"\bno\s+longer\s+(?:\w+\s+){0,2}$|\bout\s+of\s+(?:the\s+|its\s+|an\s+)?"
                       r"(?:being\s+)?$", re.I)
RETAINED = re.compile(
    r"\b(?:remains?|remained|stay(?:s|ed)?|kept|keeps|keeping|retain(?:s|ed|ing)?|"
    r"maintain(?:s|ed|ing)?|still|once\s+again|again|continues?\s+to\s+be|held\s+on\s+to|"
    r"holds?\s+on\s+to|hung\s+on\s+to)\b",
    re.I,
)
FROM_END = re.compile(
    r"\bfrom(?:\s+(?:an?|its|their|the|being))?(?:\s+(?:previous|earlier|former|last))?"
    r"(?:\s+(?:rating|grade|judgement)\s+of)?\s*$|\b(?:loses?|lost|losing|stripped\s+of)"
    r"(?:\s+(?:its|their|the|an?))?\s*['\"]?\s*$",
    re.I,
)
PAST = re.compile(
    r"\b(?:previous(?:ly)?|last\s+(?:full|graded|standard|ofsted)\s+(?:report|inspection)|"
    r"last\s+(?:inspect\w*|full\s+inspection|time|year|visit\w*|report|"
    r"rated|judged|graded|month|assessment|ofsted|ilacs)|last\s+year'?s|when\s+(?:inspectors|"
    r"ofsted|it|they|the\s+council)\s+(?:last|previously|first|was\s+last)|former(?:ly)?|"
    r"earlier\s+rating|prior|in\s+the\s+past|used\s+to|had\s+been|had\s+previously|originally|"
    r"at\s+the\s+time|(?:years?|months|decades?)\s+(?:ago|after|before|earlier|later|on)\b|"
    r"the\s+rating\s+it\s+"
    r"was\s+given|ratings?\s+(?:from|of|in)\s+(?:19|20)\d\d|as\s+it\s+was|as\s+they\s+were|"
    r"back\s+in|back\s+then|earlier\s+this\s+year|two\s+successive|successive|currently|current\s+rating|"
    r"at\s+present|presently|existing\s+rating|"
    r"last\s+inspected|last\s+visited|the\s+last\s+one|when\s+last|"
    # "When I was first elected, ...", "when she joined in 2016": a time before the news
    r"when\s+(?:I|we|she|he|they)\s+(?:was\s+|were\s+)?(?:first|joined|took\s+over|started|"
    r"arrived|came\s+in))\b",
    re.I,
)
HISTORY_AFTER = re.compile(
    r"^[\W]*(?:\w+\s+){0,3}?(?:in\s+(?:19|20)\d\d|last\s+year|previously|"
    r"at\s+(?:each|both|all)\s+of\s+its\s+(?:last|previous)|at\s+(?:the|its)\s+"
    r"(?:last|previous)|when\s+(?:inspectors|ofsted|it|they)\s+(?:last|previously|were\s+last)|"
    r"in\s+(?:its|the|their)\s+(?:last|previous)|back\s+in|(?:\w+\s+)?years?\s+ago|"
    r"last\s+time|the\s+rating\s+it\s+was\s+given|the\s+last\s+time|last\s+month|"
    r"earlier\s+(?:this|in\s+the)\s+year|in\s+\w+\s+last\s+year|the\s+year\s+before|"
    r"(?:in|over|during|within)\s+(?:the\s+)?(?:past|last|recent)\s+(?:(?:\w+|\d+)\s+){0,2}?"
    r"(?:years|decades?)|in\s+recent\s+(?:years|times)|since\s+(?:19|20)\d\d|"
    r"last\s+(?:spring|summer|autumn|winter|jan\w*|feb\w*|march|april|may|june|july|aug\w*|"
    r"sept?\w*|oct\w*|nov\w*|dec\w*))\b",
    re.I,
)
RELATIVE = re.compile(r"(?:^|,)\s*(?:which|who|whose\s+[\w'-]+)\s+(?:[\w'-]+\s+){0,5}?(?:had\s+)?"
                      r"(?:was|were|is|are|has|have|been)\b"
                       r"[^,]*$", re.I)
RATED_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|been)\s+(?:currently\s+|previously\s+|also\s+|now\s+|still\s+)?"
    r"(?:rated|judged|graded)\b",
    re.I,
)
FRESH_WORDS = re.compile(r"\b(?:today|this\s+week|yesterday|published|new\s+report|latest)\b",
                         re.I)
MONTH_ONLY = re.compile(
    r"\b(?:in|during|since)\s+(?:early\s+|late\s+|mid-?)?(jan(?:uary)?|feb(?:ruary)?|march|"
    r"april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
    r"(?!\s*,?\s*(?:19|20)\d\d)",
    re.I,
)
INSPECTED_BEFORE = re.compile(r"\b(?:inspect\w*|visit\w*|took\s+place|carried\s+out|on\s+site)\b",
                               re.I)
YEAR_IN = re.compile(r"(?:(\w+)\s+)?\b((?:19|20)\d\d)\b")
# "since the inadequate judgement", "since being rated inadequate": the grade is the old one.
SINCE_END = re.compile(
    r"\bsince\s+(?:(?:being|it\s+was|they\s+were|(?:the|its|their)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:was|were|had\s+been))\s+)?(?:rated|judged|graded|found|branded)\s*"
    r"(?:as\s+)?['\"]?$|\bsince\s+(?:the|its|their|an?)(?:\s+\w+)?\s*['\"]?$",
    re.I,
)
PAREN_YEAR = re.compile(r"^\s*[\"'\u2019\u201d]?\s*\(\s*(?:19|20)\d\d\s*\)")


_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_MONTHS_RE = (r"jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|"
              r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
# Time anchors that put what follows them in a sentence in the past.
_ANCHOR = re.compile(
    r"\b(?:back\s+in|back\s+then|at\s+(?:the|that)\s+time|"
    r"last\s+(?:year|spring|summer|autumn|winter|" + _MONTHS_RE + r")|"
    r"earlier\s+(?:this|in\s+the)\s+year|previously|in\s+the\s+past|since\s+then|"
    r"at\s+(?:its|the|their)\s+(?:last|previous)\s+(?:full\s+|graded\s+)?inspection|"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|"
    r"some|few)\s+(?:years?|months?|weeks?|decades?)\s+(?:(?:this\s+(?:week|month)|today)\s+)?"
    r"(?:on|ago|earlier|before|after|since)|"
    r"(?:years|months|weeks|decades)\s+(?:after|since|ago)|"
    r"(?:in|over|during|within)\s+(?:the\s+)?(?:past|last|recent)\s+(?:(?:\w+|\d+)\s+){0,2}?"
    r"(?:years|decades?)|in\s+recent\s+(?:years|times))\b"
    r"|(?P<year>\b(?:19|20)\d\d\b)"
    r"|\b(?:in|during)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<season>spring|summer|autumn|"
    r"winter)\b(?!\s+of\s+(?:19|20)\d\d)"
    r"|\b(?:in|during)\s+(?:early\s+|late\s+|mid-?)?(?P<month>" + _MONTHS_RE + r")\b"
    r"(?!\s*,?\s*\d)",
    re.I,
)
_INSPECTION_AFTER = re.compile(r"(?:'s)?\s+(?:full\s+|ofsted\s+)?(?:inspection|ilacs|visit)", re.I)
# Words of the news itself: after these, an earlier time anchor no longer governs the grade.
_NOW = re.compile(
    r"\b(?:now|today|this\s+week|yesterday|this\s+morning|latest|new\s+report|"
    r"(?:has|have)\s+(?:now\s+)?(?:been|improved|moved|risen|dropped|fallen|slipped)|"
    r"(?:is|are)\s+(?:now\s+)?(?:rated|judged|graded)|published|released|came\s+out)\b",
    re.I,
)
# "Two years after being rated inadequate, X was rated good": the anchor's clause ends at the
# comma, and the main clause is the news.
_SUBORDINATE = re.compile(r"\b(?:after|since|before)$", re.I)
_SUBORDINATE_BEFORE = re.compile(r"(?:^|,)\s*(?:\w+\s+){0,3}?(?:after|since|before|following|"
                                 r"having|when|while|despite)\b[^,]*$", re.I)
_EARLIER_VISIT = re.compile(r"^\W*when\s+(?:\w+\s+){0,3}?(?:last|previously|first|originally)\b",
                            re.I)
_RELATIVE_OPEN = re.compile(r",\s*(?:which|who|whose|having|after|when)\b[^,]*$", re.I)


def anchored_before(sentence: str, at: int, ref_year: int | None, ref: date | None) -> bool:
    """A time anchor earlier in the sentence ("Back in March, ...", "In 2017 X was rated ...",
    "Four months on, ...") puts the grade at `at` in the past, unless words of the news
    ("now", "today", "has been rated", "published") follow the anchor, or the anchor sits in
    an aside that closes before the grade (", which was rated inadequate in 2018,")."""
    last = -1
    start = max(sentence.rfind(";", 0, at), sentence.rfind(" - ", 0, at),
                sentence.rfind(" \u2013 ", 0, at), 0)
    for m in _ANCHOR.finditer(sentence, start, at):
        if not _is_past(m, sentence, ref_year, ref):
            continue
        closed = "," in sentence[m.end() : at]
        # "When Ofsted last looked at us in 2010, ... was judged inadequate": the clause
        # dates an earlier inspection, and the main clause tells of it
        earlier = _EARLIER_VISIT.search(sentence, start, m.end())
        if closed and not earlier and (_RELATIVE_OPEN.search(sentence, start, m.start())
                                       or _SUBORDINATE.search(m.group(0))
                                       or _SUBORDINATE_BEFORE.search(sentence, start, m.start())):
            continue  # "Haringey, which was rated inadequate in 2018, was rated good": closed
        last = m.end()
    if last < 0:
        return False
    for news in _NOW.finditer(sentence, last):
        # "A year ago Ofsted published its report": the anchor dates that publication
        if news.start() - last <= 2 and news.group(0).lower() in ("this week", "today"):
            continue  # "a year ago this week", "two years ago today"
        if news.group(0).lower() in ("published", "released", "came out") and \
                news.start() - last <= 30 and not re.search(r"[,;]", sentence[last : news.start()]):
            continue
        return False
    return True


# "When Ofsted published its report on X back in March, ...", "Since the report came out, ...",
# "Months after Ofsted rated X good, ...": the sentence recounts a publication long past.
_RECOUNT = re.compile(
    r"^\W*(?:it\s+(?:is|was|has\s+been)\s+(?:now\s+)?(?:more\s+than\s+|over\s+|almost\s+|"
    r"nearly\s+|about\s+|just\s+)?)?"
    r"(?:(?P<long>(?:(?:\w+|a\s+few)\s+)?(?:months|weeks|years|a\s+year|a\s+month)\s+"
    r"(?:after|since|on\s+from)|in\s+the\s+(?:\w+\s+){0,2}since|ever\s+since|since)|"
    r"when|after|once)\s+(?P<sub>[^,;]{0,120}?(?:\b(?:published|came\s+out|(?:was|were)\s+"
    r"(?:released|issued))|\b(?:ofsted|inspectors|the\s+watchdog)\s+(?:\w+\s+)?(?:rated|"
    r"judged|graded|branded|gave|awarded))\b[^,;]{0,80}?),",
    re.I,
)


_TODAY = re.compile(r"\b(?:today|this\s+(?:week|morning)|yesterday|on\s+(?:mon|tues|wednes|thurs|"
                    r"fri)day)\b", re.I)


# Words of news in a main clause after a recounting one ("..., it has now been rated good").
_NOW_MAIN = re.compile(
    r"\b(?:now|today|this\s+week|yesterday|this\s+morning|latest|new\s+report|"
    r"(?:has|have)\s+(?:now\s+|since\s+)?been\s+(?:re-?)?(?:rated|judged|graded|upgraded|"
    r"downgraded)|(?:has|have)\s+(?:now\s+)?(?:improved|moved|risen|dropped|fallen|slipped)\s+"
    r"to|(?:inspectors|ofsted|the\s+watchdog)\s+(?:has\s+|have\s+)?(?:now\s+)?(?:found|judged|"
    r"rated|said|says|concluded))\b",
    re.I,
)


def recounted(sentence: str, at: int, ref_year: int | None, ref: date | None) -> bool:
    """The grade at `at` sits in a sentence that recounts an old publication ("When Ofsted
    published its report back in March, the headlines were about its good rating"), unless
    its main clause speaks of the news ("..., it has now been rated good")."""
    m = _RECOUNT.match(sentence)
    if not m or _TODAY.search(m.group(0)):
        return False
    if not m.group("long") and not any(
            _is_past(a, sentence, ref_year, ref) for a in _ANCHOR.finditer(m.group(0))):
        return False
    if at < m.end():
        return True
    return not _NOW_MAIN.search(sentence, m.end())


_PUBLISHED_WORD = re.compile(r"\b(?:published|released|came\s+out|issued|out)\b", re.I)


def dates_inspection(before: str) -> bool:
    """The date that follows dates the inspection itself ("inspected in November"), which says
    nothing of when its report came out; "the inspection report, published in April" dates
    the publication."""
    found = list(INSPECTED_BEFORE.finditer(before))
    return bool(found) and not _PUBLISHED_WORD.search(before, found[-1].end())


def _is_past(m: re.Match[str], sentence: str, ref_year: int | None, ref: date | None) -> bool:
    before = sentence[max(0, m.start() - 30) : m.start()]
    if m.group("year"):
        if ref_year is None:
            return False
        year = int(m.group("year"))
        month_before = re.search(r"(\w+)\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$", before)
        word = month_before.group(1).lower()[:3] if month_before else ""
        if dates_inspection(before) or re.search(r"\bsince\s+$", before, re.I):
            return False
        if year == ref_year - 1 and _INSPECTION_AFTER.match(sentence, m.end()):
            return False  # "the 2023 inspection" on an early-2024 page may be the new one
        return year < ref_year - 1 or (year == ref_year - 1 and word not in MONTHS)
    if m.group("season") or m.group("month"):
        if ref is None or dates_inspection(before):
            return False
        if m.group("season"):
            month = _SEASON_MONTH[m.group("season").lower()]
        else:
            month = MONTHS[m.group("month")[:3].lower()]
        year = ref.year if month <= ref.month else ref.year - 1
        return (ref - date(year, month, 28)).days > 45
    return True


# "for the first time since 2014": the year of the last such grade, not of this one.
FIRST_SINCE = re.compile(r"\b(?:first\s+time|(?:first|best|highest|top)(?:\s+[\w-]+){0,2}?\s+"
                         r"(?:rating|grade|judge?ment|result))\s+(?:in\s+\w+\s+years\s+)?"
                         r"since\s+(?:19|20)\d\d\b",
                         re.I)


def history_by_years(window: str, ref_year: int | None,
                     ref: date | None = None) -> tuple[bool, int | None]:
    """(is history by its years, most recent year named) for a clause around a grade.
    With the page's date, a month and year ("Oct 2023" in a table row) is history once it is
    months old; an inspection month is allowed the weeks a report takes to come out."""
    history, latest = False, None
    for m in YEAR_IN.finditer(window):
        year = int(m.group(2))
        latest = max(latest or year, year)
        if ref_year is None:
            continue
        before = (m.group(1) or "").lower()
        month = MONTHS.get(before[:4] if before[:4] == "sept" else before[:3])
        if month and ref is not None and len(before) >= 3:
            inspected = dates_inspection(window[: m.start()][-40:])
            if (ref - date(year, month, 28)).days > (120 if inspected else 75):
                history = True
        elif year < ref_year - 1 or (year == ref_year - 1 and before[:3] not in MONTHS):
            history = True
    return history, latest


_SEASON_ONLY = re.compile(r"\b(?:in|during)\s+(?:the\s+)?(?:early\s+|late\s+)?"
                          r"(spring|summer|autumn|winter)\b(?!\s+of\s+(?:19|20)\d\d)", re.I)


def old_month(window: str, ref: date | None) -> bool:
    """ "rated good in December" on a page from late January: an older result, not news.
    An inspection month ("inspected in November") says nothing about when it was published."""
    if ref is None:
        return False
    for m in MONTH_ONLY.finditer(window):
        if dates_inspection(window[: m.start()][-30:]):
            continue
        month = MONTHS[m.group(1)[:3].lower()]
        year = ref.year if month <= ref.month else ref.year - 1
        if (ref - date(year, month, 28)).days > 45:
            return True
    for m in _SEASON_ONLY.finditer(window):
        month = _SEASON_MONTH[m.group(1).lower()]
        year = ref.year if month <= ref.month else ref.year - 1
        if (ref - date(year, month, 28)).days > 45:
            return True
    return False
