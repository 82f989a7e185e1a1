"""Grade statements: each place a page says some council's services got some grade.

A statement is one grade mention that reads as a rating ("was rated good", "Overall
effectiveness: Good", "an inadequate rating", "Barnet good"), with its judgement area, the
councils it is about, and whether it is the new result, history ("rated inadequate in 2015",
"up from requires improvement") or both at once ("remains good", "kept its outstanding
rating"). Aspirations ("to become good"), negations ("not yet good"), adjectives ("good
practice") and other subjects (schools, nurseries, children's homes) are not statements.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date

from alerts.grades import (
    ALL_AREAS_RE,
    ALLOWED_NEXT,
    AREA_RE,
    AS_ARE,
    AS_ARE_END,
    COPULA,
    COUNTED_AREAS_RE,
    CS_PHRASE,
    GRADE_RE,
    LOOSE_JOIN,
    NOT_RATED,
    NOUN_AFTER_OK,
    OTHER_AREAS_RE,
    OTHER_RATER,
    OTHER_SUBJECT,
    PLURAL_BEFORE,
    RATING_VERB,
    SELF_EVIDENT,
    SEND_GRADES,
    SUBJECT,
    area_judgements,
    grade_of,
)
from alerts.subjects import named_other
from alerts.tenses import (
    ASPIRATION,
    FIRST_SINCE,
    FRESH_WORDS,
    FROM_END,
    HISTORY_AFTER,
    NEGATION,
    NO_LONGER,
    PAREN_YEAR,
    PAST,
    RATED_CLAUSE,
    RELATIVE,
    RETAINED,
    SINCE_END,
    anchored_before,
    history_by_years,
    old_month,
    recounted,
)

NEW, HISTORY, BOTH = "new", "history", "both"
ALL = "*all*"
OTHERS = "*others*"  # "all other areas": the regime's judgements the page does not name

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_ABBREV_END = re.compile(r"\b(?:St|Mr|Mrs|Ms|Dr|Cllr|Coun|No|Co|Ltd|Prof|Rev|Sgt|Insp|vs?)\.$")
_QUOTES = "'\"\u2018\u2019\u201c\u201d*"

_WHAT_NEEDS = re.compile(r"\b(?:what|which|that|where|how|who|things)\s+$", re.I)
_AREA_JOIN = re.compile(
    r"^(?:[\s,]|\band\b|\bor\b|&|\bfor\b|\bof\b|\bthe\b|\bservices\b|\bexperiences\b|"
    r"\bsupport\b|\bwork\s+with\b|\bprogress\b|\bits\b|\btheir\b|\bour\b|\bboth\b|\balso\b|"
    r"\bchildren\b|\byoung\s+people\b|\bfamilies\b|\bas\s+well\s+as\b|\bon\s+(?:social\s+work\s+)?"
    r"practice\b|\bwith\s+children\s+and\s+families\b|\bwho\s+need\b|'s|\u2019s|')*$",
    re.I,
)
_OTHERS_AFTER = re.compile(r"^[\s'\"*]*(?:,\s*)?(?:in|across|for|on)\s+(?=" +
                           OTHER_AREAS_RE.pattern + ")", re.I)
_COUNCIL_JOIN = re.compile(r"^(?:[\s,&/]|\band\b|\bor\b|\bas\s+well\s+as\b|\bboth\b|"
                           r"(?:'s|\u2019s)?\s*(?:borough|county|city|district)?\s*councils?\b)*$",
                           re.I)
_GAPPED = re.compile(r"^[\s,;'\"*]*(?:(?:today|now|overall|this\s+week|yesterday|by\s+ofsted)"
                     r"[\s,]+)?(?:(?:and|but|while|with|whereas)\s+)?"
                     r"(?:its\s+|the\s+|their\s+)?[\w\s'\u2019-]{3,50}?[\s'\"*]*$", re.I)
_APPOSITIVE = re.compile(r",\s*(?:currently\s+|now\s+|already\s+)?(?:rated|judged|graded)\s+"
                         r"(?:as\s+)?['\"\u2018\u201c]?$", re.I)
_APPOSITIVE_END = re.compile(r"^['\"\u2019\u201d]?\s*(?:by\s+ofsted\s*)?,", re.I)
_NEXT_CLAUSE = re.compile(r"[,;]|\band\s+(?=(?:the|all|every|each|its|their)\b)", re.I)
_GENERAL = re.compile(r"\b(?:councils|authorities|local\s+areas|LAs|boroughs)\b", re.I)
_LISTED = re.compile(r"^\W*(?:include|includes|including|such\s+as|are|were|was|is)\b", re.I)
_ADJACENT = re.compile(r"^[\s:,|(\-\u2013\u2014'\"*]{0,4}$")
_GENERIC_LABEL = re.compile(r"overall|rating|grade|judgement|judgment|verdict|outcome|result",
                            re.I)
_SHORTHAND = re.compile(r"\b(?:services|social\s+care|council)$", re.I)
_CLAUSE_BREAK = re.compile(r";|\s[-\u2013\u2014]\s")
_LABEL_SEP = re.compile(r"^(?P<label>[^.!?]{2,140}?)\s*(?::|\||\s[-\u2013\u2014]\s)\s*[" +
                        _QUOTES + r"]*$")

_PAREN_EARLIER = re.compile(r"^[^()]{0,40}?(?:\(|\s[-\u2013\u2014])\s*(?:previously|was|were|"
                            r"formerly|before|"
                            r"previous(?:\s+(?:grade|rating|judgement))?|last\s+time|"
                            r"(?:19|20)\d\d)\s*:?\s*['\"]?$", re.I)
_SINCE_THEN = re.compile(r"^['\"*]?\s*(?:overall\s+)?(?:ever\s+)?since\s+(?:(?:19|20)\d\d|"
                         r"(?:it\s+was|being|they\s+were)\s+|an?\s+|its\s+(?:last|previous)|"
                         r"the\s+(?:last|previous))|^['\"*]?\s*,?\s*(?:more\s+than\s+|nearly\s+|almost\s+|"
                         r"over\s+|some\s+)?(?:\w+\s+)?(?:years?|months)\s+(?:after|since|on\s+from)\b",
                         re.I)
_ROW_LABEL = re.compile(r"^(?P<label>[^.!?:|()]{2,140}?)\s*(?::|\|)")


@dataclass(frozen=True)
class Mention:
    """A council named in the page text, by position (the matcher's view of a registry hit)."""

    start: int
    end: int
    council: str


@dataclass(frozen=True)
class Statement:
    """One grade said of one or more councils; tense is new, history or both."""

    councils: tuple[str, ...]
    judgement: str  # a judgement key, or ALL for "in all areas"
    grade: str
    tense: str
    year: int | None
    strength: int  # 3 table/list row, 2 area named, 1 plain sentence, 0 implied
    sentence: str
    position: int
    combined: bool = False  # "children in care and care leavers"


def sentences(text: str) -> list[tuple[int, str]]:
    """Split text into sentences with their offsets; lines never join."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if _ABBREV_END.search(line[: m.start()]):
                continue
            out.append((offset + start, line[start : m.start()]))
            start = m.end()
        if start < len(line):
            out.append((offset + start, line[start:]))
        offset += len(line) + 1
    return out


def _next_word(right: str) -> str:
    m = re.match(r"\s*[" + _QUOTES + r"]*\s*([A-Za-z,]+)", right)
    return m.group(1).lower() if m else ""


def statements_in(
    text: str,
    mentions: list[Mention],
    ref: date | int | None,
    context_council: str | None,
    single: bool = False,
) -> list[Statement]:
    """All grade statements in the text, in order; `ref` is the page date (or its year).
    `single`: the title names the context council alone, which stays the subject of sentences
    naming no council unless a section heading names another."""
    ref_year = ref if isinstance(ref, int) else (ref.year if ref else None)
    ref_date = ref if isinstance(ref, date) else None
    found: list[Statement] = []
    last_council = context_council
    line_start = 0
    recap = False  # this paragraph recounts a report published long ago
    for start, sentence in sentences(text):
        end = start + len(sentence)
        if start == 0 or text[start - 1] == "\n":
            line_start = start
            recap = False
        inside = [m for m in mentions if start <= m.start < end]
        prev_end = 0
        read: list[Statement] = []
        scale = _scale_spans(sentence)
        if _STATISTIC_ROW.match(sentence) or (start == line_start and _ONLY_GRADE.match(sentence)):
            continue  # "Requires improvement | 64 | 42%", "2. Inconsistent experiences and
            # outcomes": a count of councils, an item of the scale; no grade of anybody
        for gm in GRADE_RE.finditer(sentence):
            if sentence.rstrip(" " + _QUOTES).endswith("?"):
                break
            if gm.start() in scale:
                prev_end = gm.end()
                continue
            read.extend(_read(gm, sentence, start, inside, prev_end, ref_year, last_council,
                              ref_date))
            prev_end = gm.end()
        if _RECAP_CUE.match(sentence):
            recap = True  # "Quick recap for anyone who missed it. The inspectors rated ..."
        if recap and not _NEWS_IN_SENTENCE.search(sentence):
            # "The report, published in April, rated Sefton requires improvement. Adoption was
            # judged good.": the paragraph goes on about the same old report
            read = [replace(r, tense=HISTORY) if r.tense == NEW else r for r in read]
        elif _RECAP.search(sentence) and (
                (read and all(r.tense == HISTORY for r in read))
                or (not read and _LONG_AGO.search(sentence)
                    and not _NEWS_IN_SENTENCE.search(sentence))):
            recap = True  # "Back in November, Ofsted published its report on Swindon."
        found.extend(read)
        if inside:
            last_council = _context_after(text, sentence, start, line_start, inside, read,
                                          last_council, single)
    return found


# "partners including Cheshire East", "which also serves Kingston", "neighbouring Wandsworth":
# a council named in passing, which does not become the subject of what follows.
_PASSING = re.compile(
    r"\b(?:neighbou?ring|neighbou?rs?|partners?|partnership|including|includes|include|such\s+as|"
    r"like|unlike|than|with|serves?|serving|runs?|running|covers?|covering|shares?|sharing|"
    r"also|compared|comparison|versus|vs|as\s+well\s+as|and|or|nearby|across|between|from)\W*$",
    re.I)
_OWN_NEWS = re.compile(r"\b(?:published|released|came\s+out|out\s+today|new\s+report|"
                       r"latest\s+report)\b", re.I)
_INSPECTION_WORDS = re.compile(
    r"\b(?:ofsted|inspect\w*|report|rated|rating|judged|judgements?|graded|grades?|verdict|"
    r"letter|visit|outstanding|inadequate|requires?\s+improvement|good)\b", re.I)


_RANGE_TO = re.compile(r"^[\s'\"\u2019\u201d]*(?:to|through\s+to)[\s'\"\u2018\u201c]*$", re.I)
_RANGE_FROM = re.compile(r"\b(?:rang\w*|vary\w*|varie\w*|anything|everything|all\s+the\s+way)\s+"
                         r"from[\s'\"\u2018\u201c]*$", re.I)
_EXPERIENCES = re.compile(r"\s*(?:the\s+)?(?:experiences?|help)\s+(?:and\s+progress\s+)?"
                          r"(?:of|for|given\s+to)\s+", re.I)
_FOR_AREA = re.compile(r"^['\"\u2019\u201d]?\s+for\s+(?:the\s+|its\s+|our\s+|their\s+)?(?:work\s+"
                       r"with\s+|support\s+for\s+|services\s+for\s+)?(?:impact\s+of|help\s+and|"
                       r"children|care\s+leavers|leaders|leadership|adoption|young\s+people)",
                       re.I)
_SCALE_SEP = re.compile(r"^[\s\"'\u2018\u2019\u201c\u201d]*(?:,|/|,?\s*(?:or|and))"
                        r"[\s\"'\u2018\u2019\u201c\u201d]*$", re.I)


def _scale_spans(sentence: str) -> set[int]:
    """Starts of grades listed as Ofsted's scale ("outstanding, good, requires improvement or
    inadequate"): three or more different grades with only commas and "or" between them."""
    runs: list[list[re.Match[str]]] = []
    for gm in GRADE_RE.finditer(sentence):
        if runs and _SCALE_SEP.match(sentence[runs[-1][-1].end() : gm.start()]):
            runs[-1].append(gm)
        else:
            runs.append([gm])
    spans = {g.start() for run in runs if len({grade_of(g) for g in run}) >= 3 for g in run}
    grades = list(GRADE_RE.finditer(sentence))
    for a, b in itertools.pairwise(grades):
        # "range from outstanding to inadequate", "anything from good to inadequate"
        if _RANGE_TO.match(sentence[a.end() : b.start()]) and \
                _RANGE_FROM.search(sentence[: a.start()]):
            spans |= {a.start(), b.start()}
    return spans


# A sentence recounting an old report's publication, and words that bring the news back.
_RECAP = re.compile(r"\b(?:report|inspection|ofsted|inspectors)\b[^.]*\b(?:published|released|"
                    r"came\s+out|issued)\b|\b(?:published|released|came\s+out|issued)\b[^.]*"
                    r"\b(?:report|inspection|ofsted|inspectors)\b", re.I)
_WILL_RATE = re.compile(r"\b(?:will|would|could|might|may|to)\s+(?:\w+\s+)?(?:rate|judge|grade|"
                        r"find|give|award)\b(?!.*\b(?:has|have|had|was|were)\b)[^.;]*$", re.I)
_ONLY_GRADE = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:typically\s+)?(?:" + GRADE_RE.pattern + r")\W*$",
                         re.I)
