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
_ILACS_TABLE = re.compile(r"\bjudgement\s+grade\b|impact\s+of\s+leaders\s+on\s+social\s+work",
                          re.IGNORECASE)
_FOCUSED = re.compile(r"\bfocused\s+visit\b", re.IGNORECASE)
_MONITORING = re.compile(r"\bmonitoring\s+visit\b", re.IGNORECASE)
_LEGACY = re.compile(
    r"looked\s+after\s+children(?:'s)?\s+services|safeguarding\s+and\s+looked\s+after"
    r"|arrangements\s+for\s+the\s+protection\s+of\s+children|inspection\s+of\s+safeguarding"
    r"|record\s+of\s+main\s+findings",
    re.IGNORECASE,
)
_LA_INSPECTION = re.compile(
    r"inspection\s+of\s+.{0,80}?(?:children's\s+(?:social\s+care\s+)?services|trust)",
    re.IGNORECASE | re.DOTALL,
)


def head_of(first_page: str, limit: int = 1500) -> str:
    """The first page flattened to one line (titles wrap), cut to `limit` characters."""
    return " ".join(first_page.split())[:limit]


def classify(first_page: str, start: date | None) -> str:
    """The CONTRACT `inspection` kind of a report whose first page text is `first_page`."""
    head = head_of(first_page)
    title = head[:700]
    if _JTAI.search(title):
        return JTAI
    if _SEND.search(title):
        return SEND
    if _SIF.search(title):
        return SIF
    if _ILACS_TABLE.search(head):
        return ILACS
    if _FOCUSED.search(head):
        return FOCUSED_VISIT
    if _MONITORING.search(head):
        return MONITORING_VISIT
    if _LEGACY.search(title):
        return LEGACY
    if _LA_INSPECTION.search(title):
        if start is None or start >= ILACS_START:
            return ILACS
        return SIF if start >= SIF_START else LEGACY
    return OTHER


def is_lscb_only(first_page: str) -> bool:
    """A stand-alone LSCB review: its title names the board review and no LA inspection."""
    head = head_of(first_page, 600)
    return bool(_SIF.search(head)) and not re.search(
        r"children\s+in\s+need\s+of\s+help", head, re.IGNORECASE
    )


def is_reinspection(first_page: str) -> bool:
    return bool(re.search(r"\bre-?\s?inspection\s+of\s+services", head_of(first_page, 600),
                          re.IGNORECASE))
