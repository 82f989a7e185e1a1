"""Whole-page cases from a third blind evaluation's failure modes, in other voices (feature
news, trade press, council pages, councillor blogs, email bulletins): the context council of
a sentence naming none, generic sentences about grades, history and roundups, bulletins, JTAI
letters and judgements stated in later paragraphs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alerts.matcher import PageVerdict, classify

NOW = datetime(2026, 11, 23, 12, 0)


def page(text: str, published: str = "2025-06-20", url: str | None = None) -> PageVerdict:
    return classify(text, url=url, published=date.fromisoformat(published), now=NOW)


def graded(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade) for e in verdict.events}


def councils(verdict: PageVerdict) -> set[str]:
    return {e.council for e in verdict.events}


# --- 1: a sentence naming no council is about the page's subject ----------------------------

@pytest.mark.parametrize(("text", "subject"), [
    ("Richmond upon Thames children's services rated good\nOfsted has inspected children's "
     "services in Richmond upon Thames.\nAchieving for Children, which runs services in "
     "Richmond upon Thames and Kingston upon Thames, welcomed the findings.\nThe report, "
     "published on Friday, rates overall effectiveness as good.", "Richmond upon Thames"),
    ("Richmond upon Thames children's services rated good\nOfsted has inspected Richmond upon "
     "Thames Council's children's services. The company also serves Kingston upon Thames. The "
     "report, published on Friday, rates overall effectiveness as good.",
     "Richmond upon Thames"),
    ("Hammersmith and Fulham: how a borough got to good\nOfsted inspectors looked at children's "
     "services in Hammersmith and Fulham this spring.\nNeighbouring Wandsworth has faced "
     "different pressures, staff say.\nThe report, published this week, rates overall "
     "effectiveness as good.", "Hammersmith and Fulham"),
    ("Our children's services rated good - Cheshire West and Chester Council\nOfsted has "
     "published its report on our children's services today.\nWe work closely with partners "
     "including Cheshire East on adoption.\nOverall effectiveness was judged good.",
     "Cheshire West and Chester"),
    ("Sutton children's services rated good\nOfsted's report on Sutton was published today.\n"
     "Sutton shares a children's trust model with Merton in some services, like Croydon.\n"
     "Overall effectiveness was judged good.", "Sutton"),
])
def test_a_council_named_in_passing_does_not_take_over(text: str, subject: str) -> None:
    v = page(text)
    assert v.alert
    assert councils(v) == {subject}
    assert (subject, "overall", "good") in graded(v)


def test_on_a_multi_page_each_section_keeps_its_council() -> None:
    v = page("Two councils get Ofsted reports\nBarnet\nOfsted published its report on Barnet "
             "today. Overall effectiveness was judged good.\nEnfield\nEnfield's report was also "
             "published. Overall effectiveness was judged requires improvement.")
    assert graded(v) == {("Barnet", "overall", "good"),
                         ("Enfield", "overall", "requires_improvement")}


# --- 2: generic sentences about grades are not judgements -----------------------------------

@pytest.mark.parametrize("sentence", [
    "Outstanding ratings tend to cluster in places with stable funding, she said.",
    "Good councils share three things, she said.",
    "An outstanding grade is rare.",
    "Inadequate ratings are often followed by a change of director.",
    "An inadequate judgement is usually a shock to staff.",
])
def test_generic_sentences_are_not_judgements(sentence: str) -> None:
    v = page("Hammersmith and Fulham rated good\nOfsted published its report on Hammersmith and "
             "Fulham today. Overall effectiveness was judged good.\nWandsworth is nearby. "
             + sentence)
    assert graded(v) == {("Hammersmith and Fulham", "overall", "good")}


@pytest.mark.parametrize(("html", "url"), [
    ('<html><head><title>Ofsted rates our children\'s services good</title>'
     '<meta property="og:site_name" content="Cheshire West and Chester Council"></head><body>'
     '<main><h1>Ofsted rates our children\'s services good</h1><p>Ofsted published its report on'
     ' our children\'s services today.</p><p>We work with partners including Cheshire East on '
     'adoption.</p><p>Overall effectiveness was judged good.</p></main></body></html>', None),
    ('<html><head><title>Ofsted rates our children\'s services good</title></head><body><main>'
     '<h1>Ofsted rates our children\'s services good</h1><p>Ofsted published its report on our '
     'children\'s services today. We are proud of our staff.</p><p>Like Cheshire East, we have '
     'invested in early help.</p><p>Overall effectiveness was judged good.</p></main></body>'
     '</html>', "https://www.cheshirewestandchester.gov.uk/news/ofsted-report"),
])
def test_an_own_council_page_is_about_the_site_council(html: str, url: str | None) -> None:
    v = page(html, url=url)
    assert v.alert
    assert graded(v) == {("Cheshire West and Chester", "overall", "good")}


# --- 3: history, commentary and roundups of current ratings ---------------------------------

@pytest.mark.parametrize("text", [
    "A year on: our children's services\nA year ago Ofsted published its report on our "
    "children's services in Barnet, rating them requires improvement. Since then we have "
    "recruited 40 social workers.",
    "Barnet children's services: one year on\nA year ago Ofsted published its report on "
    "Barnet's children's services, rating them requires improvement. Since then the council has "
    "recruited 40 social workers.",
    "Cllr blog: a year of progress\nA year ago this week Ofsted published its report on Barnet "
    "children's services and rated us requires improvement. Since then we have done a lot.",
    "Our improvement journey\nLast year Ofsted rated our children's services in Barnet requires "
    "improvement. We have since recruited more staff.",
    "Barnet update\nTwo years ago Ofsted published a report rating Barnet's children's services "
    "inadequate. The council says much has changed.",
    "Care leavers deserve better everywhere\nBy the Children's Commissioner\nCare leavers in "
    "Leeds, Barnet and Hackney are all rated outstanding by Ofsted. What do these councils do "
    "differently? Leeds invests in staying close.",
    "London children's services ratings: where each borough stands\nBorough | Latest grade | "
    "Year\nBarnet | Good | 2023\nEnfield | Requires improvement | 2025\nHackney | Inadequate | "
    "2024\nCamden | Outstanding | 2022\nIslington | Outstanding | 2023",
    "How London's boroughs are rated\nBarnet: good (2023)\nEnfield: requires improvement "
    "(2025)\nHackney: inadequate (2024)\nCamden: outstanding (2022)",
])
def test_history_commentary_and_ratings_tables_do_not_alert(text: str) -> None:
    v = page(text, "2025-06-20")
    assert not v.alert and not v.events


# --- 4: bulletins, JTAI letters, neighbours' visit letters, praise of progress ---------------

@pytest.mark.parametrize("text", [
    "ITEM 1: Ofsted report published - Cornwall\nOfsted has published its inspection of local "
    "authority children's services for Cornwall. Judgements: leaders good, help and protection "
    "good, children in care good, care leavers outstanding.\nITEM 2: Training dates\nBook now.",
    "ITEM 1: Ofsted report published - Cornwall\nOfsted has published its inspection of local "
    "authority children's services for Cornwall.\njudgements: leaders good, help and protection "
    "good, children in care good, care leavers outstanding\nITEM 2: Training dates",
    "BULLETIN 14\n1. Ofsted report published: Cornwall\nThe ILACS report for Cornwall is out. "
    "Judgements - leaders: good; help and protection: good; children in care: good; care "
    "leavers: outstanding.",
])
def test_an_email_bulletin_alerts_with_all_its_judgements(text: str) -> None:
    v = page(text)
    assert v.alert
    assert {("Cornwall", "leaders", "good"), ("Cornwall", "help_protection", "good"),
            ("Cornwall", "in_care", "good"),
            ("Cornwall", "care_leavers", "outstanding")} <= graded(v)


@pytest.mark.parametrize("text", [
    "Inspectors publish letter on Southwark's response to child exploitation\nInspectors from "
    "Ofsted, the CQC, HMICFRS and HMI Probation published a letter today on the multi-agency "
    "response to children at risk of exploitation in Southwark. They found strong partnership "
    "work.",
    "Joint inspection letter for Southwark\nInspectors from Ofsted, the CQC, HMICFRS and HMI "
    "Probation have published a letter on the multi-agency response to children affected by "
    "domestic abuse in Southwark.",
])
def test_a_jtai_letter_story_is_a_visit(text: str) -> None:
    v = page(text)
    assert v.alert and v.kind == "visit"
    assert [(e.council, e.inspection, e.grade) for e in v.events] == [
        ("Southwark", "jtai", None)]


def test_a_neighbours_new_focused_visit_letter_is_an_ungraded_event() -> None:
    v = page("Ofsted reports for Barnet and Enfield\nBarnet's children's services have been rated "
             "good in a report published today. Leaders were judged outstanding.\nNeighbouring "
             "Enfield's focused visit letter was also published this week. Inspectors found "
             "improving practice in Enfield's front door.")
    assert v.alert
    assert ("Enfield", None, None) in graded(v)
    assert ("Barnet", "overall", "good") in graded(v)


@pytest.mark.parametrize("text", [
    "Bury rated good\nInspectors praised progress since the last inspection, rating Bury good in a "
    "report published today.",
    "Bury rated good\nInspectors praised the progress made since the previous inspection, rating "
    "Bury's children's services good in a report published today.",
])
def test_praise_since_the_last_inspection_leaves_the_grade_new(text: str) -> None:
    v = page(text)
    assert v.alert
    assert {(e.council, e.judgement, e.grade, e.previous_grade) for e in v.events} == {
        ("Bury", "overall", "good", None)}


# --- 5: judgements stated in later paragraphs in other wordings ------------------------------

@pytest.mark.parametrize(("sentence", "judgement", "grade"), [
    ("Help for children who need help and protection also requires improvement.",
     "help_protection", "requires_improvement"),
    ("Leadership was found to be inadequate.", "leaders", "inadequate"),
    ("The council was judged inadequate for leadership.", "leaders", "inadequate"),
    ("Adoption performance requires improvement.", "adoption", "requires_improvement"),
    ("The experiences of care leavers were found to be good.", "care_leavers", "good"),
    ("Inspectors said the experiences and progress of children in care were good.", "in_care",
     "good"),
    ("Leaders were deemed inadequate.", "leaders", "inadequate"),
    ("The impact of leaders on social work practice was judged inadequate.", "leaders",
     "inadequate"),
    ("The adoption service was rated good.", "adoption", "good"),
])
def test_later_paragraph_judgements(sentence: str, judgement: str, grade: str) -> None:
    v = page("Leeds children's services require improvement\nOfsted has rated Leeds children's "
             "services requires improvement in a report published today.\nInspectors spoke to "
             "social workers and managers.\nBradford, which was rated inadequate in 2014, has "
             "sought advice from Leeds. Its director said Leeds was a model.\n" + sentence,
             "2015-06-20")
    assert ("Leeds", judgement, grade) in graded(v)


@pytest.mark.parametrize("middle", [
    "Kingston upon Thames, which shares the company, was inspected by Ofsted in 2022.",
    "Kingston upon Thames Council's offices in Guildhall",
    "Kingston upon Thames's children's services are also run by the trust, which reports to "
    "both councils.",
    "Like Kingston upon Thames, the borough has invested in its social work academy.",
])
def test_a_partner_council_opening_a_paragraph_does_not_take_over(middle: str) -> None:
    v = page("Richmond upon Thames children's services rated good by Ofsted\nOfsted published "
             "its report on Richmond upon Thames's children's services today.\n" + middle +
             "\nOverall effectiveness was judged good. Leaders were judged outstanding.")
    assert v.alert
    assert graded(v) == {("Richmond upon Thames", "overall", "good"),
                         ("Richmond upon Thames", "leaders", "outstanding")}


def test_a_multi_page_paragraph_opening_with_a_council_is_its_section() -> None:
    v = page("Ofsted publishes two London reports\nOfsted published reports on two London "
             "boroughs today.\nIn Barnet, inspectors found strong leadership. Overall "
             "effectiveness was judged good.\nIn Enfield, inspectors found weaknesses at the "
             "front door. Overall effectiveness was judged inadequate.")
    assert graded(v) == {("Barnet", "overall", "good"), ("Enfield", "overall", "inadequate")}


@pytest.mark.parametrize("sentence", [
    "Outstanding ratings tend to cluster in places with stable funding, she said.",
    "Good councils share three things, she said.",
    "An outstanding grade is rare.",
    "An inadequate rating can be devastating for staff.",
    "Inadequate ratings are often followed by a change of director.",
    "A requires improvement judgement often follows a period of instability.",
    "Typically, a good rating follows years of investment.",
    "Areas rated outstanding usually have low social worker turnover.",
    "Only a handful of councils are outstanding.",
])
def test_a_generic_sentence_gives_no_grade_to_the_context_council(sentence: str) -> None:
    from alerts.matcher import _registry
    from alerts.pagecouncils import page_mentions
    from alerts.statements import statements_in

    text = "Hammersmith and Fulham\nWandsworth was inspected last year. " + sentence
    mentions, _ = page_mentions(_registry(), text, date(2025, 6, 20))
    assert statements_in(text, mentions, date(2025, 6, 20), "Hammersmith and Fulham", True) == []
    v = page("Hammersmith and Fulham leaders judged good\nOfsted published its report on "
             "Hammersmith and Fulham today. Leaders were judged good.\n" + sentence)
    assert graded(v) == {("Hammersmith and Fulham", "leaders", "good")}


def test_a_news_site_named_after_a_place_is_not_a_council_site() -> None:
    html = ('<html><head><title>Bolton children\'s services rated good</title>'
            '<meta property="og:site_name" content="Manchester Evening News"></head><body><main>'
            '<h1>Bolton children\'s services rated good</h1><p>Ofsted published its report on '
            'Bolton\'s children\'s services today.</p><p>"We are delighted," the council said.'
            '</p><p>Overall effectiveness was judged good.</p></main></body></html>')
    v = page(html)
    assert graded(v) == {("Bolton", "overall", "good")}


def test_a_second_councils_own_news_paragraph_is_its_section() -> None:
    v = page("Barnet children's services rated good\nOfsted has rated Barnet's children's services"
             " good in a report published today.\nMeanwhile, Enfield's report was also published "
             "today. It was judged inadequate overall.")
    assert graded(v) == {("Barnet", "overall", "good"), ("Enfield", "overall", "inadequate")}


def test_a_ratings_table_with_a_row_said_to_be_new_alerts_for_that_row() -> None:
    v = page("London children's services ratings\nEnfield's new report, published this week, "
             "rates its children's services requires improvement.\nBorough | Latest grade | Year\n"
             "Barnet | Good | 2023\nEnfield | Requires improvement | 2025\nHackney | Inadequate | "
             "2024\nCamden | Outstanding | 2022")
    assert v.alert
    assert graded(v) == {("Enfield", "overall", "requires_improvement")}


def test_the_headline_council_is_the_subject_however_often_others_are_named() -> None:
    v = page("How Hammersmith and Fulham turned it round\nWandsworth, Lambeth and Wandsworth's "
             "partners watched closely. Wandsworth's director visited. Staff from Wandsworth came "
             "too.\nOfsted published its report this week. Overall effectiveness was judged good.")
    assert graded(v) == {("Hammersmith and Fulham", "overall", "good")}
