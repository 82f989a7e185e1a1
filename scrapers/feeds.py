"""Safe parsing of what news sources publish: RSS, Atom, sitemaps and listing pages.

Feeds come from sites we do not control, so XML is parsed defensively: a
document that declares entities (the billion-laughs and XXE payloads both
need ``<!ENTITY``) is refused before any parser sees it; the strict parse is
``defusedxml`` (expat, entities and external references forbidden); only a
document that is merely not well-formed gets a second, lenient pass through
lxml with entity resolution, DTD loading and network access off and
``huge_tree`` false.  A feed that is not valid in its declared encoding is
re-decoded (windows-1252, the usual culprit) rather than dropped.

Everything here is pure: bytes in, ``ParsedFeed`` / ``Entry`` lists out.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

MAX_ENTRIES = 50_000  # the sitemap protocol's own limit per file
MAX_SUMMARY_CHARS = 1_000
_RECOVERED = "not well-formed XML"

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_XML_DECL = re.compile(rb"^<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:\-]+)[\"']", re.I)
_WHOLE_DECL = re.compile(r"^<\?xml[^>]*\?>")
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_SKIP_EXTENSIONS = re.compile(
    r"\.(?:pdf|jpe?g|png|gif|webp|svg|zip|docx?|xlsx?|pptx?|csv|mp3|mp4|ics|xml|rss)$", re.I)


class FeedError(ValueError):
    """The document is not a feed we can read (malformed, empty, wrong format)."""


class UnsafeFeed(FeedError):
    """The document tries an XML attack (entity expansion, external entities): refused."""


@dataclass(frozen=True)
class Entry:
    """One article (or child sitemap) a source lists, with what the source says about it."""

    url: str
    title: str = ""
    summary: str = ""
    published: str | None = None  # ISO date or datetime
    updated: str | None = None  # the entry's own "last changed" stamp, if any

    @property
    def fingerprint(self) -> str:
        """Changes when the source's description of the entry changes (edit, new date)."""
        raw = json.dumps([self.title, self.summary, self.published, self.updated])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    @property
    def day(self) -> date | None:
        """The latest date the source gives (updated, else published)."""
        for stamp in (self.updated, self.published):
            if stamp:
                try:
                    return date.fromisoformat(stamp[:10])
                except ValueError:
                    continue
        return None


@dataclass
class ParsedFeed:
    """A parsed source document: ``format`` rss | atom | sitemap | sitemapindex | listing."""

    format: str
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[Entry] = field(default_factory=list)  # children of a sitemap index
    warnings: list[str] = field(default_factory=list)


# -- XML ------------------------------------------------------------------------------
def parse_xml(body: bytes) -> tuple[Any, list[str]]:
    """The document's root element (ElementTree API) and warnings; raises FeedError."""
    body = body.lstrip(b"\xef\xbb\xbf").lstrip()
    if not body:
        raise FeedError("empty document")
    if _ENTITY_DECL.search(body):
        raise UnsafeFeed("the document declares XML entities (<!ENTITY ...>): refused as a "
                         "possible entity-expansion (billion laughs) or external-entity (XXE) "
                         "attack")
    warnings: list[str] = []
    try:
        return _strict(body), warnings
    except FeedError as exc:
        first_error = str(exc)
    repaired = _redecoded(body)
    if repaired is not None:
        try:
            root = _strict(repaired)
        except FeedError:
            pass
        else:
            return root, [f"not valid in its declared encoding ({first_error}); "
                          "decoded as windows-1252"]
    root = _lenient(repaired or body)
    if root is None:
        raise FeedError(f"not well-formed XML: {first_error}")
    warnings.append(f"{_RECOVERED} ({first_error}); read what could be recovered")
    return root, warnings


def _strict(body: bytes) -> Any:
    try:
        return SafeET.fromstring(body, forbid_dtd=False, forbid_entities=True,
                                 forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeFeed(f"refused unsafe XML ({type(exc).__name__}): {exc}") from None
    except SafeET.ParseError as exc:
        raise FeedError(str(exc)) from None


def _lenient(body: bytes) -> Any | None:
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                                  huge_tree=False, load_dtd=False, dtd_validation=False)
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None
    return root


def _redecoded(body: bytes) -> bytes | None:
    """The body re-encoded as UTF-8 when it is not valid in its declared encoding."""
    match = _XML_DECL.match(body)
    declared = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        body.decode(declared)
        return None  # the encoding is fine: the problem is elsewhere
    except (LookupError, UnicodeDecodeError):
        pass
    try:
        text = body.decode("cp1252")
    except UnicodeDecodeError:
        text = body.decode("latin-1")
    return _WHOLE_DECL.sub("", text, count=1).encode("utf-8")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(el: Any, *names: str) -> Iterator[Any]:
    for child in el:
        if _local(child.tag) in names:
            yield child


def _child(el: Any, *names: str) -> Any | None:
    """The first child with one of ``names``, in the order of ``names``."""
    for name in names:
        for child in _children(el, name):
            return child
    return None


