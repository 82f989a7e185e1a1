"""What kind of page this is, beyond its grade statements: a visit page whose grades are
background, commentary on an old result, a preview, a roundup, or a one-council story whose
other councils are asides. Helpers of alerts.matcher."""

from __future__ import annotations

import re
from datetime import date

from alerts.article import Article
from alerts.grades import GRADE_RE
from alerts.pagedates import MONTHS
from alerts.statements import ALL, HISTORY, NEW, Mention, Statement, sentences
from alerts.tenses import recounted
from alerts.topics import (
    COMMENTARY,
    FULL_INSPECTION,
    PREVIEW,
    SCHOOLISH,
    TOPIC,
    fresh_news,
    reported_fresh,
    several_new,
)
from alerts.visits import Visit


def only_background(new: list[Statement], visit: Visit, title: str) -> bool:
    """On a visit page, a bare overall grade is the judgement the visit follows up: monitoring
    visits only follow an inadequate one ("Slough, rated inadequate, is making progress"), and
    a grade without words of news beside it is background to any visit. A grade said with a
    full inspection ("remains inadequate after a full inspection") is a result."""
    if FULL_INSPECTION.search(title) or any(FULL_INSPECTION.search(s.sentence) for s in new):
        return False
    for s in new:
        if s.judgement != "overall":
            return False
        if visit.kind == "monitoring_visit" and s.grade == "inadequate":
            continue
        if s.strength > 1 or fresh_news(s.sentence, strict=True):
            return False
    return True


def only_details_of_an_old_result(
    new: list[Statement], found: list[Statement], text: str, ref_year: int | None = None
) -> bool:
    """"When Ofsted rated Bolton outstanding earlier this year, ... Care leavers were judged
    good.": the overall grade is history, the page has no words of news, and what reads as
    new is only an area of that old report."""
    if fresh_news(text, strict=True, ref_year=ref_year):
        return False
    if any(s.judgement in ("overall", ALL) for s in new):
        return False
    councils = {c for s in new for c in s.councils}
    return any(s.tense == HISTORY and s.judgement == "overall" and set(s.councils) & councils
               for s in found)


def quiet_kind(article: Article, found: list[Statement], visit: Visit | None) -> str:
    """What a page without a new result is: about a school (negative), a table of old grades
    (roundup), something else that names a council (negative), a coming inspection (preview)
    or talk about a known result (commentary)."""
    head = article.lines[0]
    if SCHOOLISH.search(head) and not re.search(r"children'?s\s+services|social\s+care", head,
                                                re.I):
        return "negative"
    if len({c for s in found for c in s.councils}) >= 3:
        return "roundup"
    lead = article.lines[1].split(". ")[0] if len(article.lines) > 1 else ""
    if not TOPIC.search(f"{head} {lead}"):
        return "negative"
    if any(COMMENTARY.search(line) for line in article.headlines):
        return "commentary"
    if PREVIEW.search(article.text) or (visit is not None and visit.future):
        return "preview"
    return "commentary"


def main_councils(
    new: list[Statement], top: str | None, article: Article, mentions: list[Mention]
) -> list[Statement]:
    """Drop asides about other councils ("Solihull was rated inadequate") from a one-council
    story: a second council needs to be in the title, or its statement to read as fresh news,
    or the page to present several councils' new reports."""
    councils = {c for s in new for c in s.councils}
    if len(councils) < 2:
        return new
    title_len = len(article.lines[0])
    in_title = {m.council for m in mentions if m.start < title_len}
    if several_new(article.text) or (_listed(new, article.text, mentions)
                                     and fresh_news(article.text, strict=True)):
        return new
    keep = {c for c in councils if c in in_title or c == top}
    keep |= {c for s in new if s.tense == NEW and fresh_news(s.sentence, strict=True)
             for c in s.councils}
    keep |= _announced_alone(councils - keep, article.text, mentions)
    keep |= _announced_together(councils, article.text, mentions)
    # A roundup mixing kinds: an area SEND outcome beside another council's graded inspection
    # is not an aside on that council's story.
    send_of = {c: s.judgement == "send_outcome" for s in new for c in s.councils if c in keep}
    kinds = set(send_of.values())
    if len(kinds) == 1:
        keep |= {c for s in new if s.tense == NEW and (s.judgement == "send_outcome") not in kinds
                 for c in s.councils}
    return [s for s in new if any(c in keep for c in s.councils)]


def _announced_alone(councils: set[str], text: str, mentions: list[Mention]) -> set[str]:
    """Councils a sentence of their own says have a report just out ("Enfield's report was also
    published today"), the subject of the section their grades sit in."""
    if not councils:
        return set()
    out: set[str] = set()
    for start, sentence in sentences(text):
        inside = {m.council for m in mentions if start <= m.start < start + len(sentence)}
        if len(inside) == 1 and inside <= councils and not GRADE_RE.search(sentence) and \
                fresh_news(sentence, strict=True):
            out |= inside
    return out


def _announced_together(councils: set[str], text: str, mentions: list[Mention]) -> set[str]:
    """Councils one sentence says have reports just out ("Ofsted has today published the
    outcomes of its inspections in North Northamptonshire and West Northamptonshire")."""
    out: set[str] = set()
    for start, sentence in sentences(text):
        inside = {m.council for m in mentions if start <= m.start < start + len(sentence)}
        named = inside & councils
        if len(named) >= 2 and fresh_news(sentence, strict=True):
            out |= named
    return out


