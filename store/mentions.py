"""Finding council names in running text, with the traps of ambiguity.csv kept out.

The engine works on council *names* only (store.councils wraps hits into Mentions), so it can
be built once from the CSV rows and reused for every page. One regex finds capitalised words;
a dict keyed by a word's normalised form picks the few labels that can start there, tried
longest first. Context rules then drop readings that are not the council: trap phrases from
ambiguity.csv, football clubs, police forces, people, royal titles, places abroad, and common
English words ("Reading the report", "bury bad news").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_DASH = r"\-\u2010\u2011\u2013\u2014"
_SEP = rf"[\s{_DASH}]+"
_APOS = "['\u2019]"
_WORD_START = re.compile(rf"(?<![\w&'\u2019{_DASH}])[A-Z][A-Za-z&]*")
_NOTE = re.compile(r"\s*\(([^)]*)\)\s*$")
_COUNCIL_SUFFIX = re.compile(
    r"\s+(?:(?:metropolitan\s+)?(?:borough|district|county|city)\s+)?council$", re.I)

# Capitalised words that may follow a council name without turning it into something else
# ("Somerset Children's Services", headline "Leeds Rated Good").  Any other capitalised word
# makes a compound proper noun: Derby County, Kent Police, Sutton Hoo, York Minster.
_FOLLOW_WORDS = """
council councils children childrens child social safeguarding services service local ofsted
inspection inspections inspectors report reports director directors dcs cabinet leader leaders
families family early help send area la lscb care fostering adoption youth young
people education outstanding good inadequate requires improvement adequate rated judged graded
is was has had have are were will gets got receives received given says said told and or in on
at for from to with after before as by into over still now again remains stays moves improves
improved falls drops rises praised criticised criticized placed must should could would needs
need makes made sees saw hails welcomes welcomed responds responded publishes published
announces announced achieves earns secures retains keeps maintains celebrates faces fails
failed failing warned urged ordered ranked rating ratings upgraded downgraded branded handed
scores the a an its their this january february march april may june july august
september october november december monday tuesday wednesday thursday friday saturday sunday
"""
_FOLLOW_OK = frozenset(_FOLLOW_WORDS.split())
_TITLES_OF = frozenset([
    "Duke", "Duchess", "Duchy", "Earl", "Countess", "Prince", "Princess", "Marquess", "Marquis",
    "Archbishop", "Bishop", "Dean", "Baron", "Baroness", "Viscount", "Viscountess"])
_PERSON_TITLES = frozenset([
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady",
    "Cllr", "Councillor", "Rev"])
_NEXT_TOKEN = re.compile(rf"\.?(?:\s*(,)|[\s{_DASH}]+([^\s{_DASH},]+))")
_ANY_WORD = re.compile(r"(?<![\w&])[\w&]")
_TOKEN_KEY = re.compile(r"[\w&]+|,")
_SPEECH = re.compile(r"\s+(?:said|says|told|added|explained|wrote|commented)\b")
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w']*)")
_HYPHEN_AFTER = re.compile(rf"[{_DASH}](?!(?:based|wide|born|run|led|funded|owned|area)\b)\w")
_LOWER_AFTER = re.compile(r"\s+(?:village|hamlet|parish)\b")
_FUNCTION_AFTER = re.compile(
    r"\s+(?:the|a|an|this|that|these|those|his|her|their|its|our|my|your|it|them|all|any|every"
    r"|some|through|about|between|up|down|out|off|back|into|over)\b")
_WEAK_CONTEXT = re.compile(
    rf"(?:{_APOS}s?)?\s+(?:Council\b|(?:County|City|Borough)\s+Council\b|[Cc]hildren{_APOS}?s?\b"
    r"|[Ss]ocial\s+(?:[Cc]are|[Ss]ervices|[Ww]orkers?)\b|[Ll]ocal\s+[Aa]uthority\b|[Ss]afeguarding\b"
    r"|Ofsted\b|[Ii]nspection\b|LSCB\b|[Cc]are\s+leavers\b|council(?:'s|\u2019s)?\s+children)")
_WEAK_BEFORE = re.compile(
    rf"(?:children{_APOS}?s\s+(?:services|social\s+care)|council|Ofsted|social\s+care|"
    r"social\s+services|services\s+for\s+(?:vulnerable\s+)?children(?:\s+and\s+(?:families|"
    r"young\s+people))?|children\s+and\s+families)\s+(?:in|at|for|of|across)\s+$",
    re.I)
# Qualifiers that put a place name abroad: "Richmond, Virginia", "York in Western Australia".
_ABROAD = (
    "Australia", "Western Australia", "WA", "New South Wales", "Tasmania",
    "Queensland", "New Zealand", "Canada", "Ontario", "Quebec", "Jamaica", "USA", "US", "DC",
    "Virginia", "Vermont", "Massachusetts", "Alabama", "Connecticut", "Ohio", "North Carolina",
    "South Carolina", "Texas", "California", "Pennsylvania", "Florida", "Maine", "Oregon",
    "Kentucky", "Illinois", "Michigan", "New Jersey", "South Africa", "Ireland",
)


def norm_token(token: str) -> str:
    """Lower-case form of one word; 'Saint'/'St.' fold to 'st'."""
    t = token.lower().rstrip(".")
    return "st" if t == "saint" else t


def split_label(label: str) -> list[str]:
    """Words of a label: spaces and hyphens separate; a spaced '&' is the word 'and'."""
    words = re.split(rf"[\s{_DASH}]+", label.replace(",", " , ").strip())
    return ["and" if w == "&" else w for w in words if w]


def _token_rx(word: str) -> str:
    low = norm_token(word)
    if low == "st":
        return r"(?:st\.?|saint)"
    return re.escape(word).replace("'", _APOS + "?").replace("\u2019", _APOS + "?")


def label_regex(label: str) -> str:
    """A regex for a label that tolerates case, '&'/'and', 'St.'/'Saint', hyphens, newlines."""
    out = r"(?<![\w&])"
    for i, word in enumerate(split_label(label)):
        if word == ",":
            out += r"\s*,"
        elif word.lower() == "and" and i:
            out += rf"(?:{_SEP}and|\s*&)"
        else:
            sep = (r"\s*" if out.endswith(",") else _SEP) if i else ""
            out += sep + _token_rx(word)
    return out + r"(?![\w&])"


def phrase_core(phrase: str) -> tuple[str, str]:
    """'bury (verb)' -> ('bury', 'verb'); "Coventry ('sent to Coventry')" -> the quoted text."""
    m = _NOTE.search(phrase)
    if not m:
        return phrase.strip(), ""
    note = m.group(1).strip()
    quoted = re.fullmatch(r"['\u2018](.+)['\u2019]", note)
    return (quoted.group(1), "") if quoted else (phrase[: m.start()].strip(), note.lower())


def _token_key(word: str) -> str:
    """Index form of a label's second word, as it may appear in text ("Somerset's" -> somerset)."""
    m = _TOKEN_KEY.match(word.lower())
    t = m.group() if m else word.lower()
    return {"&": "and", "saint": "st"}.get(t, t)


