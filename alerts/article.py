"""A saved news page reduced to what a reader sees: title, body lines and publication date.

Pages come from many publishers, so this strips the furniture (navigation, cookie banners,
"Most Read", job ads, comments, related-article boxes) and keeps the article's own blocks as
lines, one per paragraph, list item, heading or table row. Plain text (like the seed pages)
goes through the same line filter. Nothing here raises on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import lxml.html
from lxml import etree

from alerts.pagedates import date_in_text, parse_date_value

MAX_CHARS = 2_000_000  # longer pages are cut: an article never needs more
MAX_BODY_CHARS = 200_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_LOOKS_HTML = re.compile(
    r"<(?:!doctype|html|head|body|p|div|br|article|main|h[1-6]|span|table|li|ul|section|a)\b",
    re.I,
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "nav",
    "footer", "aside", "select", "input", "textarea", "object", "embed", "canvas", "head",
    "menu", "dialog",
}
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
    "article", "main", "header", "blockquote", "dd", "dt", "dl", "pre", "figure", "figcaption",
    "address", "hr", "body", "center", "caption", "tbody", "thead", "details",
    "summary",
}
_CELL_TAGS = {"td", "th"}
# Class or id tokens of page furniture (matched against each token on its own).
_JUNK_TOKEN = re.compile(
    r"(?:^|[-_])(?:ads?|advert\w*|adslot|cookies?|consent|gdpr|mostread|popular|trending|"
    r"related|jobs?|share|sharing|social|comments?|newsletter|promo\w*|paywall|widget|"
    r"sidebar|breadcrumbs?|nav|navigation|navbar|menu|topbar|masthead|footer|skip|"
    r"feedback|weather|recommended|outbrain|taboola|subscribe|signup|banner|"
    r"teaser|overlay|modal|popup|login|cta|print|notes|disclaimer|tags|sponsored|"
    r"readmore|more-stories|links|rail|recirc|carousel|onward|more-from|further-reading|"
    r"next-up|puff)(?:$|[-_])|^(?:most[-_]read|site[-_]header|read[-_]more|"
    r"also[-_]read|author[-_]bio|tag[-_]list|latest|latest[-_](?:news|stories|articles|"
    r"headlines))$",
    re.I,
)
_KEEP_CONTAINERS = {"html", "body", "main", "article"}
_JUNK_LINE = re.compile(
    r"^(?:advertisement|advert|share(?: this(?: article| story)?)?:?.*|comments? (?:have been|are) "
    r"(?:disabled|closed).*|most read|most popular|hot jobs|show job lists?|latest from .*|"
    r"read more:?.*|more:\s.*|related(?: articles| stories)?:?.*|sign up.*|subscribe.*|"
    r"click here.*|vacancies updated.*|.*jobs section launched.*|follow us.*|"
    r"this site uses cookies.*|we use cookies.*|.*accept (?:all )?cookies.*|skip to .*|"
    r"picture: .*|photo: .*|image: .*|archant|getty images|pa media|share:?|print|email|"
    r"facebook|twitter|whatsapp|x|linkedin|copyright .*|©.*|\(c\) .*|"
    r"was this page helpful\??.*|leave a reply|your email address will not be published.*)$",
    re.I,
)
# Lines after which a plain-text page is only furniture.
_TRAILER_LINE = re.compile(
    r"^(?:most read|most popular|hot jobs|show job lists?|latest from .*|"
    r".*jobs section launched.*|recommended for you|more stories|you may also like|"
    r"leave a reply|comments|related (?:topics|articles|stories|content|links|news)|"
    r"more on this story|top stories|trending(?: now)?|you might also like|read next|"
    r"more from [\w' &-]{2,40}|more (?:[\w'&-]+ ){0,2}news|"
    r"latest (?:news|stories|headlines|in .{2,40})|"
    r"most (?:viewed|watched|shared|commented)|popular (?:now|today|stories)|editor'?s picks|"
    r"don'?t miss|in other news|recent posts|also in the news|what'?s hot|read more from .*|"
    r"popular|tags?:.*|filed under:?.*)"
    r"\s*:?!*$",
    re.I,
)
_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                "\u2032": "'", "\u00b4": "'"})
_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014]{2,60}$")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
_DATE_META_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publish-date", "publishdate", "dc.date", "dc.date.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime",
)
_DATE_CLASS = re.compile(r"date|time|byline|meta|posted|published", re.I)


_BREADCRUMB = re.compile(r"\b(?:home|news|newsroom)\s*>[^>]*>?", re.I)


@dataclass(frozen=True)
class Article:
    """What the matcher reads: the title, the body as lines, and the publication date."""

    title: str
    lines: tuple[str, ...]
    published: date | None
    error: str | None = None
    site: str = ""  # the publisher's own name (og:site_name, the <title> suffix, masthead)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def lead(self) -> str:
        """The first paragraphs under the headline, where news says it is news."""
        return "\n".join([line for line in self.lines[1:40] if len(line) >= 60][:3])

    @property
    def headlines(self) -> tuple[str, ...]:
        """The short lines above the first paragraph (masthead, headline, standfirst), without
        menus: a plain-text copy often opens with the site's name, not the headline."""
        out: list[str] = []
        for line in self.lines[:6]:
            if len(line) >= 200 or (len(line) >= 100 and line.endswith((".", "!", "?", '"'))):
                break  # the first paragraph of the story
            if line.count(" | ") < 2:
                out.append(line)
        # "You are here: Home > News > Inspectors praise ...": a breadcrumb ends in the headline
        out += [line.rsplit(">", 1)[1].strip() for line in self.lines[:12]
                if _BREADCRUMB.search(line) and len(line) < 250]
        return tuple(out)