_STATISTIC_ROW = re.compile(r"^\W*(?:outstanding|good|requires\s+improvement(?:\s+to\s+be\s+good)?|"
                            r"inadequate|adequate)\W*\|\s*\d", re.I)
_RECAP_CUE = re.compile(r"^\W*(?:quick\s+recap|to\s+recap|recap|as\s+a\s+reminder|a\s+reminder|"
                        r"in\s+case\s+you\s+missed\s+it)\b", re.I)
_LONG_AGO = re.compile(r"\bback\s+in\b|\blast\s+(?:year|spring|summer|autumn|winter|jan\w*|feb\w*|"
                       r"march|april|may|june|july|aug\w*|sept?\w*|oct\w*|nov\w*|dec\w*)\b|"
                       r"\b(?:weeks|months|years)\s+(?:now\s+)?since\b|"
                       r"\b(?:months|years)\s+ago\b|\bat\s+the\s+time\b|\bin\s+(?:19|20)\d\d\b",
                       re.I)
_NEWS_IN_SENTENCE = re.compile(r"\b(?:now|today|this\s+week|this\s+time|latest|new\s+report|"
                               r"has\s+been|have\s+been|yesterday)\b", re.I)
_DATED_LINE = re.compile(r"^\s*((?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+)?"
                         r"(?:19|20)\d\d)\s*(?:[-\u2013\u2014:|]|\s\()", re.I)
