"""Whole-page cases from the eighth and ninth blind sets: a page alerts only when it presents
an inspection outcome as its news (in its headlines or lead), and several shapes of that news:
tables with a column or a row per council, visit letters announced under a heading, and the
namesake council of the page's time."""

from __future__ import annotations

import pytest

from tests.matcher_pages import graded, page, quiet


@pytest.mark.parametrize(("published", "text"), [
    ("2024-11-05", "Ofsted inspection of children's services begins\nPublished: 5th November "
     "2024\nOfsted inspectors arrived in Reading yesterday to begin a full inspection of the "
     "borough's children's social care services. Reading was last judged to require "
     "improvement to be good in 2019."),
    ("2025-05-07", "Essex children's boss who led 'outstanding' department to retire\nThe "
     "woman who led Essex's children's services through three outstanding inspections is to "
     "retire. Essex County Council's children's social care was rated outstanding by Ofsted in "
     "2019 and again last year."),
    ("2024-05-15", "MP calls for fair funding for Cornwall's 'outstanding' children's services\n"
     "Speaking in a Westminster Hall debate this morning, the MP paid tribute to Cornwall "
     "Council's children's services, which are rated outstanding by Ofsted."),
    ("2022-02-23", "Council tax to rise as Bury pumps GBP 6m into 'inadequate' children's "
     "services\n"
     "Bury Council has approved a budget that puts more money into children's services, after "
     "Ofsted rated the department inadequate just before Christmas."),
    ("2013-10-24", "One in five councils failing to protect children, Ofsted says\nThe chief "
     "inspector's first annual report on social care was published today. Birmingham and "
     "Doncaster were among the councils judged inadequate this year."),
    ("2024-04-26", "Speaking up for Gloucestershire's care leavers in Parliament\nYesterday I "
     "spoke in the Westminster Hall debate on support for care leavers.\nWhen I was first "
     "elected, our county's children's services were rated inadequate by Ofsted. Today they "
     "are rated good."),
    ("2023-05-20", "Liverpool's children deserve more than another plan\nOpinion \u00b7 "
     "Children's social care\nTwo months after Ofsted judged its children's services "
     "inadequate, the city is being asked to trust the same promises again\nIn March the "
     "inspectorate published a report on the city council's children's services. Liverpool's "
     "children's services remain inadequate today."),
])
def test_pages_that_do_not_present_a_new_outcome_are_quiet(published: str, text: str) -> None:
    assert quiet(page(text, published))


def test_a_recap_paragraph_stays_in_the_past() -> None:
    v = page("Councillors grill bosses over slow progress since Ofsted verdict\nSenior officers "
             "faced questions last night, three months after Ofsted rated Sefton's service as "
             "requiring improvement.\nThe inspection report, published in April, rated Sefton as "
             "requires improvement to be good overall. Children looked after and adoption were "
             "judged good. The safeguarding board was found to require improvement.",
             "2016-07-14")
    assert quiet(v)


def test_a_table_with_a_column_per_council() -> None:
    v = page("Both councils 'require improvement' in first Ofsted reports\nThe reports on both "
             "councils were published today.\nNorth Northamptonshire | West Northamptonshire\n"
             "Overall effectiveness | Requires improvement | Requires improvement\n"
             "Care leavers | Requires improvement | Good", "2025-01-30")
    assert graded(v) == {
        ("North Northamptonshire", "overall", "requires_improvement"),
        ("North Northamptonshire", "care_leavers", "requires_improvement"),
        ("West Northamptonshire", "overall", "requires_improvement"),
        ("West Northamptonshire", "care_leavers", "good")}


def test_a_table_with_a_row_per_council_and_a_visit_announced_under_a_heading() -> None:
    v = page("Inspection round-up: Southwark outstanding, Haringey told to improve\nThree London "
             "boroughs' reports were published by Ofsted this week.\n"
             "Overall | Help & protection | Care leavers\n"
             "Southwark | Outstanding | Good | Outstanding\n"
             "Haringey | Requires improvement | Requires improvement | Requires improvement\n"
             "Also published\nBexley received a focused visit letter about children in need. "
             "Inspectors found a stable workforce.", "2023-09-22")
    assert {("Southwark", "help_protection", "good"), ("Haringey", "care_leavers",
                                                        "requires_improvement"),
            ("Bexley", None, None)} <= graded(v)


