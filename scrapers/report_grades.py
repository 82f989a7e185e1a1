"""Grades read against their row labels in a report's judgement table.

Extracted table text is messy: a grade cell wraps ("Requires improvement" / "to be good"), sits
on the line above or below its label, straddles the label ("Requires improvement", label,
"to be good"), or says "Not judged".  So the table is read as lines: row-label lines (a known
label starting the line, nothing but a grade after it) and cell lines (nothing but grade words).
When the cells and labels come out in equal numbers they are paired in order, which is right
whether the cells sit above or below their labels; otherwise each label takes the cell on its
own line, else the next cell below it, else the nearest one above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RI = "requires_improvement"
NOT_JUDGED = "not_judged"

_GRADE_TOKEN = re.compile(
    r"(?<![a-z])(?:requires?\s*improvement(?:\s*to(?:\s*be(?:\s*good)?)?)?"
    r"|requires"
    r"|improvement(?:\s*to(?:\s*be(?:\s*good)?)?)?"
    r"|to\s*be\s*good|be\s*good"
    r"|not\s*(?:yet\s*)?(?:judged|graded|inspected)"
    r"|outstanding|inadequate|adequate|good)(?![a-z])",  # footnote digits may follow
    re.IGNORECASE,
)
# What may surround grade words in a pure cell: footnote digits, punctuation, bullets.
_CELL_RESIDUE = re.compile(r"^(?:\s*grade\s*\d\b)?[\s\d.,;:*()\-|/]*$", re.IGNORECASE)
_NUMBERING = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*\.?\)?|\(?[a-z]\)|[-*\u2022])?\s*$", re.IGNORECASE)
# Short stray lines (page headers, numbers) may sit inside a table; longer text ends it.
_STRAY_MAX = 40

_EXP = r"(?:the\s*)?(?:experiences\s*and\s*progress\s*of\s*)?"
# (key, pattern): first match wins at a position, so longer phrasings come first.
# Keys that are None mark rows we recognise but do not report (legacy sub-judgements).
ROW_LABELS: list[tuple[str | None, str]] = [
    ("leaders", r"(?:the\s*)?impact\s*of\s*leaders\s*on\s*social\s*work\s*practice"
                r"(?:\s*with\s*children\s*and\s*families)?"),
    ("help_protection", _EXP + r"children\s*who\s*need\s*help\s*and\s*protection"),
    ("in_care", _EXP + r"children\s*(?:in\s*care|looked\s*after)\s*and\s*(?:care\s*)?leavers"),
    ("in_care", _EXP + r"children\s*(?:looked\s*after|in\s*care)\s*and\s*achieving\s*permanence"),
    ("care_leavers", _EXP + r"(?:children\s*)?care\s*leavers"),
    ("in_care", _EXP + r"children\s*in\s*care"),
    ("adoption", r"adoption\s*performance"),
    ("leaders", r"leadership\s*,?\s*management\s*and\s*governance"),
    ("leaders", r"leadership\s*and\s*(?:management|governance)"),
    # "Overall effectiveness of the arrangements to protect children", "... of services": the
    # row check below still demands that nothing but a grade follows on the line.
    ("overall", r"(?:the\s*)?overall\s*effectiveness(?:\s+of\s+[a-z',\- ]{3,80})?"),
    (None, r"capacity\s*(?:to|for)\s*improve(?:ment)?"),
    (None, r"(?:safeguarding\s*)?outcomes\s*for\s*(?:looked\s*after\s*)?children"
           r"(?:\s*and\s*young\s*people)?"),
    (None, r"quality\s*of\s*(?:provision|practice)"),
    (None, r"(?:the\s*)?effectiveness\s*of\s*the\s*help\s*and\s*protection\s*provided"
           r"(?:\s*to\s*children,?\s*young\s*people,?\s*families\s*and\s*carers)?"),
    (None, r"being\s*healthy|staying\s*safe|enjoying\s*and\s*achieving"
           r"|making\s*a\s*positive\s*contribution|(?:achieving\s*)?economic\s*well-?being"),
    (None, r"ambition\s*and\s*prioritisation|evaluation\s*of\s*outcomes|user\s*engagement"
           r"|partnership\s*working|equality\s*and\s*diversity|value\s*for\s*money"
           r"|performance\s*management\s*and\s*quality\s*assurance"),
]
_LABEL_RE = re.compile(
    "|".join(f"(?P<l{i}>{pattern})" for i, (_key, pattern) in enumerate(ROW_LABELS)),
    re.IGNORECASE,
)


def grade_of(token: str) -> str:
    """Vocabulary grade of one grade phrase or fragment ("to be good" is part of RI)."""
    low = "".join(token.lower().split())
    if low.startswith("not"):
        return NOT_JUDGED
    if low.startswith(("require", "improvement", "tobe", "begood")):
        return RI
    return low


def _is_open(token: str) -> bool:
    """A requires-improvement phrase cut before its "to be good"."""
    low = token.lower().rstrip()
    return low.startswith(("require", "improvement", "to be")) and not low.endswith("good")


def _is_continuation(token: str, before: str) -> bool:
    """Whether `token` finishes the open requires-improvement phrase `before`."""
    low, prior = "".join(token.lower().split()), "".join(before.lower().split())
    if low == "good":
        return prior.endswith("tobe")
    if low == "begood":
        return prior.endswith("to")
    return low.startswith(("improvement", "tobe")) and not prior.endswith("to")


@dataclass
class _Row:
    """One line of the table region: a row label (key set) or a bare cell line."""

    line: int
    key: str | None = None
    is_label: bool = False
    tokens: list[str] = field(default_factory=list)
    last_line: int = -1


@dataclass
class _Cell:
    grade: str
    line: int
    text: str
    owner: int | None = None  # index of the label row when the cell is on the label's line

    @property
    def open(self) -> bool:
        return _is_open(self.text)


def _split_tail(line: str) -> tuple[str, list[str]]:
    """A line cut into its text and the grade phrases that end it (a grade column's cell)."""
    cut = len(line)
    tokens: list[str] = []
    for match in reversed(list(_GRADE_TOKEN.finditer(line))):
        if not _CELL_RESIDUE.match(line[match.end(): cut]):
            break
        tokens.insert(0, match.group(0))
        cut = match.start()
    if not tokens:
        return line, []
    return line[:cut].rstrip(), tokens


def _scan_rows(text: str) -> tuple[list[_Row], list[str]]:
    """Row labels and cell lines of `text`, in order (narrative lines left out), and the lines.

    Grade phrases ending a line are set aside first, so a label still reads as one phrase when
    a two-column layout puts its grade between the label's wrapped lines.
    """
    lines = text.split("\n")
    split = [_split_tail(line) for line in lines]
    heads = [head for head, _tokens in split]
    stripped = "\n".join(heads)
    starts = [0]
    for head in heads:
        starts.append(starts[-1] + len(head) + 1)
    rows: list[_Row] = []
    covered: set[int] = set()
    for match in _LABEL_RE.finditer(stripped):
        first = _line_of(starts, match.start())
        last = _line_of(starts, max(match.end() - 1, match.start()))
        prefix = stripped[starts[first]: match.start()]
        rest = stripped[match.end(): starts[last + 1] - 1]
        if not _NUMBERING.match(prefix) or first in covered or not _CELL_RESIDUE.match(rest):
            continue  # mid-sentence, or the phrase runs on: narrative, not a row label
        index = int(match.lastgroup[1:]) if match.lastgroup else 0
        tokens = [token for number in range(first, last + 1) for token in split[number][1]]
        rows.append(_Row(first, ROW_LABELS[index][0], True, tokens, last))
        covered.update(range(first, last + 1))
    for number, (head, tokens) in enumerate(split):
        if number not in covered and tokens and _CELL_RESIDUE.match(head):
            rows.append(_Row(number, tokens=tokens, last_line=number))
    return sorted(rows, key=lambda row: row.line), lines


def _line_of(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high - 1:
        mid = (low + high) // 2
        if starts[mid] <= offset:
            low = mid
        else:
            high = mid
    return low


def _tables(rows: list[_Row], lines: list[str], max_gap: int) -> list[list[_Row]]:
    """Runs of rows separated only by blank lines and at most `max_gap` short stray lines."""
    tables: list[list[_Row]] = []
    for row in rows:
        if tables:
            between = [line for line in lines[tables[-1][-1].last_line + 1: row.line] if line]
            if len(between) <= max_gap and all(len(line) <= _STRAY_MAX for line in between):
                tables[-1].append(row)
                continue
        tables.append([row])
    return tables


def _cells(table: list[_Row]) -> list[_Cell]:
    """Grade cells in reading order, a wrapped "Requires improvement" / "to be good" as one."""
    cells: list[_Cell] = []
    previous_line = -10
    for label_index, row in enumerate(table):
        for position, token in enumerate(row.tokens):
            adjacent = position > 0 or row.line == previous_line + 1
            if cells and adjacent and cells[-1].open and _is_continuation(token, cells[-1].text):
                cells[-1].text = " ".join((cells[-1].text, token))
                continue
            owner = label_index if row.is_label else None
            cells.append(_Cell(grade_of(token), row.line, token, owner))
        previous_line = row.last_line
    return cells


def read_table(text: str, max_gap: int = 3) -> dict[str, str]:
    """{judgement key: grade} from the densest judgement table in `text` (one or two pages)."""
    rows, lines = _scan_rows(text)
    best: list[_Row] = []
    for table in _tables(rows, lines, max_gap):
        labels = [row for row in table if row.is_label]
        if len({row.key for row in labels}) > len({row.key for row in best if row.is_label}):
            best = table
    return assign(best)


def read_all_rows(text: str) -> dict[str, str]:
    """{key: grade} from every table in `text`; the first occurrence wins (legacy records)."""
    found: dict[str, str] = {}
    rows, lines = _scan_rows(text)
    for table in _tables(rows, lines, 2):
        for key, grade in assign(table).items():
            found.setdefault(key, grade)
    return found


def assign(table: list[_Row]) -> dict[str, str]:
    """{key: grade} for the labels of one table; "Not judged" rows and unkeyed rows left out."""
    labels = [(i, row) for i, row in enumerate(table) if row.is_label]
    if not labels:
        return {}
    cells = _cells(table)
    graded: dict[int, str] = {}
    if len(cells) == len(labels):
        graded = {index: cell.grade for (index, _row), cell in zip(labels, cells, strict=True)}
    else:
        graded = _nearest(table, labels, cells)
    result: dict[str, str] = {}
    for index, row in labels:
        grade = graded.get(index)
        if row.key and grade and grade != NOT_JUDGED:
            result.setdefault(row.key, grade)
    return result


def _nearest(
    table: list[_Row], labels: list[tuple[int, _Row]], cells: list[_Cell]
) -> dict[int, str]:
    """Each label's own-line cell, else the first free cell below it, else the nearest above."""
    graded: dict[int, str] = {}
    used: set[int] = set()
    for index, _row in labels:
        for n, cell in enumerate(cells):
            if cell.owner == index and n not in used:
                graded[index] = cell.grade
                used.add(n)
                break
    bounds = [row.line for _i, row in labels] + [10**9]
    for k, (index, row) in enumerate(labels):
        if index in graded:
            continue
        below = [n for n, c in enumerate(cells)
                 if n not in used and c.owner is None and row.last_line < c.line < bounds[k + 1]]
        above = [n for n, c in enumerate(cells)
                 if n not in used and c.owner is None and c.line < row.line
                 and (k == 0 or c.line > labels[k - 1][1].last_line)]
        choice = below[0] if below else (above[-1] if above else None)
        if choice is not None:
            graded[index] = cells[choice].grade
            used.add(choice)
    return graded


# --- Grades written as sentences (SIF headline, LSCB review, area SEND outcome) --------------

_GRADE_WORDS = r"(requires?\s+improvement|outstanding|inadequate|good)"
_SIF_OVERALL = re.compile(
    r"overall\s+judgement\s+is\s+(?:that\s+)?(?:(?:the\s+)?children's\s+services\s+)?"
    rf"(?:are\s+|is\s+)?{_GRADE_WORDS}"
    r"|children's\s+services\s+(?:in|on|for|at)\s+[^.:]{1,60}?\s+"
    rf"(?:(?:are|is)\s+(?:judged\s+(?:to\s+be\s+)?)?)?{_GRADE_WORDS}",
    re.IGNORECASE,
)
# A judgement line opens with the board's name; "An LSCB that is good ..." (the grade
# descriptors) and "The LSCB is likely to be judged good if" do not match.
_LSCB = re.compile(
    r"^[\d.\s]*(?:the\s+effectiveness\s+of\s+)?the\s+(?:local\s+safeguarding\s+children(?:'s)?\s+"
    r"board|lscb)(?:\s*\(lscb\))?\s+(?:is\s+|are\s+)?(?:judged\s+(?:to\s+be\s+|as\s+)?)?(?:is\s+)?"
    + _GRADE_WORDS
    # The judgement ends its sentence; "The LSCB is good at ..." is narrative.
    + r"(?:\s+to\s+be\s+good)?[\s\d]*?(?:[.;:]|$)",
    re.IGNORECASE | re.MULTILINE,
)
_SEND_OUTCOMES = [
    ("systemic_failings", re.compile(r"widespread\s+and/or\s+systemic\s+failings|systemic\s+"
                                     r"failings\s+leading", re.IGNORECASE)),
    ("inconsistent", re.compile(r"lead\s+to\s+inconsistent\s+experiences\s+and\s+outcomes",
                                re.IGNORECASE)),
    ("positive", re.compile(r"lead\s+to\s+positive\s+experiences\s+and\s+outcomes",
                            re.IGNORECASE)),
]


def sif_overall(text: str) -> str | None:
    """The headline grade of a SIF report ("Children's services in X require improvement")."""
    match = _SIF_OVERALL.search(text)
    if not match:
        return None
    return grade_of(match.group(1) or match.group(2))


def lscb_grade(text: str) -> str | None:
    """The LSCB review judgement stated on this page, if any."""
    match = _LSCB.search(text)
    return grade_of(match.group(1)) if match else None


def send_outcome(text: str) -> str | None:
    """The area SEND (2023 framework) headline outcome: the first one the text states."""
    found = [(m.start(), grade) for grade, rx in _SEND_OUTCOMES if (m := rx.search(text))]
    return min(found)[1] if found else None
