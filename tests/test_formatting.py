"""Alert texts: escaped, informative, and always within Telegram's 4096 characters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from alerts.formatting import format_alert, format_status_card
from alerts.htmltext import hard_split, html_to_plain, split_html, units
from store.councils import registry
from store.records import Alert, Event
from tests.fake_bot_api import ApiError, parse_html

NOW = datetime(2026, 6, 17, 9, 0, tzinfo=UTC)


def event(**kw: Any) -> Event:
    base: dict[str, Any] = dict(
        event_id="report:1", council="Somerset", council_code="E06000066", inspection="ilacs",
        judgements={"overall": "good", "leaders": "good", "help_protection": "inadequate"},
        previous={"overall": "requires_improvement", "leaders": "good"},
        changes={"overall": "improved", "leaders": "unchanged", "help_protection": "first"},
        published="2026-06-17", inspection_start="2026-03-02", inspection_end="2026-03-13",
        report_url="https://files.ofsted.gov.uk/v1/file/1?x=1&y=2", confirmed=True)
    base.update(kw)
    return Event(**base)


def alert(kind: str = "new", **kw: Any) -> Alert:
    return Alert(alert_id=f"report:1:{kind}", event_id="report:1", council="Somerset",
                 kind=kind, **kw)


def parses(parts: list[str]) -> list[str]:
    """Every part is valid Telegram HTML within the limit (the fake's parser decides)."""
    for part in parts:
        assert units(part) <= 4096
        parse_html(part)
    return parts


def test_a_graded_alert_shows_each_judgement_was_and_now_with_its_change() -> None:
    [text] = parses(format_alert(event(), alert(), now=NOW))
    assert "<b>Somerset</b>" in text and "children's services inspection (ILACS)" in text
    assert "Inspected 2–13 March 2026 · report published 17 June 2026 (today)" in text
    assert ("Overall effectiveness: <b>Good</b> (was Requires improvement to be good)"
            " — ⬆️ improved") in text
    assert "Impact of leaders: <b>Good</b> — unchanged" in text
    assert "Help and protection: <b>Inadequate</b> — first under this framework" in text
    assert "What it means:</i> Good — children get the help" in text
    assert 'href="https://files.ofsted.gov.uk/v1/file/1?x=1&amp;y=2"' in text


def test_names_and_quoted_text_are_escaped() -> None:
    news = [{"url": "https://news.example/a?b=1&c=<2>", "source": "Gazette <&> Co"}]
    [text] = parses(format_alert(event(council="Brent & <Harrow>", news=news, confirmed=False),
                                 alert(), now=NOW))
    assert "Brent &amp; &lt;Harrow&gt;" in text
    assert "Gazette &lt;&amp;&gt; Co" in text
    assert "c=&lt;2&gt;" in text


def test_a_news_only_event_links_the_article_and_awaits_the_report() -> None:
    news = [{"url": "https://www.somersetlive.co.uk/news/1", "source": "somerset-live"}]
    [text] = parses(format_alert(event(confirmed=False, report_url=None, news=news), alert(),
                                 now=NOW))
    assert "(news report)" in text
    assert ("reported by somerset-live (somersetlive.co.uk), awaiting Ofsted’s report"
            in text)
    assert "Read Ofsted’s report" not in text


def test_2026_inspections_have_no_overall_grade_and_none_is_invented() -> None:
    graded = {"leaders": "good", "help_protection": "requires_improvement", "in_care": "good"}
    [text] = parses(format_alert(event(judgements=graded, previous={}, changes={},
                                       inspection_start="2026-04-20"), alert(), now=NOW))
    assert "Overall" not in text
    assert "No overall grade: inspections from April 2026 do not give one." in text
    assert ("Weakest area:</i> help and protection (requires improvement to be good) — "
            "not yet good;") in text
    assert "Lowest grade" not in text


NEW_FRAMEWORK = dict(previous={}, changes={}, inspection_start="2026-04-20",
                     inspection_end="2026-05-01")


def meaning_line(judgements: dict[str, str]) -> str:
    [text] = parses(format_alert(event(judgements=judgements, **NEW_FRAMEWORK), alert(),
                                 now=NOW))
    return next(line for line in text.split("\n") if line.startswith("<i>")
                and "No overall grade" not in line)


def test_when_every_judgement_has_the_same_grade_the_alert_says_so() -> None:
    same = dict.fromkeys(("leaders", "help_protection", "in_care", "care_leavers"),
                         "requires_improvement")
    assert meaning_line(same) == (
        "<i>All four judgements:</i> requires improvement to be good — not yet good; no "
        "widespread or serious failures leave children harmed or at risk, but services must "
        "improve.")
    assert meaning_line({"leaders": "good", "in_care": "good"}).startswith(
        "<i>Both judgements:</i> good — children get the help")


def test_otherwise_it_names_the_weakest_areas_and_their_grade() -> None:
    mixed = {"leaders": "good", "help_protection": "inadequate", "in_care": "inadequate",
             "care_leavers": "requires_improvement"}
    assert meaning_line(mixed).startswith(
        "<i>Weakest areas:</i> help and protection and children in care (inadequate) — "
        "the lowest grade: serious")
    three = {"leaders": "inadequate", "help_protection": "inadequate",
             "care_leavers": "inadequate", "in_care": "good"}
    assert meaning_line(three).startswith(
        "<i>Weakest areas:</i> impact of leaders, help and protection and care leavers "
        "(inadequate) — ")
    assert meaning_line({"lscb": "requires_improvement", "leaders": "good"}).startswith(
        "<i>Weakest area:</i> Local Safeguarding Children Board (requires improvement")
    assert meaning_line({"in_care": "outstanding"}).startswith(
        "<i>Only graded area:</i> children in care (outstanding) — the highest grade")


def test_an_overall_grade_still_heads_the_meaning() -> None:
    [text] = parses(format_alert(event(judgements={"overall": "inadequate", "leaders": "good"}),
                                 alert(), now=NOW))
    assert "<i>What it means:</i> Inadequate — the lowest grade" in text
    assert "Weakest" not in text and "All " not in text


def test_the_status_card_uses_the_same_wording() -> None:
    same = dict.fromkeys(("leaders", "help_protection", "in_care"), "good")
    card = format_status_card(registry().get("Somerset"),
                              [event(judgements=same, **NEW_FRAMEWORK)])
    parse_html(card)
    assert "<i>All three judgements:</i> good — children get the help" in card
    assert "No overall grade under the 2026 framework." in card


def test_weakest_area_names_are_escaped_and_a_huge_list_is_split_within_the_limit() -> None:
    odd = {"help_&_<protection>": "inadequate", "leaders": "good"}
    assert meaning_line(odd).startswith(
        "<i>Weakest area:</i> help &amp; &lt;protection&gt; (inadequate) — ")
    many = {f"area_{i}_" + "x" * 40: "inadequate" for i in range(150)} | {"leaders": "good"}
    parts = parses(format_alert(event(judgements=many, **NEW_FRAMEWORK), alert(), now=NOW))
    assert len(parts) > 1
    plain = "".join(html_to_plain(p) for p in parts)
    assert plain.count("Weakest areas:") == 1 and "area 149 " in plain


@pytest.mark.parametrize("kind, words", [
    ("focused_visit", "Focused visits look at one area"),
    ("monitoring_visit", "Monitoring visits follow an inadequate judgement"),
    ("jtai", "Joint targeted area inspections"),
])
def test_ungraded_visits_have_their_own_wording(kind: str, words: str) -> None:
    [text] = parses(format_alert(event(inspection=kind, judgements={}, previous={},
                                       changes={}), alert(), now=NOW))
    assert words in text and "Visited 2–13 March 2026" in text
    assert "Grades" not in text and "What it means" not in text


@pytest.mark.parametrize("grade, words", [
    ("positive", "the best outcome"),
    ("inconsistent", "the middle outcome"),
    ("systemic_failings", "priority action plan"),
])
def test_area_send_outcomes_have_their_own_wording(grade: str, words: str) -> None:
    [text] = parses(format_alert(event(inspection="send", judgements={"send_outcome": grade},
                                       previous={}, changes={"send_outcome": "first"}),
                                 alert(), now=NOW))
    assert "area SEND inspection" in text and words in text and "Ofsted and CQC" in text


def test_a_correction_is_one_short_message() -> None:
    corrections = [{"judgement": "overall", "news": "inadequate", "report": "good"}]
    news = [{"url": "https://n.example/1", "source": "gazette"}]
    [text] = parses(format_alert(event(corrections=corrections, news=news),
                                 alert("correction"), now=NOW))
    assert text.startswith("✏️ <b>Correction — Somerset</b>")
    assert "Overall effectiveness: <b>Good</b>, not Inadequate as first reported by gazette" \
        in text
    assert "Impact of leaders" not in text and len(text) < 600


def test_a_confirmed_alert_is_the_full_alert_again_for_editing() -> None:
    [text] = parses(format_alert(event(), alert("confirmed"), now=NOW))
    assert "Overall effectiveness" in text and "Read Ofsted’s report" in text


def test_an_operator_notice_is_escaped() -> None:
    [text] = parses(format_alert(None, alert("notice", text="source <ofsted> failing & stale"),
                                 now=NOW))
    assert "source &lt;ofsted&gt; failing &amp; stale" in text


def test_long_messages_split_at_paragraph_boundaries() -> None:
    paragraphs = [f"<b>Paragraph {i}</b> " + "word " * 300 for i in range(12)]
    parts = parses(split_html("\n\n".join(paragraphs)))
    assert len(parts) > 1
    assert all(p.startswith("<b>Paragraph") for p in parts)
    assert sum(p.count("<b>Paragraph") for p in parts) == 12


def test_a_single_giant_paragraph_is_cut_without_breaking_tags_or_entities() -> None:
    giant = "<b>" + "&amp; <i>x &lt; y</i> " * 2000 + "</b>" + " 👍" * 900
    parts = parses(hard_split(giant, 4096))
    assert len(parts) > 2
    assert "".join(html_to_plain(p) for p in parts) == html_to_plain(giant)


def test_every_part_is_within_the_limit_counting_utf16_units() -> None:
    text = "👍" * 5000  # 10,000 UTF-16 units
    parts = parses(split_html(text))
    assert len(parts) == 3 and "".join(parts) == text


def test_the_fakes_parser_rejects_what_telegram_rejects() -> None:
    for bad in ("<b>open", "a < b", "<div>x</div>", "&nbsp;"):
        with pytest.raises(ApiError):
            parse_html(bad)


def test_the_status_card_shows_current_judgements_and_later_visits() -> None:
    older = event(event_id="report:0", judgements={"overall": "inadequate"},
                  published="2022-01-10", report_url="https://x/0")
    visit = event(event_id="report:2", inspection="focused_visit", judgements={},
                  published="2026-09-01", report_url="https://x/2")
    send = event(event_id="report:3", inspection="send",
                 judgements={"send_outcome": "inconsistent"}, published="2025-02-01")
    card = format_status_card(registry().get("Somerset"), [visit, older, send, event()])
    parse_html(card)
    assert "Overall effectiveness: <b>Good</b>" in card and "2022" not in card
    assert "Since then: focused visit, 1 September 2026" in card
    assert "Area SEND: <b>Inconsistent experiences and outcomes</b>" in card


def test_the_status_card_of_an_abolished_council_names_its_successors() -> None:
    card = format_status_card(registry().get("Northamptonshire"), [])
    assert "Abolished 31 March 2021; now North Northamptonshire, West Northamptonshire" in card
    assert "No graded inspection on record yet." in card
    assert date(2021, 3, 31) == registry().get("Northamptonshire").valid_to
