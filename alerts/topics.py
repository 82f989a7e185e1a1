"""What a page is about, in words: Ofsted and children's services, schools and other
inspectorates, an inspection still to come, or a result just published.

Page-level cues for the matcher; sentence-level grade reading is in alerts.statements.
"""

from __future__ import annotations

import re
from datetime import date

OFSTED = re.compile(r"\bofsted\b|\binspector|\binspection|\binspected|\bwatchdog", re.I)
CS_CONTEXT = re.compile(
    r"children'?s\s+services|children'?s\s+social\s+care|social\s+care|social\s+work|"
    r"vulnerable\s+children|child\s+protection|protecting\s+children|protection\s+of\s+children|"
    r"children\s+in\s+care|looked[- ]after|"
    r"care\s+leavers|safeguarding|services\s+for\s+children|children'?s\s+trust|focused\s+visit|"
    r"monitoring\s+visit|\bILACS\b|local\s+area\s+partnership|help\s+and\s+protection|"
    r"early\s+help|children\s+and\s+families|children'?s\s+department|children'?s\s+directorate|"
    r"special\s+educational\s+needs\s+and(?:/or)?\s+disabilit|area\s+send|targeted\s+area|"
    r"multi-?\s?agency\s+(?:response|arrangements|safeguarding|working|partnership|work)|"
    r"(?:child|children|criminal|sexual)\s+exploitation|serious\s+youth\s+violence|"
    r"joint\s+targeted",
    re.I,
)
SEND_ACRONYM = re.compile(r"\bSEND\b")
OTHER_INSPECTORATE = re.compile(
    r"\b(?:CQC|Care\s+Quality\s+Commission|HMICFRS|HMI\s+Probation|HM\s+Inspectorate|"
    r"Estyn|Care\s+Inspectorate)\b",
    re.I,
)
SCHOOLISH = re.compile(
    r"\b(?:schools?|academy|academies|nursery|nurseries|pupils?|headteacher|college|"
    r"children'?s\s+homes?|care\s+homes?|hospital|police|prison|childminders?|pre-?school|"
    r"playgroup|university|fostering\s+(?:agency|provider|service)|adoption\s+agency|"
    r"independent\s+fostering|residential\s+(?:home|school|centre|unit)|secure\s+children'?s\s+home|"
    r"sixth\s+form|constabulary)\b",
    re.I,
)
# Opinion, analysis and look-backs: a grade in them is talk about a known result.
COMMENTARY = re.compile(
    r"^\W*(?:the\s+)?(?:opinion|comment|analysis|blog|editorial|column|letters?|view|viewpoint|"
    r"feature|long\s+read|explainer)\b\s*[:|\u2013\u2014\u00b7\u2022-]|^\W*(?:the\s+)?(?:opinion|"
    r"comment(?:\s+is\s+free)?|analysis|editorial|columnists?|letters(?:\s+to\s+the\s+editor)?|"
    r"viewpoint|in\s+depth|long\s+read|features?|big\s+read|interview)\W*$|\bcan\s+teach\b|"
    r"\b(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|several|few|"
    r"\d+)\s+(?:months?|years?|weeks?)\s+on\b(?!\s+(?:councils?|the|its|their|a)\b)|"
    r"\b(?:a|one|two|three|four|five|six|several|\d+)\s+(?:months?|years?)\s+later\b|"
    r"^\W*(?:a|one|two|three|four|five|six|several|\d+)\s+(?:months?|years?)\s+(?:after|since)\b"
    r"[^.]*(?:[:?]|$)|\blooking\s+back\b|\blessons\s+(?:from|of)\b|\bwhat\s+next\b|"
    r"\bwhere\s+now\b|\bin\s+retrospect\b|\bwhat\s+(?:has\s+)?happened\s+since\b",
    re.I,
)
# Headlines of a review or a table of many councils' ratings, not of one new report.
ROUNDUP_TITLE = re.compile(
    r"\b(?:in\s+review|review\s+of\s+the\s+year|year\s+in\s+(?:review|numbers)|"
    r"league\s+tables?|where\s+you\s+live|every\s+(?:\w+\s+){0,3}council|all\s+\d+\s+councils|"
    r"how\s+(?:does|did|do)\s+your\s+(?:[\w-]+\s+){0,3}(?:council|area|authority)|"
    r"(?:19|20)\d\d'?s\s+(?:ofsted\s+)?results|how\s+(?:[\w'-]+\s+){1,8}(?:are|is)\s+rated|"
    r"^\W*mapped\b|\bcouncil\s+by\s+council\b|\bwhere\s+(?:does\s+)?(?:your|the|each|every)?\s*"
    r"(?:[\w-]+\s+){0,3}(?:council|area|region|authority)?\s*stands?\b|"
    r"where\s+(?:each|every|your)\s+(?:[\w-]+\s+){0,3}(?:council|authority|area)|"
    r"councils?\s+compare)\b",
    re.I,
)
# A page about a new inspection result says so in its headline or first paragraphs.
LEAD_WORDS = re.compile(
    r"ofsted|inspect|watchdog|\brated|rating|judged|graded|verdict|inadequate|outstanding|"
    r"requires?\s+improvement|\bSEND\b|focused\s+visit|monitoring\s+visit",
    re.I,
)
_ABOUT_REPORT = re.compile(r"ofsted|inspect|report|letter|rated|judged|graded|verdict|findings",
                           re.I)


