"""Extraction from the Ofsted reports site's listing and provider pages (sample markup)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scrapers.provider_pages import (
    MarkupChanged,
    category_for,
    file_id_from_url,
    listing_start,
    listing_url,
    parse_label,
    parse_listing,
    parse_provider,
)

PAGES = Path(__file__).parent / "data" / "ofsted_site"
BASE = "https://reports.ofsted.gov.uk"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_the_listing_yields_provider_urns_in_order_without_header_links() -> None:
    listing = parse_listing(page("search_page_1.html"), listing_url(BASE, 0, 5))
    assert [p.urn for p in listing.providers] == ["80427", "80441", "80528", "80555", "80556"]
    assert listing.providers[3].url == f"{BASE}/provider/44/80555"
    assert listing.providers[3].name == "Somerset Council"
    assert listing.total == 153


def test_the_listing_next_link_is_resolved_against_the_site() -> None:
    listing = parse_listing(page("search_page_1.html"), listing_url(BASE, 0, 5))
    assert listing.next_url is not None
    assert listing.next_url.startswith(f"{BASE}/search?")
    assert listing_start(listing.next_url) == 5


def test_duplicate_provider_links_count_once() -> None:
    html = ('<a href="/provider/44/80555">Somerset</a><a href="/provider/44/80555">again</a>'
            '<a href="/provider/44/80528?tab=reports">North Somerset</a>'
            '<a href="/provider/search">not a provider</a>')
    urns = [p.urn for p in parse_listing(html, BASE + "/search").providers]
    assert urns == ["80555", "80528"]


def test_a_page_without_provider_links_or_next_link_is_empty() -> None:
    listing = parse_listing("<html><body><p>0 results</p></body></html>", BASE + "/search")
    assert listing.providers == [] and listing.next_url is None and listing.total == 0


def test_listing_urls_carry_the_children_services_filter_and_paging() -> None:
    url = listing_url(BASE + "/", 100, 100)
    assert url.startswith(f"{BASE}/search?q=&")
    assert "level_1_types=3&level_2_types%5B%5D=12" in url
    assert url.endswith("&start=100&rows=100")
    assert listing_start(url) == 100


def test_a_provider_page_lists_every_publication_newest_first() -> None:
    pubs = parse_provider(page("provider_80555.html"), f"{BASE}/provider/44/80555")
    assert [p.file_id for p in pubs] == [
        "50304387", "90000003", "90000001", "50192873", "2761596", "90000002", "2755542"]
    first = pubs[0]
    assert first.url == "https://files.ofsted.gov.uk/v1/file/50304387"
    assert first.title == "Children's services inspection"
    assert first.published == date(2026, 6, 17)
    assert first.category == "inspection"
    assert [p.category for p in pubs[1:3]] == ["send", "focused_visit"]
    assert pubs[5].category == "monitoring_visit"


def test_older_wording_single_digit_days_and_joint_inspections() -> None:
    pubs = {p.file_id: p for p in parse_provider(page("provider_80528.html"),
                                                 f"{BASE}/provider/44/80528")}
    assert pubs["2762674"].title == "Children's services inspection"  # ",  pdf"
    assert pubs["2762674"].published == date(2017, 8, 25)
    assert pubs["90000011"].published == date(2024, 10, 2)
    assert pubs["90000012"].category == "jtai"  # mentions children's services: still not one


@pytest.mark.parametrize(("label", "title", "day"), [
    ("Children's services inspection, pdf - 09 May 2025",
     "Children's services inspection", date(2025, 5, 9)),
    ("Children's services inspection,  pdf - 16 August 2013",
     "Children's services inspection", date(2013, 8, 16)),
    ("Single inspection of LA children's services as pdf - 3 March 2014",
     "Single inspection of LA children's services", date(2014, 3, 3)),
    ("Focused visit - part 2, pdf - 2 October 2024", "Focused visit - part 2", date(2024, 10, 2)),
    ("Monitoring visit, pdf", "Monitoring visit", None),
    ("Monitoring visit, pdf - sometime", "Monitoring visit, pdf - sometime", None),
])
def test_labels_split_into_title_and_publication_date(label: str, title: str,
                                                      day: date | None) -> None:
    assert parse_label(label) == (title, day)


@pytest.mark.parametrize(("title", "category"), [
    ("Children's services inspection", "inspection"),
    ("Children\u2019s  Services Inspection", "inspection"),
    ("Single inspection of LA children's services", "inspection"),
    ("Joint targeted area inspection of children's services partnership", "jtai"),
    ("Joint targeted area inspection (JTAI)", "jtai"),
    ("Area SEND inspection", "send"),
    ("Area SEND full inspection", "send"),
    ("Focused visit", "focused_visit"),
    ("Monitoring visit", "monitoring_visit"),
    ("Inspection of children's services", "other"),
    ("Local authority statement of action", "other"),
])
def test_the_category_comes_from_the_title_with_a_strict_inspection_test(
        title: str, category: str) -> None:
    assert category_for(title) == category


def test_file_ids_come_from_the_file_url() -> None:
    assert file_id_from_url("https://files.ofsted.gov.uk/v1/file/2762674") == "2762674"
    assert file_id_from_url("https://files.ofsted.gov.uk/other/1") is None


def test_report_links_without_the_publication_class_mean_the_markup_changed() -> None:
    html = '<ul><li><a class="doc" href="https://files.ofsted.gov.uk/v1/file/501">x</a></li></ul>'
    with pytest.raises(MarkupChanged, match="publication-link"):
        parse_provider(html, f"{BASE}/provider/44/1")


def test_a_provider_without_publications_is_not_an_error() -> None:
    assert parse_provider("<html><body><h1>New council</h1></body></html>", BASE) == []


def test_a_link_without_the_screen_reader_span_falls_back_to_its_text() -> None:
    html = ('<a class="publication-link" href="/v1/file/50000001">'
            "Focused visit, pdf</a>")
    (pub,) = parse_provider(html, "https://files.ofsted.gov.uk/x")
    assert (pub.title, pub.published, pub.category) == ("Focused visit", None, "focused_visit")
    assert pub.url == "https://files.ofsted.gov.uk/v1/file/50000001"
