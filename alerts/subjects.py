"""Whose grade is it: the council and its services, or a provider named in its area?

"Little Acorns in Surbiton has been rated good" and "Oakwood House, in Rotherham, was judged
inadequate" grade a nursery and a children's home, not the council's children's services.
"""

from __future__ import annotations

import re

from alerts.grades import CS_PHRASE, OTHER_SUBJECT, SUBJECT, area_judgements

_CLAUSE_BREAK = re.compile(r";|\s[-\u2013\u2014]\s")
_SUBJECT_END = re.compile(
    r"\b(?:has|have|had|is|are|was|were|been|being|rated|judged|graded|found|received|got|"
    r"gets|achieved|earned|given|awarded|deemed|branded|remains?|stays?|kept|retained)\b",
    re.I,
)
_PLACED_IN = re.compile(r"\b(?:in|at|of|near|based\s+in|located\s+in)\s+(?:the\s+)?$", re.I)
_NAME_WORD = re.compile(r"\b[A-Z][a-z]+(?:'s)?\b")
_COMMON_WORDS = """
the a an its their it they this that these those there ofsted inspectors inspector inspection
council councils borough county city district children children's child services service social
care leavers overall leadership leaders help protection adoption local safeguarding board lscb
partnership trust department directorate meanwhile however but and now today also in at on for
with our we he she his her mr mrs ms dr cllr councillor director ilacs send sif experiences
progress impact practice early support looked after achieving permanence young people families
family vulnerable effectiveness judgement judgment rating report verdict result outcome grade area
areas key findings summary what why how when where who which previously last since then before
overall education government england english authority authorities both all every each its
while although as so yet still again once only this week year month first second third new
latest full full-time report's the watchdog watchdog's chief executive leader cabinet member
royal london metropolitan greater next door nearby neighbouring neighbour elsewhere across over
further up down north south east west along just today's yesterday's tuesday's wednesday's
january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday spring summer autumn winter christmas
"""
_COMMON_CAPS = frozenset(_COMMON_WORDS.split())


def named_other(clause: str, named_at: list[int], elsewhere: bool) -> bool:
    """The grade's subject is something named that is not a council or its services: a
    capitalised name ("Little Acorns", "Oakwood House") before the verb, with no word for the
    council or its services, or such a name placed in a council ("Little Acorns in Kingston").
    `named_at`: offsets in the clause of the councils it names; `elsewhere`: the sentence names
    a council outside the clause."""
    if named_at:
        subject = clause[: named_at[0]]
        if not _PLACED_IN.search(subject):
            return False
        subject = _CLAUSE_BREAK.split(subject)[-1]
        if SUBJECT.search(subject) or area_judgements(subject) or CS_PHRASE.search(subject):
            return False
        return any(w.lower() not in _COMMON_CAPS for w in _NAME_WORD.findall(subject))
    if elsewhere:
        return False
    subject = _CLAUSE_BREAK.split(clause)[-1]
    end = _SUBJECT_END.search(subject)
    subject = subject[: end.start()] if end else subject
    if SUBJECT.search(subject) or area_judgements(subject) or CS_PHRASE.search(subject):
        return False
    names = [w for w in _NAME_WORD.findall(subject) if w.lower() not in _COMMON_CAPS]
    return len(names) >= 1 and bool(OTHER_SUBJECT.search(clause) or len(names) >= 2)