_ITEM_SEP = re.compile(r"(?:\s+(?:council|borough\s+council|county\s+council))?\s*"
                       r"(?::|\||\s[-\u2013\u2014])", re.I)


def _listed(new: list[Statement], text: str, mentions: list[Mention]) -> bool:
    """Several councils' grades each on a line of its own that opens with the council's name
    ("Enfield - Remains good overall"): a list of results, not asides."""
    starts = {m.start: m.council for m in mentions
              if (m.start == 0 or text[m.start - 1] == "\n") and _ITEM_SEP.match(text, m.end)}
    listed = set()
    for s in new:
        line_start = text.rfind("\n", 0, s.position) + 1
        council = starts.get(line_start)
        if council in s.councils:
            listed.add(council)
    return len(listed) >= 2


def recounts_old_report(article: Article, ref: date | None, ref_year: int | None) -> bool:
    """The page opens by recounting a publication long past ("When Ofsted published its report
    on Bolton back in March, ...", "Since the report came out in the spring, ..."): it is
    about what happened since, not a result just out."""
    lead = "\n".join(article.lines[1:3])
    return any(recounted(sentence, len(sentence), ref_year, ref)
               for _, sentence in sentences(lead)[:3])


# A council meeting or improvement update after an inspection already known: "councillors
# on the scrutiny committee heard an update", "the improvement plan drawn up after last
# year's inspection", "since the inspection".
_FOLLOW_UP = re.compile(
    r"\b(?:scrutiny|select|overview)\s+(?:and\s+scrutiny\s+)?(?:committee|panel|board|meeting)|"
    r"\baction\s+plan\b|\bin\s+response\s+to\s+(?:the|its)\s+(?:ofsted\s+)?(?:inspection\s+)?"
    r"report\b|\bas\s+a\s+reminder\b|\bto\s+recap\b|\brecap\b|\bupdate\s+(?:to|for)\s+(?:the\s+)?"
    r"(?:councillors|members|committee|cabinet)|\bcouncillors\s+(?:on\s+[\w\s']{3,40}?\s+)?"
    r"(?:heard|were\s+told|received|were\s+given|were\s+updated)|"
    r"\b(?:drawn\s+up|put\s+in\s+place|introduced|agreed)\s+(?:after|following|since)\s+"
    r"(?:the\s+|its\s+|last\s+year's\s+|an?\s+)?(?:\w+\s+)?(?:inspection|report|verdict)|"
    r"\bsince\s+(?:the|its|their|that)\s+(?:\w+\s+)?(?:inspection|report|verdict)\b|"
    r"\b(?:after|following)\s+last\s+year's\s+(?:\w+\s+)?(?:inspection|report|verdict)|"
    r"\blast\s+year's\s+(?:ofsted\s+)?inspection|\breport\s+to\s+(?:the\s+)?(?:cabinet|"
    r"councillors|committee|members|full\s+council)|\bprogress\s+(?:made\s+)?since\s+(?:the|its)\s+",
    re.I,
)
_MEETING = re.compile(r"\b(?:cabinet|committee|councillors|meeting|scrutiny|members\s+were)\b",
                      re.I)
# Words presenting a report as just out, beyond fresh_news: "in a report out on Tuesday",
# "Ofsted says", "according to a new report".
_PRESENTED_NEW = re.compile(
    r"\b(?:out\s+on|published\s+on|released\s+on|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)"
    r"day\b|\b(?:ofsted|inspectors|the\s+watchdog|the\s+report)\s+(?:says|finds)\b|"
    r"\bsays\s+(?:ofsted|inspectors|the\s+watchdog)\b|"
    r"\baccording\s+to\s+(?:an?|the)\s+(?:new|latest|joint)\b",
    re.I,
)
_MONTH_INSPECTION = re.compile(
    r"\bthe\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(?:\d{4}\s+)?"
    r"(?:ofsted\s+)?inspection\b", re.I)


def follow_up(text: str, title: str, ref: date | None, ref_year: int | None) -> bool:
    """A scrutiny report or improvement update recounting an inspection the page places in the
    past ("last year's inspection", "the October inspection" on a January page), with no words
    presenting the report as just out (news of the meeting itself does not count)."""
    if not (_FOLLOW_UP.search(text) or (_MEETING.search(text) and _old_month(text, ref))):
        return False
    if GRADE_RE.search(title) and not (_FOLLOW_UP.search(title) or _MEETING.search(title)):
        return False  # "Bury children's services judged good": the title is the news
    rest = "\n".join(s for _, s in sentences(text) if not _MEETING.search(s))
    return not (reported_fresh(rest, ref_year, ref=ref) or _PRESENTED_NEW.search(rest))


def _old_month(sentence: str, ref: date | None) -> bool:
    if ref is None:
        return False
    for m in _MONTH_INSPECTION.finditer(sentence):
        month = MONTHS[m.group(1).lower()[:3]]
        year = ref.year if month <= ref.month else ref.year - 1
        if (ref - date(year, month, 28)).days > 45:
            return True
    return False
