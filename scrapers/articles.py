"""News articles before and after download: which to fetch, under what URL, as what text.

* ``clean_url`` / ``url_key``: one article reached through tracking links,
  AMP variants, fragments or a trailing slash is one article.
* ``PreFilter``: the cheap decision, from the title, summary and URL a feed
  gives, whether a page could be about an Ofsted children's services
  outcome.  Only those are downloaded; the rest are recorded with the reason.
* ``read_page``: a downloaded page decoded (broken encodings repaired or
  refused), with its visible-text hash (so a rotating ad or timestamp in the
  markup does not count as an edit), title, date and canonical link.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from scrapers.feeds import Entry, parse_date

log = logging.getLogger(__name__)

_TRACKING = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|"
    r"igshid|ocid|cmpid|ito|at_\w+|ns_\w+|int_source|int_medium|int_campaign|ref_src|"
    r"amp)$", re.I)
_AMP_PATH = re.compile(r"(?:/amp/?|\.amp)$", re.I)

# Words that alone make a headline worth fetching.
_STRONG = (
    r"ofsted", r"inspect(?:ion|ions|ed|ors?|orate)", r"children'?s services",
    r"services for children", r"children'?s social care", r"social care", r"social work(?:ers)?",
    r"safeguarding", r"care leavers?", r"looked[- ]after", r"children in care",
    r"\bSEND\b", r"special educational needs", r"requires? improvement", r"inadequate",
    r"focused visit", r"monitoring visit", r"JTAI",
)
# Words that count together with a council name (or with each other).
_CHILDREN = r"children|child|young people|famil(?:y|ies)|fostering|adoption|care|youth"
_VERDICT = (r"rated|rating|judged|verdict|outstanding|good|improv\w*|watchdog|report|"
            r"failing|failed|praised|criticised|special measures|downgraded|upgraded")


def clean_url(url: str) -> str:
    """The URL to fetch and store: no fragment, tracking parameters or AMP suffix."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)) \
        else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING.match(k)]
    path = _AMP_PATH.sub("", parts.path) or "/"
    if path.lower().endswith(".amp.html"):
        path = path[: -len(".amp.html")] + ".html"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def url_key(url: str) -> str:
    """Dedupe key: the clean URL without ``www.`` or a trailing slash."""
    parts = urlsplit(clean_url(url))
    host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, parts.query, ""))


# -- the cheap decision --------------------------------------------------------------------
@cache
def _council_names() -> re.Pattern[str] | None:
    """Every council name and alias (case-sensitive: they are proper nouns)."""
    try:
        from store.councils import registry

        labels = {label for c in registry().all()
                  for label in (c.name, c.display_name, *c.aliases) if len(label) >= 4}
    except Exception:  # the registry is optional for filtering: keywords still work
        return None
    alternatives = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


class PreFilter:
    """Decides from what a feed says (title, summary, URL words) whether to fetch a page."""

    def __init__(self, keywords: Iterable[str] = (), url_pattern: str = "",
                 councils: bool = True) -> None:
        strong = [*_STRONG, *(re.escape(k) for k in keywords if k.strip())]
        self.strong = re.compile("|".join(strong), re.I)
        self.children = re.compile(rf"\b(?:{_CHILDREN})\b", re.I)
        self.verdict = re.compile(rf"\b(?:{_VERDICT})\b", re.I)
        self.url_pattern = re.compile(url_pattern) if url_pattern else None
        self.councils = _council_names() if councils else None

    def reason_to_skip(self, entry: Entry, *, since: date | None = None,
                       oldest: date | None = None) -> str | None:
        """None to fetch the page, else why not (shown to the operator)."""
        if self.url_pattern is not None and not self.url_pattern.search(entry.url):
            return f"URL does not match url_pattern {self.url_pattern.pattern!r}"
        day = entry.day
        if since is not None and day is not None and day < since:
            return f"dated {day.isoformat()}, before --since {since.isoformat()}"
        if oldest is not None and day is not None and day < oldest:
            return f"dated {day.isoformat()}, older than {oldest.isoformat()} (use backfill)"
        words = url_words(entry.url)
        text = " ".join((entry.title, entry.summary, words))
        if not entry.title and not entry.summary and len(slug_words(entry.url)) < 2:
            return None  # nothing to judge by (an opaque URL like /news/12345): fetch it
        if self.strong.search(text):
            return None
        council = self.councils.search(text) if self.councils is not None else None
        children = self.children.search(text)
        verdict = self.verdict.search(text)
        if (council and (children or verdict)) or (children and verdict):
            return None
        return "no Ofsted / children's services words or council name in title, summary or URL"


def url_words(url: str) -> str:
    """The words of a URL's path slug ("/news/ofsted-rates-x-good-123" -> "ofsted rates x good")."""
    path = urlsplit(url).path
    slug = re.sub(r"\.\w{2,5}$", "", path)
    words = re.split(r"[/\-_+.]+", slug)
    return " ".join(w for w in words if w.isalpha())


