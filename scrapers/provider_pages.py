"""What the Ofsted reports site's pages say: pure extraction, no I/O.

Two page types (see the reference notes on the site):
* the search listing of local-authority children's services providers:
  ``<a href="/provider/44/{URN}">`` links and a ``ul.pagination li.next a``;
* a provider page: one ``a.publication-link`` per document, href
  ``.../v1/file/{id}``, with a ``span.nonvisual`` "Title, pdf - DD Month YYYY".

Ofsted can change its markup at any time, so the checks are explicit:
``MarkupChanged`` says which expectation broke, and the spider records it on
the source's health instead of quietly finding nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

LISTING_PATH = "/search"
LISTING_QUERY = "q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"

_URN = re.compile(r"^\d{4,8}$")
_FILE_ID = re.compile(r"/v1/file/(\d+)")
_FORMAT = re.compile(r"(?:,|\s+as)?\s*\b(pdf|docx?|odt|html?)\s*$", re.IGNORECASE)
_COUNT = re.compile(r"(\d[\d,]*)\s+results?\b", re.IGNORECASE)
_SEND = re.compile(r"\bsend\b|special educational needs")
_JTAI = re.compile(r"joint\s+targeted\s+area|\bjtai\b|joint\s+area\s+child\s+protection")
INSPECTION_TITLES = ("children's services inspection",
                     "single inspection of la children's services")


class MarkupChanged(ValueError):
    """A page no longer looks the way the extraction expects."""


@dataclass(frozen=True)
class ProviderLink:
    urn: str
    url: str
    name: str


@dataclass(frozen=True)
class ListingPage:
    providers: list[ProviderLink]
    next_url: str | None
    total: int | None  # the "N results" count, when the page states it


@dataclass(frozen=True)
class Publication:
    file_id: str | None
    url: str
    title: str
    published: date | None
    category: str  # inspection | focused_visit | monitoring_visit | jtai | send | other
    label: str  # the raw screen-reader text, for error messages


def listing_url(base_url: str, start: int, rows: int) -> str:
    """The listing page at offset ``start`` (the site caps ``rows`` at 100)."""
    return f"{base_url.rstrip('/')}{LISTING_PATH}?{LISTING_QUERY}&start={start}&rows={rows}"


def listing_start(url: str) -> int | None:
    """The ``start`` offset a listing URL asks for."""
    values = parse_qs(urlsplit(url).query).get("start")
    try:
        return int(values[0]) if values else 0
    except ValueError:
        return None


def _text(sel: Selector) -> str:
    return " ".join(" ".join(sel.css("::text").getall()).split())


def parse_listing(html: str, page_url: str) -> ListingPage:
    """Provider links (deduplicated by URN, in page order) and the next page's URL."""
    page = Selector(text=html)
    providers: list[ProviderLink] = []
    seen: set[str] = set()
    for link in page.css('a[href*="/provider/"]'):
        href = link.attrib.get("href", "")
        segments = [s for s in urlsplit(href).path.split("/") if s]
        if not segments or not _URN.match(segments[-1]) or segments[-1] in seen:
            continue
        seen.add(segments[-1])
        providers.append(ProviderLink(segments[-1], urljoin(page_url, href), _text(link)))
    next_href = page.css("ul.pagination li.next a::attr(href)").get()
    found = _COUNT.search(" ".join(page.css("body ::text").getall()))
    total = int(found.group(1).replace(",", "")) if found else None
    return ListingPage(providers, urljoin(page_url, next_href) if next_href else None, total)


def normalise_title(title: str) -> str:
    return " ".join(title.replace("\u2019", "'").replace("\u2018", "'").split()).lower()


def category_for(title: str) -> str:
    """The publication type from its link title (strict test for full inspections)."""
    text = normalise_title(title)
    if text.startswith(INSPECTION_TITLES):
        return "inspection"
    if _JTAI.search(text):
        return "jtai"
    if _SEND.search(text):
        return "send"
    if "focused visit" in text:
        return "focused_visit"
    if "monitoring visit" in text:
        return "monitoring_visit"
    return "other"


def parse_label(label: str) -> tuple[str, date | None]:
    """``"Title, pdf - 9 May 2025"`` -> ("Title", date(2025, 5, 9)); variants tolerated."""
    text = " ".join(label.split())
    head, sep, tail = text.rpartition(" - ")
    published = None
    if sep:
        for fmt in ("%d %B %Y", "%d %b %Y"):
            try:
                published = datetime.strptime(tail.strip(), fmt).date()
                break
            except ValueError:
                continue
    title = head if published is not None else text
    return _FORMAT.sub("", title).strip(" ,"), published


def file_id_from_url(url: str) -> str | None:
    found = _FILE_ID.search(url)
    return found.group(1) if found else None


def parse_provider(html: str, page_url: str) -> list[Publication]:
    """The provider page's publications, newest first (undated last).

    Raises ``MarkupChanged`` when report file links are on the page but not
    as ``a.publication-link`` (the class or structure moved).
    """
    page = Selector(text=html)
    links = page.css("a.publication-link")
    if not links and page.css('a[href*="/v1/file/"]'):
        raise MarkupChanged(f"{page_url}: report file links without a.publication-link")
    found: list[Publication] = []
    seen: set[str] = set()
    for link in links:
        url = urljoin(page_url, link.attrib.get("href", ""))
        if url in seen:
            continue
        seen.add(url)
        label = " ".join(" ".join(link.css("span.nonvisual ::text").getall()).split())
        title, published = parse_label(label) if label else (_text(link), None)
        if not label:
            title = _FORMAT.sub("", title).strip(" ,")
        found.append(Publication(file_id_from_url(url), url, title, published,
                                 category_for(title), label or _text(link)))
    return sorted(found, key=lambda p: p.published or date.min, reverse=True)