_BODY_LINE = re.compile(r"^[^\n]{120,}$", re.M)


def _in_body(text: str, at: int) -> bool:
    """Past the page's header zone: a short line before the first paragraph is a site's section
    label ("Cumbria", "Social care"), not a heading of the story."""
    first = _BODY_LINE.search(text)
    return first is not None and first.start() < at


def _context_after(
    text: str,
    sentence: str,
    start: int,
    line_start: int,
    inside: list[Mention],
    read: list[Statement],
    current: str | None,
    single: bool,
) -> str | None:
    """The council a following sentence that names none is about. A council does not take
    over from the page's subject by being named in passing: only as the subject of a new
    grade, as a heading, or as the subject that opens a paragraph about an inspection."""
    named = {m.council for m in inside}
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    first = inside[0]
    heading = len(line) < 90 and not line.rstrip(" " + _QUOTES).endswith((".", "!", "?")) \
        and _in_body(text, line_start)
    if heading and len(text[line_start : first.start]) < 40 and len(named) == 1 and (
            len(line) - (first.end - first.start) < 12 or _INSPECTION_WORDS.search(line)):
        return first.council  # a section heading: "Enfield", "Enfield: requires improvement"
    lead = text[start : first.start]
    if single and current is not None:
        # "Meanwhile, Enfield's report was also published today.": that council's own news
        if len(named) == 1 and start == line_start and len(lead) < 40 and \
                not _PASSING.search(lead) and _OWN_NEWS.search(sentence) and \
                not re.search(r"\b(?:19|20)\d\d\b", sentence):
            return first.council
        return current
    subjects = [c for s in read if s.tense in (NEW, BOTH) for c in s.councils if c in named]
    if subjects:
        return subjects[-1]
    if current is None or current in named:
        return current if current is not None else inside[-1].council
    if len(named) > 1 and not heading:
        return current
    opens = start == line_start and len(lead) < 40 and not _PASSING.search(lead)
    if opens and _INSPECTION_WORDS.search(line):
        return first.council
    return current


