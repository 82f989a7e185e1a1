"""A saved page becomes the text a reader sees, with its publication date."""

from __future__ import annotations

from datetime import date

import pytest

from alerts.article import decode, extract
from alerts.pagedates import date_in_text, weekday_year


def test_furniture_is_stripped_and_the_article_kept() -> None:
    html = b"""<html><head><title>Story | Paper</title><script>var x = 'rated good';</script>
    <style>.a{}</style></head><body>
    <div id="cookie-banner">We use cookies. Accept all</div>
    <nav><a>News</a><a>Sport</a></nav>
    <main><article><h1>Wigan children's services rated good</h1>
    <p>Inspectors rated Wigan good.</p>
    <div class="share-tools">Share this article</div>
    <section class="related-articles"><h3>Related</h3><p>Bolton rated inadequate</p></section>
    </article>
    <aside class="most-read"><h3>Most Read</h3><ol><li>Bury rated outstanding</li></ol></aside>
    <div class="jobs-widget">Senior Social Worker - outstanding package</div>
    <div id="comments"><p>My school is good</p></div></main>
    <footer>Copyright</footer></body></html>"""
    article = extract(html)
    assert article.lines == ("Wigan children's services rated good", "Inspectors rated Wigan good.")
    assert article.title == "Wigan children's services rated good"


def test_br_separated_text_becomes_lines() -> None:
    article = extract("<html><body><div>First line.<br>Second line.<br><br>Third.</div></body>"
                      "</html>")
    assert article.lines[-3:] == ("First line.", "Second line.", "Third.")


def test_table_rows_keep_label_and_grade_together() -> None:
    article = extract("<html><body><article><table><tr><th>Overall effectiveness</th>"
                      "<td>Good</td></tr></table></article></body></html>")
    assert "Overall effectiveness | Good" in article.lines


def test_plain_text_trailer_and_wrapped_lines() -> None:
    text = ("Headline here\nThe council's services for children in care and\nits safeguarding "
            "measures were inspected.\nMost Read\nSomething else rated good")
    assert extract(text).lines == ("Headline here", "The council's services for children in "
                                   "care and its safeguarding measures were inspected.")


@pytest.mark.parametrize(("data", "expected"), [
    ("caf\u00e9 \u2019s".encode(), "caf\u00e9 \u2019s"),
    (b"\xef\xbb\xbfcaf\xc3\xa9", "caf\u00e9"),
    (b"children\x92s services \x93good\x94", "children\u2019s services \u201cgood\u201d"),
    (b'<meta charset="iso-8859-1"><p>children\x92s</p>', '<meta charset="iso-8859-1"><p>'
     "children\u2019s</p>"),
    (b'<meta charset="windows-1252"><p>\x80</p>', '<meta charset="windows-1252"><p>\u20ac</p>'),
])
def test_encodings(data: bytes, expected: str) -> None:
    assert decode(data) == expected


def test_curly_quotes_are_made_plain() -> None:
    assert extract("Children\u2019s services \u201cgood\u201d").lines == (
        "Children's services \"good\"",)


@pytest.mark.parametrize(("html", "expected"), [
    ('<meta property="article:published_time" content="2017-08-31T12:28:00+01:00">',
     date(2017, 8, 31)),
    ('<script type="application/ld+json">{"datePublished": "2020-03-16T11:42:00Z"}</script>',
     date(2020, 3, 16)),
    ('<time datetime="2024-01-20T09:00:00+00:00">January 20, 2024</time>', date(2024, 1, 20)),
    ('<p class="byline">PUBLISHED: 12:28 31 August 2017 | UPDATED: 12:28 1 September 2017</p>',
     date(2017, 8, 31)),
    ('<div class="dateline">Monday 5 August 2013</div>', date(2013, 8, 5)),
    ('<div class="meta">Posted on 12/03/2019</div>', date(2019, 3, 12)),
])
def test_publication_dates(html: str, expected: date) -> None:
    page = f"<html><head>{html}</head><body><article><p>Text.</p></article></body></html>"
    if "<p class" in html or "<div" in html or "<time" in html:
        page = f"<html><body><article>{html}<p>Text.</p></article></body></html>"
    assert extract(page).published == expected


def test_bylines_in_plain_text() -> None:
    assert date_in_text(["By Tim Lethaby", "16th Jul 2021 | Local News"]) == date(2021, 7, 16)
    assert date_in_text(["A story about 2019 with no date"]) is None


def test_a_weekday_without_a_year_picks_the_year_it_fits() -> None:
    text = "the report, published this morning, (Monday, August 5), says"
    assert weekday_year(text, 2012, date(2026, 1, 1)) == date(2013, 8, 5)


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02" * 1000, "<html><body></body></html>"])
def test_nothing_to_read_is_an_error_not_an_exception(data: bytes | str) -> None:
    article = extract(data)
    assert not article.lines or article.error
