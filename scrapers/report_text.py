"""Page text of an Ofsted report PDF, extracted lazily: parsing reads only the pages it needs.

Most judgements sit on page 1, so extracting a whole 50-page PDF would waste most of the time.
`PdfPages` behaves like a read-only list of page texts and extracts (and caches) a page only
when it is first indexed.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Sequence
from typing import overload

from pypdf import PdfReader
from pypdf.errors import PyPdfError

log = logging.getLogger(__name__)

# pypdf logs every recoverable syntax problem of a damaged PDF as a warning; they are not ours.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class ReportError(ValueError):
    """The input cannot be parsed as an Ofsted report; the message says what is wrong."""


_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2010": "-",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\t": " ",
        "\r": "\n",
    }
)
_SPACES = re.compile(r"[ \f\v]+")


def normalise_text(text: str) -> str:
    """Plain ASCII quotes and dashes, single spaces, no trailing blanks: what the regexes expect."""
    text = text.translate(_TRANSLATE)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def _describe_non_pdf(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if not data:
        return "empty file (0 bytes), not a PDF"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a PDF: the file is an HTML page"
    if head.startswith(b"<"):
        return "not a PDF: the file is XML or HTML"
    return f"not a PDF: no %PDF header (starts with {data[:8]!r})"


def open_pdf(data: bytes) -> PdfReader:
    """A reader for `data`, or ReportError naming why it is not a usable PDF."""
    if b"%PDF-" not in data[:1024]:
        raise ReportError(_describe_non_pdf(data))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportError("encrypted PDF: it needs a password to read")
        if len(reader.pages) == 0:
            raise ReportError("broken PDF: it has no pages (truncated or damaged file)")
    except ReportError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ReportError(f"broken PDF (truncated or damaged): {exc}") from exc
    except Exception as exc:  # pypdf raises assorted errors on hostile input
        raise ReportError(f"broken PDF: {type(exc).__name__}: {exc}") from exc
    return reader


class PdfPages(Sequence[str]):
    """Normalised text of each page, extracted on first access and cached."""

    def __init__(self, reader: PdfReader) -> None:
        self._reader = reader
        self._texts: dict[int, str] = {}
        self._count = len(reader.pages)

    @classmethod
    def from_bytes(cls, data: bytes) -> PdfPages:
        return cls(open_pdf(data))

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if index not in self._texts:
            self._texts[index] = normalise_text(self._extract(index))
        return self._texts[index]

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(self._count))

    @property
    def extracted(self) -> list[int]:
        """Indexes of the pages read so far (the benchmark compares against these)."""
        return sorted(self._texts)

    def outline_pages(self, pattern: re.Pattern[str]) -> list[int]:
        """Page indexes of bookmarks whose title matches `pattern` (empty if none or broken)."""
        found: list[int] = []
        try:
            stack: list[object] = list(self._reader.outline)
            while stack:
                item = stack.pop(0)
                if isinstance(item, list):
                    stack[:0] = item
                    continue
                title = str(getattr(item, "title", "") or "")
                if pattern.search(title):
                    page = self._reader.get_destination_page_number(item)  # type: ignore[arg-type]
                    if page is not None and 0 <= page < self._count:
                        found.append(page)
        except Exception:  # a broken outline is only a missed shortcut
            log.debug("unreadable PDF outline", exc_info=True)
        return found

    def _extract(self, index: int) -> str:
        try:
            return self._reader.pages[index].extract_text() or ""
        except Exception as exc:  # damaged content streams: treat the page as blank
            if index == 0:
                raise ReportError(f"broken PDF: cannot read page 1 ({exc})") from exc
            log.debug("cannot extract page %d", index + 1, exc_info=True)
            return ""
