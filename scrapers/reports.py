"""Ofsted children's services report PDFs -> council, inspection kind, dates and judgements.

`parse_report_text` is the pure core over page texts; `parse_report` feeds it a lazy page list,
so a typical ILACS report costs one page of text extraction and a SIF report only the pages it
takes to find the LSCB review.  `report_file_json` is the `run.py report --json` line for a file
and never raises.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scrapers import report_kinds as kinds
from scrapers.report_dates import find_inspection_dates
from scrapers.report_grades import (
    lscb_grade,
    read_all_rows,
    read_table,
    send_outcome,
    sif_overall,
)
from scrapers.report_text import PdfPages, ReportError
from store.councils import Council, registry

__all__ = ["NO_OVERALL_FROM", "Report", "ReportError", "describe_report_json", "parse_report",
           "parse_report_text", "report_file_json"]

log = logging.getLogger(__name__)

# Ofsted dropped the ILACS overall effectiveness grade for inspections starting on/after this.
NO_OVERALL_FROM = date(2026, 4, 1)
_LSCB_BOOKMARK = re.compile(r"safeguarding\s+children\s+board|\blscb\b", re.IGNORECASE)
_RECORD = re.compile(r"^\s*record\s+of\s+main\s+findings", re.IGNORECASE | re.MULTILINE)
_TITLE_END = re.compile(r"\b(?:inspection|visit|review)\s+dates?\s*:|\bdear\b|\bjudgement\s+grade",
                        re.IGNORECASE)
_COUNCIL_IN_TITLE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?:inspection|visit)\s+(?:of|to)\s+(?P<name>.{2,90}?)\s+(?:local\s+authority\s+)?"
        r"children's\s+(?:social\s+care\s+)?services",
        r"inspection\s+of\s+(?P<name>.{2,90}?(?:trust|council|partnership))\b",
        r"area\s+send\s+(?:full\s+|re-?)?inspection\s+of\s+(?P<name>.{2,90}?)\s+local\s+area",
        r"joint\s+targeted\s+area\s+inspection\s+of\s+[^.]{0,200}?\s+in\s+(?P<name>[^.:\n]{2,60})",
        r"send\s+inspection\s+in\s+(?P<name>[^.:\n]{2,60})",
    )
]
# Letterheads give Ofsted's (or its contractors') office addresses, which name towns that are
# also councils (Manchester, Nottingham, Coventry, Bristol, Slough): address lines are dropped.
_ADDRESS_LINE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"  # a postcode
    r"|(?i:piccadilly\s+gate|store\s+street|agora\b|cumberland\s+place|aviation\s+house|kingsway"
    r"|clive\s+house|petty\s+france|royal\s+exchange|cheylesmore|ofsted\.gov\.uk|gov\.uk/ofsted"
    r"|@|\bt\s*0\d{3}|tribal\b|serco|cfbt|text\s+house)",
)


@dataclass(frozen=True)
class Report:
    """What a report PDF says: whose it is, what kind, when, and the grades it gives."""

    council: str | None
    council_code: str | None
    inspection: str
    inspection_start: date | None
    inspection_end: date | None
    judgements: dict[str, str] = field(default_factory=dict)
    title: str = ""

    def to_json(self, source: str) -> dict[str, Any]:
        """The CONTRACT `report --json` object."""
        return {
            "source": source,
            "council": self.council,
            "council_code": self.council_code,
            "inspection": self.inspection,
            "inspection_start": _iso(self.inspection_start),
            "inspection_end": _iso(self.inspection_end),
            "judgements": dict(self.judgements),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def parse_report(pdf_bytes: bytes) -> Report:
    """Parse a report PDF; ReportError says why when it is not a readable report PDF."""
    return parse_report_text(PdfPages.from_bytes(pdf_bytes))


def report_file_json(path: Path) -> dict[str, Any]:
    """The `report --json` line for one file; failures become {"source", "error"}, never raise."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return {"source": source, "error": f"cannot read file: {exc.strerror or exc}"}
    try:
        return parse_report(data).to_json(source)
    except ReportError as exc:
        return {"source": source, "error": str(exc)}
    except Exception as exc:  # a parser bug must not stop a batch of files
        log.exception("unexpected failure parsing %s", source)
        return {"source": source, "error": f"cannot parse report: {type(exc).__name__}: {exc}"}


def describe_report_json(line: dict[str, Any]) -> str:
    """One human-readable line for a `report_file_json` result."""
    source = line.get("source", "?")
    if "error" in line:
        return f"{source}: error: {line['error']}"
    council = line.get("council") or "unknown council"
    code = f" ({line['council_code']})" if line.get("council_code") else ""
    start, end = line.get("inspection_start"), line.get("inspection_end")
    when = f" {start} to {end}" if start and end else (f" {end or start}" if start or end else "")
    grades = ", ".join(f"{k}: {v}" for k, v in line.get("judgements", {}).items()) or "no grades"
    return f"{source}: {council}{code}, {line.get('inspection')}{when}; {grades}"


