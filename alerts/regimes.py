"""Which inspection regime a graded result belongs to, and which judgements it has.

Ofsted's graded inspections of councils' children's services changed shape several times:
legacy regimes (to Nov 2013, four points with "adequate"), the single inspection framework
(SIF, Nov 2013 to 2018: adoption, care leavers and the LSCB graded), ILACS 2018-2022 (children
in care and care leavers one judgement), ILACS from 2023 (care leavers on their own) and
inspections starting on or after 1 April 2026 (no overall effectiveness grade).
"""

from __future__ import annotations

import re
from datetime import date

SIF_START = date(2013, 11, 1)
ILACS_START = date(2018, 1, 1)
SIF_LAST = date(2018, 12, 31)
CARE_LEAVERS_SPLIT = date(2023, 1, 1)
NO_OVERALL_FROM = date(2026, 4, 1)
NO_OVERALL_SURE = date(2026, 9, 1)  # pages after this can only be about newer inspections

_SIF_WORDS = re.compile(
    r"leadership,?\s+management\s+and\s+governance|achieving\s+permanence|adoption\s+performance|"
    r"local\s+safeguarding\s+children(?:'s)?\s+board|\bLSCBs?\b|single\s+inspection\s+framework|"
    r"\bSIF\b|adoption\s+services\s+(?:were|was)\s+rated",
    re.I,
)
_ILACS_WORDS = re.compile(
    r"\bILACS\b|impact\s+of\s+(?:the\s+|its\s+)?leaders|"
    r"inspection\s+of\s+local\s+authority\s+children'?s\s+services",
    re.I,
)
_NO_OVERALL_WORDS = re.compile(
    r"\b(?:no|not|without|never|no\s+longer)\s+(?:\w+\s+){0,4}?(?:single\s+|headline\s+|one-word\s+)?"
    r"(?:overall|headline)\s+(?:effectiveness\s+)?(?:grade|rating|judgement|judgment|verdict)|"
    r"(?:overall|headline)\s+(?:effectiveness\s+)?(?:grades?|ratings?|judgements?)\s+(?:has|have|"
    r"was|were|is|are)\s+(?:been\s+)?(?:scrapped|removed|dropped|abolished|axed|ended|gone)|"
    r"no\s+single\s+headline\s+grade|(?:began|started|starting|start)\s+on\s+or\s+after\s+"
    r"1\s+april\s+2026",
    re.I,
)
_INSPECTED_2026 = re.compile(
    r"\binspect\w*[^.]{0,60}?\b(april|may|june|july|august|september|october|november|"
    r"december)\s+2026\b",
    re.I,
)
_HELP = re.compile(r"\bhelp\b", re.I)
_BEFORE_APRIL_2026 = re.compile(
    r"\binspect\w*[^.]{0,60}?\b(?:jan(?:uary)?|feb(?:ruary)?|march)\s+(?:\d{1,2}\s+)?(?:to\s+\w+\s+\d{1,2}\s+)?"
    r"(?:2026)?[^.]{0,60}\bbefore\b|\b(?:just|shortly)\s+before\s+(?:ofsted'?s?\s+)?(?:the\s+)?new\s+"
    r"(?:framework|arrangements|rules)|\bone\s+of\s+the\s+last\s+(?:graded|to\s+(?:carry|get|receive))"
    r"|\bbegan\s+(?:in|on)\s+[^.]{0,20}\b(?:jan|feb|march)[a-z]*\s+2026\b",
    re.I,
)
_ALL_SIF = ("overall", "leaders", "help_protection", "in_care", "adoption", "care_leavers")


def inspection_kind(ref: date | None, text: str, grades: set[str]) -> str:
    """legacy, sif or ilacs for a graded result published around `ref`."""
    sif = bool(_SIF_WORDS.search(text))
    ilacs = bool(_ILACS_WORDS.search(text))
    if "adequate" in grades:
        return "legacy"
    if ref is None:
        if ilacs:
            return "ilacs"
        return "sif" if sif else "ilacs"
    if ref < SIF_START:
        return "sif" if "requires_improvement" in grades else "legacy"
    if ref < ILACS_START:
        return "sif"
    if ref <= SIF_LAST and sif and not ilacs:
        return "sif"
    return "ilacs"


def has_no_overall(ref: date | None, text: str) -> bool:
    """True for inspections that started on or after 1 April 2026 (no overall grade)."""
    if ref is not None and ref < NO_OVERALL_FROM:
        return False
    if _BEFORE_APRIL_2026.search(text):
        return False  # "The inspection took place in March, just before the new framework"
    if _NO_OVERALL_WORDS.search(text) or _INSPECTED_2026.search(text):
        return True
    return ref is not None and ref >= NO_OVERALL_SURE


def judgements_of(kind: str, ref: date | None, no_overall: bool) -> tuple[str, ...]:
    """Every graded judgement an inspection of this kind has (for "good in all areas")."""
    if kind == "legacy":
        found: tuple[str, ...] = ("overall",)
    elif kind == "sif":
        found = _ALL_SIF
    elif ref is not None and ref < CARE_LEAVERS_SPLIT:
        found = ("overall", "leaders", "help_protection", "in_care")
    else:
        found = ("overall", "leaders", "help_protection", "in_care", "care_leavers")
    return tuple(j for j in found if not (no_overall and j == "overall"))


def normalise(
    judgement: str, combined: bool, kind: str, ref: date | None, split: bool = False,
    sentence: str = "",
) -> tuple[str, ...]:
    """Map a judgement named on the page to the regime's judgements. `split`: the page grades
    children in care and care leavers separately, so it cannot be a 2018-2022 ILACS. A legacy
    inspection's "arrangements for protecting children" is its overall grade; only "help and
    protection" named as such is that judgement."""
    if kind == "legacy" and judgement == "help_protection" and not _HELP.search(sentence):
        return ("overall",)
    if kind == "ilacs" and ref is not None and ref < CARE_LEAVERS_SPLIT and not split:
        if judgement == "care_leavers":
            return ("in_care",)
        return (judgement,)
    if combined and kind == "ilacs":
        return ("in_care", "care_leavers")
    return (judgement,)
