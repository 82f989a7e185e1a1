"""Whole-page cases from a third blind evaluation's failure modes: commentary "now" a year
after the last report, scrutiny and improvement updates recounting a known inspection, area
SEND findings in the present tense, judgement lists flattened onto one line, abolished
councils and places named like them, roundups of new reports with "remains", and previous
grades given in a table cell."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alerts.grades import split_label_runs
from alerts.matcher import PageVerdict, classify

NOW = datetime(2026, 11, 23, 12, 0)


def page(text: str, published: str) -> PageVerdict:
    return classify(text, published=date.fromisoformat(published), now=NOW)


def graded(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade) for e in verdict.events}


def with_previous(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade, e.previous_grade) for e in verdict.events}


# --- 1 and 2: talk about a report the page places in the past -------------------------------

@pytest.mark.parametrize(("published", "text"), [
    ("2025-06-10", "Analysis: Where next for Barnet's children?\nIt is now more than a year "
     "since Ofsted published its last full report on Barnet, rating them requires improvement to "
     "be good. The council says it has made progress since."),
    ("2025-06-10", "Opinion: Sefton must keep going\nIt is now two years since inspectors last "
     "judged Sefton's children's services inadequate. Sefton's most recent report rated it "
     "requires improvement to be good."),
    ("2025-06-10", "Barnet children\nOfsted's previous report on Barnet, published more than a "
     "year ago, rated the council's children's services requires improvement to be good."),
    ("2025-06-10", "Analysis: Bury's long road back\nOfsted published its report on Bury in March "
     "2023. It rated the council's children's services inadequate, with help and protection "
     "also inadequate. Since then the council has spent millions."),
    ("2025-06-10", "Bury: a year on\nOfsted's most recent report on Bury, published in March "
     "2024, rated the council's children's services inadequate overall."),
    ("2025-06-10", "Analysis: What's gone wrong in Bury?\nIt has been 18 months since Ofsted's "
     "last inspection of Bury rated it inadequate. Children in care were judged requires "
     "improvement to be good at the time."),
])
def test_commentary_on_a_report_long_published_is_no_alert(published: str, text: str) -> None:
    v = page(text, published)
    assert (v.alert, v.kind, v.events) == (False, "commentary", ())


@pytest.mark.parametrize("text", [
    "Scrutiny committee hears children's services update\nCouncillors on the scrutiny committee "
    "heard an update on the improvement plan drawn up after last year's inspection of Bury's "
    "children's services. The inspection rated the council requires improvement to be good "
    "overall, with children in care and care leavers judged good.",
    "Councillors told of progress\nAn update to councillors on Tuesday set out progress since the "
    "October inspection of Wigan's children's services. The inspection found services require "
    "improvement to be good, while help and protection was judged inadequate.",
    "Improvement plan progress\nSince the inspection, Stockport Council has drawn up an "
    "improvement plan. Ofsted rated the council's children's services good, with leaders judged "
    "outstanding.",
    "Bury council improvement update\nA report to cabinet this week set out progress since the "
    "inspection in 2023. Ofsted rated the council's children's services inadequate, with help and "
    "protection also inadequate.",
])
def test_a_council_meeting_recounting_a_known_inspection_is_commentary(text: str) -> None:
    v = page(text, "2025-01-20")
    assert (v.alert, v.kind, v.events) == (False, "commentary", ())


@pytest.mark.parametrize("text", [
    "Bury children's services judged good\nOfsted inspectors judged Bury's children's services "
    "good after an inspection in January. Since the inspection, the council says it has kept "
    "improving.",
    "Bury rated good by Ofsted\nOfsted rated Bury's children's services good, in a report out on "
    "Tuesday. The council's scrutiny committee will discuss the report next month.",
    "Bury children's services rated good\nBury Council's children's services are good, Ofsted "
    "says. The improvement plan drawn up after the 2021 inspection has worked, inspectors said.",
    "Big improvement for Bury\nBury's children's services have been rated good, up from "
    "requires improvement at last year's inspection.",
    "Big improvement for Bury\nBury's children's services are now good, Ofsted has found. Since "
    "the inspection in 2022, the council has invested heavily.",
    "Bury improvement\nThe council's improvement plan, drawn up after the 2022 inspection, has "
    "paid off: Ofsted rated Bury's children's services good in its latest report.",
])
def test_a_new_report_that_mentions_meetings_or_plans_stays_news(text: str) -> None:
    v = page(text, "2025-03-05")
    assert v.alert and graded(v) == {("Bury", "overall", "good")}


# --- 3: area SEND findings said in the present tense -----------------------------------------

@pytest.mark.parametrize(("text", "grade"), [
    ("Damning SEND report for Bury\nServices for children with SEND in Bury have widespread and "
     "systemic failings, according to a joint report by Ofsted and the Care Quality Commission.",
     "systemic_failings"),
    ("Bury SEND inspection\nA joint inspection of the Bury local area partnership by Ofsted and "
     "the CQC has been published. Inspectors concluded that there are widespread and/or systemic "
     "failings leading to significant concerns about children and young people with SEND.",
     "systemic_failings"),
    ("Bury SEND report\nChildren with special educational needs and disabilities in Bury have "
     "inconsistent experiences and outcomes, according to a new report by Ofsted and the CQC.",
     "inconsistent"),
    ("Bury SEND report\nThe local area partnership's arrangements typically lead to positive "
     "experiences and outcomes for children and young people with SEND in Bury, according to a "
     "report by Ofsted and the Care Quality Commission.", "positive"),
])
def test_area_send_findings_in_the_present_tense_are_news(text: str, grade: str) -> None:
    v = page(text, "2025-03-05")
    assert v.alert and graded(v) == {("Bury", "send_outcome", grade)}
    assert {e.inspection for e in v.events} == {"send"}


def test_an_old_send_finding_is_not_news() -> None:
    v = page("SEND services in Bury\nIn 2023, inspectors concluded there were widespread and "
             "systemic failings in Bury's SEND services. The council says things have improved.",
             "2025-03-05")
    assert not v.alert


# --- 4: judgement lists flattened onto one line ----------------------------------------------

FIVE = [("Overall effectiveness", "requires improvement to be good"),
        ("Impact of leaders", "requires improvement to be good"),
        ("Help and protection", "requires improvement to be good"),
        ("Children in care", "good"), ("Care leavers", "good")]
EXPECTED_FIVE = {("Bury", "overall", "requires_improvement"),
                 ("Bury", "leaders", "requires_improvement"),
                 ("Bury", "help_protection", "requires_improvement"),
                 ("Bury", "in_care", "good"), ("Bury", "care_leavers", "good")}
HEAD = ("<html><body><article><h1>Bury children's services require improvement, says Ofsted"
        "</h1><p>Ofsted has published its report on Bury Council's children's services.</p>")


@pytest.mark.parametrize("body", [
    "<ul>" + "".join(f"<li><strong>{a}:</strong> {b}</li>" for a, b in FIVE) + "</ul>",
    "<ol>" + "".join(f"<li>{a}: {b}</li>" for a, b in FIVE) + "</ol>",
    "<p>" + "<br>".join(f"{a}: {b}" for a, b in FIVE) + "</p>",
    "<dl>" + "".join(f"<dt>{a}</dt><dd>{b}</dd>" for a, b in FIVE) + "</dl>",
    "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in FIVE) + "</table>",
    "<p>" + " ".join(f"{a}: {b}" for a, b in FIVE) + "</p>",
])
def test_every_judgement_of_a_list_is_an_event(body: str) -> None:
    v = page(HEAD + body + "</article></body></html>", "2025-03-05")
    assert v.alert and graded(v) == EXPECTED_FIVE


def test_label_runs_split_only_at_judgement_labels() -> None:
    line = ("Overall effectiveness: good Impact of leaders: outstanding Care leavers: good\n"
            "Ofsted said: the council is good Director Jane Smith: pleased")
    assert split_label_runs(line).split("\n") == [
        "Overall effectiveness: good", "Impact of leaders: outstanding", "Care leavers: good",
        "Ofsted said: the council is good Director Jane Smith: pleased"]


# --- 5: abolished councils and places named like them ----------------------------------------

@pytest.mark.parametrize(("published", "text", "council"), [
    ("2024-05-01", "North Northamptonshire children's services rated good\nOfsted has rated North "
     "Northamptonshire Council's children's services good. The council serves children in "
     "Kettering, Corby, Wellingborough and east Northamptonshire. The old Northamptonshire "
     "County Council was abolished in 2021.", "North Northamptonshire"),
    ("2024-05-01", "Northamptonshire children's services rated good\nChildren's services for "
     "families in West Northamptonshire have been rated good by Ofsted. Northamptonshire "
     "Children's Trust runs the services for West Northamptonshire Council and North "
     "Northamptonshire Council.", "West Northamptonshire"),
    ("2024-05-01", "Children in Northamptonshire\nOfsted has rated North Northamptonshire "
     "Council's children's services good. Before 2021 Northamptonshire County Council was "
     "rated inadequate.", "North Northamptonshire"),
    ("2024-05-01", "Cumbria children's services\nWestmorland and Furness Council's children's "
     "services have been rated good by Ofsted. The council covers south Cumbria and part of the "
     "old Cumbria County Council area.", "Westmorland and Furness"),
    ("2024-05-01", "Cumberland rated good\nCumberland Council's children's services have been "
     "rated good by Ofsted, the first inspection since Cumbria County Council was abolished.",
     "Cumberland"),
    ("2020-05-01", "Dorset\nBournemouth, Christchurch and Poole Council's children's services "
     "have been rated good by Ofsted. Families in Poole and Bournemouth welcomed the report.",
     "Bournemouth, Christchurch and Poole"),
])
def test_an_abolished_council_gets_no_event_on_a_later_page(
        published: str, text: str, council: str) -> None:
    v = page(text, published)
    assert v.alert and {e.council for e in v.events} == {council}
    assert v.principal_council == council


def test_northamptonshire_children_s_trust_alone_is_no_council() -> None:
    v = page("Trust rated good\nNorthamptonshire Children's Trust has been rated good by Ofsted.",
             "2024-05-01")
    assert not any(e.council == "Northamptonshire" for e in v.events)


# --- 6: "remains" in a list of new reports, not in a standing status -------------------------

def test_a_roundup_of_this_week_s_reports_gives_every_council() -> None:
    v = page("This week's Ofsted results\nOfsted published four local authority children's "
             "services reports this week.\nEnfield \u2013 Remains good overall, the same grade as "
             "in 2020.\nBarnet \u2013 Retains its outstanding rating.\nBury \u2013 Improves to "
             "good from requires improvement.\nWigan \u2013 Stays requires improvement to be good.",
             "2025-03-05")
    assert v.alert and v.kind == "multi"
    assert with_previous(v) == {
        ("Enfield", "overall", "good", "good"),
        ("Barnet", "overall", "outstanding", "outstanding"),
        ("Bury", "overall", "good", "requires_improvement"),
        ("Wigan", "overall", "requires_improvement", "requires_improvement")}


def test_remains_in_a_labelled_list_of_new_reports() -> None:
    v = page("Ofsted roundup\nReports published this week:\nEnfield: remains good overall "
             "(2020: good)\nBury: good (previously requires improvement)", "2025-03-05")
    assert with_previous(v) == {("Enfield", "overall", "good", "good"),
                                ("Bury", "overall", "good", "requires_improvement")}


@pytest.mark.parametrize("text", [
    "Bury children's services\nBury remains rated inadequate since 2019, and the council said it "
    "is working hard to improve.",
    "Bury children's services\nBury has remained rated inadequate since 2019 while it waits for a "
    "new inspection.",
    "Bury children's services\nBury council remains under special measures, after it was rated "
    "inadequate in 2023.",
])
def test_a_standing_grade_without_a_new_inspection_is_no_alert(text: str) -> None:
    assert not page(text, "2025-03-05").alert


def test_keeping_a_grade_after_a_new_inspection_is_news() -> None:
    v = page("Bury stays good\nBury Council has kept its good rating for children's services "
             "following a full Ofsted inspection in January, the report shows.", "2025-03-05")
    assert with_previous(v) == {("Bury", "overall", "good", "good")}


# --- 7: previous grades in a table cell ------------------------------------------------------

def test_previous_grades_in_table_cells() -> None:
    v = page("Bury rated good\nOfsted has published its report on Bury Council's children's "
             "services.\nJudgement | Grade\nOverall effectiveness | Good (was inadequate)\n"
             "Impact of leaders | Outstanding (previously requires improvement)\n"
             "Children in care | Good (previously: good)\n"
             "Help and protection | Requires improvement (previously inadequate)", "2025-03-05")
    assert with_previous(v) == {
        ("Bury", "overall", "good", "inadequate"),
        ("Bury", "leaders", "outstanding", "requires_improvement"),
        ("Bury", "in_care", "good", "good"),
        ("Bury", "help_protection", "requires_improvement", "inadequate")}