def reported_fresh(text: str, ref_year: int | None, strong: bool = False,
                   ref: date | None = None) -> bool:
    """A sentence says an inspection report or letter is newly out ("the report, published
    today"), not merely that something happened today. `strong`: the present perfect ("has
    been rated outstanding twice in a row") does not count, only words of a publication."""
    for sentence in SENTENCE_BREAK.split(text):
        if not _ABOUT_REPORT.search(sentence) or COMMENTARY.search(sentence) or \
                _STATE_NOW.search(sentence):  # "..., which are rated outstanding"
            continue
        for m in NEWS_NOW.finditer(sentence):
            # the news words must be about the report ("the report, published today"), not
            # the rest of the sentence ("told the Commons yesterday that ... inspection")
            near = sentence[max(0, m.start() - 80) : m.end() + 80]
            if strong and _PERFECT.match(m.group(0)):
                continue
            if _MEETING_NEAR.search(sentence, max(0, m.start() - 40), m.start()):
                continue  # "the cabinet has today approved a plan responding to the inspection"
            if _ABOUT_REPORT.search(near) and fresh_news(near, True, ref_year, ref) and \
                    not _LAST_WEEK.match(sentence, m.end()):
                return True
    return False


_MEETING_NEAR = re.compile(r"\b(?:cabinet|committee|councillors|meeting|scrutiny|members|"
                           r"full\s+council)\b[^.]*$", re.I)
_PERFECT = re.compile(r"(?:has|have)\b", re.I)
_LAST_WEEK = re.compile(r"[\s,]*last\s+(?:week|month)\b", re.I)


SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")