def slug_words(url: str) -> list[str]:
    """The words of the last path segment only."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return url_words("/" + segments[-1]).split() if segments else []


# -- a downloaded page ----------------------------------------------------------------------
class PageError(ValueError):
    """The download is not a readable web page."""


@dataclass(frozen=True)
class Page:
    text: str  # the decoded page (HTML or plain text)
    content_hash: str  # sha256 of its visible text
    title: str | None
    published: str | None
    canonical: str | None
    amp: bool
    visible_chars: int = 0
    warning: str | None = None


def decode(body: bytes, encoding: str | None) -> tuple[str, str | None]:
    """Bytes as text: the declared/detected encoding, else UTF-8, else windows-1252."""
    enc = (encoding or "utf-8").lower()
    if not enc.startswith(("utf-16", "utf-32")) and b"\x00" in body[:8192]:
        raise PageError("binary content, not a web page")
    for candidate in dict.fromkeys((enc, "utf-8", "cp1252")):
        try:
            text = body.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
        shown = "windows-1252" if candidate == "cp1252" else candidate
        warning = None if candidate == enc else f"not valid {enc}; decoded as {shown}"
        return text, warning
    text = body.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise PageError(f"undecodable text: not valid {enc}, UTF-8 or windows-1252")
    return text, f"not valid {enc}; invalid bytes replaced"


def read_page(body: bytes, encoding: str | None, url: str) -> Page:
    """The page decoded and looked at once; raises PageError."""
    text, warning = decode(body, encoding)
    try:
        doc = lxml.html.document_fromstring(text.encode("utf-8"),
                                            parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):
        visible = re.sub(r"\s+", " ", text).strip()
        return Page(text, _hash(visible), None, None, None, False, len(visible), warning)
    title = _first(doc, "//meta[@property='og:title']/@content", "//title//text()")
    published = parse_date(_first(
        doc, "//meta[@property='article:published_time']/@content",
        "//meta[@name='date' or @name='dc.date' or @name='DC.date']/@content",
        "//time/@datetime"))
    canonical = _first(doc, "//link[@rel='canonical']/@href")
    root = doc.getroottree().getroot()
    amp = root.get("amp") is not None or root.get("\u26a1") is not None
    for bad in doc.xpath("//script|//style|//noscript|//template|//svg"):
        bad.drop_tree()
    visible = re.sub(r"\s+", " ", doc.text_content()).strip()
    return Page(text, _hash(visible), title, published,
                urljoin(url, canonical) if canonical else None, amp, len(visible), warning)


def _first(doc: lxml.html.HtmlElement, *paths: str) -> str | None:
    for path in paths:
        for value in doc.xpath(path):
            text = re.sub(r"\s+", " ", str(value)).strip()
            if text:
                return text[:500]
    return None


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cut(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` of UTF-8 (never mid-character)."""
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    return raw[:max_bytes].decode("utf-8", errors="ignore")


# -- what earlier crawls learnt ----------------------------------------------------------
@cache
def _stored_documents(store_path: str) -> dict[str, Known]:
    """The store's documents by URL key, read once per crawl process (shared by sources)."""
    docs: dict[str, Known] = {}
    if not Path(store_path).is_dir():
        return docs  # a first run
    try:
        from store.db import Store

        with Store(store_path, readonly=True) as store:
            for doc in store.documents.all():
                docs[url_key(doc.url)] = Known(doc.url, doc.kind, doc.status, doc.content_hash)
    except Exception as exc:  # a broken store must not stop the crawl
        log.warning("could not read known documents from %s: %s", store_path, exc)
    return docs


@dataclass(frozen=True)
class Known:
    """A URL the store has a document for."""

    url: str
    kind: str
    status: str
    content_hash: str | None


class KnownArticles:
    """The store's documents (read-only) plus the feed fingerprints of earlier crawls.

    The store is the authority on what was seen (it is written only by the
    parent, after a crawl's feed is ingested); the fingerprint file, kept by
    the crawl child next to its HTTP cache, only says how each entry looked
    in its feed.  An entry is skipped unread when both agree: the store has
    its URL and its fingerprint is unchanged.  Losing the file costs one
    conditional GET per article, never a missed article.
    """

    MAX_ENTRIES = 200_000

    def __init__(self, docs: dict[str, Known] | None = None,
                 fingerprints: dict[str, list[str]] | None = None,
                 state_path: Path | None = None) -> None:
        self.docs = docs or {}
        self.hashes = {d.content_hash: d.url for d in self.docs.values()
                       if d.kind == "article" and d.content_hash}
        self.old: dict[str, list[str]] = fingerprints or {}
        self.new: dict[str, list[str]] = {}
        self.state_path = state_path

    @classmethod
    def load(cls, store_path: Path | str | None, state_path: Path | None) -> KnownArticles:
        docs = _stored_documents(str(Path(store_path).resolve())) if store_path else {}
        fingerprints: dict[str, list[str]] = {}
        if state_path is not None and state_path.exists():
            try:
                raw = json.loads(state_path.read_text("utf-8"))
                fingerprints = {str(k): [str(x) for x in v] for k, v in raw["entries"].items()}
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                log.warning("ignoring unreadable feed state %s: %s", state_path, exc)
        return cls(docs, fingerprints, state_path)

    def doc(self, key: str) -> Known | None:
        """The stored document for an entry (following an AMP/redirect alias)."""
        found = self.docs.get(key)
        if found is None:
            remembered = self.old.get(key)
            if remembered and len(remembered) > 1:
                found = self.docs.get(remembered[1])
        return found

    def fingerprint(self, key: str) -> str | None:
        remembered = self.old.get(key)
        return remembered[0] if remembered else None

    def hash_owner(self, content_hash: str) -> str | None:
        return self.hashes.get(content_hash)

    def remember(self, key: str, fingerprint: str, stored_as: str | None = None) -> None:
        self.new[key] = [fingerprint] if stored_as in (None, key) else [fingerprint, stored_as]

    def save(self) -> None:
        """Write this crawl's fingerprints over the old ones (atomically)."""
        if self.state_path is None or not self.new:
            return
        merged = {k: v for k, v in self.old.items() if k not in self.new}
        merged.update(self.new)
        if len(merged) > self.MAX_ENTRIES:
            merged = dict(list(merged.items())[-self.MAX_ENTRIES:])
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": 1, "entries": merged}), encoding="utf-8")
        os.replace(tmp, self.state_path)