def parse_report_text(pages: Sequence[str]) -> Report:
    """The pure core: a report from its page texts (a list, or a lazy PdfPages)."""
    if len(pages) == 0:
        raise ReportError("no pages in the document")
    first = pages[0]
    if not first.strip() and (len(pages) < 2 or not pages[1].strip()):
        raise ReportError("no text in the PDF (a scanned image or an empty document)")
    if not first.strip():
        first = pages[1]
    start, end = find_inspection_dates(first)
    if end is None and len(pages) > 1:
        start, end = find_inspection_dates(pages[1])
    kind = kinds.classify(first, start)
    judgements = _judgements(kind, first, pages)
    if start is not None and start >= NO_OVERALL_FROM:
        judgements.pop("overall", None)
    council, code = _council(first)
    return Report(council, code, kind, start, end, judgements, _title(first))


def _judgements(kind: str, first: str, pages: Sequence[str]) -> dict[str, str]:
    if kind == kinds.ILACS:
        grades = read_table(first)
        if len(grades) < 4 and len(pages) > 1:
            grades = read_table(first + "\n" + pages[1])
        if len(grades) < 3:
            grades = _ilacs_section_headings(pages, grades)
        return grades
    if kind == kinds.SIF:
        return _sif_judgements(first, pages)
    if kind == kinds.LEGACY:
        return _legacy_judgements(pages)
    if kind == kinds.SEND:  # the 2023 framework's outcome heads the report
        outcome = send_outcome(" ".join(first.split()))
        if outcome is None and len(pages) > 1:
            outcome = send_outcome(" ".join(pages[1].split()))
        return {"send_outcome": outcome} if outcome else {}
    return {}


def _ilacs_section_headings(pages: Sequence[str], grades: dict[str, str]) -> dict[str, str]:
    """When the page-1 table is unreadable, the body's section headings still carry each
    grade ("The experiences and progress of children in care: good")."""
    found = dict(grades)
    for index in range(1, min(len(pages), 16)):
        for key, grade in read_all_rows(pages[index]).items():
            found.setdefault(key, grade)
    return found


def _sif_judgements(first: str, pages: Sequence[str]) -> dict[str, str]:
    grades: dict[str, str] = {}
    if not kinds.is_lscb_only(first):
        grades = read_table(first)
        if not grades and len(pages) > 1:
            grades = read_table(first + "\n" + pages[1])
        overall = sif_overall(first)
        if overall:
            grades = {"overall": overall, **grades}
    lscb = lscb_grade(first)
    if lscb is None and (kinds.is_lscb_only(first) or _may_hold_lscb_review(first)):
        lscb = _find_lscb(pages)
    if lscb:
        grades["lscb"] = lscb
    return grades


def _may_hold_lscb_review(first: str) -> bool:
    """First SIF inspections bound the LSCB review in, named on the title page or not;
    re-inspections carry one only when the title page says so."""
    head = kinds.head_of(first, 600).lower()
    return "safeguarding children board" in head or not kinds.is_reinspection(first)


def _find_lscb(pages: Sequence[str]) -> str | None:
    """The LSCB review's grade: bookmarked pages first, then from the back, where it is bound."""
    hinted: list[int] = []
    if isinstance(pages, PdfPages):
        for page in pages.outline_pages(_LSCB_BOOKMARK):
            hinted += [page, page + 1]
    for index in _unique(hinted + list(range(len(pages) - 1, 0, -1))):
        if 0 < index < len(pages):
            grade = lscb_grade(pages[index])
            if grade:
                return grade
    return None


def _legacy_judgements(pages: Sequence[str]) -> dict[str, str]:
    """Pre-2013 reports grade in a 'Record of main findings' table near the end."""
    for index in range(len(pages) - 1, -1, -1):
        found = _RECORD.search(pages[index])
        if found:
            text = pages[index][found.end():]
            if index + 1 < len(pages):
                text += "\n" + pages[index + 1]
            grades = read_all_rows(text)
            return {key: grades[key] for key in ("overall", "leaders") if key in grades}
    # No record table: some legacy reports put a judgement summary on their opening pages.
    grades = read_all_rows("\n".join(pages[index] for index in range(min(4, len(pages)))))
    return {key: grades[key] for key in ("overall", "leaders") if key in grades}


def _unique(items: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(items))


def _title_zone(first: str) -> str:
    lines = [line for line in first.split("\n") if not _ADDRESS_LINE.search(line)]
    flat = " ".join(" ".join(lines).split())
    end = _TITLE_END.search(flat)
    return flat[: end.start()] if end and end.start() > 10 else flat[:600]


def _title(first: str) -> str:
    return _title_zone(first)[:200].strip()


def _council(first: str) -> tuple[str | None, str | None]:
    """The council the report is about, named in the title, attributed to its current row."""
    reg = registry()
    zone = _title_zone(first)
    flat = " ".join(first.split())[:2000]
    names = [m.group("name") for text in (zone, flat, first[:3000]) for rx in _COUNCIL_IN_TITLE
             if (m := rx.search(text))]
    for name in names:  # a title's name is exact ("Kent", "Bradford Children and Families Trust")
        exact = [c for c in reg.resolve(" ".join(name.split()), limit=1) if c.score >= 95]
        if exact:
            return _named(reg.attribute(exact[0].council))
    for text in [*names, zone]:
        mentions = reg.find_in_text(text)
        if mentions:
            return _named(reg.attribute(mentions[0].council))
    return None, None


def _named(council: Council) -> tuple[str, str | None]:
    return council.name, council.gss_code
