"""How a page frames what it says: as news of an inspection outcome (a grade or verdict in
its headlines, a lead saying the report is out), or as talk about one (opinion, debate, a
career, a time since the verdict), or as somebody else's verdict (another inspectorate, a
provider's own rating, a national report).

Page-level cues for the matcher; words of time and freshness are in alerts.topics.
"""

from __future__ import annotations

import re

from alerts.topics import COMMENTARY, CS_OWN, SENTENCE_BREAK, reported_fresh

# A headline about an inspection's outcome: "X rated inadequate", "Ofsted praises X",
# "Inspectors' verdict on X", "Monitoring visit letter".
_HEADLINE_RESULT = re.compile(
    r"\b(?:ofsted|inspectors?|inspection|watchdog|report|letter)\b[^\n]{0,120}?\b(?:rated|rating|"
    r"rates|verdict|judged|judges|judgements?|grade[sd]?|grading|praise[sd]?|criticis\w*|slam\w*|"
    r"findings|finds|found|says|said|improv\w*|progress|outcome|concerns?|failings|failing|"
    r"strengths?|recognis\w*|highlights?|branded|upgrade\w*|downgrade\w*|published|publishes|"
    r"out|released)\b|\bofsted\s+on\b|\b(?:says?|said)\s+(?:ofsted|(?:ofsted\s+)?inspectors|the\s+"
    r"watchdog)\b|"
    r"\b(?:gets?|get|receives?|received|given)\s+(?:\w+\s+){0,2}(?:ofsted\s+)?(?:reports?|verdicts?|"
    r"ratings?|grades?)\b|"
    r"\bpublication\s+of\s+(?:an?\s+|the\s+|its\s+)?(?:new\s+|latest\s+)?(?:ofsted\s+)?"
    r"(?:inspection\s+)?(?:report|letter|findings)\b|"
    r"\b(?:rated|judged|branded|praised|criticised|upgraded|downgraded)\b[^\n]{0,80}?\b(?:by\s+)?"
    r"(?:ofsted|inspectors|watchdog)\b",
    re.I,
)


def presents_result(headlines: tuple[str, ...], lead: str, ref_year: int | None) -> bool:
    """The page presents an inspection outcome as its news: its headlines carry a grade, a
    visit or an inspection verdict, or its lead says the report is newly out. Without this a
    page only mentions results (a preview, an appointment, a budget story)."""
    # (a headline asking "X's services 'good'??" doubts a grade; it does not announce one)
    head = _ATTRIBUTIVE.sub(" ", "\n".join(h for h in headlines if "?" not in h))
    return bool(GRADE_WORDS.search(head) or VISIT_WORDS.search(head)
                or _HEADLINE_RESULT.search(head)) or reported_fresh(lead, ref_year) \
        or bool(_PRESENTED.search(lead)) or any(
            VISIT_WORDS.search(sentence) and _VISIT_FINDINGS.search(sentence)
            for sentence in SENTENCE_BREAK.split(lead))


# "During a monitoring visit in October, inspectors found ...": a lead reporting a visit.
_VISIT_FINDINGS = re.compile(r"\b(?:found|finds|said|says|praised|criticised|highlighted|"
                             r"identified|noted|letter)\b", re.I)


# "according to a new report by Ofsted", "in a letter from Ofsted": the lead presents a report.
_PRESENTED = re.compile(r"\baccording\s+to\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:report|letter|"
                        r"inspection|findings)\b|\b(?:report|letter)\s+(?:by|from)\s+ofsted\b|"
                        r"\baccording\s+to\s+(?:ofsted|inspectors)\b|\b(?:has|have)\s+(?:now\s+)?"
                        r"received\s+(?:\w+\s+){0,3}(?:verdicts?|reports?|ratings?|grades?)\b",
                        re.I)


# "pumps £6m into 'inadequate' children's services": the grade describes, it is not news.
_ATTRIBUTIVE = re.compile(
    r"(?:\bofsted[- ]rated\s+)?['\"\u2018\u201c]?\b(?:outstanding|good|inadequate|"
    r"requires[- ]improvement)['\"\u2019\u201d]?"
    r"(?:-rated)?[ \t]+(?=(?:children'?s\s+)?(?:services|service|department|council|authority|"
    r"social\s+care)\b|(?-i:[A-Z]))", re.I)


GRADE_WORDS = re.compile(r"\b(?:outstanding|good|requir\w*\s+improv\w*|inadequate|adequate|"
                         r"(?:top|highest|lowest|best|worst)\s+(?:grade|rating)|"
                         r"needs?\s+(?:to\s+)?improv\w*|systemic\s+failings|positive\s+experiences|"
                         r"inconsistent\s+experiences|special\s+measures)\b", re.I)


VISIT_WORDS = re.compile(r"\b(?:focused|monitoring)\s+(?:visit|letter)|\bJTAI\b|joint\s+"
                         r"(?:targeted\s+)?(?:area\s+)?inspection|area\s+SEND|\bSEND\s+(?:inspection|"
                         r"report|verdict|outcome)",
                         re.I)