def test_a_section_under_a_short_name_keeps_its_council() -> None:
    v = page("Ofsted: Stockton good, Redcar 'requires improvement'\nTwo neighbouring Teesside "
             "councils have received contrasting reports from Ofsted on their services for "
             "vulnerable children. Both reports were published on Friday.\nStockton\n"
             "Leadership, help and protection and adoption were all judged good.\n"
             "Redcar and Cleveland\nAdoption was rated good, but help and protection was "
             "found to require improvement.", "2016-09-23")
    assert {("Stockton-on-Tees", "help_protection", "good"),
            ("Redcar and Cleveland", "help_protection", "requires_improvement")} <= graded(v)


def test_a_counties_name_before_reorganisation_is_the_council_of_the_time() -> None:
    v = page("Ofsted publishes report on Dorset children's services\nOfsted has today published "
             "its report on Dorset County Council's services for children.\nInspectors found "
             "that services in Dorset require improvement to be good.", "2015-06-10")
    assert graded(v) == {("Dorset (pre-2019 county)", "overall", "requires_improvement")}


def test_a_joint_inspection_under_way_is_a_preview() -> None:
    v = page("Inspectors in Wakefield to look at how agencies tackle neglect\nFour inspectorates "
             "are in Wakefield this week looking at how agencies protect neglected children.\n"
             "The joint targeted area inspection, led by Ofsted, started yesterday and will "
             "include a deep dive into cases. Findings will be published in a letter in two "
             "months.", "2017-05-16")
    assert (v.alert, v.kind) == (False, "preview")


@pytest.mark.parametrize(("published", "text"), [
    ("2015-02-11", "Rotherham MP: 'inadequate' children's services need a decade of repair\n"
     "The MP for Rotherham told the Commons yesterday that it would take a decade to rebuild "
     "trust.\nShe said the Ofsted report published last November, which rated Rotherham "
     "Metropolitan Borough Council's children's services inadequate, confirmed what survivors "
     "had said."),
    ("2024-02-08", "Ofsted-rated 'inadequate' council faces overspend on children's care\n"
     "Bradford Council's children's social care budget will be overspent, councillors have "
     "been told.\nThe city's children's services, which have been rated inadequate by Ofsted "
     "since 2018, moved to a trust last April. A report to the council's executive, published "
     "ahead of a meeting next week, sets out the costs."),
    ("2021-03-17", "New children's services director for Ofsted-rated 'inadequate' Medway\n"
     "Medway Council has appointed a new director as it tries to pull its social care "
     "department out of special measures.\nOfsted's most recent monitoring visit, in November, "
     "found evidence of progress."),
])
def test_debates_budgets_and_appointments_are_quiet(published: str, text: str) -> None:
    assert quiet(page(text, published))


def test_a_2026_framework_report_is_news_though_an_old_overall_grade_is_mentioned() -> None:
    v = page("Lincolnshire children in care 'flourish', say Ofsted inspectors\nChildren in the "
             "care of Lincolnshire County Council flourish, according to Ofsted. The inspection "
             "took place in September under the revised framework, which no longer gives councils "
             "an overall grade. Lincolnshire was rated outstanding overall in 2023.\n"
             "Children in care: outstanding\nCare leavers: good", "2026-11-20")
    assert graded(v) == {("Lincolnshire", "in_care", "outstanding"),
                         ("Lincolnshire", "care_leavers", "good")}


def test_taken_out_of_the_inadequate_category_is_the_old_grade() -> None:
    v = page("Doncaster no longer inadequate\nServices for vulnerable children in Doncaster have "
             "been taken out of the inadequate category for the first time, in a report published "
             "today. Ofsted has rated the borough's children's services as requiring improvement.",
             "2015-11-06")
    assert ("Doncaster", "overall", "requires_improvement") in graded(v)
    assert ("Doncaster", "overall", "inadequate") not in graded(v)


def test_a_blog_recapping_last_autumns_report_is_quiet() -> None:
    v = page("Good isn't the end of the story for Swindon's children\nPosted on 8 February 2020\n"
             "Back in November, Ofsted published its inspection report on Swindon Borough "
             "Council's children's services. The headline was welcome: Swindon is rated good "
             "overall, up from requires improvement.\nFirst, the experiences and progress of "
             "children in care and care leavers was judged requires improvement.", "2020-02-08")
    assert quiet(v)


