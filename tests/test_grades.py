"""Sentence by sentence: which wordings are grades, for which judgement, new or history."""

from __future__ import annotations

import pytest

from alerts.grades import GRADE_RE, grade_of, label_judgement
from alerts.statements import ALL, BOTH, HISTORY, NEW, OTHERS, Mention, sentences, statements_in

COUNCILS = ("Leeds", "Wigan", "Barnet", "Kent")


def said(text: str, year: int | None = 2024) -> list[tuple[str, str, str]]:
    """(judgement, grade, tense) for every statement the text makes."""
    mentions = []
    for name in COUNCILS:
        at = text.find(name)
        while at >= 0:
            mentions.append(Mention(at, at + len(name), name))
            at = text.find(name, at + 1)
    mentions.sort(key=lambda m: m.start)
    return [(s.judgement, s.grade, s.tense) for s in statements_in(text, mentions, year, "Leeds")]


@pytest.mark.parametrize(("words", "grade"), [
    ("requires improvement to be good", "requires_improvement"),
    ("require improvement", "requires_improvement"),
    ("requiring improvement", "requires_improvement"),
    ("needs improvement", "requires_improvement"),
    ("inadequate", "inadequate"),
    ("adequate", "adequate"),
    ("Outstanding", "outstanding"),
    ("good", "good"),
    ("widespread and/or systemic failings", "systemic_failings"),
    ("positive experiences and outcomes", "positive"),
    ("inconsistent experiences and outcomes", "inconsistent"),
])
def test_grade_words_map_to_the_vocabulary(words: str, grade: str) -> None:
    match = GRADE_RE.search(words)
    assert match is not None and grade_of(match) == grade


@pytest.mark.parametrize(("label", "judgement"), [
    ("Overall effectiveness", "overall"),
    ("Leadership, management and governance", "leaders"),
    ("The impact of leaders on social work practice with children and families", "leaders"),
    ("Leadership and its impact on practice", "leaders"),
    ("Children who need help and protection", "help_protection"),
    ("Help and protection for children and families", "help_protection"),
    ("Children looked after and achieving permanence", "in_care"),
    ("The experiences and progress of children in care and care leavers", "in_care"),
    ("The experiences and progress of children in care", "in_care"),
    ("Experiences and progress of care leavers", "care_leavers"),
    ("Adoption performance", "adoption"),
    ("Effectiveness of the Local Safeguarding Children Board", "lscb"),
])
def test_judgement_titles_of_every_regime(label: str, judgement: str) -> None:
    assert label_judgement(label) == judgement


@pytest.mark.parametrize("sentence", [
    "Leeds City Council's children's services have been rated good by Ofsted.",
    "Ofsted has judged services for children in Leeds to be good.",
    "Inspectors graded Leeds as good overall.",
    "Leeds has received a 'good' rating from Ofsted.",
    "Children's services in Leeds are good, Ofsted says.",
    "Leeds children's services good, says Ofsted",
    "Overall effectiveness: Good",
    "Ofsted rating: Good",
])
def test_ways_of_saying_good(sentence: str) -> None:
    assert said(sentence) == [("overall", "good", NEW)]


@pytest.mark.parametrize("sentence", [
    "Leeds children's services require improvement, Ofsted says.",
    "Leeds was judged to require improvement to be good.",
    "Ofsted said services in Leeds need improvement.",
    "Leeds has been rated as requiring improvement.",
    "Leeds children's services 'require improvement' as children wait too long for help",
])
def test_ways_of_saying_requires_improvement(sentence: str) -> None:
    assert said(sentence) == [("overall", "requires_improvement", NEW)]