def _key(label: str) -> str:
    return " ".join(norm_token(w) for w in split_label(label))


@dataclass(frozen=True)
class _Label:
    council: str
    text: str
    pattern: str
    tokens: int
    exact_case: bool      # abbreviations: KCC, B&NES, NE Lincs
    capital_suffix: bool  # "Kingston Council": a lower-case "council" is not this title
    weak: bool            # bare name that needs children's-services context (Durham, Westminster)
    common_word: bool     # Reading, Bury, Slough: ordinary words at a sentence start
    titled: bool          # ends in Council/Trust/...: a capitalised word may follow


@dataclass(frozen=True)
class _Trap:
    pattern: str
    wrong: frozenset[str]
    width: int


class TextMatcher:
    """Finds (council name, start, end) hits in text; build once, call `find` many times."""

    def __init__(self, labels: Mapping[str, Sequence[str]],
                 traps: Iterable[tuple[str, Sequence[str]]]) -> None:
        owner: dict[str, str] = {}
        for council, names in labels.items():
            for label in names:
                owner.setdefault(_key(label), council)
        trap_rows = [(*phrase_core(p), frozenset(w)) for p, w in traps]
        weak: set[tuple[str, str]] = set()
        common: set[tuple[str, str]] = set()
        for core, note, wrong in trap_rows:
            key = _key(core)
            if owner.get(key) in wrong and not note.startswith("after") \
                    and note not in ("surname", "person"):
                (common if note in ("verb", "word") else weak).add((owner[key], key))
        self._rx: dict[str, re.Pattern[str]] = {}
        self._by_key_rx: dict[tuple[str, str], tuple[list[_Label], re.Pattern[str]]] = {}
        self._trap_rx: dict[str, re.Pattern[str]] = {}
        self._trap_width: dict[str, int] = {}
        # first word -> second word ("" for one-word labels) -> labels
        self._by_first: dict[str, dict[str, list[_Label]]] = {}
        for council, names in labels.items():
            for label in self._expand(council, names, owner):
                self._add(council, label, owner, weak, common)
        self._traps: dict[str, list[_Trap]] = {}
        qualifiers: dict[str, set[str]] = {}
        abroad = set(_ABROAD)
        for core, note, wrong in trap_rows:
            if note.startswith("after") or note in ("surname", "person", "verb", "word") \
                    or _key(core) in owner:
                continue  # dated by councils.py; people, words and bare names by rules below
            qualifier = core.partition(", ")[2]
            trap = _Trap(label_regex(core), wrong, len(core) + 8)
            # A phrase that is something else (Cheshire cat, Kent Police) hides every council in
            # it; a "Place, Qualifier" phrase only hides the council it was mistaken for.
            inside = set() if qualifier else {e.council for e, _, _ in self._raw_hits(core)}
            for council in wrong | inside:
                self._traps.setdefault(council, []).append(trap)
            if qualifier:
                if _key(qualifier) in owner:
                    for council in wrong:
                        qualifiers.setdefault(council, set()).add(qualifier)
                else:
                    abroad.add(qualifier.removesuffix(" WA").strip())
        self._abroad = self._qualifier_rx(abroad)
        self._qualifier_rx_by = {c: self._qualifier_rx(q) for c, q in qualifiers.items()}

    def _compiled(self, pattern: str) -> re.Pattern[str]:
        rx = self._rx.get(pattern)
        if rx is None:
            rx = self._rx[pattern] = re.compile(pattern, re.I)
        return rx

    @staticmethod
    def _qualifier_rx(places: Iterable[str]) -> re.Pattern[str]:
        alts = "|".join(label_regex(p) for p in sorted(places, key=len, reverse=True))
        return re.compile(rf"(?:\s*,\s*|\s+in\s+)(?:{alts})")

    @staticmethod
    def _expand(council: str, names: Sequence[str], owner: Mapping[str, str]) -> list[str]:
        """The council's own labels plus formal titles built from its plain names."""
        out = [n for n in names if "(" not in n]
        for base in [n for n in names[:2] if "(" not in n and "," not in n]:
            for form in ("{} Council", "{} County Council", "{} City Council",
                         "{} Borough Council", "{} Metropolitan Borough Council", "City of {}"):
                label = form.format(base)
                if owner.get(_key(label), council) == council:
                    out.append(label)
        return out

    def _add(self, council: str, label: str, owner: Mapping[str, str],
             weak: set[tuple[str, str]], common: set[tuple[str, str]]) -> None:
        words = split_label(label)
        key = _key(label)
        base = _COUNCIL_SUFFIX.sub("", label)
        entry = _Label(
            council=council, text=label, pattern=label_regex(label),
            tokens=len(words),
            exact_case=any(sum(ch.isupper() for ch in w) >= 2 for w in words),
            capital_suffix=base != label and (
                owner.get(_key(base)) != council or (council, _key(base)) in weak),
            weak=(council, key) in weak, common_word=(council, key) in common,
            titled=label.lower().endswith(("council", "trust", "first", "children")))
        first = norm_token(words[0])
        second = _token_key(words[1]) if len(words) > 1 else ""
        for k in (first, "saint") if first == "st" else (first,):
            self._by_first.setdefault(k, {}).setdefault(second, []).append(entry)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Councils named in `text`, in order, longest reading first, traps dropped."""
        return [(entry.council, start, end) for entry, start, end in self._raw_hits(text)
                if self._is_council(entry, text, start, end)]

    def _raw_hits(self, text: str) -> list[tuple[_Label, int, int]]:
        """Leftmost-longest label matches with the right letter case, before context rules."""
        hits: list[tuple[_Label, int, int]] = []
        pos = 0
        for word in _WORD_START.finditer(text):
            start = word.start()
            if start < pos:
                continue
            key = word.group().lower()
            if key not in self._by_first:
                continue
            nxt = _NEXT_TOKEN.match(text, word.end())
            entries, rx = self._candidates(key, _token_key(nxt.group(1) or nxt.group(2))
                                           if nxt else "")
            m = rx.match(text, start) if entries else None
            if m is None or m.lastindex is None:
                continue
            # one regex per first word finds the longest label; fall back label by label only
            # when that label's letter case is wrong ("together for children")
            for entry in entries[m.lastindex - 1:]:
                m = self._compiled(entry.pattern).match(text, start)
                if m is None or not self._case_ok(entry, m.group()):
                    continue
                pos = m.end()
                hits.append((entry, start, m.end()))
                break
        return hits

    def _candidates(self, first: str, second: str) -> tuple[list[_Label], re.Pattern[str]]:
        """Labels that may start with these two words, longest first, and one regex for them."""
        by_second = self._by_first[first]
        if second not in by_second:
            second = ""
        cached = self._by_key_rx.get((first, second))
        if cached is None:
            entries = sorted([*by_second.get(second, []), *(by_second.get("", []) if second
                                                              else [])],
                             key=lambda e: (-e.tokens, -len(e.text)))
            alts = "|".join(f"({e.pattern})" for e in entries) or "(?!)"
            cached = self._by_key_rx[(first, second)] = (entries, re.compile(alts, re.I))
        return cached

    @staticmethod
    def _case_ok(entry: _Label, matched: str) -> bool:
        if entry.exact_case and " ".join(matched.split()) != entry.text:
            return matched.isupper() and matched.replace(" ", "") == entry.text.upper().replace(
                " ", "")
        if entry.capital_suffix and not matched.split()[-1][:1].isupper():
            return False
        return matched[:1].isupper()

    def _is_council(self, entry: _Label, text: str, start: int, end: int) -> bool:
        before, after = text[max(0, start - 40):start], text[end:end + 60]
        words = before.split()[-2:]
        prev, prev2 = (["", "", *words])[-1], (["", "", *words])[-2]
        if (prev == "of" and prev2 in _TITLES_OF) or prev.rstrip(".") in _PERSON_TITLES:
            return False  # Duke of York; Ms Kent
        if prev in ("New", "Greater") and before.endswith(" "):
            return False  # New York, Greater Manchester
        if entry.tokens == 1 and prev.istitle() and prev.isalpha() and prev2 \
                and not prev2.endswith((".", "!", "?", ":", ";")) and _SPEECH.match(after):
            return False  # "headteacher Sarah Kent said"
        if _HYPHEN_AFTER.match(after) or _LOWER_AFTER.match(after):
            return False
        if not entry.titled:
            nxt = _NEXT_WORD.match(after)
            if nxt and nxt.group(1).lower().removesuffix("'s") not in _FOLLOW_OK:
                return False
        if self._abroad.match(after):
            return False
        qualifiers = self._qualifier_rx_by.get(entry.council)
        if qualifiers is not None and qualifiers.match(after):
            return False
        if entry.weak and not (_WEAK_CONTEXT.match(after) or _WEAK_BEFORE.search(before)):
            return False
        if entry.common_word and _FUNCTION_AFTER.match(after) \
                and (not prev or prev.endswith((".", "!", "?", ":", ";", '"', "\u201c"))
                     or "\n" in text[max(0, start - 3):start]):
            return False  # "Reading the report, ..." at the start of a sentence
        return not self._trapped(entry.council, text, start, end)

    def _trapped(self, council: str, text: str, start: int, end: int) -> bool:
        """True when a trap phrase for this council covers the hit (and is not inside it)."""
        traps = self._traps.get(council)
        if not traps:
            return False
        rx = self._trap_rx.get(council)
        if rx is None:
            alts = sorted({t.pattern for t in traps}, key=len, reverse=True)
            rx = self._trap_rx[council] = re.compile("|".join(alts), re.I)
            self._trap_width[council] = max(t.width for t in traps)
        width = self._trap_width[council]
        for word in _ANY_WORD.finditer(text, max(0, start - width), end):
            t = rx.match(text, word.start())
            if t is None or t.end() <= start:
                continue
            if start <= t.start() and end >= t.end() and end - start > t.end() - t.start():
                continue  # the council's own longer title contains the phrase
            return True
        return False
