"""Whole-page cases: a grade the council only hopes for, and a visit letter on a page that
ends by announcing something else (a national report next year): not a preview."""

from __future__ import annotations

import pytest

from tests.matcher_pages import page


@pytest.mark.parametrize("wish", [
    "Officers said they hoped to be rated good at the next opportunity.",
    "The director said the service hoped to be judged good when inspectors return.",
])
def test_a_grade_hoped_for_is_not_a_result(wish: str) -> None:
    text = ("Dudley children's services: a year of change\nA year after Ofsted's last report, "
            f"Dudley's scrutiny committee heard how the improvement plan is going. {wish} "
            "No date for a new inspection has been set.")
    v = page(text, "2025-03-10")
    assert not v.alert and v.events == ()


def test_a_future_aside_after_the_letter_does_not_make_it_a_preview() -> None:
    text = ("Inspectors praise Southwark's response to youth violence\n"
            "Letter following joint targeted area inspection highlights strong partnership "
            "working but says some older children fall through the gaps\n"
            "by A Reporter on 18 October 2024\n"
            "Inspectors from Ofsted, the CQC, HMICFRS and HM Inspectorate of Probation visited "
            "Southwark in September. Their findings, published this week in a letter to the "
            "local safeguarding partners, do not include a graded judgement.\n"
            "Ofsted will publish a national overview report next year.")
    v = page(text, "2024-10-18")
    assert (v.alert, v.kind) == (True, "visit")
    assert [(e.council, e.inspection, e.judgement, e.grade) for e in v.events] == [
        ("Southwark", "jtai", None, None)]
