"""The council registry: every English children's services authority since 2009, and its names.

Loaded once from the package's own copy of the reference CSVs (store/data), so an installed
package needs nothing outside itself. People's queries go through `resolve` (names, aliases,
codes, misspellings); running text goes through `find_in_text` (store.mentions does the work).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from importlib import resources

from rapidfuzz import fuzz, process

from store.mentions import TextMatcher

_CODE_CHANGE = re.compile(r"\b(E\d{8})\s*->\s*(E\d{8})\b")
_QUERY_SUFFIX = re.compile(
    r"\s+(?:children s (?:services|social care)|childrens (?:services|social care)"
    r"|(?:metropolitan )?(?:borough|district|county|city) council|council)$")
_QUERY_PREFIX = re.compile(r"^(?:the|london borough of|royal borough of|city of|borough of) ")


@dataclass(frozen=True)
class Council:
    """One row of councils.csv; abolished and superseded councils are rows too."""

    name: str
    display_name: str
    gss_code: str | None
    la_code: str
    ofsted_urn: str | None
    region: str
    kind: str
    aliases: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    stat_neighbours: tuple[str, ...]
    population_0_25: int | None

    @property
    def active(self) -> bool:
        return self.valid_to is None


@dataclass(frozen=True)
class Candidate:
    """A council offered for a query; score 100 is an exact name or code."""

    council: Council
    score: float
    reason: str


@dataclass(frozen=True)
class Mention:
    """A council named in text: text[start:end] == matched."""

    council: Council
    start: int
    end: int
    matched: str


@dataclass(frozen=True)
class Reorganisation:
    """One row of reorganisations.csv (from/to are canonical names or planned new ones)."""

    date: date | None
    from_: tuple[str, ...]
    to: tuple[str, ...]
    note: str


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in cell.split(";") if part)


def _date(cell: str) -> date | None:
    return date.fromisoformat(cell) if cell else None


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("store").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def normalise(text: str) -> str:
    """Query form: lower case, '&' -> 'and', 'saint'/'st.' -> 'st', punctuation -> spaces."""
    t = text.lower().replace("&", " and ").replace("\u2019", "'")
    t = re.sub(r"[^\w\s]", " ", t)
    words = ["st" if w == "saint" else w for w in t.split()]
    return " ".join(words)


def _strip_query(text: str) -> str:
    prev = None
    while prev != text:
        prev, text = text, _QUERY_PREFIX.sub("", _QUERY_SUFFIX.sub("", text))
    return text


class Registry:
    """Lookups over the councils; indexes are built on first use."""

    def __init__(self, rows: list[dict[str, str]], traps: list[dict[str, str]],
                 reorganisations: list[dict[str, str]]) -> None:
        self._councils = [self._council(row) for row in rows]
        self._by_name = {c.name: c for c in self._councils}
        self._trap_rows = [(t["phrase"], _split(t["wrong_council"])) for t in traps]
        self.reorganisations = [
            Reorganisation(_date(r["date"]), _split(r["from"]), _split(r["to"]), r["note"])
            for r in reorganisations]

    @staticmethod
    def _council(row: dict[str, str]) -> Council:
        return Council(
            name=row["name"], display_name=row["display_name"], gss_code=row["gss_code"] or None,
            la_code=row["la_code"], ofsted_urn=row["ofsted_urn"] or None, region=row["region"],
            kind=row["kind"], aliases=_split(row["aliases"]),
            valid_from=_date(row["valid_from"]), valid_to=_date(row["valid_to"]),
            predecessors=_split(row["predecessors"]), successors=_split(row["successors"]),
            stat_neighbours=_split(row["stat_neighbours"]),
            population_0_25=int(row["population_0_25"]) if row["population_0_25"] else None)

    def get(self, name: str) -> Council:
        return self._by_name[name]

    def all(self) -> list[Council]:
        return list(self._councils)

    # --- codes -------------------------------------------------------------------------
    @cached_property
    def _codes(self) -> dict[str, list[Council]]:
        """GSS, DfE and URN codes (plus retired GSS codes) -> rows, current rows first."""
        index: dict[str, list[Council]] = {}
        for c in sorted(self._councils, key=lambda c: not c.active):
            for code in (c.gss_code, c.la_code, c.ofsted_urn):
                if code:
                    index.setdefault(code.upper(), []).append(c)
        for r in self.reorganisations:
            if r.note.startswith("code change"):
                for old, new in _CODE_CHANGE.findall(r.note):
                    index.setdefault(old, list(index.get(new, [])))
        return index

    def by_urn(self, urn: str) -> Council | None:
        return next((c for c in self._councils if c.ofsted_urn == urn.strip()), None)

    def by_code(self, code: str) -> Council | None:
        """The row with this GSS or DfE code (or retired GSS code); a shared DfE code gives the
        current row. Superseded rows are returned as they are: pass them to `attribute`."""
        key = code.strip().upper()
        rows = self._codes.get(key, [])
        if re.fullmatch(r"\d+", key):
            rows = [c for c in rows if c.la_code == key]
        return rows[0] if rows else None

    # --- history -----------------------------------------------------------------------
    def attribute(self, council: Council) -> Council:
        """The row a council's history belongs to: a same-area code change maps to the new row."""
        if council.active:
            return council
        for r in self.reorganisations:
            if r.from_ == (council.name,) and len(r.to) == 1 and r.to[0] in self._by_name and \
                    r.note.startswith(("done (same area", "done (continuity", "code change")):
                return self.attribute(self._by_name[r.to[0]])
        if " (pre-" in council.name and len(council.successors) == 1:
            successor = self._by_name[council.successors[0]]
            if successor.la_code == council.la_code:
                return self.attribute(successor)
        return council

    def successors_now(self, council: Council) -> list[Council]:
        """Current councils covering an abolished one (following chains); itself if current."""
        if council.active:
            return [council]
        out: list[Council] = []
        for name in council.successors:
            for c in self.successors_now(self._by_name[name]):
                if c not in out:
                    out.append(c)
        return out

    def planned(self, council: Council) -> list[Reorganisation]:
        """Recorded future changes (reorganisations.csv 'planned:' rows) for this council."""
        return [r for r in self.reorganisations
                if r.note.startswith("planned") and council.name in r.from_]

    def _in_force(self, council: Council, on: date) -> bool:
        if council.valid_to is not None and council.valid_to < on:
            return False
        if council.valid_from is None or council.valid_from <= on:
            return True
        return any(self.attribute(self._by_name[p]) == council for p in council.predecessors)

    # --- people's queries --------------------------------------------------------------
    @cached_property
    def _labels(self) -> dict[str, list[tuple[Council, str]]]:
        """Normalised label -> (council it belongs to after attribution, kind of label)."""
        index: dict[str, list[tuple[Council, str]]] = {}
        for c in self._councils:
            target = self.attribute(c)
            labels = [(c.name, "name"), (c.display_name, "name")]
            labels += [(a, "alias") for a in c.aliases]
            for label, reason in labels:
                key = normalise(label)
                if all(t is not target for t, _ in index.get(key, [])):
                    index.setdefault(key, []).append((target, reason))
        return index

    @cached_property
    def _label_keys(self) -> list[str]:
        return list(self._labels)

    def resolve(self, query: str, limit: int = 8) -> list[Candidate]:
        """Councils a person may mean, best first: codes and exact names, then words, then typos."""
        best: dict[str, Candidate] = {}

        def offer(council: Council, score: float, reason: str) -> None:
            if council.name not in best or best[council.name].score < score:
                best[council.name] = Candidate(council, score, reason)

        raw = query.strip()
        for c in self._codes.get(raw.upper(), []):
            offer(self.attribute(c), 100.0, f"code {raw.upper()}")
        q = normalise(raw)
        if not q:
            return []
        stripped = _strip_query(q)
        for key, score in ((q, 100.0), (stripped, 95.0)):
            for c, reason in self._labels.get(key, []):
                offer(c, score, f"exact {reason}")
        if stripped:
            words = stripped.split()
            for key, entries in self._labels.items():
                label_words = key.split()
                if key.startswith(stripped + " "):
                    score, why = 85.0 - len(label_words), "starts with query"
                elif all(w in label_words for w in words):
                    score, why = 80.0 - len(label_words), "contains query words"
                else:
                    continue
                for c, _ in entries:
                    offer(c, score, why)
            for key, score, _ in process.extract(stripped, self._label_keys, scorer=fuzz.ratio,
                                                 score_cutoff=75, limit=limit * 3):
                for c, _ in self._labels[key]:
                    offer(c, min(score, 99.0) * 0.75, f"similar to {key!r}")
        ranked = sorted(best.values(), key=lambda x: (-x.score, not x.council.active,
                                                     x.council.name))
        return ranked[:limit]

    # --- running text ------------------------------------------------------------------
    @cached_property
    def _matcher(self) -> TextMatcher:
        labels = {c.name: [c.name, c.display_name, *c.aliases, *NEWS_SHORT.get(c.name, ())]
                  for c in self._councils}
        return TextMatcher(labels, self._trap_rows)

    def find_in_text(self, text: str, on: date | None = None) -> list[Mention]:
        """Councils named in running text, in order; with `on`, only councils existing that day.

        Pass the page's date as `on` so that "Northamptonshire" in a 2024 article (a council
        abolished in 2021) or "Cheshire" in 2015 is not reported as a council.
        """
        out: list[Mention] = []
        for name, start, end in self._matcher.find(text):
            council = self.attribute(self._by_name[name])
            if on is None or self._in_force(council, on):
                out.append(Mention(council, start, end, text[start:end]))
        return out