# "There has been no new Ofsted inspection": the page says itself that nothing is out.
NO_NEW_REPORT = re.compile(
    r"\bthere\s+(?:has|have)\s+been\s+no\s+(?:new|fresh|further)\s+(?:ofsted\s+)?"
    r"(?:inspection|report)s?\b(?!\s+(?:until|before|since)\b)",
    re.I,
)
# A graded inspection, not a visit: "after a full inspection", "the ILACS inspection".
FULL_INSPECTION = re.compile(
    r"\b(?:full|standard|short|graded|ILACS|re-?)[\s-]*inspection|\breinspect\w*|"
    r"\binspection\s+of\s+local\s+authority\s+children",
    re.I,
)
# The council's own children's services, as a page's title or lead names them.
CS_OWN = re.compile(
    r"children'?s\s+(?:services|social\s+care|social\s+services)|social\s+services|"
    r"social\s+work|services\s+for\s+(?:vulnerable\s+)?children|help\s+and\s+protection|"
    r"local\s+area\s+partnership|\bSEND\b|special\s+educational\s+needs|joint\s+targeted|"
    r"\bJTAI\b|joint\s+inspection|\bHMICFRS\b[^.]{0,80}\bofsted\b|\bofsted\b[^.]{0,80}\bHMICFRS\b|safeguarding\s+(?:partnership|arrangements)|"
    r"children'?s\s+(?:department|directorate|trust)|focused\s+visit|monitoring\s+visit",
    re.I,
)
PREVIEW = re.compile(
    r"\b(?:will\s+be\s+inspected|to\s+be\s+inspected|will\s+inspect|inspectors\s+will|"
    r"will\s+visit|are\s+due\s+to|is\s+due\s+to|inspectors\s+(?:have\s+)?arriv(?:e|es|ed|ing)|"
    r"team\s+of\s+(?:ofsted\s+)?inspectors\s+(?:has\s+|have\s+)?(?:arriv\w*|began|begins|started)|"
    r"(?:began|begins|began\s+its|started|starts)\s+(?:an?\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}"
    r"inspection|inspection[^.]{0,80}\bunder\s*way|report\s+is\s+(?:expected|due)|"
    r"inspect(?:ors|orates)\s+are\s+(?:in|at|visiting)\b|will\s+receive|in\s+the\s+coming\s+weeks|"
    r"(?:started|began|begins|starts)\s+(?:yesterday|today|this\s+(?:week|morning)|on\s+\w+day)|"
    r"(?:brace[sd]?|bracing)\s+(?:itself\s+|themselves\s+)?for|\bimminent\b|"
    r"(?:results?|findings|report|letter)\s+(?:will|are\s+expected|is\s+expected|is\s+due)|"
    r"will\s+be\s+published|"
    r"ahead\s+of\s+(?:an?|the|its)\s+(?:[\w-]+\s+){0,3}inspection|before\s+(?:\w+\s+)?inspectors|"
    r"prepar\w+\s+for\s+(?:an?|the|its)\s+(?:[\w-]+\s+){0,3}inspection|expected\s+to\s+remain|"
    r"to\s+inspect|(?:are|is)\s+expected\s+(?:at|in|to\s+arrive)|due\s+to\s+be\s+inspected|"
    r"inspection\s+(?:next|this)\s+(?:week|month)|will\s+be\s+visiting|"
    r"(?:expect|await)(?:s|ing)\s+(?:an?\s+|its\s+|the\s+|their\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:inspection|visit\b)|will\s+publish|(?:is|are)\s+(?:being|currently)\s+inspect\w*|"
    r"(?:is|are)\s+inspecting|(?:is|are)\s+due\s+to\s+(?:be\s+)?publish\w*|awaits?\s+(?:its\s+|"
    r"the\s+|their\s+)?(?:ofsted\s+)?(?:[\w']+\s+){0,3}?(?:verdict|report|result))\b",
    re.I,
)
FRESH = re.compile(
    r"\b(?:published|released|came\s+out|out\s+today|today|this\s+week|yesterday|this\s+morning|"
    r"new\s+report|latest\s+report|has\s+been\s+(?:rated|judged|graded|branded|found)|"
    r"have\s+been\s+(?:rated|judged|graded|branded|found)|verdict|findings|upgraded|downgraded|"
    r"received\s+(?:their|its)\s+(?:\w+\s+)?reports?|report\s+(?:says|said|found|finds|"
    r"concludes|concluded|recognises|acknowledges|highlights|praises)|inspectors\s+(?:also\s+)?"
    r"(?:found|said|say|concluded|judged|rated|highlighted|noted|praised)|letter|"
    r"publication\s+of|it\s+concludes|has\s+been\s+rated|were\s+rated|was\s+rated)\b",
    re.I,
)
SEVERAL = re.compile(
    r"\b(?:councils|authorities|boroughs|local\s+authorities|both\s+councils|(?:area\s+)?"
    r"partnerships|areas)\b[^.\n]{0,80}"
    r"\b(?:today|this\s+week|published|received|released)\b|\b(?:today|this\s+week)\b"
    r"[^.\n]{0,80}\b(?:councils|authorities|boroughs)\b|\b(?:published|released)\b[^.\n]{0,80}"
    r"\b(?:councils|authorities|boroughs)\b|\b(?:two|three|four|five|both|several)\s+(?:\w+\s+){0,2}"
    r"(?:reports|inspections|verdicts|letters)\b[^.\n]{0,60}\b(?:today|this\s+week|published|"
    r"released)\b",
    re.I,
)
TOPIC = re.compile(
    r"ofsted|inspect|children'?s\s+services|social\s+care|social\s+work|safeguarding|\brat(?:ed|ing)|"
    r"\bSEND\b|care\s+leavers|looked[- ]after|child\s+protection|improvement|inadequate|"
    r"outstanding|\bgood\b|watchdog|verdict|report",
    re.I,
)
_SEVERAL_WHAT = re.compile(
    r"\b(?:reports?|results?|ratings?|verdicts?|judgements?|judgments?|inspections?|grades?)\b|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|both|following|\d+)\s+"
    r"(?:\w+\s+){0,2}(?:councils|authorities|boroughs)\b",
    re.I,
)
# Words of a result just out, strict enough to let a second council's grade be news too.
NEWS_NOW = re.compile(
    r"\b(?:today|this\s+week|yesterday|this\s+morning|published|released|came\s+out|"
    r"publish(?:es|ing)|out\s+today|new\s+(?:ofsted\s+)?report|latest\s+(?:ofsted\s+)?report|"
    r"(?:has|have)\s+(?:also\s+|now\s+|just\s+)?(?:been\s+)?(?:rated|judged|graded|found|given|"
    r"awarded|upgraded|downgraded)|(?<!most\s)recent(?:ly)?\s+(?:ofsted\s+)?inspect\w*|"
    r"according\s+to\s+(?:an?|the)\s+(?:(?:new|latest|joint)\s+)+(?:[\w-]+\s+){0,3}?report)\b",
    re.I,
)
NOT_YET = re.compile(r"\b(?:will|to\s+be|expected|due|when|until|before|once|would|could|should|"
                     r"may|might|must|be|usually|normally|typically|generally|often|always)\b"
                     r"[^.]*$", re.I)