@pytest.mark.parametrize("text", [
    "Bucks children's services \"good\"?? Not our experience\nJust been told by the council "
    "that Buckinghamshire's children's services are rated good by Ofsted, as if that settles "
    "it. Is the Ofsted thing recent?",
    "Single inspection framework ends with a third of councils rated good or better\nOfsted's "
    "programme has ended with 22% of councils judged inadequate, according to figures published "
    "alongside the annual report.\nGrade | Councils | Share\nRequires improvement | 64 | 42%\n"
    "Kensington and Chelsea and Trafford were among those rated outstanding.",
])
def test_forum_doubts_and_national_statistics_are_quiet(text: str) -> None:
    assert quiet(page(text, "2025-03-04"))


def test_area_send_outcomes_by_short_name_under_a_scale() -> None:
    v = page("Area SEND outcomes: one positive, one inconsistent and one 'systemic failings'\n"
             "Three local area partnerships have received the outcomes of their SEND inspections "
             "this week.\nNottingham: positive\nInspectors praised the partnership.\n"
             "Bury: inconsistent\nFamilies still wait too long.\nThe three outcomes\n"
             "1. Typically positive experiences and outcomes\n2. Inconsistent experiences and "
             "outcomes\n3. Widespread and/or systemic failings", "2024-02-09")
    assert graded(v) == {("Nottingham", "send_outcome", "positive"),
                         ("Bury", "send_outcome", "inconsistent")}


def test_a_quoted_list_of_grades_for_areas() -> None:
    v = page("Derby rated outstanding by Ofsted\nServices for vulnerable children in Derby have "
             "been rated outstanding by Ofsted in a report published today.\nThe director said: "
             "\"Outstanding for the impact of our leaders, outstanding for our children in care "
             "and good for help and protection, where we know there is more to do.\"",
             "2024-06-01")
    assert graded(v) == {("Derby", "overall", "outstanding"), ("Derby", "leaders", "outstanding"),
                         ("Derby", "in_care", "outstanding"), ("Derby", "help_protection", "good")}


@pytest.mark.parametrize(("published", "text"), [
    ("2019-11-14", "Councillors grill bosses over pace of change in Stoke-on-Trent children's "
     "services\nEight months on from a damning Ofsted report, scrutiny members want answers\n"
     "Councillors have questioned whether Stoke-on-Trent City Council is moving fast enough, "
     "eight months after its children's services were rated inadequate.\nA monitoring visit by "
     "Ofsted in September found some progress, in a letter published last month."),
    ("2024-05-09", "Wandsworth's children's services director to retire after eight years\nThe "
     "director who led Wandsworth Council's children's services to an outstanding Ofsted "
     "rating is to retire this summer. The department was judged outstanding in every area at "
     "its most recent inspection, the report for which was published in March last year."),
    ("2024-06-20", "\"Outstanding is a floor, not a ceiling\"\nThe Interview\nLincolnshire has "
     "been rated outstanding twice in a row. Its director tells us why that makes her nervous\n"
     "Lincolnshire County Council's children's services were judged outstanding by Ofsted again "
     "in a report published last November; care leavers too were rated outstanding."),
    ("2020-02-26", "Council adult learning service climbs to 'good'\nWaltham Forest Council's "
     "adult and community learning service has been upgraded to good by Ofsted, two years after "
     "it was told it required improvement."),
    ("2017-09-26", "Ofsted inspectors return to Wakefield children's services\nA team of Ofsted "
     "inspectors arrived at Wakefield Council yesterday to begin a re-inspection. The council "
     "was rated inadequate in 2016. Monitoring visits carried out since then have found steady "
     "progress."),
])
def test_talk_previews_and_other_services_with_visits_and_grades_are_quiet(
        published: str, text: str) -> None:
    assert quiet(page(text, published))


def test_a_2026_report_headlined_by_its_new_grading_is_news() -> None:
    v = page("Derby children's services: first city report under Ofsted's new grading system\n"
             "Children in care received the top grade, but there is no longer a single verdict\n"
             "Derby City Council has been told its care for children in care is outstanding in a "
             "report that does not give the city a single overall grade. Derby was rated good "
             "overall in 2022.", "2026-07-16")
    assert graded(v) == {("Derby", "in_care", "outstanding")}


