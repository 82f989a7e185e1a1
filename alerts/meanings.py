"""Words for the contract's vocabulary: how a subscriber reads a grade, a judgement, a visit.

Kept apart from the formatter so wording can be reviewed (and translated) in one place.
Every string here is plain text: the formatter escapes it.
"""

from __future__ import annotations

INSPECTION_LABELS = {
    "ilacs": "children's services inspection (ILACS)",
    "sif": "single inspection of children's services (SIF)",
    "legacy": "safeguarding and looked-after children inspection",
    "focused_visit": "focused visit",
    "monitoring_visit": "monitoring visit",
    "jtai": "joint targeted area inspection (JTAI)",
    "send": "area SEND inspection",
    "other": "Ofsted inspection",
}

UNGRADED_VISITS = frozenset({"focused_visit", "monitoring_visit", "jtai"})

VISIT_MEANINGS = {
    "focused_visit": "Focused visits look at one area of children's services in depth. "
    "They are not graded: Ofsted's letter sets out strengths and what must improve.",
    "monitoring_visit": "Monitoring visits follow an inadequate judgement and check the "
    "council's progress. They are not graded; the letter says whether progress is being made.",
    "jtai": "Joint targeted area inspections look at how councils, health and police work "
    "together on one theme. They are not graded; the letter sets out findings.",
}

JUDGEMENT_LABELS = {
    "overall": "Overall effectiveness",
    "leaders": "Impact of leaders",
    "help_protection": "Help and protection",
    "in_care": "Children in care",
    "care_leavers": "Care leavers",
    "adoption": "Adoption performance",
    "lscb": "Local Safeguarding Children Board",
    "send_outcome": "Area SEND outcome",
}
# The order judgements are listed in: headline first.
JUDGEMENT_ORDER = tuple(JUDGEMENT_LABELS)

GRADE_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "adequate": "Adequate",
    "inadequate": "Inadequate",
    "positive": "Positive experiences and outcomes",
    "inconsistent": "Inconsistent experiences and outcomes",
    "systemic_failings": "Widespread and/or systemic failings",
}

GRADE_MEANINGS = {
    "outstanding": "the highest grade: services make an exceptional difference to children.",
    "good": "children get the help, protection and care they need.",
    "requires_improvement": "not yet good; no widespread or serious failures leave children "
    "harmed or at risk, but services must improve.",
    "adequate": "(pre-2013 scale) services met only the minimum requirements.",
    "inadequate": "the lowest grade: serious or widespread failures leave children at risk of "
    "harm; the government may step in.",
    "positive": "the best outcome: the area's SEND arrangements typically lead to positive "
    "experiences and outcomes for children and young people.",
    "inconsistent": "the middle outcome: experiences and outcomes for children with SEND vary; "
    "the area must improve.",
    "systemic_failings": "the lowest outcome: widespread or systemic failings leave children "
    "with SEND at risk of poor outcomes; the area must publish a priority action plan.",
}

CHANGE_LABELS = {
    "improved": "⬆️ improved",
    "declined": "⬇️ declined",
    "unchanged": "unchanged",
    "first": "first under this framework",
}

# Lower is worse: used to pick which grade's meaning headlines an event without an overall.
SEVERITY = {
    "inadequate": 0, "systemic_failings": 0, "requires_improvement": 1, "adequate": 1,
    "inconsistent": 1, "good": 2, "positive": 2, "outstanding": 3,
}


def grade_label(grade: str | None) -> str:
    if not grade:
        return "not graded"
    return GRADE_LABELS.get(grade, grade.replace("_", " ").capitalize())


def judgement_label(judgement: str) -> str:
    return JUDGEMENT_LABELS.get(judgement, judgement.replace("_", " ").capitalize())


def _lower_first(label: str) -> str:
    words = label.split()
    if len(words) > 1 and words[1][:1].isupper():  # a proper name: Local Safeguarding ...
        return label
    return label[:1].lower() + label[1:]


def judgement_phrase(judgement: str) -> str:
    """A judgement's name inside a sentence: 'help and protection'."""
    return _lower_first(judgement_label(judgement))


def grade_phrase(grade: str) -> str:
    """A grade inside a sentence: 'requires improvement to be good'."""
    return _lower_first(grade_label(grade))


NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def every_judgement(count: int) -> str:
    """'Both judgements', 'All four judgements' (count >= 2)."""
    if count == 2:
        return "Both judgements"
    return f"All {NUMBERS[count] if count < len(NUMBERS) else count} judgements"


def join_and(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def inspection_label(inspection: str) -> str:
    return INSPECTION_LABELS.get(inspection, INSPECTION_LABELS["other"])


def ordered(judgements: dict[str, str]) -> list[tuple[str, str]]:
    """Judgements in the customary order (headline first), unknown ones last."""
    rank = {j: i for i, j in enumerate(JUDGEMENT_ORDER)}
    return sorted(judgements.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
