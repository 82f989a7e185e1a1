"""Telegram HTML text: escaping, measuring, splitting under the 4096 limit, plain fallback.

Telegram counts message length in UTF-16 code units of the text after entity
parsing; measuring the raw HTML in UTF-16 units is never shorter, so a part
that fits here fits there.  Splits fall at paragraph boundaries, then lines,
and only a single giant paragraph is hard-split: between tokens, never inside
an entity or a tag, closing the open tags at the cut and reopening them after.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

TELEGRAM_LIMIT = 4096

_TOKEN = re.compile(r"<[^<>]*>|&#?\w+;|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
_HREF = re.compile(r"""<a\s[^>]*href=(["'])(.*?)\1[^>]*>(.*?)</a>""", re.S | re.I)


def escape(text: object) -> str:
    """Escape text for Telegram HTML: ``<``, ``>`` and ``&`` (its only named entities)."""
    return html.escape(str(text), quote=False)


def escape_attr(text: object) -> str:
    """Escape an attribute value; Telegram knows ``&quot;`` but not ``&#x27;``."""
    return escape(text).replace('"', "&quot;")


def link(url: str, text: str) -> str:
    return f'<a href="{escape_attr(url)}">{escape(text)}</a>'


def units(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts."""
    return len(text.encode("utf-16-le")) // 2


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts of at most ``limit`` units, cut at paragraphs, then lines, then safely."""
    text = text.strip()
    if units(text) <= limit:
        return [text] if text else []
    parts = _pack(text.split("\n\n"), "\n\n", limit, _split_lines)
    return [p for p in parts if p.strip()]


def _split_lines(paragraph: str, limit: int) -> list[str]:
    return _pack(paragraph.split("\n"), "\n", limit, hard_split)


def _pack(pieces: list[str], sep: str, limit: int,
          smaller: Callable[[str, int], list[str]]) -> list[str]:
    """Greedily join pieces with ``sep``; a piece over the limit goes to ``smaller``."""
    out: list[str] = []
    current = ""
    for piece in pieces:
        if units(piece) > limit:
            if current:
                out.append(current)
                current = ""
            out.extend(smaller(piece, limit))
            continue
        candidate = f"{current}{sep}{piece}" if current else piece
        if units(candidate) <= limit:
            current = candidate
        else:
            out.append(current)
            current = piece
    if current:
        out.append(current)
    return out


def hard_split(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Cut one long run of HTML between tokens, keeping every part's tags balanced."""
    chunks: list[str] = []
    stack: list[tuple[str, str]] = []  # (tag name, opening tag as written)
    current: list[str] = []
    used = 0

    def closers() -> int:
        return sum(len(name) + 3 for name, _ in stack)

    def flush() -> None:
        nonlocal current, used
        closing = "".join(f"</{name}>" for name, _ in reversed(stack))
        chunks.append("".join(current) + closing)
        current = [opening for _, opening in stack]
        used = sum(units(o) for o in current)

    for token in _TOKEN.findall(text):
        tag = _TAG.fullmatch(token)
        if tag:
            closing, name, selfclosing = tag.group(1), tag.group(2).lower(), tag.group(3)
            if closing:
                if any(n == name for n, _ in stack):
                    while stack and stack[-1][0] != name:
                        stack.pop()
                    stack.pop()
                current.append(token)
                used += units(token)
                continue
            cost = units(token) + len(name) + 3
            if used + cost + closers() > limit and used > 0:
                flush()
            current.append(token)
            used += units(token)
            if not selfclosing:
                stack.append((name, token))
            continue
        if len(token) == 1 and token in "<&":
            token = escape(token)  # a stray character would not parse anyway
        if token.startswith("&"):
            if used + units(token) + closers() > limit:
                flush()
            current.append(token)
            used += units(token)
            continue
        while token:
            room = limit - used - closers()
            if units(token) <= room:
                current.append(token)
                used += units(token)
                break
            cut = _cut_point(token, room)
            if cut == 0:
                if used == sum(units(o) for _, o in stack):
                    cut = 1  # nothing fits beside the reopened tags: make progress anyway
                else:
                    flush()
                    continue
            current.append(token[:cut])
            used += units(token[:cut])
            token = token[cut:]
            flush()
    if "".join(current).strip():
        chunks.append("".join(current) + "".join(f"</{n}>" for n, _ in reversed(stack)))
    return chunks


def _cut_point(run: str, room: int) -> int:
    """How many characters of a text run fit in ``room`` units, preferring a space."""
    if room <= 0:
        return 0
    fit, total = 0, 0
    for ch in run:
        total += 2 if ord(ch) > 0xFFFF else 1
        if total > room:
            break
        fit += 1
    space = run.rfind(" ", 0, fit)
    return space + 1 if space > fit // 2 else fit


def html_to_plain(text: str) -> str:
    """The readable text of an HTML message: links become 'text (url)', tags go."""
    text = _HREF.sub(lambda m: f"{m.group(3)} ({m.group(2)})", text)
    text = re.sub(r"<[^<>]*>", "", text)
    return html.unescape(text)