YET_TO_COME = re.compile(r"^[^.]*?\b(?:will|(?:is|are)\s+(?:expected|due))\b", re.I)
# "the same grade as in 2019", "unchanged since 2020": the overall grade did not move.
SAME_AS_BEFORE = re.compile(
    r"\b(?:(?:the\s+)?same\s+(?:grade|rating|judgement|result)\s+as\s+(?:in|at|last|before|"
    r"the\s+last|its\s+last|previously)|unchanged\s+(?:since|from)|no\s+change\s+(?:since|"
    r"from)|matches\s+(?:its|the)\s+(?:last|previous)|repeat(?:s|ing)?\s+(?:its|the)\s+"
    r"(?:last|previous))\b",
    re.I,
)
WEAK_IMPROVED = re.compile(
    r"\b(?:no\s+longer\s+(?:rated\s+|judged\s+)?['\u2018\"]?inadequate|(?:out\s+of|exited|"
    r"left|leaves?|leaving)\s+special\s+measures)\b",
    re.I,
)


def about_provider(lines: tuple[str, ...]) -> bool:
    """The page is about a school, nursery, children's home, college, hospital or police force
    in a council's area ("Kingston upon Thames nursery rated good"), not the council's own
    children's services: the title names one, or the lead's grade is said of one."""
    title = lines[0] if lines else ""
    subject, lead = "", lines[1].split(". ")[0] if len(lines) > 1 else ""
    for line in lines[1:6]:
        verb = _RATED.search(line)
        if verb:
            start = line.rfind(". ", 0, verb.start()) + 1
            end = line.find(". ", verb.end())
            subject, lead = line[start : verb.start()], line[start : end if end > 0 else None]
            break
    if CS_OWN.search(f"{title}\n{lead}"):
        return False
    return bool(SCHOOLISH.search(title) or SCHOOLISH.search(subject))


