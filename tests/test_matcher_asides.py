"""Whole-page cases from a blind evaluation's failure modes: other councils' older results,
previews and commentary that recount grades, providers in a council's area, visit pages that
mention the old judgement, lists of judgements, previous grades and Durham."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from alerts.matcher import PageVerdict, classify

NOW = datetime(2026, 11, 23, 12, 0)


def page(text: str, published: str) -> PageVerdict:
    return classify(text, published=date.fromisoformat(published), now=NOW)


def events(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade, e.previous_grade) for e in verdict.events}


# --- A: other councils' older results are not events -----------------------------------------

@pytest.mark.parametrize(("published", "text", "expected"), [
    ("2024-10-10", "Kingston children's services rated good by Ofsted\nOfsted has rated the "
     "Royal Borough of Kingston upon Thames' children's services good in a report published "
     "this week. Neighbouring Richmond upon Thames was rated good by Ofsted in the spring, and "
     "Sutton was rated good at the same time.",
     {("Kingston upon Thames", "overall", "good", None)}),
    ("2025-06-12", "Ofsted rates North Yorkshire outstanding\nNorth Yorkshire Council's "
     "children's services have been rated outstanding by Ofsted, according to a report "
     "published today. York, which runs services for the rest of the county, was rated good in "
     "its own inspection in March.", {("North Yorkshire", "overall", "outstanding", None)}),
    ("2024-07-04", "Thurrock children's services rated inadequate\nThurrock Council's "
     "children's services have been rated inadequate by Ofsted in a report published on "
     "Tuesday. The result comes four months after neighbouring Southend was also rated "
     "inadequate.", {("Thurrock", "overall", "inadequate", None)}),
    ("2023-11-14", "Ofsted: Bradford still inadequate\nBradford's children's services remain "
     "inadequate, Ofsted said today. Calderdale, a separate authority which was rated "
     "inadequate last June, is also under monitoring.",
     {("Bradford", "overall", "inadequate", "inadequate")}),
    ("2024-03-20", "Wakefield children's services good\nOfsted has rated Wakefield Council's "
     "children's services good, the report published today says. Back in January, Barnsley was "
     "rated outstanding. Earlier this year Rotherham was also judged good, and Kirklees was "
     "rated good last year.", {("Wakefield", "overall", "good", None)}),
    ("2025-09-30", "Ofsted: Cheshire East requires improvement\nCheshire East Council's "
     "children's services require improvement to be good, Ofsted said in a report released "
     "today. Cheshire West and Chester was rated good in 2023. Neighbouring Stockport, judged "
     "outstanding at its last inspection, is often held up as a model.",
     {("Cheshire East", "overall", "requires_improvement", None)}),
    ("2024-02-08", "Inadequate again: Ofsted verdict on Swindon\nSwindon Borough Council's "
     "children's services have been rated inadequate in a report published this week. Wiltshire"
     ", which was rated outstanding two years ago, has offered to help, and Gloucestershire was "
     "previously rated inadequate too.", {("Swindon", "overall", "inadequate", None)}),
])
def test_other_councils_older_results_are_not_events(
        published: str, text: str, expected: set[tuple]) -> None:
    v = page(text, published)
    assert v.alert and v.kind == "new_result"
    assert events(v) == expected


def test_a_history_grade_of_the_same_judgement_is_the_previous_grade() -> None:
    v = page("Ofsted rates Medway good\nMedway Council's children's services have been rated "
             "good by Ofsted in a report published today. At its last inspection, in 2019, "
             "Medway was rated inadequate. Back then, adoption was also judged inadequate.",
             "2023-03-01")
    assert events(v) == {("Medway", "overall", "good", "inadequate")}


def test_several_fresh_results_are_still_multi() -> None:
    v = page("Ofsted verdicts for three councils\nThree councils received their Ofsted reports "
             "this week. Sunderland City Council's children's services were rated outstanding. "
             "Gateshead Council was rated good. Hartlepool Borough Council's children's services "
             "were judged to require improvement.", "2024-06-10")
    assert v.kind == "multi"
    assert events(v) == {("Sunderland", "overall", "outstanding", None),
                         ("Gateshead", "overall", "good", None),
                         ("Hartlepool", "overall", "requires_improvement", None)}


# --- B: previews recount old grades and visits -----------------------------------------------

@pytest.mark.parametrize(("published", "text"), [
    ("2026-02-10", "Ofsted inspectors in North Somerset this week\nOfsted inspectors are in "
     "North Somerset this week to inspect the council's children's services. In 2017 North "
     "Somerset's services were judged to require improvement, with the local safeguarding board"
     " rated inadequate. Since then the council has had six monitoring visits. The watchdog "
     "will publish its report in the new year."),
    ("2025-10-01", "Inspection under way at Medway\nAn Ofsted inspection of Medway Council's "
     "children's services is under way. Medway was rated good in 2023 after being judged "
     "inadequate in 2019. The report will be published in November."),
    ("2025-03-04", "Ofsted arrives in Slough\nOfsted inspectors arrived at Slough Borough "
     "Council this week. Children's services there were rated inadequate in 2019, and the "
     "council has had four monitoring visits since. Its report is expected in April."),
    ("2024-05-14", "Plymouth braced for Ofsted\nInspectors are due to begin a full inspection of"
     " Plymouth City Council's children's services next week. Back in 2019 the service was "
     "rated good, with care leavers judged outstanding."),
])
def test_previews_that_recount_old_grades_do_not_alert(published: str, text: str) -> None:
    v = page(text, published)
    assert (v.alert, v.kind, v.events) == (False, "preview", ())


# --- C: commentary after a result -------------------------------------------------------------

@pytest.mark.parametrize(("published", "text"), [
    ("2025-07-15", "Comment: what Ofsted missed in Nottingham\nWhen Ofsted published its report "
     "on Nottingham back in March, the city council's children's services were rated requires "
     "improvement. Four months on, it is worth going back to the one judgement that got lost: "
     "care leavers, rated requires improvement."),
    ("2025-07-15", "Opinion: Nottingham's care leavers deserve better\nFour months on, it is "
     "worth going back to the one judgement that got lost: care leavers, rated inadequate. "
     "Nottingham City Council's children's services were rated requires improvement by Ofsted "
     "in March."),
    ("2024-11-02", "Six months after 'good', Derby still struggles to recruit\nSix months ago "
     "Derby City Council's children's services were judged good by Ofsted. Since then, the "
     "council has lost a third of its social workers."),
])
def test_commentary_on_an_older_result_does_not_alert(published: str, text: str) -> None:
    v = page(text, published)
    assert (v.alert, v.kind, v.events) == (False, "commentary", ())


# --- D: providers in a council's area -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Kingston upon Thames nursery rated good\nLittle Acorns in Surbiton has been rated good by "
    "Ofsted. The nursery, in the Royal Borough of Kingston upon Thames, was praised for its "
    "caring staff.",
    "Little Acorns rated good\nLittle Acorns, a nursery in Kingston upon Thames, has been rated "
    "good by Ofsted inspectors. Kingston Council welcomed the report.",
    "Children's home in Rotherham judged inadequate\nOakwood House, in Rotherham, has been "
    "judged inadequate by Ofsted following an inspection in May.",
    "Wigan childminder rated outstanding\nA childminder in Wigan has been rated outstanding by "
    "Ofsted in its latest report. Wigan Council's early years team said it was delighted.",
    "Sunnyside Academy in Leeds rated good\nSunnyside Academy, in the Leeds City Council area, "
    "has been rated good by Ofsted in a report published this week.",
    "Rated good: Hillview Pre-School, Barnet\nHillview Pre-School in Barnet has been given a "
    "good rating by Ofsted, the report published today says.",
])
def test_a_provider_in_a_council_area_is_negative(text: str) -> None:
    v = page(text, "2024-06-10")
    assert (v.alert, v.kind, v.events) == (False, "negative", ())


# --- E: visit pages that mention the earlier judgement ------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("Progress at Tameside, says Ofsted\nInspectors found that leaders are making progress in a "
     "monitoring visit letter published this week. Tameside's children's services were judged "
     "inadequate in 2023. It was the second monitoring visit since the inadequate judgement.",
     "monitoring_visit"),
    ("Ofsted monitoring visit to Tameside\nOfsted has published a letter following its latest "
     "monitoring visit to Tameside's children's services. It was the second monitoring visit "
     "since the inadequate judgement in 2023.", "monitoring_visit"),
    ("Tameside making progress, inspectors say\nTameside's children's services, rated "
     "inadequate last year, are making progress, according to a monitoring visit letter "
     "published today.", "monitoring_visit"),
    ("Focused visit finds improvements in Sefton\nOfsted has published the findings of a "
     "focused visit to Sefton Council's children's services. The council was rated inadequate "
     "last year, and inspectors said help and protection had improved since being judged "
     "inadequate.", "focused_visit"),
])
def test_visit_pages_mentioning_the_old_judgement_are_one_visit_event(
        text: str, kind: str) -> None:
    v = page(text, "2024-06-10")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.inspection, e.judgement, e.grade) for e in v.events] == [(kind, None, None)]


# --- F: lists of judgements sharing a grade ------------------------------------------------------

@pytest.mark.parametrize(("published", "text", "expected"), [
    ("2024-06-10", "Ofsted rates Rochdale good\nRochdale Borough Council was rated good for "
     "children who need help and protection, for children looked after and for its leadership,"
     " the report published this week says.",
     {("Rochdale", "overall", "good", None), ("Rochdale", "help_protection", "good", None),
      ("Rochdale", "in_care", "good", None), ("Rochdale", "leaders", "good", None)}),
    ("2016-06-10", "Ofsted rates Essex good\nEssex County Council's children's services have "
     "been rated good by Ofsted. Adoption performance was judged outstanding, and all other "
     "areas were judged good.",
     {("Essex", "overall", "good", None), ("Essex", "adoption", "outstanding", None),
      ("Essex", "leaders", "good", None), ("Essex", "help_protection", "good", None),
      ("Essex", "in_care", "good", None), ("Essex", "care_leavers", "good", None)}),
    ("2021-06-10", "Ofsted rates Hampshire outstanding\nHampshire County Council's children's "
     "services have been rated outstanding by Ofsted. Help and protection was judged good; "
     "every other judgement was outstanding.",
     {("Hampshire", "overall", "outstanding", None), ("Hampshire", "leaders", "outstanding", None),
      ("Hampshire", "help_protection", "good", None),
      ("Hampshire", "in_care", "outstanding", None)}),
    ("2024-06-10", "Ofsted rates Bury good\nBury Council's children's services have been rated "
     "'good' by Ofsted in a report published today, with support for care leavers judged "
     "'outstanding'.", {("Bury", "overall", "good", None),
                        ("Bury", "care_leavers", "outstanding", None)}),
    ("2024-06-10", "Ofsted report: Bury\nThe report was published today.\nOverall "
     "effectiveness: good\nLeadership: good\nHelp and protection \u2013 requires improvement\n"
     "Children in care \u2013 good\nCare leavers \u2013 outstanding\nBury Council's children's "
     "services were inspected in April.",
     {("Bury", "overall", "good", None), ("Bury", "leaders", "good", None),
      ("Bury", "help_protection", "requires_improvement", None),
      ("Bury", "in_care", "good", None), ("Bury", "care_leavers", "outstanding", None)}),
    ("2024-09-12", "Ofsted: Walsall good\nWalsall Council's children's services were rated good "
     "by Ofsted today. Care leavers' services were judged requires improvement and the other "
     "three areas were good.",
     {("Walsall", "overall", "good", None), ("Walsall", "care_leavers", "requires_improvement",
                                              None),
      ("Walsall", "leaders", "good", None), ("Walsall", "help_protection", "good", None),
      ("Walsall", "in_care", "good", None)}),
])
def test_lists_of_judgements_and_the_others(
        published: str, text: str, expected: set[tuple]) -> None:
    v = page(text, published)
    assert v.alert
    assert events(v) == expected


# --- G: previous grades ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ofsted: Luton moves up\nLuton Borough Council's children's services have moved up to good, "
    "from requires improvement, according to a report published today.",
    "Ofsted: Luton up to good\nLuton Borough Council's children's services have been rated good "
    "by Ofsted, up from requires improvement, the report published today shows.",
    "Luton improves\nOfsted has rated Luton Borough Council's children's services good in a "
    "report published today, up from 'requires improvement' at the last inspection.",
])
def test_the_from_grade_is_the_previous_one(text: str) -> None:
    v = page(text, "2024-06-10")
    assert events(v) == {("Luton", "overall", "good", "requires_improvement")}


def test_a_headline_listing_councils_does_not_leak_previous_grades() -> None:
    v = page("Sunderland outstanding, Gateshead up, Hartlepool requires improvement\nThree "
             "councils received their Ofsted reports this week. Sunderland City Council's "
             "children's services were rated outstanding. Gateshead Council was rated good, up "
             "from requires improvement. Hartlepool Borough Council's children's services were "
             "judged to require improvement.", "2024-06-10")
    assert events(v) == {("Sunderland", "overall", "outstanding", None),
                         ("Gateshead", "overall", "good", "requires_improvement"),
                         ("Hartlepool", "overall", "requires_improvement", None)}


# --- H: Durham ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Durham children's services rated good\nDurham County Council's children's services have "
    "been rated good by Ofsted in a report published today.",
    "County Durham children's services good\nChildren's services in Durham have been rated good "
    "by Ofsted, the report published today says.",
    "Ofsted praises Durham\nDurham's children's services have been rated good by Ofsted, "
    "according to a report published today.",
    "Ofsted: good for County Durham\nOfsted has rated services for vulnerable children in County "
    "Durham good in a report published today.",
])
def test_durham_council_is_found(text: str) -> None:
    v = page(text, "2024-06-10")
    assert events(v) == {("Durham", "overall", "good", None)}
    assert v.events[0].council_code == "E06000047"


@pytest.mark.parametrize("text", [
    "Durham University rated outstanding\nDurham University has been rated outstanding for its "
    "teaching, and Durham Constabulary was rated good by inspectors.",
    "Durham Cathedral choir school rated good\nThe choir school at Durham Cathedral has been "
    "rated good by Ofsted.",
    "Durham, North Carolina, praised\nChild protection services in Durham, North Carolina, were "
    "rated good by state inspectors this week.",
])
def test_durham_institutions_are_not_the_council(text: str) -> None:
    v = page(text, "2024-06-10")
    assert not v.alert and not v.events


def test_newcastle_city_council_is_newcastle_upon_tyne() -> None:
    v = page("Newcastle rated good\nNewcastle City Council's children's services have been rated"
             " good by Ofsted in a report published today.", "2024-06-10")
    assert events(v) == {("Newcastle upon Tyne", "overall", "good", None)}


# --- more variants ---------------------------------------------------------------------------

@pytest.mark.parametrize(("published", "text", "kind"), [
    ("2025-11-20", "Lewisham awaits Ofsted verdict\nInspectors spent three weeks with Lewisham's "
     "children's services this autumn and will publish their report in January. Lewisham was "
     "rated good at its last inspection.", "preview"),
    ("2025-11-20", "Ofsted to inspect Lewisham\nLewisham Council has been told its children's "
     "services will be inspected. At its last inspection, the council was rated good, with care"
     " leavers judged outstanding.", "preview"),
    ("2024-05-10", "Analysis: Salford's 'good' rating, three months on\nSalford City Council's "
     "children's services were rated good by Ofsted. Three months later, social workers say "
     "caseloads remain high.", "commentary"),
    ("2024-09-10", "Opinion: Bolton's outstanding rating is not the whole story\nBolton Council's"
     " children's services were judged outstanding by Ofsted in the spring. But families tell a"
     " different story.", "commentary"),
    ("2024-09-10", "What Ofsted's report on Bolton tells us\nWhen Ofsted rated Bolton Council's "
     "children's services outstanding earlier this year, leaders celebrated. Care leavers were "
     "judged good.", "commentary"),
    ("2024-09-10", "Bolton's director reflects on Ofsted\nIt is now six months since Ofsted "
     "judged Bolton's children's services outstanding. The director says the work goes on.",
     "commentary"),
    ("2024-06-10", "Fostering agency rated\nBrightFutures Fostering, based in Wolverhampton, has "
     "been rated outstanding by Ofsted in a report published today.", "negative"),
    ("2024-06-10", "Leeds police force rated good\nWest Yorkshire Police has been rated good by "
     "HMICFRS. Leeds City Council's children's services were rated outstanding by Ofsted in "
     "2022.", "negative"),
])
def test_more_pages_without_a_new_result(published: str, text: str, kind: str) -> None:
    v = page(text, published)
    assert (v.alert, v.kind, v.events) == (False, kind, ())


@pytest.mark.parametrize(("text", "expected"), [
    ("Ofsted rates Hammersmith and Fulham outstanding\nHammersmith and Fulham Council's "
     "children's services have been rated outstanding by Ofsted in a report published today. "
     "The borough joins Kensington and Chelsea, rated outstanding in 2022, and Westminster, "
     "which was judged outstanding last year.",
     {("Hammersmith and Fulham", "overall", "outstanding", None)}),
    ("Ofsted rates Norfolk good\nNorfolk County Council's children's services have been rated "
     "good in a report published today. Suffolk was rated good in July. Cambridgeshire, which "
     "was rated requires improvement in 2023, is due to be inspected next year.",
     {("Norfolk", "overall", "good", None)}),
    ("Ofsted: Coventry good\nCoventry City Council's children's services have been rated good by"
     " Ofsted in a report published today. Across the region, Warwickshire and Solihull were "
     "both rated good earlier in the year.", {("Coventry", "overall", "good", None)}),
    ("Ofsted: Bolton good\nBolton Council's children's services have been rated good in a report"
     " published today. Inspectors judged help and protection, children in care and care "
     "leavers to be good, and leadership outstanding.",
     {("Bolton", "overall", "good", None), ("Bolton", "help_protection", "good", None),
      ("Bolton", "in_care", "good", None), ("Bolton", "care_leavers", "good", None),
      ("Bolton", "leaders", "outstanding", None)}),
    ("Haringey good\nHaringey, which was rated inadequate in 2018, was rated good by Ofsted in "
     "a report published today.", {("Haringey", "overall", "good", "inadequate")}),
    ("Walsall, Dudley results\nTwo councils had Ofsted reports published this week. Walsall "
     "Council was rated good, up from requires improvement. Dudley Council was rated requires "
     "improvement.", {("Walsall", "overall", "good", "requires_improvement"),
                      ("Dudley", "overall", "requires_improvement", None)}),
])
def test_more_new_results(text: str, expected: set[tuple]) -> None:
    v = page(text, "2024-10-10")
    assert v.alert
    assert events(v) == expected


@pytest.mark.parametrize("text", [
    "Slough making progress\nOfsted's fifth monitoring visit to Slough, whose children's services "
    "were judged inadequate in 2019, found improvements in help and protection. The letter was "
    "published on Friday.",
    "Ofsted monitoring visit: Slough\nInspectors have published a letter on their monitoring "
    "visit to Slough Borough Council, rated inadequate since 2019. They found that the quality "
    "of practice in the front door remains inconsistent.",
])
def test_more_visit_pages(text: str) -> None:
    v = page(text, "2024-06-10")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.council, e.judgement, e.grade) for e in v.events] == [("Slough", None, None)]


@pytest.mark.parametrize(("text", "kind"), [
    ("Enfield inspection begins\nOfsted inspectors arrived at Enfield Council on Monday. Enfield, "
     "rated good, hopes to improve. At the last inspection in 2021 inspectors found strong "
     "leadership. The report is expected in January.", "preview"),
    ("Enfield awaits Ofsted\nEnfield Council's children's services, rated good, are being "
     "inspected this week. Inspectors said in 2021 that leaders were strong. Its report will be "
     "published in January.", "preview"),
    ("Ofsted inspecting Enfield\nOfsted is inspecting Enfield Council's children's services this "
     "week. At the last inspection in 2021, inspectors found services were good. The outcome is "
     "expected in January.", "preview"),
    ("Little Acorns rated good\nLittle Acorns in Kingston upon Thames has been rated good by "
     "Ofsted in a report published this week. Staff said they were delighted.", "negative"),
    ("Ofsted joy for Surbiton setting\nSunshine Day Care of Kingston upon Thames has been judged "
     "outstanding by Ofsted. Parents praised the staff.", "negative"),
])
def test_previews_with_a_described_grade_and_named_providers(text: str, kind: str) -> None:
    v = page(text, "2025-11-20")
    assert (v.alert, v.kind, v.events) == (False, kind, ())


@pytest.mark.parametrize(("text", "kind"), [
    ("Slough making progress\nSlough, rated inadequate, is making progress, a monitoring visit "
     "letter published today says.", "monitoring_visit"),
    ("Ofsted: Slough still inadequate but improving\nOfsted's latest monitoring visit to Slough "
     "Borough Council found that children's services are improving. The letter was published "
     "today.", "monitoring_visit"),
    ("Essex focused visit\nEssex County Council, rated outstanding, has had a focused visit from "
     "Ofsted. The letter praised care for children in care.", "focused_visit"),
])
def test_a_described_grade_on_a_visit_page_is_background(text: str, kind: str) -> None:
    v = page(text, "2025-11-20")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.inspection, e.judgement, e.grade) for e in v.events] == [(kind, None, None)]


def test_a_full_reinspection_that_stays_inadequate_is_graded() -> None:
    v = page("Slough still inadequate\nSlough Borough Council's children's services remain "
             "inadequate, Ofsted said in a report published today after a full inspection. Since"
             " the last inspection there have been six monitoring visits.", "2025-11-20")
    assert v.kind == "new_result"
    assert events(v) == {("Slough", "overall", "inadequate", "inadequate")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Ofsted: Kent good\nKent County Council's children's services have been rated good by Ofsted"
     " in a report published today. Leadership, help and protection, and children in care were "
     "all rated good, while care leavers were judged outstanding.",
     {("Kent", "overall", "good", None), ("Kent", "leaders", "good", None),
      ("Kent", "help_protection", "good", None), ("Kent", "in_care", "good", None),
      ("Kent", "care_leavers", "outstanding", None)}),
    ("Ofsted: Kent good\nKent County Council has improved its rating to good from requires "
     "improvement, in a report published today.",
     {("Kent", "overall", "good", "requires_improvement")}),
    ("Ofsted: Kent good\nKent County Council's children's services rose from requires "
     "improvement to good in a report published today.",
     {("Kent", "overall", "good", "requires_improvement")}),
])
def test_yet_more_wordings(text: str, expected: set[tuple]) -> None:
    assert events(page(text, "2024-06-10")) == expected


@pytest.mark.parametrize(("text", "previous"), [
    ("Sandwell good\nFour years after being judged inadequate, Sandwell's children's services "
     "were rated good by Ofsted.", "inadequate"),
    ("Sandwell good\nAfter being rated inadequate in 2019, Sandwell's children's services were "
     "rated good by Ofsted.", "inadequate"),
    ("Sandwell good\nFor the first time since 2014, Sandwell's children's services were rated "
     "good by Ofsted.", None),
    ("Sandwell good\nSince 2019, when it was rated inadequate, Sandwell has worked hard, and "
     "inspectors rated its services good.", "inadequate"),
])
def test_an_anchor_in_a_leading_clause_does_not_govern_the_main_clause(
        text: str, previous: str | None) -> None:
    v = page(text, "2025-11-20")
    assert v.alert
    assert events(v) == {("Sandwell", "overall", "good", previous)}


def test_a_long_local_story_with_history_and_neighbours() -> None:
    v = classify((Path(__file__).parent / "data/news/own/medway_long.txt").read_bytes(), now=NOW)
    assert (v.alert, v.kind, v.principal_council) == (True, "new_result", "Medway")
    assert events(v) == {("Medway", "overall", "good", "requires_improvement"),
                         ("Medway", "leaders", "good", None),
                         ("Medway", "help_protection", "good", None),
                         ("Medway", "care_leavers", "requires_improvement", None)}


def test_a_preview_recounting_a_past_focused_visit_is_not_a_visit() -> None:
    v = page("Ofsted inspection of Torbay children's services begins\nOfsted has begun a full "
             "inspection of Torbay Council's children's services, with inspectors expected to "
             "spend three weeks in the bay. Torbay was rated inadequate in 2018, and requires "
             "improvement in 2023, when inspectors found leadership had improved. Since then, the"
             " council has had a focused visit, in which inspectors found progress in help and "
             "protection. The findings are expected to be published in December. Devon County "
             "Council, which was rated good this year, has been helping Torbay.", "2025-10-06")
    assert (v.alert, v.kind, v.principal_council, v.events) == (False, "preview", "Torbay", ())


def test_an_aside_grade_on_a_multi_page_is_not_an_event() -> None:
    v = page("Two councils get Ofsted reports\nTwo councils had Ofsted reports published this "
             "week: Kent was rated good and Medway was judged to require improvement. Surrey, "
             "rated outstanding, is not due for inspection until 2027.", "2025-11-20")
    assert events(v) == {("Kent", "overall", "good", None),
                         ("Medway", "overall", "requires_improvement", None)}


def test_asides_with_words_of_news_are_events() -> None:
    v = page("Kent and Medway\nKent, rated good, and Medway, rated requires improvement, both "
             "received their Ofsted reports today.", "2025-11-20")
    assert events(v) == {("Kent", "overall", "good", None),
                         ("Medway", "overall", "requires_improvement", None)}


def test_a_schools_correspondent_byline_does_not_make_a_page_about_a_school() -> None:
    v = page("Leeds council rated outstanding by Ofsted\nBy Jane Smith, Education and schools "
             "correspondent\nLeeds City Council has been rated outstanding by Ofsted for its work"
             " with vulnerable children.", "2025-11-20")
    assert events(v) == {("Leeds", "overall", "outstanding", None)}


@pytest.mark.parametrize(("published", "text", "expected"), [
    ("2025-04-10", "Ofsted rates Rotherham 'good'\nRotherham's children's services have been rated "
     "\"good\" by Ofsted, a decade after the council was judged inadequate in the wake of the "
     "child sexual exploitation scandal.", {("Rotherham", "overall", "good", "inadequate")}),
    ("2026-10-10", "Ofsted: first report under new framework for Wigan\nWigan Council's children's"
     " services were inspected in May 2026 under Ofsted's new framework, which has no overall "
     "grade. Help and protection was rated good, children in care good and care leavers "
     "outstanding. The report was published today.",
     {("Wigan", "help_protection", "good", None), ("Wigan", "in_care", "good", None),
      ("Wigan", "care_leavers", "outstanding", None)}),
])
def test_a_decade_after_and_a_gapped_list(
        published: str, text: str, expected: set[tuple]) -> None:
    assert events(page(text, published)) == expected


def test_a_grade_in_an_aside_on_an_unrelated_story_is_not_news() -> None:
    v = page("Rotherham budget: children's services overspend\nRotherham Council's children's "
             "services are forecast to overspend by £5m. The service, rated good by Ofsted, has "
             "seen a rise in demand.", "2025-04-10")
    assert not v.alert and not v.events


def test_a_monitoring_visit_headline_naming_the_inadequate_rating_is_a_visit() -> None:
    v = page("Tameside: inadequate rating remains but progress made, says Ofsted\nOfsted's fifth "
             "monitoring visit to Tameside since its last full inspection in 2022 found leaders "
             "are making progress. The letter was published today.", "2024-02-01")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.inspection, e.grade) for e in v.events] == [("monitoring_visit", None)]


def test_a_reinspection_mentioning_past_monitoring_visits_is_graded() -> None:
    v = page("Slough remains inadequate, Ofsted says\nSlough's children's services remain "
             "inadequate, according to a report published today. Inspectors found weak practice."
             " There have been six monitoring visits since 2019.", "2024-02-01")
    assert v.kind == "new_result"
    assert events(v) == {("Slough", "overall", "inadequate", "inadequate")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Durham County Council said", ["Durham"]),
    ("in County Durham today", ["Durham"]),
    ("Durham's children's services were", ["Durham"]),
    ("children's services in Durham have", ["Durham"]),
    ("services for vulnerable children in Durham are good", ["Durham"]),
    ("Durham council's children's services", ["Durham"]),
    ("social care in Newcastle was", ["Newcastle upon Tyne"]),
    ("Newcastle City Council said", ["Newcastle upon Tyne"]),
    ("Durham University said", []),
    ("Durham Constabulary was", []),
    ("Durham Cathedral's children's choir", []),
    ("Durham, North Carolina's children's services", []),
    ("Newcastle University's social work course", []),
])
def test_the_registry_tells_durham_council_from_durham_institutions(
        text: str, expected: list[str]) -> None:
    from store.councils import registry

    assert [m.council.name for m in registry().find_in_text(text)] == expected


@pytest.mark.parametrize(("text", "council"), [
    ("Police and council must improve response to child exploitation in Bradford\nA joint "
     "targeted area inspection by Ofsted, the CQC, HMICFRS and HMI Probation found that agencies"
     " in Bradford must do more. The letter was published today.", "Bradford"),
    ("Police, health and council praised for work on domestic abuse in Kent\nInspectors from "
     "Ofsted, the CQC, HMICFRS and HMI Probation have published their findings on how agencies "
     "in Kent respond to children living with domestic abuse. Kent County Council's children's "
     "services are rated outstanding.", "Kent"),
])
def test_a_joint_inspection_with_the_police_is_a_jtai_visit(text: str, council: str) -> None:
    v = page(text, "2024-02-01")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.council, e.inspection, e.grade) for e in v.events] == [(council, "jtai", None)]
