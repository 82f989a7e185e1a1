"""Whole-page cases: plain-text bulletins with dot leaders, JTAI letters without a graded
judgement, history anchored over a span of years, and hoped-for grades."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alerts.matcher import PageVerdict, classify

NOW = datetime(2026, 11, 23, 12, 0)


def page(text: str, published: str) -> PageVerdict:
    return classify(text, published=date.fromisoformat(published), now=NOW)


def graded(verdict: PageVerdict) -> set[tuple]:
    return {(e.council, e.judgement, e.grade) for e in verdict.events}


# --- 1: dot-leader bulletins -----------------------------------------------------------------

BULLETIN = (
    "Cornwall Ofsted report out\n"
    "Ofsted has published its inspection of Cornwall children's services, carried out in May "
    "2026. There is no overall grade: the report sets out four separate judgements.\n"
    "* Leadership and the impact of leaders on practice ........ Good\n"
    "* Help and protection ...................................... Good\n"
    "* Children in care ......................................... Requires improvement\n"
    "* Care leavers ............................................. Outstanding\n"
)

WRAPPED = (
    "Cornwall Ofsted report out\n"
    "Ofsted has published its inspection of Cornwall children's services, carried out in May "
    "2026. The report sets out four separate judgements.\n"
    "* Leadership and the impact of leaders on practice ..................\n"
    "Good\n"
    "* Help and protection ...............................................\n"
    "Requires improvement\n"
    "* Children in care ......................................... Good\n"
    "* Care leavers ......................................................\n"
    "Outstanding\n"
)


def test_a_dot_leader_bulletin_reads_each_pair() -> None:
    v = page(BULLETIN, "2026-07-10")
    assert v.alert and v.kind == "new_result"
    assert graded(v) == {("Cornwall", "leaders", "good"), ("Cornwall", "help_protection", "good"),
                         ("Cornwall", "in_care", "requires_improvement"),
                         ("Cornwall", "care_leavers", "outstanding")}


def test_a_dot_leader_bulletin_with_wrapped_grades() -> None:
    v = page(WRAPPED, "2026-07-10")
    assert v.alert and v.kind == "new_result"
    assert graded(v) == {("Cornwall", "leaders", "good"),
                         ("Cornwall", "help_protection", "requires_improvement"),
                         ("Cornwall", "in_care", "good"),
                         ("Cornwall", "care_leavers", "outstanding")}


# --- 2: JTAI letters without a graded judgement ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Joint inspectors praise Cornwall's response to serious youth violence\n"
    "Inspectors from Ofsted, the Care Quality Commission, HMICFRS and HM Inspectorate of "
    "Probation visited in September. Their findings, published this week in a letter to the "
    "local safeguarding partners, do not include a graded judgement.",
    "Joint inspectors praise Leeds's response to serious youth violence\n"
    "Inspectors from Ofsted, the Care Quality Commission, HMICFRS and HM Inspectorate of "
    "Probation visited Leeds in September. Their findings, published this week in a letter to "
    "the local safeguarding partners, do not include a graded judgement. Leeds children's "
    "services were rated outstanding in 2022.",
])
def test_a_jtai_letter_is_an_ungraded_visit(text: str) -> None:
    v = page(text, "2026-11-20")
    council = "Cornwall" if "Cornwall" in text else "Leeds"
    assert v.alert and v.kind == "visit"
    assert [(e.council, e.inspection, e.judgement, e.grade) for e in v.events] == [
        (council, "jtai", None, None)]


# --- 3: history anchored over a span ---------------------------------------------------------

@pytest.mark.parametrize("span", ["in the past two years", "over the last few years",
                                  "since 2022", "in recent years"])
def test_history_over_a_span_is_not_news(span: str) -> None:
    text = ("Care leavers services in the north\nLeeds, Barnet and Hackney children's services "
            f"have all had care leavers services rated outstanding {span}, according to Ofsted.")
    v = page(text, "2026-11-20")
    assert not v.alert and v.kind == "commentary"


@pytest.mark.parametrize("span", ["in the past two years", "over the last few years",
                                  "in recent years"])
def test_one_council_history_over_a_span(span: str) -> None:
    text = ("Leeds care leavers\nLeeds children's services have had care leavers services "
            f"rated outstanding {span} by Ofsted.")
    v = page(text, "2026-11-20")
    assert not v.alert and v.kind == "commentary"


# --- 4: hoped-for and future grades ----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Officers said they hoped to be rated good at the next opportunity.",
    "The council aims to be rated outstanding.",
    "The council wants to be judged good next time.",
    "The council could be rated inadequate if progress stalls.",
    "Officers said the service would be judged good by inspectors.",
    "Leaders hope children's services will be rated good at the next inspection.",
])
def test_hoped_for_grades_are_not_results(sentence: str) -> None:
    text = ("Bury children's services improvement plan\nBury Council's children's services "
            f"improvement plan was discussed with Ofsted. {sentence}")
    v = page(text, "2026-11-20")
    assert not v.alert and v.events == ()


BARE_BULLETIN = (
    "Cornwall Ofsted report out\n"
    "Cornwall children's services were inspected in May 2026, and the report sets out four "
    "separate judgements.\n"
    "* Leadership and the impact of leaders on practice ........ Good\n"
    "* Help and protection ...................................... Good\n"
    "* Children in care ......................................... Good\n"
    "* Care leavers ............................................. Outstanding\n"
)


@pytest.mark.parametrize("published", ["2026-07-10", "2026-11-20"])
def test_a_bulletin_subject_line_report_out_is_news(published: str) -> None:
    v = page(BARE_BULLETIN, published)
    assert v.alert and v.kind == "new_result"
    assert graded(v) == {("Cornwall", "leaders", "good"), ("Cornwall", "help_protection", "good"),
                         ("Cornwall", "in_care", "good"),
                         ("Cornwall", "care_leavers", "outstanding")}


def test_dot_leaders_elsewhere_are_kept() -> None:
    from alerts.grades import dot_leaders

    text = "Contents ........ 3\nWait... what?\n* Help and protection .......\nsee below"
    assert dot_leaders(text) == text


@pytest.mark.parametrize("text", [
    "Bury hopes to be rated good at next Ofsted inspection\nBury Council's children's services "
    "were inspected by Ofsted this month. Officers said they hoped to be rated good at the next "
    "opportunity.",
    "Bury Council aims to be rated outstanding\nBury Council aims to be rated outstanding by "
    "Ofsted, its children's services director told councillors.",
    "Bury children's services plan\nBury wants its children's services to be judged good next "
    "time Ofsted inspects.",
    "Bury children's services warning\nBury's children's services could be rated inadequate if "
    "Ofsted inspected now, a report warns.",
    "Bury children's services warning\nBury's children's services would be judged requires "
    "improvement by Ofsted, the council's own review says.",
])
def test_hoped_for_grades_with_the_council_named(text: str) -> None:
    v = page(text, "2026-11-20")
    assert not v.alert and v.events == ()


@pytest.mark.parametrize("text", [
    "Leeds care leavers\nIn recent years, Leeds children's services have been rated outstanding "
    "by Ofsted.",
    "Leeds care leavers\nOver the past three years Leeds has had its care leavers services rated "
    "outstanding by Ofsted.",
    "Leeds care leavers\nLeeds children's services, rated outstanding in each of the last two "
    "years, are a model for others, Ofsted says.",
])
def test_span_anchors_before_or_around_the_grade(text: str) -> None:
    v = page(text, "2026-11-20")
    assert not v.alert and v.kind == "commentary"


def test_a_grade_now_after_a_span_is_news() -> None:
    v = page("Leeds care leavers rated outstanding\nAfter years of improvement, Leeds's services "
             "for care leavers have been rated outstanding by Ofsted in a report published "
             "today.", "2026-11-20")
    assert v.alert and graded(v) == {("Leeds", "care_leavers", "outstanding")}


@pytest.mark.parametrize("text", [
    "Joint inspectors praise Cornwall's response to serious youth violence\nInspectors from "
    "Ofsted, HMICFRS, the CQC and HM Inspectorate of Probation visited in September. Their "
    "findings, published this week in a letter to the local safeguarding partners, do not "
    "include a graded judgement.",
    "Joint inspection praises Cornwall's work on child exploitation\nOfsted, the Care Quality "
    "Commission, HM Inspectorate of Constabulary and Fire & Rescue Services and HM Inspectorate "
    "of Probation inspected the partnership in June. A letter setting out their findings was "
    "published on Tuesday.",
    "Inspectors praise Cornwall partners' response to serious youth violence\nA joint inspection "
    "by Ofsted, the CQC, HMICFRS and HMI Probation found strong multi-agency work. The letter, "
    "published this week, does not include a graded judgement.",
    "Cornwall safeguarding partners letter\nInspectors from four inspectorates visited Cornwall "
    "in September. Their findings, published this week in a letter to the local safeguarding "
    "partners, do not include a graded judgement. Ofsted led the inspection.",
])
def test_jtai_letters_however_the_inspectorates_are_listed(text: str) -> None:
    v = page(text, "2026-11-20")
    assert v.alert and v.kind == "visit"
    assert [(e.council, e.inspection, e.judgement, e.grade) for e in v.events] == [
        ("Cornwall", "jtai", None, None)]


def test_an_old_jtai_beside_a_new_graded_result_is_background() -> None:
    v = page("Cornwall care leavers rated outstanding\nOfsted published its report on Cornwall "
             "today: care leavers were judged outstanding. A joint inspection by Ofsted, the CQC, "
             "HMICFRS and HMI Probation in 2023 found weaknesses.", "2026-11-20")
    assert v.alert and v.kind == "new_result"
    assert graded(v) == {("Cornwall", "care_leavers", "outstanding")}


def test_an_area_send_joint_inspection_is_not_a_jtai() -> None:
    v = page("Cornwall SEND inspection\nA joint inspection by Ofsted and the CQC, published today, "
             "found that Cornwall's local area partnership's arrangements typically lead to "
             "positive experiences and outcomes for children and young people with SEND.",
             "2026-11-20")
    assert all(e.inspection != "jtai" for e in v.events)


def test_a_bulletin_with_an_overall_grade_and_hyphen_bullets() -> None:
    v = page("Bolton Ofsted report out\nOfsted's inspection of Bolton children's services is "
             "published. The report sets out its judgements.\n"
             "- Overall effectiveness .................. Requires improvement to be good\n"
             "- The impact of leaders on social work practice with children and families ......\n"
             "Requires improvement to be good\n"
             "- The experiences and progress of children who need help and protection .... Good\n"
             "- The experiences and progress of children in care ...... Good\n"
             "- The experiences and progress of care leavers ........\nOutstanding", "2024-05-10")
    assert v.alert and v.kind == "new_result"
    assert graded(v) == {("Bolton", "overall", "requires_improvement"),
                         ("Bolton", "leaders", "requires_improvement"),
                         ("Bolton", "help_protection", "good"), ("Bolton", "in_care", "good"),
                         ("Bolton", "care_leavers", "outstanding")}


@pytest.mark.parametrize(("bullet", "leader"), [
    ("\u2022", " \u2026\u2026\u2026\u2026 "), ("*  ", " . . . . . . . . "), ("", " .......... ")])
def test_bulletin_leaders_and_bullets(bullet: str, leader: str) -> None:
    rows = [("Leadership", "Good"), ("Help and protection", "Good"),
            ("Children in care", "Inadequate"), ("Care leavers", "Outstanding")]
    body = "\n".join(f"{bullet} {label}{leader}{grade}" for label, grade in rows)
    v = page("Cornwall Ofsted report out\nThe report sets out four separate judgements for "
             f"Cornwall.\n{body}", "2026-11-20")
    assert v.alert and graded(v) == {
        ("Cornwall", "leaders", "good"), ("Cornwall", "help_protection", "good"),
        ("Cornwall", "in_care", "inadequate"), ("Cornwall", "care_leavers", "outstanding")}


@pytest.mark.parametrize("wish", [
    "Officers said they hoped to be rated good at the next opportunity.",
    "The council aims to be rated outstanding within five years.",
    "It wants to be judged good next time.",
    "Help and protection could be rated inadequate if nothing changes, inspectors warned.",
    "Otherwise, the service would be judged good.",
])
def test_a_wish_beside_a_new_grade_adds_nothing(wish: str) -> None:
    v = page("Bury care leavers require improvement\nBury's services for care leavers were judged "
             f"requires improvement in an Ofsted report published today. {wish}", "2026-11-20")
    assert v.alert and graded(v) == {("Bury", "care_leavers", "requires_improvement")}


@pytest.mark.parametrize("text", [
    "Bury Council hoping to be rated good\nBury Council is hoping to be rated good when Ofsted "
    "inspectors return next year, having been rated requires improvement in 2023.",
    "Bury seeks good rating\nBury's director said the aim is for children's services to be rated "
    "good at the next Ofsted inspection.",
    "Bury's ambition\nBury Council's ambition is for its children's services to be judged "
    "outstanding by Ofsted by 2028.",
])
def test_a_page_of_wishes_is_no_alert(text: str) -> None:
    v = page(text, "2026-11-20")
    assert not v.alert and v.events == ()


@pytest.mark.parametrize("after", [
    "has been rated outstanding, the first time since 2014, in an Ofsted report published today.",
    "has been rated outstanding for first time since 2014 in an Ofsted report published today.",
    "was rated outstanding today, its best rating since 2010, Ofsted said.",
    "was rated outstanding in a report published today, the best in the past two years, Ofsted "
    "said.",
])
def test_a_first_or_best_since_year_leaves_the_grade_new(after: str) -> None:
    v = page(f"Bury care leavers outstanding\nBury's care leavers service {after}", "2026-11-20")
    assert v.alert and graded(v) == {("Bury", "care_leavers", "outstanding")}