_RATED = re.compile(r"\b(?:rated|judged|graded|given|awarded|branded|found\s+to\s+be)\b", re.I)


def several_new(text: str) -> bool:
    """The page presents several councils' new reports ("three councils received their Ofsted
    reports this week"), not one council's result beside talk of councils in general."""
    return any(_SEVERAL_WHAT.search(_sentence_at(text, m.start())) for m in SEVERAL.finditer(text))


# "the last report, published in 2021", "when Ofsted published its report back in March":
# a publication long past is no news.
_PUBLISHED_LONG_AGO = re.compile(
    r"^[\s,]*(?:back\s+)?(?:in|on)\s+(?:(?:early|late|mid-?)\s*)?(?:\w+\s+)?((?:19|20)\d\d)\b|"
    r"^[\s,]*last\s+(?:year|spring|summer|autumn|winter|jan|feb|march|april|may|june|july|aug|"
    r"sept?|oct|nov|dec)[a-z]*\b|"
    # "published in April": news of a report says "today" or "on Tuesday", not its month
    r"^[\s,]*(?:back\s+)?(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:jan|feb|march|april|may|"
    r"june|july|aug|sept?|oct|nov|dec)[a-z]*\b(?!\s*,?\s*\d)|"
    r"^[\s,]*(?:\w+\s+){0,5}?back\s+in\b|^[\s,]*(?:\w+\s+){0,3}?(?:years?|months)\s+ago\b",
    re.I,
)
_OLD_REPORT_BEFORE = re.compile(r"\b(?:last|previous|earlier|former|first|prior|old)\s+"
                                r"(?:\w+\s+){0,2}(?:report|letter|inspection)\b[,\s]*$|"
                                r"\b(?:since|after|when)\s+(?:\w+\s+){0,6}$", re.I)


_PUBLISHED_PAPER = re.compile(r"\s+(?:published\s+|released\s+)?(?:its|an?|the|their|our)\s+"
                              r"(?:[\w-]+\s+){0,2}(?:plan|response|"
                              r"strategy|budget|minutes|agenda|papers?|proposals?)\b", re.I)
_BYLINE = re.compile(r"\s*(?::|\s\d{1,2}[:.]\d\d\b)")
_ON_DATE = re.compile(
    r"^[\s,]*on\s+(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]{3,9})|(?P<m2>[a-z]{3,9})\s+"
    r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?)\b", re.I)


def _weeks_before(after: str, ref: date) -> bool:
    """ "published on 12 August" (or "August 12") three weeks or more before the page's date."""
    m = _ON_DATE.match(after)
    if not m:
        return False
    month = MONTH_NUMBERS.get((m.group("m1") or m.group("m2"))[:3].lower())
    if month is None:
        return False
    day = int(m.group("d1") or m.group("d2"))
    year = ref.year if month <= ref.month else ref.year - 1
    try:
        return (ref - date(year, month, day)).days >= 21
    except ValueError:
        return False


MONTH_NUMBERS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
                 "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_DAYS_AGO = re.compile(r"[^.;]{0,60}?\b(?:last|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
                       re.I)
_SINCE_YEAR = re.compile(
    r"[^.]{0,40}?\bsince\s+(?:(?:early|late|mid-?)\s*)?(?:\w+\s+)?(?:19|20)\d\d\b", re.I)
# Council papers: "a report to the council's executive", "budget papers, published".
_REPORT_TO = re.compile(r"\b(?:report|papers?)\s+(?:to|for|before)\s+(?:the\s+)?[\w' ]{0,40}?"
                        r"(?:cabinet|executive|committee|council|members|meeting|board)\b[^.]*$|"
                        r"\b(?:budget|committee|cabinet|council)\s+(?:papers|report)\b[^.]*$", re.I)
_STATE_NOW = re.compile(r"^(?!.*\b(?:published|report|letter|has\s+been|have\s+been|was\s+rated|"
                        r"were\s+rated)\b).*\b(?:(?:is|are)\s+(?:now\s+|still\s+)?(?:rated|judged|"
                        r"graded)|remains?|stays?|(?:is|are)\s+still|continues?\s+to\s+be)\b",
                        re.I)