# Short forms news copy uses for a council once its full name is known ("Stockton", "Redcar");
# found in running text only (traps such as "Stockton Heath" or "Stoke Newington" still apply),
# never offered for people's queries, where they would be ambiguous.
NEWS_SHORT: dict[str, tuple[str, ...]] = {
    "Stockton-on-Tees": ("Stockton",),
    "Redcar and Cleveland": ("Redcar",),
    "Stoke-on-Trent": ("Stoke",),
    "Telford and Wrekin": ("Telford",),
    "Kingston upon Thames": ("Kingston",),  # "Kingston upon Hull" is longer and wins
}


@cache
def registry() -> Registry:
    """The registry built from the package data (once per process)."""
    return Registry(_read("councils.csv"), _read("ambiguity.csv"), _read("reorganisations.csv"))


def describe(item: Candidate | Council) -> str:
    """One line for the `councils` command: name, code, status, and what replaced it."""
    council = item.council if isinstance(item, Candidate) else item
    reg = registry()
    if council.active:
        line = f"{council.name}  {council.gss_code or 'no code'}  current ({council.kind}, " \
               f"{council.region})"
        for r in reg.planned(council):
            when = f" {r.date.isoformat()}" if r.date else ""
            line += f"; planned split{when} into {' and '.join(r.to)} (not yet in force)"
        return line
    now = reg.successors_now(council)
    replaced = ", ".join(f"{c.name} ({c.gss_code or 'no code'})" for c in now)
    gone = council.valid_to.isoformat() if council.valid_to else "?"
    if reg.attribute(council) is not council:
        return f"{council.name} ({council.gss_code or 'no code'}) — old code until {gone}, " \
               f"same authority continues as {replaced}"
    return f"{council.name} ({council.gss_code or 'no code'}) — abolished {gone}, " \
           f"replaced by {replaced}"
