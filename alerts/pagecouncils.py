"""Which councils a page can be about: those it names that exist on the page's date.

A 2024 page naming "the old Northamptonshire County Council" (abolished in 2021), "east
Northamptonshire" (a place) or "Northamptonshire Children's Trust" (serving two councils)
names no council of its own there; its grades belong to the councils it names otherwise.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from alerts.statements import Mention, Statement

# "children in east Northamptonshire": a place, not the council of that name.
_GEOGRAPHY_BEFORE = re.compile(r"\b(?:east|west|north|south|north-east|north-west|south-east|"
                               r"south-west|central|rural)\s+$")
_COMPASS_BEFORE = re.compile(r"\b(?:east|west|north|south)\s+$", re.I)
# A trust serving several successor councils is not a council by itself.
_NOT_A_COUNCIL_AFTER = re.compile(r"\s+children(?:'s|s')?\s+trust\b", re.I)
_GONE = "\u2020"  # marks a mention that names no council of the page


def page_mentions(
    reg: Any, text: str, on: date | None
) -> tuple[list[Mention], dict[str, tuple[str, str | None]]]:
    """Councils named in the page and {name: (name, code)} of those that can be its subject.
    "The old Northamptonshire County Council" on a 2024 page (abolished by the page's date),
    "east Northamptonshire" (a place) and "Northamptonshire Children's Trust" stay mentions,
    under a marked name, so what is said of them is said of no council of the page."""
    in_force = {(h.start, h.end) for h in reg.find_in_text(text, on=on)} if on else None
    mentions: list[Mention] = []
    names: dict[str, tuple[str, str | None]] = {}
    for hit in reg.find_in_text(text):
        council = reg.attribute(hit.council)
        if in_force is not None and (hit.start, hit.end) not in in_force and on is not None:
            # "Dorset" on a 2015 page: the county council of that name then, not today's
            earlier = _namesake_then(reg, council, on)
            if earlier is not None:
                council, in_force = earlier, in_force | {(hit.start, hit.end)}
        gone = in_force is not None and (hit.start, hit.end) not in in_force
        if gone and _COMPASS_BEFORE.search(text, max(0, hit.start - 12), hit.start):
            continue  # "East Northamptonshire", a district's name: a place, nobody's subject
        if gone or _GEOGRAPHY_BEFORE.search(text, max(0, hit.start - 12), hit.start) or \
                _NOT_A_COUNCIL_AFTER.match(text, hit.end):
            mentions.append(Mention(hit.start, hit.end, _GONE + council.name))
            continue
        names[council.name] = (council.name, council.gss_code)
        mentions.append(Mention(hit.start, hit.end, council.name))
    return mentions, names


def of_councils(
    found: list[Statement], names: dict[str, tuple[str, str | None]]
) -> list[Statement]:
    """Statements about councils of the page only (not abolished ones or mere places)."""
    out = []
    for s in found:
        councils = tuple(c for c in s.councils if c in names)
        if councils:
            out.append(s if councils == s.councils else replace(s, councils=councils))
    return out


def _namesake_then(reg: Any, council: Any, on: date) -> Any:
    """The predecessor, in force on `on`, that bears this council's name (the pre-2019 Dorset
    county council for Dorset), if any."""
    if council.valid_from is None or council.valid_from <= on:
        return None
    for name in council.predecessors:
        earlier = reg.get(name)
        if name.startswith(council.name) and (earlier.valid_to is None or earlier.valid_to >= on):
            return earlier
    return None
