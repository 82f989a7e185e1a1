"""Whole-page cases from a second blind evaluation's failure modes: time anchors in the
previous-grade clause, coordinated subjects, pages recounting an old publication, previews
that recount past visits, "all other areas" and "as are" lists, and roundups mixing kinds."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alerts.matcher import PageVerdict, classify

NOW = datetime(2026, 11, 23, 12, 0)


def page(text: str, published: str) -> PageVerdict:
    return classify(text, published=date.fromisoformat(published), now=NOW)


def events(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade, e.previous_grade) for e in verdict.events}


def graded(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade) for e in verdict.events}


# --- 1: a time anchor in the previous-grade clause leaves the new grade new ------------------

@pytest.mark.parametrize(("text", "previous"), [
    ("Bury children's services rated good\nBury's children's services have been rated good, up "
     "from requires improvement at the 2022 inspection.", "requires_improvement"),
    ("Enfield children's services good\nThe council's children's services in Enfield were rated "
     "good by Ofsted. This is improving on the inadequate rating it received in 2019, inspectors "
     "said.", "inadequate"),
    ("Bury is good, says Ofsted\nOfsted judged Bury's children's services good, compared with "
     "'requires improvement' in 2021.", "requires_improvement"),
    ("Bury good\nHaving been judged inadequate in 2018, Bury's children's services are now good, "
     "Ofsted says.", "inadequate"),
    ("Bury up to good\nBury's children's services moved from requires improvement in 2022 to "
     "good, Ofsted said.", "requires_improvement"),
    ("Bury up to good\nIn 2019 Bury's children's services were inadequate; in 2022 they required "
     "improvement. Now Ofsted has rated them good.", "requires_improvement"),
    ("Bury up to good\nBury's children's services were judged good by Ofsted inspectors, an "
     "improvement on the requires improvement grade they received in 2021.",
     "requires_improvement"),
])
def test_an_anchor_in_the_previous_grade_clause_leaves_the_new_grade_new(
        text: str, previous: str) -> None:
    v = page(text, "2024-05-10")
    assert v.alert and v.kind == "new_result"
    assert events(v) == {("Bury" if "Bury" in text else "Enfield", "overall", "good", previous)}


# --- 2: coordinated subjects before the verb share the grade ---------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Reading children's services\nAn Ofsted report published today on Reading's children's "
     "services found that leadership and the help given to children who need help and protection"
     " were both inadequate. Children in care were judged requires improvement.",
     {("Reading", "leaders", "inadequate"), ("Reading", "help_protection", "inadequate"),
      ("Reading", "in_care", "requires_improvement")}),
    ("Dudley children's services\nIn a report published today, Ofsted said Dudley's leaders and "
     "social workers' work with children in care were judged good. Help and protection requires "
     "improvement.",
     {("Dudley", "leaders", "good"), ("Dudley", "in_care", "good"),
      ("Dudley", "help_protection", "requires_improvement")}),
    ("Luton children's services\nOfsted published its report on Luton today. Help and "
     "protection, and the experiences of children in care, both require improvement. Care "
     "leavers were judged good.",
     {("Luton", "help_protection", "requires_improvement"),
      ("Luton", "in_care", "requires_improvement"), ("Luton", "care_leavers", "good")}),
    ("Luton children's services\nOfsted published its report on Luton today. Leaders have made "
     "changes and help and protection was judged good.", {("Luton", "help_protection", "good")}),
])
def test_coordinated_subjects_share_the_grade(text: str, expected: set[tuple]) -> None:
    assert graded(page(text, "2024-05-10")) == expected


# --- 3: a page recounting an old publication is commentary -----------------------------------

@pytest.mark.parametrize("text", [
    "Bolton's social workers speak out\nWhen Ofsted published its report on Bolton back in "
    "March, the headlines were about children's services being rated good. The council's leader "
    "said today that things have changed.",
    "Bolton's children's services: staff leave\nWhen Ofsted published its report on Bolton in "
    "March, the council's children's services were rated good. Staff have since left in large "
    "numbers, the council said.",
    "Bolton social workers\nSince the report came out in the spring, Bolton's children's "
    "services, rated good by Ofsted, have lost staff.",
    "Bolton social workers\nMonths after Ofsted rated Bolton good, the council has published "
    "figures showing caseloads have risen.",
    "Bolton social workers speak out\nWhen Ofsted published its report on Bolton back in March, "
    "the headlines were about the good rating. But social workers say the picture is mixed. "
    "Bolton's children's services are good, Ofsted said, but caseloads are high.",
    "What Bolton did next\nOfsted's report, published in March, rated Bolton's children's "
    "services good. Six months on, the council is still recruiting.",
    "Bolton: the view from the front line\nSince Ofsted published its verdict in the spring, "
    "Bolton's social workers have been busier than ever. Children's services are rated good, but "
    "staff say morale is low.",
    "Bolton leader reflects on Ofsted\nWhen the report was published in March, Bolton's "
    "children's services were judged good and leaders were judged outstanding. The council "
    "leader spoke to us this week.",
    "Bolton: half a year of change\nSince the report came out in the spring, Bolton's children's "
    "services have changed. Ofsted judged leadership good and help and protection requires "
    "improvement. The council published its improvement plan today.",
])
def test_a_page_recounting_an_old_publication_is_commentary(text: str) -> None:
    v = page(text, "2024-09-10")
    assert (v.alert, v.kind, v.events) == (False, "commentary", ())


@pytest.mark.parametrize("text", [
    "Bolton rated good by Ofsted\nWhen Ofsted published its report on Bolton on Tuesday, it "
    "rated the council's children's services good.",
    "Bolton rated good\nTwo years after being rated inadequate, Bolton's children's services "
    "were rated good by Ofsted.",
    "Bolton improves\nWhen Ofsted last published a report on Bolton, in 2019, its children's "
    "services were rated inadequate. Inspectors have now judged them good.",
])
def test_a_subordinate_clause_about_this_weeks_report_is_still_news(text: str) -> None:
    v = page(text, "2024-03-14")
    assert v.alert and ("Bolton", "overall", "good") in graded(v)


# --- 4: previews recount past visits without making them events -----------------------------

@pytest.mark.parametrize("text", [
    "Ofsted inspectors in Sandwell\nOfsted inspectors are in Sandwell this week. The council was "
    "rated inadequate in 2021, in a report published in 2021. The most recent monitoring visit, "
    "in September, found continued progress.",
    "Norfolk awaits Ofsted\nNorfolk's children's services are expecting an inspection. Its last "
    "focused visit, in 2024, found improvements in practice. The last full report, published in "
    "2021, rated it good.",
    "Inspection of Norfolk children's services under way\nOfsted began its inspection of "
    "Norfolk's children's services on Monday. Its last focused visit, in 2024, found "
    "improvements in practice. The report is due to be published next month.",
])
def test_a_preview_recounting_a_past_visit_is_no_visit_alert(text: str) -> None:
    v = page(text, "2024-11-05")
    assert (v.alert, v.kind, v.events) == (False, "preview", ())


def test_a_recalled_visit_on_a_page_about_something_else_is_no_alert() -> None:
    v = page("Sandwell children's services: campaigners want more money\nCampaigners say "
             "Sandwell's children's services need more money. The most recent Ofsted monitoring "
             "visit, in September, found continued progress, but staff shortages remain.",
             "2024-11-05")
    assert (v.alert, v.events) == (False, ())


@pytest.mark.parametrize("text", [
    "Council praised by inspectors\nInspectors found that Sandwell's services for children in "
    "care have improved during a monitoring visit in October. The council's leader welcomed the "
    "findings.",
    "Progress in Sandwell\nDuring a two-day monitoring visit in October, Ofsted inspectors found "
    "that Sandwell's children's services are improving.",
])
def test_a_visit_reported_as_found_is_still_a_visit(text: str) -> None:
    v = page(text, "2024-11-05")
    assert (v.alert, v.kind) == (True, "visit")


def test_a_visit_letter_published_today_is_a_visit_even_beside_preview_words() -> None:
    v = page("Ofsted focused visit to Norfolk\nOfsted inspectors said in a letter published today"
             " that Norfolk's services for children in care are improving, after a focused visit "
             "in October. A full inspection is expected next year.", "2024-11-05")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.council, e.inspection) for e in v.events] == [("Norfolk", "focused_visit")]


# --- 5: "all other areas", "in every area", "as are" lists fill the regime -----------------

ILACS_2023 = ("overall", "leaders", "help_protection", "in_care", "care_leavers")


def _all(council: str, grade: str, **others: str) -> set[tuple]:
    return {(council, j, others.get(j, grade)) for j in ILACS_2023}


@pytest.mark.parametrize(("text", "expected"), [
    ("Ofsted: Solihull good\nSolihull's children's services have been rated good in a report "
     "published today. Help and protection was judged requires improvement. All other areas "
     "were judged good.", _all("Solihull", "good", help_protection="requires_improvement")),
    ("Ofsted: Solihull good\nSolihull's children's services have been rated good in every area, "
     "according to a report published today.", _all("Solihull", "good")),
    ("Ofsted: Solihull good\nIn a report published today, Solihull was rated good across all "
     "areas.", _all("Solihull", "good")),
    ("Ofsted: Solihull good\nIn a report published today, Solihull was rated good for each of "
     "its judgements.", _all("Solihull", "good")),
    ("Ofsted: Solihull good\nIn a report published today, the overall effectiveness of "
     "Solihull's children's services is judged good, as are leadership, help and protection, "
     "children in care and care leavers.", _all("Solihull", "good")),
    ("Ofsted: Solihull good\nInspectors judged Solihull's children's services good overall, with"
     " all other areas also good, in a report published today.", _all("Solihull", "good")),
    ("Ofsted: Solihull good\nSolihull's children's services are good, Ofsted said today. Each of"
     " the other judgements was judged good, except care leavers which requires improvement.",
     _all("Solihull", "good", care_leavers="requires_improvement")),
    ("Ofsted: Solihull good\nSolihull's children's services are good overall, Ofsted said in a "
     "report published today. Leaders were judged outstanding, and so too was help and "
     "protection.", {("Solihull", "overall", "good"), ("Solihull", "leaders", "outstanding"),
                     ("Solihull", "help_protection", "outstanding")}),
])
def test_other_and_listed_areas_take_the_grade(text: str, expected: set[tuple]) -> None:
    assert graded(page(text, "2024-05-10")) == expected


def test_an_as_are_list_fills_the_sif_judgements() -> None:
    v = page("Ofsted report on Trafford\nOfsted published its report on Trafford today. The "
             "overall effectiveness of Trafford's children's services is judged good, as are "
             "leadership, help and protection, children looked after and adoption. Care leavers "
             "require improvement.", "2016-05-10")
    assert graded(v) == {("Trafford", j, "good") for j in
                         ("overall", "leaders", "help_protection", "in_care", "adoption")} | {
        ("Trafford", "care_leavers", "requires_improvement")}


# --- 6: roundups mixing a graded inspection, a SEND outcome and a visit ----------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Ofsted round-up: three councils\nThree councils received Ofsted reports this week. Bury "
     "Council's children's services have been rated good, up from requires improvement at the "
     "2022 inspection. In Rochdale, the local area partnership's SEND inspection found "
     "inconsistent experiences and outcomes. Oldham had a focused visit, and inspectors said in "
     "a letter published on Tuesday that practice was improving.",
     {("Bury", "ilacs", "overall", "good", "requires_improvement"),
      ("Rochdale", "send", "send_outcome", "inconsistent", None),
      ("Oldham", "focused_visit", None, None, None)}),
    ("Ofsted news round-up\nBury Council's children's services have been rated good, up from "
     "requires improvement at the 2022 inspection. Next door in Rochdale, the area SEND "
     "inspection found the local area partnership's arrangements lead to inconsistent "
     "experiences and outcomes for children and young people. Oldham's focused visit letter, "
     "published on Thursday, found practice for children in care is improving.",
     {("Bury", "ilacs", "overall", "good", "requires_improvement"),
      ("Rochdale", "send", "send_outcome", "inconsistent", None),
      ("Oldham", "focused_visit", None, None, None)}),
    ("Weekly social care news\nOfsted has rated Bury's children's services good. The local area "
     "partnership in Rochdale was found to have widespread and/or systemic failings in its SEND "
     "arrangements. A focused visit to Oldham has found strengths in the help given to "
     "children.",
     {("Bury", "ilacs", "overall", "good", None),
      ("Rochdale", "send", "send_outcome", "systemic_failings", None),
      ("Oldham", "focused_visit", None, None, None)}),
])
def test_a_roundup_mixing_kinds_keeps_every_councils_event(
        text: str, expected: set[tuple]) -> None:
    v = page(text, "2024-05-10")
    assert (v.alert, v.kind) == (True, "multi")
    assert {(e.council, e.inspection, e.judgement, e.grade, e.previous_grade)
            for e in v.events} == expected


def test_a_neighbours_old_send_outcome_stays_an_aside() -> None:
    v = page("Bury children's services rated good\nBury Council's children's services have been "
             "rated good in a report published today. Neighbouring Rochdale's area SEND "
             "inspection found inconsistent experiences and outcomes in 2023.", "2025-05-10")
    assert graded(v) == {("Bury", "overall", "good")}
