"""The words news pages use for Ofsted grades and judgement areas, mapped to our vocabulary.

Grades: "requires improvement (to be good)", "needs improvement", "inadequate", "good",
"outstanding", the pre-2013 "adequate", and the area SEND outcomes ("positive experiences
and outcomes", "inconsistent ...", "widespread and/or systemic failings"). Areas: the SIF and
ILACS judgement titles in their official and journalistic forms ("impact of leaders",
"protecting children", "children looked after", "care leavers", "adoption performance",
"the LSCB"). Which regime an inspection belongs to is decided in `alerts.regimes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

GRADES = (
    "outstanding", "good", "requires_improvement", "adequate", "inadequate",
    "positive", "inconsistent", "systemic_failings",
)
SEND_GRADES = frozenset({"positive", "inconsistent", "systemic_failings"})
# Grades whose own words are the rating: they need no "rated"/"judged" beside them.
SELF_EVIDENT = frozenset({"requires_improvement", "positive", "inconsistent", "systemic_failings"})

GRADE_RE = re.compile(
    r"(?P<requires_improvement>requir(?:es|e|ed|ing)\s+improv(?:e)?ment(?:s)?(?:\s+to\s+be\s+good)?"
    r"|needs?\s+improvement|in\s+need\s+of\s+improvement|needing\s+improvement"
    r"|needs?\s+to\s+improve(?=\s*(?:[.,;:!?'\"\u201d\u2019)]|$|overall\b)))"
    r"|(?P<systemic_failings>widespread\s+and(?:/|\s+)or\s+systemic\s+failings"
    r"|widespread\s+(?:and|or)\s+systemic\s+failings|systemic\s+failings"
    r"|lowest\s+of\s+(?:the\s+)?three\s+(?:possible\s+)?outcomes)"
    r"|(?P<positive>positive\s+experiences\s+and\s+outcomes"
    r"|highest\s+of\s+(?:the\s+)?three\s+(?:possible\s+)?outcomes)"
    r"|(?P<inconsistent>inconsistent\s+experiences\s+and\s+outcomes"
    r"|middle\s+of\s+(?:the\s+)?three\s+(?:possible\s+)?outcomes)"
    r"|(?P<inadequate>\binadequate\b)"
    r"|(?P<adequate>\badequate\b)"
    r"|(?P<outstanding>\boutstanding\b)"
    r"|(?P<good>\bgood\b)",
    re.I,
)

# Judgement areas, most specific first; group names are judgement keys (with a suffix
# where one judgement has several phrasings the regex must tell apart).
AREA_RE = re.compile(
    r"(?P<in_care_combined>children\s+in\s+care\s+and\s+(?:those\s+leaving\s+care|care\s+leavers)"
    r"|children\s+looked\s+after\s+and\s+care\s+leavers|looked[- ]after\s+children\s+and\s+care\s+"
    r"leavers)"
    r"|(?P<in_care_legacy>overall\s+effectiveness\s+of\s+(?:the\s+)?(?:council'?s\s+)?(?:services\s+"
    r"(?:for|to)\s+|arrangements\s+for\s+)?(?:looked[- ]after\s+children|children\s+looked\s+after|"
    r"children\s+in\s+care))"
    r"|(?P<overall>overall\s+effectiveness|\boverall\b)"
    r"|(?P<leaders>leadership,?\s+management\s+and\s+governance|impact\s+of\s+(?:the\s+|its\s+|"
    r"their\s+|our\s+|senior\s+)?leaders|leadership\s+and\s+(?:its\s+)?impact|leadership\s+and\s+"
    r"management|\bleadership\b|\bleaders\b|management\s+and\s+governance)"
    r"|(?P<lscb>local\s+safeguarding\s+children(?:'s|\u2019s)?\s+board|\bLSCBs?\b|safeguarding\s+"
    r"children(?:'s|\u2019s)?\s+board|safeguarding\s+board)"
    r"|(?P<help_protection>(?:who\s+)?need(?:ing)?\s+(?:of\s+)?help\s+(?:and|&)\s+protection|help\s+(?:and|&)\s+"
    r"protection|protecting\s+children|protection\s+of\s+children|child\s+protection|children\s+"
    r"in\s+need\s+of\s+help|early\s+help)"
    r"|(?P<in_care>children\s+looked\s+after|looked[- ]after\s+children|\blooked[- ]after\b|"
    r"children\s+in\s+care|achieving\s+permanence|children\s+who\s+are\s+looked\s+after|"
    r"\bin\s+care\b)"
    r"|(?P<care_leavers>care[- ]leavers|leaving\s+care|care[- ]experienced\s+young\s+people|"
    r"young\s+people\s+leaving\s+care)"
    r"|(?P<adoption>adoption(?:\s+performance|\s+services?)?|adopted\s+children)",
    re.I,
)

# "outstanding in all areas", "good across the board": every judgement of the regime.
ALL_AREAS_RE = re.compile(
    r"\b(?:in|across|for)\s+(?:all|every|each)(?:\s+one)?\s+(?:of\s+(?:the|its|their)\s+)?"
    r"(?:\w+\s+)?(?:areas?|"
    r"categor(?:y|ies)|judgements?|judgments?|aspects?|strands?|headings?)\b|across\s+the\s+board|"
    r"\bevery\s+(?:area|category|judgement|judgment)\b|\ball\s+(?:four|five|six|seven)\s+"
    r"(?:areas|judgements|categories)\b",
    re.I,
)
# "all other areas were judged good", "every other judgement": the judgements not named.
OTHER_AREAS_RE = re.compile(
    r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:its\s+)?other\s+(?:\w+\s+)?(?:areas?|"
    r"categor(?:y|ies)|judgements?|judgments?|aspects?|strands?|headings?)\b|"
    r"\bthe\s+other\s+(?:two|three|four|five|\d)\s+(?:areas|categories|judgements|judgments)\b|"
    r"\b(?:the\s+)?(?:rest|remainder)\s+of\s+(?:the\s+|its\s+)?(?:areas|categories|judgements|"
    r"judgments)\b|\bthe\s+(?:remaining|other)\s+(?:areas|categories|judgements|judgments)\b",
    re.I,
)
# "good in two areas": a count of unnamed areas cannot be mapped to judgements.
COUNTED_AREAS_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|\d)\s+(?:of\s+(?:the\s+)?(?:\w+\s+)?)?(?:areas?|"
    r"categor(?:y|ies)|judgements?|judgments?|aspects?)\b|\bother\s+(?:areas|judgements)\b|"
    r"\bsome\s+areas\b|\bremaining\s+areas\b",
    re.I,
)


# "leadership and the help given to children who need help and protection were both
# inadequate": a plural verb joins areas further apart than a plain list does.
PLURAL_BEFORE = re.compile(
    r"\b(?:were|are|have\s+been|both)\s+(?:both\s+)?(?:(?:judged|rated|graded|deemed|found|"
    r"considered|assessed)\s+(?:to\s+be\s+|as\s+)?)?['\"\u2018\u201c*]*$",
    re.I,
)
_CLAUSE_WORD = (r"\b(?:was|were|is|are|has|have|had|rated|judged|graded|but|while|whereas|"
                r"although|which|said|says|found)\b")
LOOSE_JOIN = re.compile(r"^(?:(?!" + _CLAUSE_WORD + r")[^;:.])*\band\b(?:(?!" + _CLAUSE_WORD +
                        r")[^;:.])*$", re.I)
# "... is judged good, as are leadership, help and protection and adoption", "and so too
# was help and protection": the same grade for the areas listed after it.
AS_ARE = re.compile(
    r"^['\"\u2019\u201d*]*\s*,?\s*(?:(?:and\s+)?so\s+(?:too\s+)?|as\s+)"
    r"(?:are|were|is|was|did|does|do)\s+(?:too\s+)?(?P<rest>[^;:.]*)",
    re.I,
)
AS_ARE_END = re.compile(r"\b(?:but|while|whereas|although|though|which|"
                        r"according|said|says|in\s+a\s+report)\b|\s[-\u2013\u2014]\s", re.I)

# What makes a grade word a rating of a council, rather than praise, a wish or another subject.
RATING_VERB = re.compile(
    r"\b(?:rated|rating|re-?rated|judged|judgement|judgment|graded|grade|deemed|branded|"
    r"labelled|labeled|classed|classified|assessed|considered|declared|found|described|"
    r"upgraded|downgraded|marked|ranked|scored|achieved|earned|secured|gained|received|given|"
    r"awarded|got|gets|improved|moved|risen|rose|climbed|jumped|slipped|dropped|fell|fallen|"
    r"falls|gone|went|upgrade|downgrade|verdict|outcome|kept|keeps|retained|retains|"
    r"maintained|maintains|holds?|held)\b|\b(?:from|to|as)\s+(?:an?\s+|the\s+|its\s+)?['\"*]*$",
    re.I,
)
COPULA = re.compile(
    r"\b(?:is|are|was|were|be|been|being|now|as|still|remains?|remained|stays?|stayed)\b", re.I
)
SUBJECT = re.compile(
    r"\b(?:services?|council|authority|department|directorate|social\s+care|provision|"
    r"arrangements|partnership|trust|borough|county|city|it|they|its|their|overall)\b",
    re.I,
)
OTHER_SUBJECT = re.compile(
    r"\b(?:schools?|academy|academies|nursery|nurseries|pre-?schools?|colleges?|pupils?|"
    r"students?|children'?s\s+homes?|care\s+homes?|residential\s+homes?|the\s+home|hospitals?|"
    r"surgery|prisons?|police|constabulary|fostering\s+agency|independent\s+fostering|nhs|"
    r"university|sixth\s+form|playgroup|childminders?|special\s+school|youth\s+offending|"
    r"probation|ambulance|fire\s+service|headteacher|head\s+teacher|teachers?|family\s+hub|"
    r"adult\s+(?:learning|education|social\s+care)|apprenticeships?|further\s+education|"
    r"training\s+provider|children'?s\s+centres?|fostering\s+service|adoption\s+agency|"
    r"youth\s+service|pupil\s+referral\s+unit|secure\s+(?:children'?s\s+)?home|"
    r"boarding|residential\s+special)\b",
    re.I,
)
CS_PHRASE = re.compile(
    r"children'?s\s+(?:services|social\s+care)|social\s+work|services\s+for\s+children", re.I
)
NOT_RATED = re.compile(
    r"\b(?:funding|resources|staffing|budgets?|pay|capacity|recording|supervision|planning|"
    r"plans|housing|accommodation|levels|numbers|caseloads|workloads|response|progress|pace|"
    r"recommendations?|actions?|issues?|concerns?|cases|complaints|payments?|bills?|debts?|"
    r"quality\s+of|morale|training|culture|oversight|support)\b[^,;]{0,60}$",
    re.I,
)
OTHER_RATER = re.compile(
    r"\bby\s+(?:the\s+)?(?:CQC|Care\s+Quality\s+Commission|HMICFRS|HMI\s+Probation|"
    r"HM\s+Inspectorate|Estyn|Care\s+Inspectorate)\b",
    re.I,
)
ALLOWED_NEXT = frozenset({
    "for", "in", "by", "and", "or", "overall", "at", "across", "on", "with", "after", "since",
    "from", "to", "when", "as", "but", "under", "following", "rating", "ratings", "grade",
    "grades", "judgement", "judgements", "judgment", "judgments", "verdict", "last", "this",
    "earlier", "again", "too", "once", "both", "compared", "which", "while", "said", "says",
    "according", "because", "despite", "although", "if", "today", "yesterday", "now",
    "previously", "before", "ofsted", "inspectors", "status", "result", "results", "score",
    "mark", "label", "category"
})
NOUN_AFTER_OK = re.compile(
    r"^(?:children'?s\s+services|services|children'?s\s+social\s+care|social\s+care|"
    r"council|department|service)\b",
    re.I,
)


def grade_of(match: re.Match[str]) -> str:
    """The vocabulary grade of a GRADE_RE match."""
    return match.lastgroup or "good"


def judgement_of(match: re.Match[str]) -> str:
    """The judgement key of an AREA_RE match ('in_care_combined' is reported as in_care)."""
    name = match.lastgroup or "overall"
    return "in_care" if name in ("in_care_combined", "in_care_legacy") else name


def area_judgements(text: str) -> list[tuple[int, int, str, bool]]:
    """Judgement areas named in text: (start, end, judgement, combined-with-care-leavers)."""
    return [
        (m.start(), m.end(), judgement_of(m), m.lastgroup == "in_care_combined")
        for m in AREA_RE.finditer(text)
    ]


def label_judgement(label: str) -> str | None:
    """The judgement a list or table label names ("Overall effectiveness", "Adoption")."""
    found = area_judgements(label)
    if not found:
        return None
    return found[-1][2]


# "Overall effectiveness: RI Impact of leaders: RI Children in care: good" once a list is
# flattened: a new line before each label that follows a grade.
_LABEL_RUN = re.compile(
    r"(:\s*[^:\n]{0,60}?\b(?:good|outstanding|inadequate|adequate|improvement|RI|"
    r"(?:previously|was)\s+\w+\)))[ \t]+(?=\(?[A-Z][^:.\n]{2,90}:)")


# Plain-text bulletins: "* Help and protection ........ Good", the grade at the end of the
# line or wrapped to the start of the next.
_DOT_LEADER_LINE = re.compile(r"^[ \t]*(?:[*\u2022\u00b7-][ \t]+)?(?P<label>[^\n]{2,140}?)"
                              r"[ \t]*(?:(?:\.[ \t]*){3,}|(?:\u2026[ \t]*)+)(?P<rest>[^\n]*)$")


_DOTS = re.compile(r"\.[ \t]?\.[ \t]?\.|\u2026")


def dot_leaders(text: str) -> str:
    """ "* Care leavers ...... Outstanding" (or the grade on the next line) becomes
    "Care leavers: Outstanding"; other lines are kept."""
    if not _DOTS.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _DOT_LEADER_LINE.match(line)
        if m and area_judgements(m.group("label")):
            rest = m.group("rest").strip()
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            g = GRADE_RE.match(nxt) if not rest else None
            if g and len(nxt) - g.end() < 40:
                rest = nxt
                i += 1
            if rest:
                out.append(f"{m.group('label').strip()}: {rest}")
                i += 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


# "The impact of leaders on social work practice Outstanding": a table row flattened to a
# line, the grade at its end with nothing between.
_BARE_ROW = re.compile(
    r"^(?P<label>[A-Z][^.:|\n]{5,140}?)[ \t]+(?P<grade>Outstanding|Good|Inadequate|Adequate|"
    r"Requires\s+improvement(?:\s+to\s+be\s+good)?)[ \t]*$", re.M)


def _bare_row(m: re.Match[str]) -> str:
    label = m.group("label")
    if not AREA_RE.search(label) or re.search(r"\b(?:is|are|was|were|been|be|rated|judged)\b",
                                                label, re.I):
        return m.group(0)
    return f"{label}: {m.group('grade')}"


# "Nottingham: positive" under an area SEND round-up: the outcome's short name as a label.
_SEND_SHORT = re.compile(r"^(?P<label>[^:\n]{2,60}):[ \t]*(?P<grade>positive|inconsistent|"
                         r"(?:widespread\s+and/or\s+)?systemic\s+failings)[ \t]*$", re.I | re.M)
_SEND_FULL = {"positive": "positive experiences and outcomes",
              "inconsistent": "inconsistent experiences and outcomes"}


def send_short_labels(text: str) -> str:
    """ "Bury: inconsistent" on an area SEND page becomes "Bury: inconsistent experiences and
    outcomes", the outcome's own words."""
    if not re.search(r"\bSEND\b|special\s+educational\s+needs", text):
        return text
    return _SEND_SHORT.sub(lambda m: f"{m.group('label')}: "
                           f"{_SEND_FULL.get(m.group('grade').lower(), m.group('grade'))}", text)


