"""Whole-page cases from the fourth to seventh blind sets' failure modes: how a page frames
its grades. Another inspectorate's or a provider's own verdict, a page whose headline and lead
never speak of an inspection, tables and reviews of standing ratings, anniversaries, recaps
before a committee, grade scales and ranges, timelines, and page furniture that hides or
fakes the story (a section label, a graphic's alt text, a "Latest news" menu)."""

from __future__ import annotations

import pytest

from tests.matcher_pages import graded, page, quiet

# --- somebody else's verdict -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Oldham youth justice service 'requires improvement', say probation inspectors\n"
    "Work to keep children and the public safe was not always good enough, inspectors found.\n"
    "HM Inspectorate of Probation rated the service requires improvement overall. Oldham's "
    "children's services were rated good by Ofsted in 2023.",
    "Adult social care in Stockport rated good by the CQC\n"
    "The Care Quality Commission's assessment, published this week, rates Stockport Council "
    "good under the Care Act. Its children's services were judged outstanding by Ofsted in "
    "2024.",
])
def test_another_inspectorates_verdict_is_not_an_ofsted_result(text: str) -> None:
    assert quiet(page(text, "2025-02-12"))


def test_a_fostering_agencys_own_news_of_its_rating_is_negative() -> None:
    v = page("We've been rated outstanding by Ofsted!\nWe are thrilled that inspectors have "
             "judged our independent fostering agency outstanding in every area. Their report, "
             "published this week, rates us outstanding for the experiences and progress of "
             "children. We work closely with Hampshire County Council and Portsmouth City "
             "Council.", "2026-03-05")
    assert (v.alert, v.kind) == (False, "negative")


def test_a_page_whose_headline_and_lead_never_speak_of_an_inspection_is_no_alert() -> None:
    v = page("New chief executive for Bradford's children's trust\nThe trust's board has "
             "confirmed its interim chief executive in the role after an open recruitment "
             "process.\nCouncil leaders welcomed the appointment as a sign of stability for "
             "families in the district.\nBackground\nChildren's services in Bradford were "
             "judged inadequate by Ofsted in 2018. The most recent monitoring visit letter found "
             "that leaders had a clear understanding of where practice needs to improve.",
             "2024-03-12")
    assert quiet(v)


# --- ratings that stand, not news ------------------------------------------------------------

def test_a_table_of_standing_ratings_dated_by_month_is_a_roundup() -> None:
    v = page("Every council's Ofsted rating in the North West\nThe latest overall grades for "
             "each council, with the month each report was published.\n"
             "Council | Latest grade | Published\nBolton | Good | Feb 2023\n"
             "Bury | Requires improvement | Apr 2024\nOldham | Requires improvement | Sep 2023\n"
             "Stockport | Outstanding | Feb 2024\nTameside | Inadequate | Jun 2022",
             "2024-09-12")
    assert (v.alert, v.kind) == (False, "roundup")


def test_a_review_of_the_year_is_a_roundup() -> None:
    v = page("2023 in review: the councils that climbed and fell in Ofsted's ratings\n"
             "With the last reports of the year now published, we look back at the year.\n"
             "Rochdale - good (November), up from requires improvement.\n"
             "Blackpool - requires improvement (January), up from inadequate.\n"
             "Southampton - inadequate (November), down from good.\n"
             "Bolton - good (February).", "2023-12-28")
    assert (v.alert, v.kind) == (False, "roundup")


@pytest.mark.parametrize("sentence", [
    "One council is rated outstanding, two are still inadequate.",
    "Services for vulnerable children in the region range from outstanding to inadequate.",
    "Each area can be graded outstanding, good, requires improvement or inadequate.",
])
def test_tallies_ranges_and_the_grade_scale_grade_nobody(sentence: str) -> None:
    v = page(f"Children's services across Lancashire\n{sentence} Lancashire expects Ofsted "
             "inspectors this autumn.", "2024-09-12")
    assert quiet(v)


def test_a_timeline_of_old_grades_is_history() -> None:
    v = page("Ofsted inspectors arrive at Northamptonshire County Council\nInspectors have "
             "arrived for a full inspection of children's services; the report is expected in "
             "the summer.\nTimeline\n2013 - Children's services rated inadequate by Ofsted.\n"
             "2016 - Rated requires improvement to be good.", "2019-05-14")
    assert (v.alert, v.kind) == (False, "preview")