@pytest.mark.parametrize(("published", "text"), [
    ("2023-03-09", "Camden Council's adult learning service rated 'good' by Ofsted\n"
     "Camden Council's adult community learning service has been judged good by Ofsted "
     "following an inspection in January, in a report published today."),
    ("2024-07-25", "Two thirds of councils now good or outstanding for children's social care, "
     "Ofsted figures show\nThe share of councils rated good or outstanding has reached a record "
     "high, according to Ofsted's latest official statistics. Dudley moved up to outstanding."),
    ("2023-11-06", "Ofsted inspectors arrive at Swindon Borough Council for three-week inspection\n"
     "A team of Ofsted inspectors arrives at Swindon's Civic Offices today to begin a full "
     "inspection of the council's services for vulnerable children.\nIt is the council's first "
     "full inspection since 2019, when Swindon was rated good overall."),
    ("2017-12-08", "H&F children's services: 'positive' early feedback from Ofsted inspectors\n"
     "Inspectors have given Hammersmith and Fulham Council positive informal feedback, "
     "according to a briefing sent to councillors. The grades will not be confirmed until the "
     "final report is published.\nPopular\nKensington and Chelsea children's services rated "
     "'outstanding'"),
])
def test_other_services_statistics_arrivals_and_sidebars_are_quiet(
        published: str, text: str) -> None:
    assert quiet(page(text, published))


@pytest.mark.parametrize(("published", "text", "council"), [
    ("2019-05-30", "Mixed picture for Cheshire and Merseyside as Ofsted publishes three reports\n"
     "Warrington has moved up to good, according to three Ofsted reports published this week on "
     "councils in Cheshire and Merseyside.", "Warrington"),
    ("2025-03-14", "Out of 'inadequate' at last: what the Ofsted report on Bradford actually says\n"
     "Features\nWhen Ofsted published its long-awaited report on Bradford's children's services "
     "last Friday, the district was judged to require improvement to be good overall.",
     "Bradford"),
    ("2026-04-02", "Newcastle keeps 'good' Ofsted rating\nThe city is one of the last councils in "
     "England to be given an overall grade before Ofsted's new system took effect this week\n"
     "Newcastle City Council's children's services have been rated good by Ofsted. Because the "
     "inspection began in February, before April 1, the report published today still includes "
     "an overall effectiveness grade.", "Newcastle upon Tyne"),
])
def test_late_features_and_last_graded_reports_are_news(
        published: str, text: str, council: str) -> None:
    v = page(text, published)
    assert v.alert and council in {e.council for e in v.events}


@pytest.mark.parametrize(("published", "text"), [
    ("2016-07-08", "Two years of the single inspection: most councils still not good\nOur analysis "
     "of every published SIF report shows inadequate ratings are concentrated in the Midlands.\n"
     "Slough and Kensington and Chelsea are among the councils rated inadequate and outstanding."),
    ("2022-09-15", "Councillors hail Kent's 'outstanding' children's services at scrutiny meeting\n"
     "Councillors today praised staff as they formally received the Ofsted report that rated "
     "the department outstanding.\nThe inspection report, published on August 12, graded Kent "
     "outstanding overall, with help and protection judged good."),
    ("2023-02-27", "'We expect to be good': Medway awaits Ofsted children's services verdict\n"
     "Published: 17:30, 27 February 2023\nCouncil bosses in Medway say they are confident that "
     "Ofsted will rate the authority's children's services as good when its report is published "
     "next month."),
])
def test_analyses_receptions_of_old_reports_and_forecasts_are_quiet(
        published: str, text: str) -> None:
    assert quiet(page(text, published))


def test_a_district_named_in_an_aside_does_not_take_the_grade() -> None:
    v = page("Ofsted reports for North and West Northamptonshire published\nOfsted has today "
             "published two reports on children's social care in Northamptonshire.\nServices in "
             "North Northamptonshire, which covers Corby, Kettering and East Northamptonshire, "
             "require improvement to be good overall.", "2025-09-26")
    assert ("North Northamptonshire", "overall", "requires_improvement") in graded(v)


