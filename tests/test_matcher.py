"""The news matcher reads saved pages the way the acceptance checks label them."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from alerts.matcher import PageVerdict, classify

DATA = Path(__file__).parent / "data" / "news"
NOW = datetime(2026, 11, 23, 12, 0)


def _labels(name: str) -> list[dict]:
    rows = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(row) for row in rows if row.strip()]


def _triples(events: list[dict]) -> set[tuple]:
    return {(e["council"], e["council_code"], e["judgement"], e["grade"], e["previous_grade"])
            for e in events}


def page(text: str, published: str | None = None) -> PageVerdict:
    when = date.fromisoformat(published) if published else None
    return classify(text, published=when, now=NOW)


def events(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade, e.previous_grade) for e in verdict.events}


@pytest.mark.parametrize("label", _labels("labels.jsonl") + _labels("seeds.jsonl")
                         + _labels("own.jsonl"),
                         ids=lambda label: label["id"])
def test_practice_seed_and_own_pages_match_their_labels(label: dict) -> None:
    data = (DATA / label["file"]).read_bytes()
    verdict = classify(data, url=label.get("url"), now=NOW).to_json(label["file"])
    assert verdict["alert"] is label["alert_expected"]
    assert verdict["kind"] == label["kind"]
    assert verdict["principal_council"] == label["principal_council"]
    assert _triples(verdict["events"]) == _triples(label["events"])
    if label.get("published"):
        assert verdict["published"] == label["published"]
    if label["events"]:
        assert {e["inspection"] for e in verdict["events"]} == {
            e["inspection"] for e in label["events"]}


def test_json_has_exactly_the_contract_keys_plus_evidence() -> None:
    out = page("Ofsted has rated Leeds City Council's children's services good in a report "
               "published today.", "2024-05-01").to_json("x.txt")
    assert set(out) == {"source", "published", "principal_council", "alert", "kind", "events"}
    assert set(out["events"][0]) == {"council", "council_code", "inspection", "judgement",
                                     "grade", "previous_grade", "evidence"}
    assert out["published"] == "2024-05-01"
    assert "Leeds City Council" in out["events"][0]["evidence"]


def test_published_argument_wins_over_the_page_date() -> None:
    html = ('<html><head><meta property="article:published_time" content="2020-01-02T10:00Z">'
            "</head><body><p>Leeds children's services were rated good by Ofsted.</p>"
            "</body></html>")
    assert page(html).published == date(2020, 1, 2)
    assert page(html, "2021-03-04").published == date(2021, 3, 4)


# --- wordings -------------------------------------------------------------------------------

def test_requires_improvement_to_be_good_in_a_headline_and_body() -> None:
    v = page("Bury's children's services require improvement, says Ofsted\n"
             "Inspectors found that children's services in Bury require improvement to be good "
             "overall. Leadership was rated good. The experiences and progress of children in "
             "care were judged to require improvement, and care leavers' services were found to "
             "be inadequate.", "2024-10-02")
    assert v.alert and v.kind == "new_result" and v.principal_council == "Bury"
    assert events(v) == {("Bury", "overall", "requires_improvement", None),
                         ("Bury", "leaders", "good", None),
                         ("Bury", "in_care", "requires_improvement", None),
                         ("Bury", "care_leavers", "inadequate", None)}


def test_downgraded_from_one_grade_to_another_fills_the_previous_grade() -> None:
    v = page("Ofsted downgrades Cornwall children's services\nCornwall Council's children's "
             "services have been downgraded from outstanding to requires improvement by Ofsted.",
             "2023-03-02")
    assert events(v) == {("Cornwall", "overall", "requires_improvement", "outstanding")}


def test_up_from_and_in_every_area() -> None:
    v = page("Doncaster children's services rated good\nDoncaster Council's children's services "
             "have been rated good in every area by Ofsted, up from requires improvement.",
             "2022-08-05")
    assert events(v) == {("Doncaster", "overall", "good", "requires_improvement"),
                         ("Doncaster", "leaders", "good", None),
                         ("Doncaster", "help_protection", "good", None),
                         ("Doncaster", "in_care", "good", None)}


def test_no_longer_inadequate_without_a_stated_grade_implies_requires_improvement() -> None:
    v = page("Kirklees children's services no longer inadequate, says Ofsted\nKirklees Council "
             "said the report published today showed how far it had come. The authority was "
             "rated inadequate in 2016.", "2019-06-12")
    assert events(v) == {("Kirklees", "overall", "requires_improvement", "inadequate")}


def test_remains_inadequate_keeps_the_same_previous_grade() -> None:
    v = page("Birmingham children's services still inadequate, says Ofsted\nBirmingham's "
             "children's services remain \"inadequate\" - the rating they have held since 2008, "
             "Ofsted has said in a report published today.", "2017-05-10")
    assert events(v) == {("Birmingham", "overall", "inadequate", "inadequate")}


def test_several_areas_sharing_one_grade() -> None:
    v = page("Sunderland City Council's children's services were judged inadequate by Ofsted. "
             "Services for care leavers and children in need of help and protection were rated "
             "inadequate, but adoption performance was judged good. The Local Safeguarding "
             "Children Board requires improvement.", "2016-11-20")
    assert events(v) == {("Sunderland", "overall", "inadequate", None),
                         ("Sunderland", "care_leavers", "inadequate", None),
                         ("Sunderland", "help_protection", "inadequate", None),
                         ("Sunderland", "adoption", "good", None),
                         ("Sunderland", "lscb", "requires_improvement", None)}
    assert {e.inspection for e in v.events} == {"sif"}


def test_outstanding_for_an_area_named_after_the_grade() -> None:
    v = page("Ofsted has judged Stockport Council's children's services good, and rated the "
             "council outstanding for its work with care leavers.", "2024-10-10")
    assert events(v) == {("Stockport", "overall", "good", None),
                         ("Stockport", "care_leavers", "outstanding", None)}


# --- regimes --------------------------------------------------------------------------------

def test_legacy_inspection_with_adequate() -> None:
    v = page("Ofsted inspectors have judged the effectiveness of Devon County Council's "
             "arrangements for protecting children to be adequate.", "2013-07-19")
    assert events(v) == {("Devon", "overall", "adequate", None)}
    assert {e.inspection for e in v.events} == {"legacy"}


def test_ilacs_2018_to_2022_combines_children_in_care_and_care_leavers() -> None:
    v = page("Oxfordshire County Council has received a 'good' rating from Ofsted for its "
             "children's services. Help and protection requires improvement; children in care "
             "and care leavers is good.", "2018-11-01")
    assert events(v) == {("Oxfordshire", "overall", "good", None),
                         ("Oxfordshire", "help_protection", "requires_improvement", None),
                         ("Oxfordshire", "in_care", "good", None)}
    assert {e.inspection for e in v.events} == {"ilacs"}


def test_ilacs_from_2023_grades_care_leavers_separately() -> None:
    v = page("Norfolk County Council's children's services have been rated good by Ofsted for "
             "the first time. Children in care and care leavers were both judged good, while "
             "help and protection was rated requires improvement to be good.", "2023-07-07")
    assert events(v) == {("Norfolk", "overall", "good", None),
                         ("Norfolk", "in_care", "good", None),
                         ("Norfolk", "care_leavers", "good", None),
                         ("Norfolk", "help_protection", "requires_improvement", None)}


def test_inspections_from_april_2026_never_get_an_overall_grade() -> None:
    v = page("Somerset Council's children's services require improvement, according to "
             "Ofsted's first report under its new framework. Care leavers' services were rated "
             "good. Leaders, help and protection and children in care all require improvement.",
             "2026-10-01")
    assert events(v) == {("Somerset", "leaders", "requires_improvement", None),
                         ("Somerset", "help_protection", "requires_improvement", None),
                         ("Somerset", "in_care", "requires_improvement", None),
                         ("Somerset", "care_leavers", "good", None)}


def test_area_send_outcomes() -> None:
    systemic = page("Ofsted and the CQC have published the findings of the area SEND inspection "
                    "of Kent Local Area Partnership. Arrangements lead to widespread and/or "
                    "systemic failings.", "2025-02-14")
    assert events(systemic) == {("Kent", "send_outcome", "systemic_failings", None)}
    assert systemic.events[0].inspection == "send"
    positive = page("A joint Ofsted and CQC inspection of special educational needs and "
                    "disabilities services in Devon found the local area partnership's "
                    "arrangements typically lead to positive experiences and outcomes for "
                    "children and young people with SEND.", "2024-05-20")
    assert events(positive) == {("Devon", "send_outcome", "positive", None)}


# --- ungraded visits ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("Ofsted's fourth monitoring visit to Sandwell since the council's children's services "
     "were judged inadequate in 2022 found that leaders are making progress. The letter was "
     "published this week.", "monitoring_visit"),
    ("Ofsted, the CQC and HMICFRS have published a letter following a joint targeted area "
     "inspection of the response to children at risk of exploitation in Bradford.", "jtai"),
    ("Inspectors have published a letter after a focused visit to Gateshead's children's "
     "services looking at children in care.", "focused_visit"),
])
def test_ungraded_visits_are_one_event_without_grade(text: str, kind: str) -> None:
    v = page(text, "2024-02-02")
    assert v.alert and v.kind == "visit"
    assert [(e.inspection, e.judgement, e.grade) for e in v.events] == [(kind, None, None)]


# --- traps ----------------------------------------------------------------------------------

def test_somerset_is_not_north_somerset() -> None:
    v = page("North Somerset Council's children's services have been rated good by Ofsted. "
             "Neighbouring Somerset was rated inadequate in 2015.", "2021-02-11")
    assert events(v) == {("North Somerset", "overall", "good", None)}


def test_an_aside_about_another_council_is_not_an_event() -> None:
    v = page("Children's services in Hull given 'good' rating\nHull City Council's children's "
             "services have been given a 'good' rating by Ofsted. Solihull was rated inadequate "
             "earlier this year.", "2025-03-05")
    assert events(v) == {("Kingston Upon Hull, City of", "overall", "good", None)}


def test_two_councils_in_one_story_is_multi() -> None:
    v = page("Ofsted: Hertfordshire children's services good, Herefordshire requires "
             "improvement\nHertfordshire County Council's children's services have been rated "
             "good by Ofsted. Meanwhile, Herefordshire Council was judged to require improvement "
             "to be good, an improvement on its previous inadequate rating.", "2024-12-12")
    assert v.kind == "multi" and v.principal_council is None
    assert events(v) == {("Hertfordshire", "overall", "good", None),
                         ("Herefordshire", "overall", "requires_improvement", "inadequate")}


@pytest.mark.parametrize("text", [
    "Bristol secondary school rated outstanding\nA secondary school in Bristol has been rated "
    "outstanding by Ofsted. Bristol City Council congratulated the staff.",
    "Nursery in Suffolk rated outstanding\nA nursery in Ipswich has been rated outstanding by "
    "Ofsted. Suffolk County Council's early years team congratulated the staff.",
    "Children's homes run by Lancashire County Council rated good\nThree children's homes run "
    "by Lancashire County Council have been rated good by Ofsted inspectors this month.",
    "Avon and Somerset Police rated inadequate\nAvon and Somerset Police has been rated "
    "inadequate by HMICFRS. Somerset Council said it was concerned.",
    "Council tax to rise in Essex\nEssex County Council will raise council tax by 4.99%. "
    "Ofsted rated its children's services outstanding in 2019.",
])
def test_other_subjects_are_negative(text: str) -> None:
    v = page(text, "2024-06-01")
    assert not v.alert and not v.events
    assert v.kind == "negative" and v.principal_council is None


def test_history_only_is_commentary() -> None:
    v = page("Opinion: what the Ofsted rating means for Lincolnshire\nWhen Ofsted rated "
             "Lincolnshire's children's services outstanding in 2019, the county celebrated.",
             "2024-01-15")
    assert (v.alert, v.kind, v.principal_council, v.events) == (
        False, "commentary", "Lincolnshire", ())


def test_last_month_is_not_new() -> None:
    v = page("Last month Ofsted rated Wiltshire Council's children's services outstanding. "
             "Families say the picture is more mixed.", "2024-01-20")
    assert not v.alert and v.kind == "commentary"


def test_inspection_announced_is_a_preview() -> None:
    v = page("Ofsted inspectors arrive at Torbay\nInspectors from Ofsted will arrive at Torbay "
             "Council next week to carry out a full inspection of children's services. The "
             "council was rated inadequate in 2019.", "2024-04-02")
    assert (v.alert, v.kind, v.principal_council) == (False, "preview", "Torbay")


def test_aspirations_are_not_grades() -> None:
    v = page("New director for Surrey children's services\nSurrey County Council has appointed "
             "a new director of children's services. The service was rated requires "
             "improvement by Ofsted in 2022 and the council is aiming to become good at the "
             "next inspection.", "2024-10-02")
    assert not v.alert and not v.events


def test_a_list_of_old_ratings_is_a_roundup() -> None:
    v = page("How did your council do? Ofsted children's services ratings in the North East\n"
             "Gateshead - Outstanding\nNewcastle upon Tyne - Good\nSunderland - Good\n"
             "Durham - Requires improvement\nNorthumberland - Good", "2024-03-15")
    assert (v.alert, v.kind, v.principal_council) == (False, "roundup", None)


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \n ", bytes(range(256)) * 40, "<html><body>",
                                  b"\x89PNG\r\n\x1a\n" + b"\x00" * 500])
def test_bad_input_gives_a_verdict_not_an_exception(data: bytes | str) -> None:
    v = classify(data, now=NOW)
    assert not v.alert and not v.events
    assert v.error is not None


def test_huge_page_is_read_within_limits() -> None:
    filler = "<p>" + "Nothing to see here at all. " * 40 + "</p>\n"
    html = ("<html><body><article><h1>Leeds children's services rated good by Ofsted</h1>"
            + filler * 4000 + "</article></body></html>")
    assert len(html) > 4_000_000
    v = classify(html.encode(), published=date(2024, 1, 1), now=NOW)
    assert v.alert and events(v) == {("Leeds", "overall", "good", None)}


def test_windows_1252_page_without_declaration() -> None:
    text = ("<html><body><p>Ofsted has rated Leeds City Council\x92s children\x92s services "
            "\x93good\x94 in a report published today.</p></body></html>")
    v = classify(text.encode("latin-1"), published=date(2024, 1, 1), now=NOW)
    assert events(v) == {("Leeds", "overall", "good", None)}


# --- more wordings, as whole pages -----------------------------------------------------------

WORDED = [
    ("2022-05-13", "Ofsted: Lambeth children's services improve to good\nThe London Borough of "
     "Lambeth's children's services have been rated \"good\" by Ofsted, an improvement on the "
     "\"requires improvement\" rating it received in 2019.",
     {("Lambeth", "overall", "good", "requires_improvement")}),
    ("2019-03-08", "Children's services at Stoke-on-Trent City Council have been rated "
     "inadequate by Ofsted following an inspection in January. The council was previously "
     "rated as requiring improvement.",
     {("Stoke-on-Trent", "overall", "inadequate", "requires_improvement")}),
    ("2024-08-30", "Trafford's children's services have been told they require improvement "
     "after an Ofsted inspection, two years after they were rated inadequate.",
     {("Trafford", "overall", "requires_improvement", "inadequate")}),
    ("2023-05-05", "Ofsted has upgraded Swindon Borough Council's children's services from "
     "requires improvement to good.", {("Swindon", "overall", "good", "requires_improvement")}),
    ("2022-02-02", "Haringey, which was rated inadequate in 2018, has now been judged good by "
     "Ofsted.", {("Haringey", "overall", "good", "inadequate")}),
    ("2022-02-02", "Previously rated 'requires improvement', Bolton Council's children's "
     "services are now 'good', according to an Ofsted report released on Wednesday.",
     {("Bolton", "overall", "good", "requires_improvement")}),
    ("2024-12-03", "Ofsted inspectors rated children's services at Warrington Borough Council as "
     "\"requires improvement to be good\". The council's children's services were last inspected"
     " in 2019, when they were judged good. Inspectors said leaders have not yet ensured that "
     "good practice is consistent.", {("Warrington", "overall", "requires_improvement", "good")}),
    ("2017-09-21", "Thurrock Council's children's services have been rated good by Ofsted. The "
     "services for care leavers were judged to be outstanding, and adoption performance was "
     "good. The report on the Local Safeguarding Children Board found it required improvement.",
     {("Thurrock", "overall", "good", None), ("Thurrock", "care_leavers", "outstanding", None),
      ("Thurrock", "adoption", "good", None), ("Thurrock", "lscb", "requires_improvement", None)}),
    ("2016-02-19", "Ofsted report: Wirral children's services inadequate\nThe overall judgement "
     "is inadequate. Leadership, management and governance: inadequate. Children looked after "
     "and achieving permanence: requires improvement. Adoption performance: requires "
     "improvement.", {("Wirral", "overall", "inadequate", None),
                      ("Wirral", "leaders", "inadequate", None),
                      ("Wirral", "in_care", "requires_improvement", None),
                      ("Wirral", "adoption", "requires_improvement", None)}),
    ("2022-04-28", "Ofsted inspections: latest results\nThe following councils had their "
     "children's services inspection reports published this week:\nEnfield (good)\nHillingdon "
     "(outstanding)", {("Enfield", "overall", "good", None),
                       ("Hillingdon", "overall", "outstanding", None)}),
]


@pytest.mark.parametrize(("published", "text", "expected"), WORDED)
def test_more_wordings(published: str, text: str, expected: set[tuple]) -> None:
    v = page(text, published)
    assert v.alert
    assert events(v) == expected


@pytest.mark.parametrize(("published", "text", "kind"), [
    ("2024-09-09", "Ofsted inspectors are in Croydon this week for a full inspection of the "
     "council's children's services. The service, currently rated good, will receive its report"
     " in November.", "preview"),
    ("2024-09-09", "An Ofsted inspection of Leeds City Council's children's services is under "
     "way. Leeds is rated outstanding and hopes to keep that grade. The findings will be "
     "published in the autumn.", "preview"),
    ("2019-10-15", "Ofsted focused visit to Middlesbrough\nOfsted will carry out a focused visit "
     "to Middlesbrough next month. Children's services were rated inadequate in 2019.",
     "preview"),
    ("2024-02-20", "Last month's Ofsted verdict still stings in Derbyshire\nDerbyshire County "
     "Council was rated requires improvement by Ofsted in December.", "commentary"),
    ("2023-06-06", "Two actions remain outstanding after Ofsted visit\nTwo recommendations from "
     "Ofsted's focused visit to Bexley last year remain outstanding, a committee heard.",
     "commentary"),
    ("2021-06-30", "Is Somerset still inadequate? Ofsted rated Somerset County Council's "
     "children's services inadequate in 2015.", "commentary"),
])
def test_pages_without_a_new_result(published: str, text: str, kind: str) -> None:
    v = page(text, published)
    assert (v.alert, v.kind, v.events) == (False, kind, ())


def test_a_url_date_dates_an_undated_page() -> None:
    v = classify("Leeds children's services rated good by Ofsted", now=NOW,
                 url="https://example.co.uk/news/2019/03/12/leeds-ofsted")
    assert v.published == date(2019, 3, 12)


@pytest.mark.parametrize(("text", "previous"), [
    ("Inspectors have judged the services Bromley Council provides for vulnerable children to "
     "be outstanding overall, according to a report released today. It is the same grade as in "
     "2019.", "outstanding"),
    ("Ofsted says services for vulnerable children and families in Sutton are good. That is "
     "unchanged since 2020.", "good"),
    ("Ofsted says services for vulnerable children and families in Bexley require improvement "
     "to be good. It is a drop from good in 2019.", "good"),
    ("Merton Council's children's services have been rated outstanding by Ofsted, having been "
     "judged good in 2017.", "good"),
    ("Children's services run by Hackney Council have been rated 'good' by Ofsted in a report "
     "published this week. It is an improvement on 2021, when the council was rated requires "
     "improvement.", "requires_improvement"),
])
def test_previous_grade_wordings(text: str, previous: str) -> None:
    v = page(text, "2024-05-10")
    overall = [e for e in v.events if e.judgement == "overall"]
    assert len(overall) == 1 and overall[0].previous_grade == previous


def test_months_after_the_result_is_commentary() -> None:
    v = page("Opinion: Salford deserves credit\nTwo months after Ofsted rated Salford City "
             "Council's children's services good, it is time to look at what comes next.",
             "2024-05-10")
    assert (v.alert, v.kind, v.principal_council) == (False, "commentary", "Salford")


@pytest.mark.parametrize("wording", [
    "Inspections under the new framework do not give an overall grade.",
    "The overall effectiveness grade has been scrapped.",
    "The inspection began on 4 May 2026.",
])
def test_no_overall_grade_from_april_2026(wording: str) -> None:
    v = page(f"Ofsted has rated Sefton Council's children's services good. {wording} Care "
             "leavers' experiences were judged outstanding.", "2026-07-15")
    assert events(v) == {("Sefton", "care_leavers", "outstanding", None)}


def test_before_april_2026_the_overall_grade_stays() -> None:
    v = page("Ofsted has rated Sefton Council's children's services good after an inspection "
             "in January 2026.", "2026-05-21")
    assert events(v) == {("Sefton", "overall", "good", None)}


def test_a_grade_described_in_passing_is_not_news() -> None:
    v = page("New children's home for Leeds approved\nPlans for a new children's home in Leeds "
             "have been approved. Leeds City Council's children's services, which are rated "
             "outstanding by Ofsted, will run the home.", "2024-05-10")
    assert not v.alert and not v.events


def test_a_relative_clause_with_fresh_words_is_news() -> None:
    v = page("Ofsted rates Brent good\nBrent Council, which was rated good by Ofsted in a "
             "report published today, said it was delighted.", "2024-05-10")
    assert events(v) == {("Brent", "overall", "good", None)}


def test_an_area_grade_in_a_relative_clause_counts() -> None:
    v = page("Lancashire County Council's children's services have been rated as inadequate by "
             "Ofsted. The watchdog found serious failures in services for children who need help"
             " and protection, which was judged inadequate.", "2017-03-03")
    assert events(v) == {("Lancashire", "overall", "inadequate", None),
                         ("Lancashire", "help_protection", "inadequate", None)}


def test_an_undated_page_grading_care_leavers_apart_is_not_2018_to_2022() -> None:
    v = page("Stockport Council's children's services have been rated outstanding. Children in "
             "care were judged outstanding and care leavers were judged good. The council was "
             "rated good at its last inspection in 2019.")
    assert events(v) == {("Stockport", "overall", "outstanding", "good"),
                         ("Stockport", "in_care", "outstanding", None),
                         ("Stockport", "care_leavers", "good", None)}