def _read(
    gm: re.Match[str],
    sentence: str,
    offset: int,
    inside: list[Mention],
    prev_end: int,
    ref_year: int | None,
    last_council: str | None,
    ref_date: date | None,
) -> list[Statement]:
    grade = grade_of(gm)
    left_all = sentence[: gm.start()]
    clause = sentence[prev_end : gm.start()]
    left = _CLAUSE_BREAK.split(clause)[-1][-70:]
    bare_left = left.rstrip(" " + _QUOTES)
    right = sentence[gm.end() : gm.end() + 90]
    nxt = GRADE_RE.search(right)
    if nxt:
        right = right[: nxt.start()]
    quoted = bool(left) and left[-1:] in _QUOTES
    label = _LABEL_SEP.match(left_all) if prev_end == 0 else None
    # "Care leavers | Good (was inadequate)": the row's earlier grade for the row's judgement
    earlier = prev_end > 0 and bool(_PAREN_EARLIER.search(clause))
    if earlier:
        label = _ROW_LABEL.match(sentence)
    council_before = [m for m in inside if m.end <= offset + gm.start()]
    adjacent = bool(council_before) and bool(
        _ADJACENT.match(sentence[council_before[-1].end - offset : gm.start()]))

    improve_verb = "improve" in gm.group(0).lower().split()[-1]
    needs = _WHAT_NEEDS.search(left) if improve_verb else None
    if grade == "requires_improvement" and needs:
        named = area_judgements(left)  # "care leavers, which requires improvement" is a grade
        if not (named and named[-1][1] >= needs.start() - 2 and needs.group(0).startswith("w")):
            return []
    if not label and ASPIRATION.search(left[-45:]) and not RETAINED.search(left[-30:]):
        return []
    if not label and _WILL_RATE.search(left):
        return []  # "confident that Ofsted will rate the authority's services as good"
    if not label and _COUNTED.search(left[-70:]) and not any(
            offset + prev_end <= m.start < offset + gm.start() for m in inside):
        return []  # "One council is rated outstanding, two are still inadequate": a tally
    tense = NEW
    if NO_LONGER.search(bare_left + " "):
        tense = HISTORY
    elif NEGATION.search(bare_left + " "):
        return []

    # "outstanding for the impact of our leaders, good for help and protection"
    for_area = _FOR_AREA.match(right)
    # Is this mention a rating at all?
    if not label and _pair(clause, sentence, gm.start(), prev_end, bool(nxt)):
        strength = 3  # "judgements: leaders good, help and protection good, ..."
    elif label and not (for_area and not area_judgements(label.group("label"))):
        strength = 3
        text = label.group("label")
        if not area_judgements(text) and not council_before and not _GENERIC_LABEL.search(text):
            return []
    elif adjacent or for_area:
        label = None
        strength = 2
    else:
        nw = _next_word(right)
        noun_ok = bool(NOUN_AFTER_OK.match(right.lstrip(" " + _QUOTES)))
        verb = RATING_VERB.search(left[-50:]) or _verb_over_areas(clause)
        copula = COPULA.search(left[-30:])
        nw = nw.rstrip(",")
        adjective = nw and nw not in ALLOWED_NEXT and not (noun_ok and (quoted or verb))
        if adjective and grade not in SEND_GRADES:
            return []
        has_subject = bool(SUBJECT.search(clause) or area_judgements(clause) or inside
                           or OTHER_AREAS_RE.search(clause[-60:]))
        shorthand = bool(_SHORTHAND.search(bare_left)) and nw in ("", "and", "but", "as")
        rated_noun = nw.startswith(("rating", "grade", "judgement", "verdict", "overall"))
        not_rated = NOT_RATED.search(clause) if copula and not verb else None
        if not_rated:
            areas_here = area_judgements(clause)
            # "the experiences and progress of children in care were good": the area's words
            if not (areas_here and areas_here[-1][1] > not_rated.start()):
                return []
        if rated_noun and not verb and not inside and _GENERIC_OWNER.search(bare_left) and \
                _GENERIC_NOUN.match(right):
            return []  # "an outstanding grade is rare", "inadequate ratings tend to ...": talk
        # "judged help and protection good, and leadership outstanding": the verb carries over
        gapped = (prev_end > 0 and len(clause) < 60 and bool(area_judgements(clause))
                  and bool(_GAPPED.match(clause)) and bool(RATING_VERB.search(left_all)))
        # "judged good overall, with all other areas also good"
        gapped = gapped or (prev_end > 0 and len(clause) < 60
                            and bool(OTHER_AREAS_RE.search(clause))
                            and bool(RATING_VERB.search(left_all)))
        if (grade in SELF_EVIDENT or verb or (copula and has_subject) or shorthand
                or rated_noun or (noun_ok and quoted) or gapped):
            strength = 1
        else:
            return []
    window = clause[-120:]
    if OTHER_SUBJECT.search(window) and not CS_PHRASE.search(window):
        return []
    if OTHER_RATER.search(right[:60]) or OTHER_RATER.search(left):
        return []

    # Which judgement(s)?
    picked: list[tuple[str, bool]] = [("overall", False)]
    if grade in SEND_GRADES:
        picked = [("send_outcome", False)]
    else:
        areas = area_judgements(label.group("label") if label else clause)
        after = re.match(r"\s*:\s*(?:the\s+)?|\W*(?:for|in)\s+(?:its\s+|their\s+|the\s+|our\s+)?"
                         r"(?:work\s+with\s+|"
                         r"support\s+for\s+|services\s+for\s+|services\s+to\s+)?", right)
        wide = sentence[gm.end() : gm.end() + 160]
        nxt_wide = GRADE_RE.search(wide)
        wide = wide[: nxt_wide.start()] if nxt_wide else wide
        after_areas = area_judgements(wide[after.end():]) if after else []
        own_right = _NEXT_CLAUSE.split(right, maxsplit=1)[0]
        if _OTHERS_AFTER.match(right) or OTHER_AREAS_RE.search(left[-60:]):
            picked = [(OTHERS, False)]
        elif ALL_AREAS_RE.search(right[:50]) or (prev_end == 0 and ALL_AREAS_RE.search(left[-40:])):
            picked = [(ALL, False)]
        elif COUNTED_AREAS_RE.search(own_right[:30]) or COUNTED_AREAS_RE.search(left[-30:]):
            return []
        elif areas and not (after_areas and after_areas[0][0] < 12 and (for_area or (
                areas[0][0] < 6 and all(a[2] == "overall" for a in areas)))):
            # (" overall, and outstanding for leadership": that "overall" was the last grade's)
            run = [areas[-1]]
            plural = bool(PLURAL_BEFORE.search(left)) or gm.group(0).lower().startswith(
                ("require ", "need "))
            for prev in reversed(areas[:-1]):
                gap = clause[prev[1] : run[0][0]] if not label else ""
                if not _AREA_JOIN.match(gap) and not (
                        plural and len(gap) <= 60 and LOOSE_JOIN.match(gap)):
                    break
                run.insert(0, prev)
            kinds = {a[2] for a in areas if a[2] != "overall"}
            if label or len(run) > 1 or len(kinds) <= 1 or len(clause) - run[-1][1] < 40:
                picked = [(a[2], a[3]) for a in run]
            if strength == 1:
                strength = 2
        elif after_areas and after_areas[0][0] < 12:
            tail = wide[after.end():] if after else wide
            run = [after_areas[0]]
            for nxt_area in after_areas[1:]:
                if not _AREA_JOIN.match(tail[run[-1][1] : nxt_area[0]]):
                    break
                run.append(nxt_area)
            picked = [(a[2], a[3]) for a in run]
            strength = 2
        elif COUNTED_AREAS_RE.search(own_right[:40]) or COUNTED_AREAS_RE.search(left[-40:]):
            return []

    listed = AS_ARE.match(sentence[gm.end() :])
    if listed and picked[0][0] not in (ALL, OTHERS):
        rest = listed.group("rest")
        stop = AS_ARE_END.search(rest)
        rest = rest[: stop.start()] if stop else rest
        more = area_judgements(rest)
        lead_in = _EXPERIENCES.match(rest)
        if more and more[0][0] < 25 + (lead_in.end() if lead_in else 0) and \
                not GRADE_RE.search(rest):
            picked += [(a[2], a[3]) for a in more if a[2] != "overall"]
            strength = max(strength, 2)

    # New, history or both?
    own_left = left.rsplit(",", 1)[-1] if prev_end else FIRST_SINCE.sub("", left)
    # not "...; in 2022 they", nor "the first time since 2014"
    year_right = FIRST_SINCE.sub("", _CLAUSE_BREAK.split(right[:60], maxsplit=1)[0])
    hist_years, year = history_by_years(own_left[-60:] + " " + year_right, ref_year,
                                        ref_date)
    hist_month = old_month(left[-60:] + " " + right[:40], ref_date)
    hist_years = hist_years or hist_month
    dated_line = _DATED_LINE.match(sentence)  # a timeline: "2016 – Rated requires improvement"
    if dated_line and not hist_years:
        hist_years, line_year = history_by_years(dated_line.group(1), ref_year)
        year = year or line_year
    if earlier and label:
        tense = HISTORY
    if tense == NEW and re.match(r"^['\"*]?-rated\b", right):
        tense = HISTORY  # "the outstanding-rated council": a description, not the news
    if tense == NEW:
        if RETAINED.search(left[-40:]):
            # "remains rated inadequate since 2019": the old grade still stands, no new report
            still = _SINCE_THEN.match(right)
            # "retained its rating in August" on a November page: kept back then
            tense = HISTORY if (still or hist_month or anchored_before(
                sentence, gm.start(), ref_year, ref_date)) else BOTH
        elif (FROM_END.search(bare_left) or _past(left[-70:]) or SINCE_END.search(bare_left)
              or anchored_before(sentence, gm.start(), ref_year, ref_date)
              or (HISTORY_AFTER.match(FIRST_SINCE.sub("", right))
                  and not (nxt and _PAREN_EARLIER.match(right)))
              or hist_years or _about_council(left, right, offset + gm.start(), inside,
                                                  sentence[gm.end():])
              or PAREN_YEAR.match(right)
              or recounted(sentence, gm.start(), ref_year, ref_date)):
            tense = HISTORY
    if "last year" in (left + right).lower() and ref_year:
        year = ref_year - 1

    in_clause = any(offset + prev_end <= m.start < offset + gm.start() for m in inside)
    if not label and not in_clause and (_GENERAL.search(clause) or _LISTED.match(right)):
        return []  # "councils rated inadequate include ...": about councils in general
    named_at = [m.start - offset - prev_end for m in inside
                if offset + prev_end <= m.start < offset + gm.start()]
    if not label and named_other(clause, named_at, bool(inside)):
        return []  # "Little Acorns in Surbiton has been rated good": a provider, not the council
    councils = _councils(sentence, inside, offset, prev_end, gm.start(), gm.end(), len(sentence),
                         label, last_council)
    return [
        Statement(councils, judgement, grade, tense, year, strength, sentence.strip(),
                  offset + gm.start(), combined)
        for judgement, combined in dict.fromkeys(picked)
    ]