# --- talk about a known result ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "One year on from 'inadequate': has Southampton turned a corner?\nIt is a year this week "
    "since Ofsted published the report that rated Southampton City Council's children's "
    "services inadequate. Hampshire County Council, which surrounds the city and is rated "
    "outstanding, has been helping.",
    "Minister extends Torbay commissioner\nThe government has told Torbay Council to keep "
    "working with a commissioner. There has been no new Ofsted inspection. Inspectors last "
    "visited in October for a monitoring visit, and the letter from that visit said leaders "
    "had a realistic understanding of the weaknesses.",
    "Scrutiny and the Ofsted action plan\nYesterday's select committee looked at the action "
    "plan drawn up in response to the Ofsted inspection report.\nAs a reminder: inspectors "
    "rated Norfolk County Council requires improvement to be good overall. Help and "
    "protection and leadership were both judged to require improvement.\nWhat I wanted to know "
    "yesterday was whether the plan is up to the job.",
    "Essex shows outstanding is a habit\nOpinion\nA month on from its latest Ofsted report, "
    "what can other councils learn from Essex?\nOutstanding again, in every judgement. Nobody "
    "in the county today would call that inevitable. Essex is always outstanding.",
])
def test_anniversaries_ministers_recaps_and_opinion_are_no_alert(text: str) -> None:
    published = "2025-05-21" if "Norfolk" in text else "2024-11-20"
    assert quiet(page(text, published))


def test_a_lead_that_says_the_report_is_out_keeps_a_look_back_headline_news() -> None:
    v = page("Ofsted report: how Bedford's children's services measure up now\n"
             "Four years after a 'requires improvement' verdict, inspectors return theirs\n"
             "Ofsted's latest report on Bedford Borough Council's services for vulnerable "
             "children was published this morning.\nInspectors judged the council's children's "
             "services good overall.", "2022-03-10")
    assert v.alert and ("Bedford Borough", "overall", "good") in graded(v)


def test_a_newspapers_name_is_not_today() -> None:
    v = page("Ofsted inspectors arrive at Kettering\nPicture: Northants Today\nInspectors have "
             "arrived for a full inspection of children's services. The findings are expected "
             "to be published in the summer. Reports are usually published seven weeks after "
             "inspectors leave. Council leaders believe North Northamptonshire's service is now "
             "good.", "2024-05-14")
    assert not v.alert


# --- page furniture --------------------------------------------------------------------------

def test_a_section_label_under_the_headline_does_not_become_the_subject() -> None:
    v = page("Westmorland and Furness children's services: Ofsted's first verdict\nCumbria\n"
             "Friday 3 July 2026\nServices for vulnerable children in Westmorland and Furness have "
             "been told they must improve, in the first Ofsted inspection of the council, whose "
             "report was published today.\nHelp and protection for children was found to be "
             "good, as was support for young people leaving care.", "2026-07-03")
    assert graded(v) == {("Westmorland and Furness", "help_protection", "good"),
                         ("Westmorland and Furness", "care_leavers", "good")}


def test_grades_in_a_graphics_alt_text_are_read() -> None:
    html = ("<html><body><article><h1>Ofsted publishes verdict on County Durham</h1>"
            "<p>Inspectors have published their report on how Durham County Council supports "
            "vulnerable children, after a two-week inspection.</p>"
            "<img src='g.png' alt='Graphic showing Ofsted judgements for Durham County Council: "
            "overall effectiveness good; children in care outstanding'>"
            "<p>The council's cabinet member said she was proud of the staff.</p>"
            "</article></body></html>")
    v = page(html, "2025-06-20")
    assert {("Durham", "overall", "good"), ("Durham", "in_care", "outstanding")} <= graded(v)


def test_a_latest_news_menu_above_the_story_does_not_end_the_page() -> None:
    html = ("<html><body><div>Home</div><div>Latest news</div><div>Council tax</div>"
            "<h1>Ofsted praises Derbyshire children's services</h1>"
            "<p>Derbyshire County Council's children's services have been rated good by Ofsted "
            "in a report published today.</p><h2>Related news</h2>"
            "<p>Derby City Council children's services rated inadequate</p></body></html>")
    v = page(html, "2016-05-10")
    assert graded(v) == {("Derbyshire", "overall", "good")}
