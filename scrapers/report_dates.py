"""Inspection dates as Ofsted writes them on a report's first page.

Seen forms: "15 to 26 November 2021", "28 February to 4 March 2022", "8 - 12 July 2013",
"15 July 2019 to 26 July 2019", "3 to 7 October and 17 to 21 October 2016", and letters'
"on 11 and 12 March 2020".  The month and year are often written only on the last date, so
they are carried backwards; a start that lands after the end crossed a new year.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:\s+({_MONTH})\b\.?)?(?:,?\s+((?:19|20)\d\d)\b)?",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"\b(?:inspection|visit|review)\s+dates?\s*:?|\bdates?\s+of\s+(?:the\s+)?(?:inspection|visit)\s*:",
    re.IGNORECASE,
)
_LETTER = re.compile(
    r"\b(?:visit|inspection|review|took\s+place)\b[^.]{0,160}?\b(?:on|from|between)\s+"
    rf"(\d{{1,2}}(?:st|nd|rd|th)?\s[^.]{{0,60}}?(?:{_MONTH})\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
# Where the dates field ends: the next field of the header block.
_FIELD_END = re.compile(
    r"\b(?:lead|reporting|report|published|age group|this letter|inspector)\b|\n\s*\n",
    re.IGNORECASE,
)

DateRange = tuple[date | None, date | None]


def parse_date_range(text: str) -> DateRange:
    """First and last day named in a dates phrase; (None, None) when no full date is there."""
    parts: list[list[int | None]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        day, month, year = match.groups()
        if not month and not year and not _followed_by_range_word(text, match.end()):
            continue  # a stray number (footnote, page number), not part of a date
        parts.append([
            int(day), MONTHS[month.lower()] if month else None, int(year) if year else None
        ])
    if not parts or parts[-1][1] is None or parts[-1][2] is None:
        return None, None
    for later, earlier in zip(parts[::-1], parts[-2::-1], strict=False):
        if earlier[1] is None:
            earlier[1] = later[1]
        if earlier[2] is None:
            earlier[2] = later[2]
    first, last = _as_date(parts[0]), _as_date(parts[-1])
    if first and last and first > last and parts[0][2] == parts[-1][2]:
        first = _as_date([parts[0][0], parts[0][1], (parts[0][2] or 1) - 1])
    return first, last


def _followed_by_range_word(text: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:-|to|and|until|till|,)\s*\d", text[end:end + 12], re.IGNORECASE))


def _as_date(part: list[int | None]) -> date | None:
    day, month, year = part
    if day is None or month is None or year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_inspection_dates(text: str) -> DateRange:
    """The inspection dates given after an 'Inspection dates:' label, else in a letter's opening."""
    for label in _LABEL.finditer(text):
        field = text[label.end(): label.end() + 160].lstrip()
        stop = _FIELD_END.search(field)
        if stop:
            field = field[: stop.start()]
        # The dates fit one line unless they wrap; the next line may be other dates
        # ("Dates of previous inspection: ...").
        lines = field.strip().split("\n")
        for count in (1, 2):
            found = parse_date_range(" ".join(lines[:count]))
            if found[1] is not None:
                return found
    letter = _LETTER.search(text)
    if letter:
        return parse_date_range(letter.group(1).replace("\n", " "))
    return None, None