_DATED_BEFORE = re.compile(
    r"(?:\b(?:in|during|back\s+in)\s+(?:(?:early|late|mid-?)\s*)?(?:jan|feb|march|april|may|june|"
    r"july|aug|sept?|oct|nov|dec)[a-z]*\b(?:\s+(?:19|20)\d\d)?|\b(?:(?:early|late|mid-?)\s*)?last\s+"
    r"(?:month|year|spring|summer|autumn|winter))\W+(?:\w+\W+){0,4}$", re.I)


def fresh_news(text: str, strict: bool = False, ref_year: int | None = None,
               ref: date | None = None) -> bool:
    """Words of a result just out ("published today"), not of one to come ("will be published").
    Sentences announcing an inspection ("inspectors are in Leeds this week") do not count, nor,
    given the page's year, a publication years back ("the last report, published in 2021")."""
    for m in (NEWS_NOW if strict else FRESH).finditer(text):
        if PREVIEW.search(_sentence_at(text, m.start())):
            continue
        if _BYLINE.match(text, m.end()):
            continue  # "Published: 17:30, 27 February 2023": the page's own byline
        before, after = text[max(0, m.start() - 45) : m.start()], text[m.end() : m.end() + 25]
        if ref_year is not None and m.group(0).lower() in ("published", "released", "came out"):
            if _DAYS_AGO.match(text, m.end()):
                return True  # "when Ofsted published its report last Friday": days ago
            if ref is not None and _weeks_before(after, ref):
                continue  # "the report, published on August 12" on a mid-September page
            old = _PUBLISHED_LONG_AGO.match(after)
            if old and (not old.group(1) or int(old.group(1)) < ref_year):
                continue
            if _OLD_REPORT_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) or \
                    _DATED_BEFORE.search(_sentence_at(text, m.start())[:120].split(m.group(0))[0]):
                continue  # "In March the inspectorate published a report"
            if _long_ago(_OWN_CLAUSE.split(_sentence_at(text, m.start(), m.end())[:100])[0],
                         ref_year):
                continue  # "Ofsted published its report on Bury in March 2023"
        if m.group(0) == "Today" and re.search(r"[A-Z][\w'-]*\s+$", before):
            continue  # "Northants Today", "Yorkshire Today": a newspaper's name
        if m.group(0).lower() == "today" and _STATE_NOW.search(_sentence_at(text, m.start())):
            continue  # "Today they are rated good": where things stand, not a new report
        if _SINCE_YEAR.match(text, m.end()) or \
                _REPORT_TO.search(text[max(0, m.start() - 100) : m.end()]):
            continue  # "rated inadequate since 2018"; "a report to the executive, published"
        if _PUBLISHED_PAPER.match(text, m.end()):
            continue  # "has today published its improvement plan"
        if re.match(r"\s+since\b", after):
            continue  # "it is a year this week since the report": an anniversary
        if not NOT_YET.search(before) and not YET_TO_COME.match(after):
            return True
    return False


def _sentence_at(text: str, at: int, start: int | None = None) -> str:
    """The sentence around `at`, or from `start` to its end when given."""
    begin = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1 if start is None else start
    ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return text[begin : min(ends) if ends else len(text)]


_OWN_CLAUSE = re.compile(r"[,;(]|\s(?:which|since|after|when|where|up|down|compared)\s", re.I)
_YEAR = re.compile(r"(\w+)?\s*\b((?:19|20)\d\d)\b")


def _long_ago(clause: str, ref_year: int) -> bool:
    """A publication dated before the page's year (or a year back, without a month)."""
    for m in _YEAR.finditer(clause):
        if re.match(r"\s*(?:inspection|ilacs)", clause[m.end():], re.I):
            continue
        year = int(m.group(2))
        if year < ref_year - 1 or (year == ref_year - 1 and (m.group(1) or "")[:3].lower()
                                     not in _MONTH_NAMES):
            return True
    return False


_MONTH_NAMES = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec"}