def split_label_runs(text: str) -> str:
    """Several "label: grade" pairs on one line become one line each, a bare "label grade"
    row gets its colon; other text is kept."""
    text = _BARE_ROW.sub(_bare_row, send_short_labels(dot_leaders(text)))
    if text.count(":") < 2:
        return text
    out = []
    for line in text.split("\n"):
        if line.count(":") >= 2:
            fixed = _LABEL_RUN.sub(_label_break, line)
            line = fixed
        out.append(line)
    return "\n".join(out)


def _label_break(m: re.Match[str]) -> str:
    after = m.string[m.end() : m.end() + 100].split(":", 1)[0]
    return m.group(1) + ("\n" if area_judgements(after) else " ")


def council_columns(text: str, is_council: Callable[[str], bool]) -> str:
    """A table with a column per council ("Leeds | Bradford" over "Care leavers | Good |
    Outstanding"), or a row per council under a row of judgements, becomes one "Council:
    label: grade" line per cell, so each grade has its council beside it."""
    if " | " not in text:
        return text
    out: list[str] = []
    header: list[str] | None = None
    areas: list[str] | None = None  # or a column per judgement, a row per council
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) >= 2 and all(c and is_council(c) for c in cells):
            header, areas = cells, None
            out.append(line)
            continue
        if len(cells) >= 2 and all(c and AREA_RE.search(c) and not GRADE_RE.search(c)
                                   for c in cells):
            header, areas = None, cells
            out.append(line)
            continue
        if header is not None and len(cells) == len(header) + 1 and GRADE_RE.search(line):
            label, grades = cells[0], cells[1:]
            out += [f"{council}: {label}: {grade}" for council, grade in zip(header, grades,
                                                                           strict=True)]
            continue
        if areas is not None and len(cells) == len(areas) + 1 and is_council(cells[0]) and \
                GRADE_RE.search(line):
            out += [f"{cells[0]}: {area}: {grade}" for area, grade in zip(areas, cells[1:],
                                                                          strict=True)]
            continue
        header = areas = None
        out.append(line)
    return "\n".join(out)