_COUNT = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|several|"
          r"many|most|some|few|none|all|both|half|a\s+(?:third|quarter|handful|number|minority|"
          r"majority))")
# A number of councils as the subject: "one council is", "two are still", "most of them were".
_COUNTED = re.compile(
    r"(?:^\s*|[,;:]\s*|\b(?:and|but|while|whereas)\s+)" + _COUNT + r"\s+(?:of\s+(?:the|them|these|"
    r"those)\s+)?(?:(?:[\w-]+\s+)?(?:councils?|authorities|authority|boroughs?|LAs)\s+)?"
    r"(?:is|are|was|were|has|have|had|remain|remains|stayed|got|received)\b[^,;]{0,30}$",
    re.I,
)
# Grades talked of in general: "An outstanding grade is rare", "Inadequate ratings tend to ..."
_GENERIC_OWNER = re.compile(r"(?:^|[.,;:(]\s*|\b(?:an?|any|every|many|most|some|few|such\s+an?|"
                            r"typically,?\s+an?|usually,?\s+an?)\s*)['\"]?$", re.I)
_GENERIC_NOUN = re.compile(
    r"^['\"*]?\s*(?:ratings?|grades?|judge?ments?|verdicts?)['\"]?\s+(?:is|are|can|could|may|"
    r"might|will|would|tends?|often|usually|rarely|typically|seldom|generally|follows?|comes?|"
    r"brings?|means?|requires?|triggers?|leads?|clusters?|depends?|reflects?|go(?:es)?|has|"
    r"have|do|does)\b", re.I)