@pytest.mark.parametrize(("published", "text"), [
    ("2020-02-06", "Lambeth councillors press officers on pace of change since Ofsted verdict\n"
     "Members of the scrutiny sub-committee questioned whether Lambeth's children's services "
     "are improving fast enough. The director said the council would be ready for a focused "
     "visit this year."),
    ("2024-09-02", "Mapped: how children's services in the South West are rated\nWe have looked "
     "at how Ofsted currently rates each council.\nCornwall | Outstanding | 2024\n"
     "Devon | Requires improvement | 2023\nTorbay | Inadequate | 2023"),
    ("2025-05-12", "Cabinet backs plan to build on 'good' Ofsted report\nNorfolk County Council's "
     "cabinet has today approved an action plan responding to Ofsted's inspection of "
     "children's services, which was published in March. The inspection rated Norfolk good."),
])
def test_meetings_maps_and_plans_are_quiet(published: str, text: str) -> None:
    assert quiet(page(text, published))


def test_two_councils_receiving_contrasting_reports_is_news() -> None:
    v = page("Leicester and Leicestershire get contrasting Ofsted reports on the same day\n"
             "Two neighbouring councils have received very different verdicts on their children's "
             "services from Ofsted.\nLeicestershire County Council kept its good rating, while "
             "Leicester City Council was judged to require improvement.", "2024-11-29")
    assert v.alert and {"Leicester", "Leicestershire"} <= {e.council for e in v.events}


@pytest.mark.parametrize(("published", "text"), [
    ("2023-12-05", "Good is good. But Hull's care leavers deserve better\nIt's two months now "
     "since Ofsted published its report on Hull City Council's children's services.\n"
     "Quick recap for anyone who missed it. The inspectors rated the service good overall. "
     "Leadership was good."),
    ("2023-07-06", "What Ofsted's Medway letter should have said\nA month on, the focused visit "
     "findings have barely been discussed in public.\nEarly last month Ofsted published a letter "
     "following its focused visit to Medway Council's children in care service."),
    ("2019-06-12", "Children's services improvement plan published\nSwindon Borough Council has "
     "today published its plan responding to the recommendations made by Ofsted following the "
     "inspection of its children's services earlier this year. The inspection judged the "
     "council's leadership to require improvement. The report was published on 21 March."),
    ("2019-12-10", "Children's services: Where does your council stand?\nNearly one in five "
     "councils in England are failing vulnerable children, according to figures compiled from "
     "Ofsted's latest reports.\nSunderland was judged to require improvement."),
])
def test_recaps_old_letters_plans_and_league_tables_are_quiet(published: str, text: str) -> None:
    assert quiet(page(text, published))


def test_an_opinion_link_in_a_copied_menu_does_not_make_a_letter_talk() -> None:
    v = page("Bradford Telegraph and Argus\nNews\nSport\nOpinion\nWhat's On\nOfsted sees 'some "
             "progress' but warns Bradford children's services still not good enough\nOfsted "
             "carried out its latest monitoring visit to Bradford Council's children's services "
             "at the end of March. In a letter published today, inspectors found some signs of "
             "progress.", "2024-05-02")
    assert (v.alert, v.kind) == (True, "visit")


def test_one_sentence_announcing_two_councils_reports_keeps_both() -> None:
    nav = "\n".join(["Home", "Council and meetings", "Schools", "Children", "News"] * 3)
    v = page(f"Northamptonshire County news\n{nav}\nOfsted has today published the outcomes of "
             "its inspections of children's services in North Northamptonshire and West "
             "Northamptonshire.\nNorth Northamptonshire Council\nOverall effectiveness | "
             "Requires improvement to be good\nWest Northamptonshire Council\nOverall "
             "effectiveness | Good", "2024-02-23")
    assert graded(v) == {("North Northamptonshire", "overall", "requires_improvement"),
                         ("West Northamptonshire", "overall", "good")}


def test_a_charity_blog_months_after_the_report_is_quiet() -> None:
    v = page("What Ofsted said about Liverpool care leavers - and what has happened since\n"
             "Posted by the team\nLast October Ofsted published its report on Liverpool City "
             "Council's children's services. Overall the council was judged to require "
             "improvement, and care leavers' services were graded requires improvement too.",
             "2025-02-03")
    assert quiet(v)