def _text(el: Any | None) -> str:
    if el is None:
        return ""
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def plain(text: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    """Feed text (often escaped HTML) as plain text."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip()[:limit]


# -- dates -----------------------------------------------------------------------------
def parse_date(text: str | None) -> str | None:
    """RFC 822 (RSS) or ISO 8601 / W3C (Atom, sitemaps) as ISO text; None if unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    iso = text.replace("Z", "+00:00").replace("z", "+00:00")
    if len(iso) == 10:  # a plain date stays a date (no invented midnight)
        try:
            return date.fromisoformat(iso).isoformat()
        except ValueError:
            pass
    try:
        return datetime.fromisoformat(iso).isoformat()
    except ValueError:
        pass
    for size, suffix in ((10, ""), (7, "-01"), (4, "-01-01")):
        try:
            return date.fromisoformat(text[:size] + suffix).isoformat()
        except ValueError:
            continue
    return None


# -- feeds -----------------------------------------------------------------------------
def parse_feed(body: bytes, base_url: str) -> ParsedFeed:
    """Any of RSS 2.0 / RSS 1.0 (RDF) / Atom / sitemap / sitemap index, by its root element."""
    root, warnings = parse_xml(body)
    kind = _local(root.tag)
    if kind in ("rss", "rdf", "channel"):
        feed = ParsedFeed("rss", list(_limit(_rss_entries(root, base_url))))
    elif kind == "feed":
        feed = ParsedFeed("atom", list(_limit(_atom_entries(root, base_url))))
    elif kind == "urlset":
        feed = ParsedFeed("sitemap", list(_limit(_sitemap_entries(root, base_url))))
    elif kind == "sitemapindex":
        feed = ParsedFeed("sitemapindex", sitemaps=list(_limit(_index_entries(root, base_url))))
    else:
        raise FeedError(f"not an RSS/Atom feed or sitemap (root element <{kind or '?'}>)")
    if warnings and warnings[-1].startswith(_RECOVERED) and not (feed.entries or feed.sitemaps):
        raise FeedError(warnings[-1].replace("; read what could be recovered", ""))
    feed.warnings.extend(warnings)
    return feed


def _limit(entries: Iterable[Entry]) -> Iterator[Entry]:
    for n, entry in enumerate(entries):
        if n >= MAX_ENTRIES:
            return
        if entry.url:
            yield entry


def _absolute(url: str, base_url: str) -> str:
    if not url.strip():
        return ""
    url = urljoin(base_url, url.strip())
    return url if urlsplit(url).scheme in ("http", "https") else ""


def _rss_entries(root: Any, base_url: str) -> Iterator[Entry]:
    for item in root.iter():
        if _local(item.tag) != "item":
            continue
        link = _text(_child(item, "link"))
        guid = _child(item, "guid")
        if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
            link = _text(guid)
        summary = _text(_child(item, "description", "summary", "encoded"))
        yield Entry(url=_absolute(link, base_url), title=plain(_text(_child(item, "title"))),
                    summary=plain(summary),
                    published=parse_date(_text(_child(item, "pubdate", "date", "published"))),
                    updated=parse_date(_text(_child(item, "updated", "modified"))))


def _atom_entries(root: Any, base_url: str) -> Iterator[Entry]:
    for entry in _children(root, "entry"):
        link = ""
        for candidate in _children(entry, "link"):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate.get("href")
                break
        if not link and _text(_child(entry, "id")).startswith("http"):
            link = _text(_child(entry, "id"))
        published = parse_date(_text(_child(entry, "published", "issued")))
        updated = parse_date(_text(_child(entry, "updated", "modified")))
        yield Entry(url=_absolute(link, base_url), title=plain(_text(_child(entry, "title"))),
                    summary=plain(_text(_child(entry, "summary", "content"))),
                    published=published or updated, updated=updated)


def _sitemap_entries(root: Any, base_url: str) -> Iterator[Entry]:
    for url in _children(root, "url"):
        news = _child(url, "news")
        published = parse_date(_text(_child(news, "publication_date"))) if news is not None \
            else None
        title = plain(_text(_child(news, "title"))) if news is not None else ""
        lastmod = parse_date(_text(_child(url, "lastmod")))
        yield Entry(url=_absolute(_text(_child(url, "loc")), base_url), title=title,
                    published=published or lastmod, updated=lastmod)


def _index_entries(root: Any, base_url: str) -> Iterator[Entry]:
    for sitemap in _children(root, "sitemap"):
        lastmod = parse_date(_text(_child(sitemap, "lastmod")))
        yield Entry(url=_absolute(_text(_child(sitemap, "loc")), base_url), updated=lastmod,
                    published=lastmod)


# -- listing pages -----------------------------------------------------------------------
def parse_listing(page: str, base_url: str, url_pattern: re.Pattern[str] | None = None,
                  min_words: int = 3) -> ParsedFeed:
    """Article links on an HTML page: same site, and matching ``url_pattern`` if given.

    Without a pattern a link needs ``min_words`` words of text, which keeps
    navigation ("Home", "Contact us") out.  A ``<time datetime>`` near the
    link (in the same list item / article card) gives its date.
    """
    try:
        doc = lxml.html.document_fromstring(page.encode("utf-8"),
                                            parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FeedError(f"unreadable listing page: {exc}") from None
    site = _host(base_url)
    page_key = base_url.split("#")[0].rstrip("/")
    found: dict[str, Entry] = {}
    for link in doc.iter("a"):
        url = _absolute(link.get("href") or "", base_url).split("#")[0]
        if not url or url.rstrip("/") == page_key or _host(url) != site:
            continue
        path = urlsplit(url).path
        if path in ("", "/") or _SKIP_EXTENSIONS.search(path):
            continue
        title = _SPACE.sub(" ", link.text_content() or link.get("title") or "").strip()
        if url_pattern is not None:
            if not url_pattern.search(url):
                continue
        elif len(title.split()) < min_words:
            continue
        old = found.get(url)
        if old is None or len(title) > len(old.title):
            found[url] = Entry(url=url, title=title[:500], published=_nearby_date(link))
    return ParsedFeed("listing", list(found.values()))


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _nearby_date(link: Any, levels: int = 3) -> str | None:
    node = link
    for _ in range(levels):
        node = node.getparent()
        if node is None:
            return None
        for stamp in node.iter("time"):
            value = parse_date(stamp.get("datetime") or stamp.text_content())
            if value:
                return value
    return None