_PAIR_SEGMENT = re.compile(r"[:;,]\s*(?:and\s+)?([^:;,]{3,60}?)\s*(?:[:\-\u2013]\s*)?['\"]?$")


def _verb_over_areas(left: str) -> re.Match[str] | None:
    """A rating verb whose object is a list of areas right before the grade ("rated the impact
    of leaders, help and protection, and children in care all good")."""
    verbs = list(RATING_VERB.finditer(left))
    if not verbs:
        return None
    between = left[verbs[-1].end():]
    rest = AREA_RE.sub(" ", between)
    if rest == between or not _AREA_JOIN.match(re.sub(r"\b(?:all|both|each|as|to\s+be)\b", " ",
                                                       rest, flags=re.I)):
        return None
    return verbs[-1]


def _pair(clause: str, sentence: str, at: int, prev_end: int, more: bool) -> bool:
    """An area and its grade in a list ("Judgements: leaders good, care leavers outstanding"):
    the segment before the grade is just a judgement area, in a list after a colon."""
    m = _PAIR_SEGMENT.search(clause if prev_end else sentence[:at])
    if not m or ":" not in sentence[:at] or not (more or prev_end):
        return False
    segment = m.group(1)
    areas = area_judgements(segment)
    return bool(areas) and areas[0][0] <= 4 and areas[-1][1] >= len(segment) - 2


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+|its\s+|their\s+)?$", re.I)