_PREVIOUS_HEAD = re.compile(r"\b(?:previous|previously|last|earlier|before|was|old|prior)\b", re.I)
_HEAD_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def previous_columns(text: str) -> str:
    """A table of this inspection's grades beside the last one's ("Judgement | 2024 |
    Previous inspection (2018)") becomes "label: grade (previously grade)" lines, which read
    as a new grade and its earlier one."""
    if " | " not in text:
        return text
    out: list[str] = []
    columns: tuple[int, int] | None = None  # (new, previous) cell indexes
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) == 3 and not GRADE_RE.search(line):
            columns = _new_and_previous(cells[1], cells[2])
            out.append(line)
            continue
        if columns is not None and len(cells) == 3 and GRADE_RE.match(cells[columns[0]]):
            new, old = cells[columns[0]], cells[columns[1]]
            earlier = f" (previously {old})" if GRADE_RE.match(old) else ""
            out.append(f"{cells[0]}: {new}{earlier}")
            continue
        columns = None
        out.append(line)
    return "\n".join(out)


def _new_and_previous(first: str, second: str) -> tuple[int, int] | None:
    years = [_HEAD_YEAR.search(first), _HEAD_YEAR.search(second)]
    if _PREVIOUS_HEAD.search(second) and not _PREVIOUS_HEAD.search(first):
        return (1, 2)
    if _PREVIOUS_HEAD.search(first) and not _PREVIOUS_HEAD.search(second):
        return (2, 1)
    if years[0] and years[1] and years[0].group(1) != years[1].group(1):
        return (1, 2) if years[0].group(1) > years[1].group(1) else (2, 1)
    return None


_LIST_HEAD = re.compile(r"(?:as\s+well\s+as|and|for|including|in|across|good|outstanding|"
                        r"inadequate|adequate|improvement(?:\s+to\s+be\s+good)?)\s*:\s*$", re.I)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7]\s*)?")


def grade_over_list(text: str) -> str:
    """ "... requires improvement overall, and requires improvement for:" over a list of areas
    gives each listed area that grade ("Impact of leaders: requires improvement")."""
    if ":" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    grade: str | None = None
    for line in lines:
        item = _BULLET.sub("", line).strip().rstrip(";.,")
        if grade and item and len(item) < 120 and AREA_RE.search(item) and \
                not GRADE_RE.search(item):
            out.append(f"{item}: {grade}")
            continue
        grade = None
        if _LIST_HEAD.search(line):
            found = list(GRADE_RE.finditer(line))
            grade = found[-1].group(0) if found else None
        out.append(line)
    return "\n".join(out)
