"""Which kind of Ofsted document a report is, read from its first page.

The title phrases are distinctive; the inspection start date decides only when the title is not
(graded local authority inspections were "legacy" before the SIF began in November 2013, SIF
until ILACS began in January 2018).
"""

from __future__ import annotations

import re
from datetime import date

ILACS = "ilacs"
SIF = "sif"
LEGACY = "legacy"
FOCUSED_VISIT = "focused_visit"
MONITORING_VISIT = "monitoring_visit"
JTAI = "jtai"
SEND = "send"
OTHER = "other"

SIF_START = date(2013, 11, 1)
ILACS_START = date(2018, 1, 1)

_JTAI = re.compile(r"joint\s+targeted\s+area\s+inspection|\bjtai\b", re.IGNORECASE)
_SEND = re.compile(
    r"area\s+send\s+(?:full\s+|re-?)?inspection|local\s+area\s+send|send\s+(?:re-?)?inspection\s+of"
    r"|(?:joint\s+)?local\s+area\s+(?:special\s+educational\s+needs|send)"
    r"|local\s+area\s+partnership",
    re.IGNORECASE,
)
_SIF = re.compile(
    r"(?:re-?\s?inspection|inspection)\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help"
    r"|(?:review|inspection)\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding"
    r"\s+children(?:'s)?\s+board",
    re.IGNORECASE,
)
_ILACS_TABLE = re.compile(r"\bjudgements?\s*grades?\b", re.IGNORECASE)
_FOCUSED = re.compile(r"\bfocused\s+visit\b", re.IGNORECASE)
_MONITORING = re.compile(r"\bmonitoring\s+visit\b", re.IGNORECASE)
_LEGACY = re.compile(
    r"looked\s+after\s+children(?:'s)?\s+services|safeguarding\s+and\s+looked\s+after"
    r"|arrangements\s+for\s+the\s+protection\s+of\s+children|inspection\s+of\s+safeguarding"
    r"|record\s+of\s+main\s+findings",
    re.IGNORECASE,
)
_DEAR = re.compile(r"\bdear\s+(?:mr|mrs|ms|miss|dr|director|colleague|sir|madam|[A-Z])",
                   re.IGNORECASE)
_LETTER_KINDS = [(JTAI, _JTAI), (SEND, _SEND), (FOCUSED_VISIT, _FOCUSED),
                 (MONITORING_VISIT, _MONITORING)]
_LA_INSPECTION = re.compile(
    r"inspection\s+of\s+.{0,80}?(?:children's\s+(?:social\s+care\s+)?services|trust"
    r"|children\s+first|council)",
    re.IGNORECASE | re.DOTALL,
)


def head_of(first_page: str, limit: int = 1500) -> str:
    """The first page flattened to one line (titles wrap), cut to `limit` characters."""
    return " ".join(first_page.split())[:limit]


def classify(first_page: str, start: date | None) -> str:
    """The CONTRACT `inspection` kind of a report whose first page text is `first_page`."""
    head = head_of(first_page)
    # Visits, JTAIs and older SEND inspections are letters: their subject line, the first
    # kind phrase near "Dear ...", decides, whatever inspections the letter recalls later.
    dear = _DEAR.search(head[:1500])
    if dear:
        kind = _first_kind(head[max(0, dear.start() - 300): dear.end() + 1200])
        if kind:
            return kind
    # Reports mention other kinds in passing ("a JTAI found", "monitoring visits showed"):
    # the SIF title and the ILACS table are unmistakable, so they are checked first.
    if _SIF.search(head[:400]):
        return SIF
    if _ILACS_TABLE.search(head):
        return ILACS
    kind = _first_kind(head[:1000])
    if kind:
        return kind
    if _LEGACY.search(head[:700]):
        return LEGACY
    if _LA_INSPECTION.search(head[:700]):
        if start is None or start >= ILACS_START:
            return ILACS
        return SIF if start >= SIF_START else LEGACY
    return OTHER


def _first_kind(text: str) -> str | None:
    """The kind whose phrase comes first in `text` (a letter's subject line or a title)."""
    found = [(m.start(), kind) for kind, rx in _LETTER_KINDS if (m := rx.search(text))]
    return min(found)[1] if found else None


def is_lscb_only(first_page: str) -> bool:
    """A stand-alone LSCB review: its title names the board review and no LA inspection."""
    head = head_of(first_page, 600)
    return bool(_SIF.search(head)) and not re.search(
        r"children\s+in\s+need\s+of\s+help", head, re.IGNORECASE
    )


def is_reinspection(first_page: str) -> bool:
    return bool(re.search(r"\bre-?\s?inspection\s+of\s+services", head_of(first_page, 600),
                          re.IGNORECASE))