@pytest.mark.parametrize("sentence", [
    "The council wants its services to become good by 2026.",
    "Leaders are determined to achieve a good rating at the next inspection.",
    "Leeds is on track to be rated outstanding.",
    "The service is not yet good.",
    "Inspectors saw good practice in the front door team.",
    "Social workers do an outstanding job every day.",
    "The report acknowledges areas of good practice.",
    "The good news is that caseloads have fallen.",
    "Overall, the pace of change, while adequate, now needs to accelerate.",
    "Funding for children's services in Leeds is inadequate, councillors said.",
    "Two recommendations from the last visit remain outstanding.",
    "Leaders understand what needs to improve.",
    "Campaigners say it has a long way to go before it can be judged good.",
    "A secondary school in Leeds has been rated outstanding by Ofsted.",
    "A children's home run by Leeds City Council was rated inadequate.",
    "Leeds adult social care was rated good by the Care Quality Commission.",
])
def test_things_that_are_not_grades(sentence: str) -> None:
    assert said(sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Leeds was rated inadequate in 2019.", [("overall", "inadequate", HISTORY)]),
    ("The council was rated requires improvement when inspectors last visited in 2022.",
     [("overall", "requires_improvement", HISTORY)]),
    ("It means the service is no longer inadequate, the rating it was given in 2017.",
     [("overall", "inadequate", HISTORY)]),
    ("Leeds has been rated good, up from requires improvement.",
     [("overall", "good", NEW), ("overall", "requires_improvement", HISTORY)]),
    ("Leeds was downgraded from outstanding to requires improvement.",
     [("overall", "outstanding", HISTORY), ("overall", "requires_improvement", NEW)]),
    ("Previously rated inadequate, Leeds is now good.",
     [("overall", "inadequate", HISTORY), ("overall", "good", NEW)]),
    ("Leeds remains good, as it was in 2019.", [("overall", "good", BOTH)]),
    ("Leeds kept its outstanding rating.", [("overall", "outstanding", BOTH)]),
    ("Last year's inspection also graded Leeds as inadequate.",
     [("overall", "inadequate", HISTORY)]),
    ("Last month Ofsted rated Leeds outstanding.", [("overall", "outstanding", HISTORY)]),
    ("Wigan, which was rated good in 2021, is next door.", [("overall", "good", HISTORY)]),
    ("Barnet - Outstanding (2022)", [("overall", "outstanding", HISTORY)]),
])
def test_new_history_and_both(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert said(sentence) == expected


def test_an_inspection_last_autumn_is_not_history_for_a_result_published_in_winter() -> None:
    assert said("Following an inspection in November 2023, Leeds was rated good.", 2024) == [
        ("overall", "good", NEW)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The impact of leaders was judged to be good.", [("leaders", "good", NEW)]),
    ("Protecting children was judged to be good.", [("help_protection", "good", NEW)]),
    ("Children looked after was judged to be requires improvement.",
     [("in_care", "requires_improvement", NEW)]),
    ("While adoption services were rated good, it concludes that overall services in Leeds "
     "are inadequate.", [("adoption", "good", NEW), ("overall", "inadequate", NEW)]),
    ("The Local Safeguarding Children Board, which is made up of the council and partners, was "
     "found to be inadequate.", [("lscb", "inadequate", NEW)]),
    ("Leeds was rated outstanding for its work with care leavers.",
     [("care_leavers", "outstanding", NEW)]),
    ("Services for care leavers and children in need of help and protection were rated "
     "inadequate.", [("care_leavers", "inadequate", NEW), ("help_protection", "inadequate", NEW)]),
    ("Leeds was rated good in every area.", [(ALL, "good", NEW)]),
    ("Leeds was found to be good in three areas.", []),
])
def test_judgement_areas(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert said(sentence) == expected


def test_send_outcomes_need_no_rating_verb() -> None:
    assert said("The partnership's arrangements lead to inconsistent experiences and outcomes "
                "for children with SEND in Kent.") == [("send_outcome", "inconsistent", NEW)]


def test_statements_name_their_councils() -> None:
    text = "Wigan and Barnet stay outstanding; Kent good"
    mentions = [Mention(text.find(n), text.find(n) + len(n), n) for n in ("Wigan", "Barnet",
                                                                          "Kent")]
    found = statements_in(text, mentions, 2024, None)
    assert [(s.councils, s.grade) for s in found] == [(("Wigan", "Barnet"), "outstanding"),
                                                      (("Kent",), "good")]


def test_sentences_do_not_break_after_st() -> None:
    assert [s for _, s in sentences("St. Helens was rated good. It was a surprise.")] == [
        "St. Helens was rated good.", "It was a surprise."]


@pytest.mark.parametrize(("text", "expected"), [
    ("In 2017 Leeds was judged to require improvement, with the safeguarding board rated "
     "inadequate.", [("overall", "requires_improvement", HISTORY),
                     ("lscb", "inadequate", HISTORY)]),
    ("Four months on, it is worth going back to one judgement: care leavers, rated good.",
     [("care_leavers", "good", HISTORY)]),
    ("Back in March, Wigan was rated good, and Barnet was rated good at the same time.",
     [("overall", "good", HISTORY), ("overall", "good", HISTORY)]),
    ("Back then, adoption was also judged inadequate.", [("adoption", "inadequate", HISTORY)]),
    ("Leeds, which was rated inadequate in 2018, has now been judged good.",
     [("overall", "inadequate", HISTORY), ("overall", "good", NEW)]),
    ("It was the second monitoring visit since the inadequate judgement.",
     [("overall", "inadequate", HISTORY)]),
    ("Barnet remains good, as it was in 2019; inspectors rated its support for children in "
     "care outstanding.", [("overall", "good", BOTH), ("in_care", "outstanding", NEW)]),
])
def test_time_anchors_earlier_in_the_sentence(text: str, expected: list[tuple]) -> None:
    assert said(text, 2024) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Adoption was judged outstanding, and all other areas were judged good.",
     [("adoption", "outstanding", NEW), (OTHERS, "good", NEW)]),
    ("Help and protection was judged good; every other judgement was outstanding.",
     [("help_protection", "good", NEW), (OTHERS, "outstanding", NEW)]),
    ("Leeds was rated good for children who need help and protection, for children looked after"
     " and for its leadership.", [("help_protection", "good", NEW), ("in_care", "good", NEW),
                                  ("leaders", "good", NEW)]),
])
def test_lists_of_areas_and_the_other_areas(text: str, expected: list[tuple]) -> None:
    assert said(text, 2016) == expected
