"""Judgements named in lists, rows and asides, from the blind sets' missed events: a verb
over a list of areas, "for X, for Y and for our Z", bare table rows, a dash before the
earlier grade, typos, and the legacy inspections' own judgements."""

from __future__ import annotations

import pytest

from tests.matcher_pages import graded, page


def test_a_verb_over_a_list_of_areas_grades_each() -> None:
    v = page("Nottinghamshire rated good by Ofsted\nNottinghamshire County Council's children's "
             "services were judged good overall in a report published today. Inspectors rated "
             "the impact of leaders, help and protection, and children in care all good.",
             "2024-09-26")
    assert {("Nottinghamshire", j, "good") for j in ("leaders", "help_protection", "in_care")} \
        <= graded(v)


@pytest.mark.parametrize("sentence", [
    "The council was judged inadequate for both its help and protection for children and for "
    "its leadership, management and governance.",
    "Inspectors found the impact of leaders to be inadequate, as was the experience and "
    "progress of children who need help and protection.",
])
def test_areas_joined_loosely_share_the_grade(sentence: str) -> None:
    v = page(f"Sefton rated inadequate by Ofsted\nSefton Council's children's services were "
             f"rated inadequate in a report published today. {sentence}", "2016-03-10")
    assert ("Sefton", "help_protection", "inadequate") in graded(v)
    assert ("Sefton", "leaders", "inadequate") in graded(v)


def test_bare_table_rows_and_a_dash_before_the_earlier_grade() -> None:
    v = page("Sutton rated outstanding\nSutton's children's services have been rated "
             "outstanding by Ofsted in a report published today.\n"
             "The impact of leaders on social work practice with children and families "
             "Outstanding\nHelp and protection: requires improvement to be good \u2013 previously "
             "inadequate", "2024-07-10")
    assert {("Sutton", "leaders", "outstanding"),
            ("Sutton", "help_protection", "requires_improvement")} <= graded(v)
    previous = {e.judgement: e.previous_grade for e in v.events}
    assert previous["help_protection"] == "inadequate"


def test_a_misspelt_grade_is_still_read() -> None:
    v = page("Hartlepool children's services\nThe watchdog's latest report, published on "
             "Thursday, rates Hartlepool's service as requires improvment to be good overall.",
             "2023-06-08")
    assert ("Hartlepool", "overall", "requires_improvement") in graded(v)


def test_a_legacy_inspection_grades_safeguarding_and_looked_after_children_apart() -> None:
    v = page("Wolverhampton looked after children rated good\nThe report, published today, "
             "found the overall effectiveness of safeguarding services in Wolverhampton to be "
             "adequate, while the overall effectiveness of services for looked after children "
             "was judged good.", "2012-03-10")
    assert graded(v) == {("Wolverhampton", "overall", "adequate"),
                         ("Wolverhampton", "in_care", "good")}


def test_a_legacy_child_protection_grade_is_the_overall_one() -> None:
    v = page("Torbay child protection 'adequate'\nOur child protection arrangements have been "
             "judged adequate by Ofsted in a report published today. When Ofsted last looked at "
             "us in 2010, safeguarding in Torbay was judged inadequate.", "2013-02-09")
    assert graded(v) == {("Torbay", "overall", "adequate")}
    assert v.events[0].previous_grade == "inadequate"


def test_a_table_beside_the_last_inspections_grades_gives_previous_grades() -> None:
    v = page("Bedford rated good by Ofsted\nOfsted's report on Bedford Borough Council was "
             "published this morning.\nJudgement | January 2022 | 2018 inspection\n"
             "Impact of leaders on social work practice | Good | Requires improvement\n"
             "Overall effectiveness | Good | Requires improvement", "2022-03-10")
    previous = {(e.judgement, e.grade): e.previous_grade for e in v.events}
    assert previous == {("leaders", "good"): "requires_improvement",
                        ("overall", "good"): "requires_improvement"}


def test_a_grade_over_a_bulleted_list_of_areas() -> None:
    v = page("North Northamptonshire 'requires improvement'\nThe report, published today, rates "
             "the council as requires improvement to be good overall, and requires improvement "
             "for:\n- the impact of leaders\n- help and protection\n- children in care",
             "2024-07-05")
    assert graded(v) == {(c, j, "requires_improvement") for c in ["North Northamptonshire"]
                         for j in ("overall", "leaders", "help_protection", "in_care")}


def test_every_one_of_the_areas_and_a_date_in_the_subject() -> None:
    v = page("North Lincolnshire outstanding\nInspectors judged the authority outstanding in "
             "every one of the five areas they graded, as well as overall, in a report published "
             "today.\nToday's report, following an inspection in November and December, found "
             "that its leadership was outstanding.", "2016-05-10")
    assert {("North Lincolnshire", j, "outstanding") for j in
            ("overall", "leaders", "help_protection", "in_care", "adoption")} <= graded(v)