def decode(page: bytes) -> str:
    """Bytes to text: BOM, then declared charset, then UTF-8, then Windows-1252."""
    if page.startswith(b"\xef\xbb\xbf"):
        return page[3:].decode("utf-8", errors="replace")
    if page.startswith((b"\xff\xfe", b"\xfe\xff")):
        return page.decode("utf-16", errors="replace")
    declared = _META_CHARSET.search(page[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "ignore").lower()
        if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"}:
            name = "cp1252"  # what browsers do, and what such pages really are
        try:
            return page.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return page.decode("utf-8")
    except UnicodeDecodeError:
        return page.decode("cp1252", errors="replace")


def looks_binary(text: str) -> bool:
    """True when the sample is mostly control characters: an image, a PDF, random bytes."""
    sample = text[:4096]
    if not sample:
        return False
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return bad > len(sample) * 0.05


def extract(page: str | bytes) -> Article:
    """Read a saved page (HTML or plain text) into an Article; never raises."""
    try:
        text = decode(page) if isinstance(page, bytes | bytearray) else str(page)
    except Exception as exc:  # pragma: no cover - decode above falls back on everything
        return Article("", (), None, f"cannot decode page: {exc}")
    if not text.strip():
        return Article("", (), None, "empty page")
    if looks_binary(text):
        return Article("", (), None, "not a text page (binary content)")
    text = text[:MAX_CHARS]
    if _LOOKS_HTML.search(text[:5000]):
        try:
            return _from_html(text)
        except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
            lines = clean_lines(re.sub(r"<[^>]*>", "\n", text).splitlines())
            return Article("", tuple(lines), date_in_text(lines[:12]), f"invalid markup: {exc}")
    return _from_plain(text)


def _from_plain(text: str) -> Article:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _rejoin(clean_lines(raw))
    return Article("", tuple(lines), date_in_text(lines[:12]))


def _rejoin(lines: list[str]) -> list[str]:
    """Rejoin sentences a plain-text file wrapped mid-way ("... care and" / "its safeguarding")."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower() and out[-1][-1:] not in ".!?:\"'":
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def clean_lines(raw: Iterable[str]) -> list[str]:
    """Normalise spaces, drop furniture lines, stop at a trailer such as "Most Read"."""
    out: list[str] = []
    total = 0
    body = False  # a paragraph seen: a "Latest news" menu above the story is no trailer
    for line in raw:
        line = _SPACE.sub(" ", _CONTROL.sub("", line)).strip().translate(_PLAIN_QUOTES)
        if not line:
            continue
        if _TRAILER_LINE.match(line) and body:
            break
        body = body or (line.count(" | ") < 2 and (len(line) >= 100 or (
            len(line.split()) >= 5 and line.endswith((".", "!", "?", '"')))))
        if len(line) < 200 and _JUNK_LINE.match(line):
            continue
        out.append(line)
        total += len(line)
        if total > MAX_BODY_CHARS:
            break
    return out


def _from_html(text: str) -> Article:
    text = _XML_DECL.sub("", text, count=1)
    root = lxml.html.document_fromstring(text)
    title = _title(root)
    site = _site(root)
    published = _html_date(root, text)
    _strip_furniture(root)
    body = _main_container(root)
    lines = clean_lines(_block_lines(body))
    title = title.translate(_PLAIN_QUOTES)
    if title:
        lines = [line for line in lines if not _same(line, title)]
    if published is None:
        published = date_in_text(lines[:12])
    if title:
        lines.insert(0, title)
    return Article(title, tuple(lines), published, site=site)


def _site(root: lxml.html.HtmlElement) -> str:
    """Who publishes the page: og:site_name, application-name, the <title>, the masthead."""
    parts: list[str] = []
    for xpath in ('//meta[@property="og:site_name"]/@content',
                  '//meta[@name="application-name"]/@content', "//title",
                  '//*[contains(@class, "masthead") or contains(@id, "masthead") or '
                  'contains(@class, "logo") or contains(@class, "site-name")]'):
        for found in root.xpath(xpath)[:2]:
            words = found if isinstance(found, str) else found.text_content()
            words = _SPACE.sub(" ", str(words)).strip()
            if words:
                parts.append(words[:200])
    return " | ".join(parts)


def _same(a: str, b: str) -> bool:
    return a.strip().lower() == b.strip().lower()


def _title(root: lxml.html.HtmlElement) -> str:
    for xpath in ('//meta[@property="og:title"]/@content',
                  '//meta[@name="twitter:title"]/@content'):
        found = root.xpath(xpath)
        if found and str(found[0]).strip():
            return _SPACE.sub(" ", str(found[0])).strip()
    for h1 in root.xpath("//article//h1 | //main//h1"):
        words = _SPACE.sub(" ", h1.text_content()).strip()
        if len(words) > 15:
            return words
    found = root.xpath("//title")
    if found:
        title = _SPACE.sub(" ", found[0].text_content()).strip()
        if title:
            return _TITLE_SUFFIX.sub("", title)
    for h1 in root.iter("h1", "h2"):
        words = _SPACE.sub(" ", h1.text_content()).strip()
        if len(words) > 15:
            return words
    return ""


def _html_date(root: lxml.html.HtmlElement, text: str) -> date | None:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _DATE_META_NAMES:
            found = parse_date_value(meta.get("content") or "")
            if found:
                return found
    for match in _JSONLD_DATE.finditer(text):
        found = parse_date_value(match.group(1))
        if found:
            return found
    for el in root.iter("time"):
        found = parse_date_value(el.get("datetime") or "") or date_in_text([el.text_content()])
        if found:
            return found
    for el in root.xpath("//*[@class or @itemprop]"):
        marks = (el.get("class") or "") + " " + (el.get("itemprop") or "")
        if _DATE_CLASS.search(marks) and el.tag not in {"html", "body", "main", "article"}:
            words = el.text_content()
            if len(words) < 200:
                found = date_in_text([words])
                if found:
                    return found
    return None


def _is_junk(el: lxml.html.HtmlElement) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _KEEP_CONTAINERS:
        return False
    if tag in _DROP_TAGS:
        return True
    if tag == "header":
        return not any(a.tag in {"article", "main"} for a in el.iterancestors())
    marks = (f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''} "
             f"{el.get('data-component') or ''}")
    if not marks.strip():
        return False
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    return any(_JUNK_TOKEN.search(tok) for tok in marks.split())


def _strip_furniture(root: lxml.html.HtmlElement) -> None:
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments and processing instructions
        elif _is_junk(el):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _main_container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    candidates = root.xpath(
        "//article | //main | //*[@role='main'] | //*[@itemprop='articleBody'] | "
        "//*[contains(@class,'article-body') or contains(@class,'entry-content') or "
        "contains(@class,'story-body') or contains(@class,'post-content')]"
    )
    best, best_len = None, 0
    for el in candidates:
        size = len(el.text_content())
        if size > best_len:
            best, best_len = el, size
    body = root.find("body")
    if best is None or (body is not None and best_len < 0.25 * len(body.text_content())):
        return body if body is not None else root
    return best


_ALT_WORDS = 8  # shorter alt texts are labels ("Council logo"), not content


def _block_lines(container: lxml.html.HtmlElement) -> list[str]:
    parts: list[str] = []
    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS and tag != "dd":
                parts.append("\n")
            if tag == "br":
                parts.append("\n")
            elif tag == "img" and len(alt := (el.get("alt") or "").split()) >= _ALT_WORDS:
                parts.append("\n" + " ".join(alt) + "\n")  # a graphic of the judgements
            if el.text:
                parts.append(el.text)
        else:
            if tag in _CELL_TAGS or tag == "dt":
                parts.append(" | ")
            elif tag in _BLOCK_TAGS or tag == "li":
                parts.append("\n")
            if el.tail and el is not container:
                parts.append(el.tail)
    joined = "".join(parts)
    return [line.strip(" |") for line in joined.split("\n")]