# A national picture, not one council's report: "One in five councils failing, Ofsted says".
NATIONAL = re.compile(
    r"\b(?:a\s+)?(?:thirds?|quarters?|half|halves|fifths?|majority|minority|\d+\s*(?:%|per\s*cent))"
    r"\s+of\s+"
    r"(?:all\s+)?(?:councils|local\s+authorities)\b|"
    r"\bannual\s+report\b|\bnational\s+(?:picture|figures|statistics|data|overview|report)\b|"
    r"\b(?:official\s+)?statistics\b|\bofsted\s+figures\b|"
    r"\b(?:one|two|three)\s+in\s+(?:three|four|five|six|ten)\s+councils\b|(?:^|\b(?:all|most|many|"
    r"the)\s+(?:\d+\s+)?)(?:councils|local\s+authorities)\s+(?:across|in)\s+England\b|"
    r"\bchief\s+inspector\b|\b(?:most|many|few|fewer)\s+councils\b|\banalys(?:is|ed)\s+(?:of\s+)?"
    r"(?:every|all|\d+)\s+(?:published\s+)?(?:[\w-]+\s+)?reports?\b",
    re.I | re.M,
)


# Inspectorates and services that are not Ofsted's children's services inspections.
OTHER_SUBJECT = re.compile(
    r"\b(?:CQC|Care\s+Quality\s+Commission|HMICFRS|HMI\s+Probation|HM\s+Inspectorate\s+of\s+"
    r"(?:Probation|Constabulary|Prisons)|probation\s+inspectors?|police\s+inspectorate|"
    r"youth\s+(?:justice|offending)(?:\s+(?:service|team|board)s?)?|adult\s+social\s+care|"
    r"Care\s+Act|adult\s+(?:and\s+)?(?:community\s+)?(?:learning|education|skills)|further\s+education|"
    r"apprenticeships?)\b",
    re.I,
)


# "Two months after Ofsted judged its services inadequate, the city is being asked ...": a
# standfirst that opens with the time since the verdict and goes on about something else.
_TIME_SINCE = re.compile(
    r"^\W*(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|several|"
    r"\d+)\s+(?:weeks?|months?|years?)\s+(?:after|since|on\s+from)\b[^,]*,(?P<main>[^.]*)", re.I)


_MAIN_RATES = re.compile(r"\b(?:rated|judged|graded|branded|found|given|awarded|upgraded|"
                         r"downgraded)\b", re.I)


# A headline about a person's career: "Children's boss who led 'outstanding' service to retire".
_PERSON_NEWS = re.compile(
    r"\b(?:boss|director|chief|head|leader|executive|councillor|minister|commissioner)\b[^\n]{0,90}?"
    r"\b(?:to\s+retire|retires?|retiring|to\s+leave|leaves|leaving|quits?|resigns?|resignation|"
    r"steps?\s+down|to\s+step\s+down|appointed|appointment|named|honoured|award(?:ed)?)\b",
    re.I,
)


# "MP calls for fair funding for Cornwall's 'outstanding' services", "Rotherham MP: ...",
# "told the Commons": advocacy and debate, not a report.
_ADVOCACY = re.compile(
    r"\b(?:MPs?|councillors?|campaigners?|parents|unions?|charit(?:y|ies)|opposition|peers?)\s+"
    r"(?:calls?|urges?|demands?|warns?|asks?|questions?|slams?|criticises?|raises?|presses?|"
    r"speaks?|spoke|grill(?:s|ed)?|quiz(?:zes|zed)?|challenges?|challenged|press)\b|"
    r"\b(?:backs?|approves?|approved|agrees?|signs?\s+off|adopts?)\b[^.\n]{0,40}\b(?:plan|budget|"
    r"strategy|proposals?)\b|\b(?:improvement|action)\s+plan\b|"
    r"\bcalls?\s+for\b|^[\w' -]{0,40}\bMPs?\s*:|\btold\s+(?:the\s+)?"
    r"(?:Commons|MPs|Parliament|House\s+of\s+(?:Commons|Lords))\b|\bWestminster\s+Hall\b|"
    r"\bCommons\s+debate\b",
)


def talk_headline(line: str) -> bool:
    """A headline or standfirst of talk about a known result: opinion, "a year on", "two
    months after the verdict, ...", a director's retirement."""
    if COMMENTARY.search(line) or _PERSON_NEWS.search(line) or _ADVOCACY.search(line):
        return True
    m = _TIME_SINCE.match(line)
    return m is not None and not _MAIN_RATES.search(m.group("main")) and \
        not GRADE_WORDS.search(m.group("main"))


def about_other_inspectorate(lines: tuple[str, ...]) -> bool:
    """The headline (or the headline and lead, never naming Ofsted or children) is about
    another inspectorate's verdict: a youth justice service rated by probation inspectors,
    adult social care by the CQC. A past Ofsted grade further down is background."""
    title = lines[0] if lines else ""
    if (OTHER_SUBJECT.search(title) and not CS_OWN.search(title) and not re.search(
            r"\bofsted\b", title, re.I)) or _OFSTED_OTHER.search(title):
        return True
    lead = "\n".join(lines[:4])
    return bool(OTHER_SUBJECT.search(lead)) and not re.search(r"\bofsted\b|\bchild", lead, re.I) \
        and not CS_OWN.search(lead)


# Services Ofsted inspects that are not children's social care: "adult learning service rated
# good by Ofsted".
_OFSTED_OTHER = re.compile(r"\badult\s+(?:and\s+)?(?:community\s+)?(?:learning|education|skills)|"
                           r"\bfurther\s+education\b|\bapprenticeships?\b", re.I)
# "We've been rated outstanding", "their report rates us": the publisher itself was inspected.
FIRST_PERSON_RATED = re.compile(
    r"\b(?:we(?:'ve|\s+have)?\s+(?:now\s+)?(?:been|were)\s+(?:rated|judged|graded|awarded)|"
    r"(?:rates|rated|judged|graded)\s+us\b|our\s+(?:latest\s+)?(?:ofsted\s+)?(?:rating|grade)\b)",
    re.I,
)