def _past(left: str) -> bool:
    """Words of an earlier result before the grade, not counting a closed "since ..." phrase
    ("praised progress since the last inspection, rating Bury good": the grade is new)."""
    for m in PAST.finditer(left):
        if _SINCE_BEFORE.search(left, 0, m.start()) and "," in left[m.end():]:
            continue
        return True
    return False


def _about_council(left: str, right: str, at: int, inside: list[Mention], rest: str) -> bool:
    """A relative clause or an aside describing a council or its services ("Plymouth, which
    was rated good", "its services, which are rated outstanding", "Enfield, rated good,
    hopes ..."): background, not the news."""
    if _APPOSITIVE.search(left) and _APPOSITIVE_END.match(right):
        return not FRESH_WORDS.search(rest)  # "Slough, rated inadequate, is ..."
    m = RELATIVE.search(left)
    if not m:
        return False
    where = at - len(left) + m.start()
    if any(where - 3 <= c.end <= where + 1 for c in inside):
        return not FRESH_WORDS.search(right[:70])
    areas = area_judgements(left[: m.start()])
    if areas and areas[-1][1] >= m.start() - 1:
        return False  # "help and protection, which was judged inadequate": that area's grade
    fresh = FRESH_WORDS.search(left[m.start():]) or FRESH_WORDS.search(right[:70])
    return bool(RATED_CLAUSE.search(m.group(0))) and not fresh


def _councils(
    sentence: str,
    inside: list[Mention],
    offset: int,
    prev_end: int,
    g_start: int,
    g_end: int,
    length: int,
    label: re.Match[str] | None,
    last_council: str | None,
) -> tuple[str, ...]:
    """The councils a grade is said of: named in its clause, else nearby, else in context."""
    if label:
        named = [m.council for m in inside if m.start < offset + label.end("label")]
        if named:
            return (named[-1],)
        return (last_council,) if last_council else ()
    in_clause = [m for m in inside if offset + prev_end <= m.start < offset + g_start]
    if in_clause:
        group = [in_clause[-1]]
        for m in reversed(in_clause[:-1]):
            if not _COUNCIL_JOIN.match(sentence[m.end - offset : group[0].start - offset]):
                break  # "Gateshead up, Hartlepool requires improvement": Hartlepool's grade
            group.insert(0, m)
        return tuple(dict.fromkeys(m.council for m in group))
    before = [m.council for m in inside if m.start < offset + g_start]
    if before:
        return (before[-1],)
    after = [m.council for m in inside if m.start >= offset + g_end]
    if after:
        return (after[0],)
    return (last_council,) if last_council else ()
