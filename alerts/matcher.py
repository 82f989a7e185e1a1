"""The news matcher: does a saved page report a newly published Ofsted outcome, and which?

`classify` reads the page (alerts.article), finds the councils it names (store.councils),
reads every grade statement (alerts.statements), keeps those that are the new result, fills
previous grades from the history ones, and decides the page kind. Pure: no I/O, `now` is
passed in, and bad input gives a verdict with `error` set rather than an exception.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from alerts.article import Article, extract
from alerts.framing import (
    FIRST_PERSON_RATED,
    NATIONAL,
    about_other_inspectorate,
    presents_result,
    talk_headline,
)
from alerts.grades import (
    GRADE_RE,
    council_columns,
    grade_over_list,
    previous_columns,
    split_label_runs,
)
from alerts.pagecouncils import of_councils, page_mentions
from alerts.pagedates import weekday_year, years_in
from alerts.pagekinds import (
    follow_up,
    main_councils,
    only_background,
    only_details_of_an_old_result,
    quiet_kind,
    recounts_old_report,
)
from alerts.regimes import has_no_overall, inspection_kind, judgements_of, normalise
from alerts.statements import (
    ALL,
    BOTH,
    HISTORY,
    NEW,
    OTHERS,
    Mention,
    Statement,
    statements_in,
)
from alerts.tenses import ASPIRATION
from alerts.topics import (
    CS_CONTEXT,
    CS_OWN,
    LEAD_WORDS,
    NO_NEW_REPORT,
    OFSTED,
    OTHER_INSPECTORATE,
    PREVIEW,
    ROUNDUP_TITLE,
    SAME_AS_BEFORE,
    SEND_ACRONYM,
    WEAK_IMPROVED,
    about_provider,
    fresh_news,
    reported_fresh,
)
from alerts.visits import find_visit, fresh_letter, fresh_visits

log = logging.getLogger(__name__)

ALERT_KINDS = frozenset({"new_result", "multi", "visit"})

_NOW_WORD = re.compile(r"\bnow\b", re.I)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|-|\b)")


@dataclass(frozen=True)
class NewsEvent:
    """One judgement of one council's newly published inspection, as the page reports it."""

    council: str
    council_code: str | None
    inspection: str
    judgement: str | None
    grade: str | None
    previous_grade: str | None
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "council": self.council, "council_code": self.council_code,
            "inspection": self.inspection, "judgement": self.judgement, "grade": self.grade,
            "previous_grade": self.previous_grade, "evidence": self.evidence,
        }


@dataclass(frozen=True)
class PageVerdict:
    """The matcher's answer for one page."""

    published: date | None
    principal_council: str | None
    alert: bool
    kind: str
    events: tuple[NewsEvent, ...]
    title: str = ""
    error: str | None = None

    def to_json(self, source: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": source,
            "published": self.published.isoformat() if self.published else None,
            "principal_council": self.principal_council,
            "alert": self.alert,
            "kind": self.kind,
            "events": [e.to_json() for e in self.events],
        }
        if self.error:
            out["error"] = self.error
        return out

    def describe(self, source: str) -> str:
        """One human line per page, then one per event."""
        head = (f"{source}: {self.kind}{' ALERT' if self.alert else ''}"
                f" council={self.principal_council or '-'}"
                f" published={self.published.isoformat() if self.published else '-'}")
        if self.error:
            head += f" error={self.error}"
        rows = [f"  {e.council} {e.inspection} {e.judgement or '-'}={e.grade or '-'}"
                f" (previous {e.previous_grade or '-'})" for e in self.events]
        return "\n".join([head, *rows])


def _registry() -> Any:
    from store.councils import registry

    return registry()


def classify(
    page: str | bytes,
    url: str | None = None,
    published: date | None = None,
    *,
    now: datetime,
) -> PageVerdict:
    """Decide whether a saved page reports a newly published Ofsted outcome; never raises."""
    try:
        article = extract(page)
    except Exception as exc:  # extract is defensive; this is the last line
        log.exception("cannot read page %s", url)
        return PageVerdict(published, None, False, "negative", (), "", f"cannot read page: {exc}")
    pub = published or _plausible(article.published or _url_date(url), now)
    if not article.lines:
        return PageVerdict(pub, None, False, "negative", (), article.title,
                           article.error or "no text")
    try:
        return _classify(article, pub, now, url)
    except Exception as exc:
        log.exception("matcher failed on %s", url)
        return PageVerdict(pub, None, False, "negative", (), article.title, f"matcher: {exc}")


def _url_date(url: str | None) -> date | None:
    """Dates publishers put in article URLs: /2019/03/12/ or 2019-03-12."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _plausible(found: date | None, now: datetime) -> date | None:
    if found is None or found > now.date() + timedelta(days=2):
        return None
    return found


_OWN_VOICE = re.compile(r"\b(?:our|we|we've|we're|we\s+are)\b", re.I)
_COUNCIL_WORD = re.compile(r"\b(?:council|borough|county|corporation)\b", re.I)
_HOST = re.compile(r"^[a-z]+://(?:www\.)?([^/:]+)", re.I)


def _site_council(reg: Any, article: Article, url: str | None, on: date | None) -> Any:
    """The council whose own site the page is on: named by the site's name, else its host
    ("cheshirewestandchester.gov.uk")."""
    site = article.site
    # "Cheshire West and Chester Council", not "Manchester Evening News"
    hits = {reg.attribute(h.council).name: reg.attribute(h.council)
            for h in reg.find_in_text(site, on=on)
            if _COUNCIL_WORD.search(site[max(0, h.start - 20) : h.end + 20])} if site else {}
    if len(hits) == 1:
        return next(iter(hits.values()))
    m = _HOST.match(url or "")
    if not m or not re.search(r"\.gov\.uk$", m.group(1), re.I):
        return None
    label = m.group(1).split(".")[0].lower()
    for council in reg.all():
        keys = [council.name, *council.aliases]
        if any(re.sub(r"[^a-z]", "", k.lower()) == label for k in keys):
            return reg.attribute(council)
    return None


def _classify(
    article: Article, pub: date | None, now: datetime, url: str | None = None
) -> PageVerdict:
    reg = _registry()
    text = council_columns(previous_columns(grade_over_list(split_label_runs(article.text))),
                           lambda cell: _names_a_council(reg, cell))
    mentions, names = page_mentions(reg, text, pub)
    ref = pub or _inferred_date(text, now)
    ref_year = ref.year if ref else None
    title_len = len(article.lines[0])
    counts = Counter(m.council for m in mentions if m.council in names)
    counts.update(m.council for m in mentions if m.start < title_len and m.council in names)
    top = counts.most_common(1)[0][0] if counts else None
    own = _site_council(reg, article, url, pub) if _OWN_VOICE.search(text) else None
    if own is not None:
        # "our children's services" on the council's own site: the site's council
        names.setdefault(own.name, (own.name, own.gss_code))
        top = own.name

    head = "\n".join((article.lines[0], *article.headlines, article.lead))
    lead_first = article.lead.split("\n", 1)[0].split(". ", 1)[0]
    national = NATIONAL.search("\n".join((*article.headlines, lead_first))) and not any(
        m.start < len(article.lines[0]) for m in mentions)
    if not names or national or (own is None and FIRST_PERSON_RATED.search(head)
                                 and not CS_OWN.search(head)):
        # no council, or a fostering agency's or school's own news of its rating
        return PageVerdict(pub, None, False, "negative", (), article.title, article.error)
    in_title = {m.council for m in mentions if m.start < title_len and m.council in names}
    if len(in_title) == 1 and top not in in_title and own is None:
        top = next(iter(in_title))  # the headline's council, however often others are named
    single = top is not None and in_title == {top}
    found = of_councils(statements_in(text, mentions, ref, top, single), names)
    mentions = [m for m in mentions if m.council in names]
    new = [s for s in found if s.tense in (NEW, BOTH) and s.councils]
    context = bool(CS_CONTEXT.search(text) or SEND_ACRONYM.search(text))
    other = OTHER_INSPECTORATE.search(text) and not re.search(r"\bofsted\b", text, re.I)
    if other or not (context or found) or not (OFSTED.search(text) or (context and new)):
        return PageVerdict(pub, None, False, "negative", (), article.title, article.error)
    if about_provider(article.lines) or about_other_inspectorate(article.lines):
        return PageVerdict(pub, None, False, "negative", (), article.title, article.error)

    fresh = [s for s in new if s.tense == NEW]
    visit = find_visit(text, ref_year, title_len)
    councils_new = {c for s in new for c in s.councils}
    rated = {c for s in found for c in s.councils}
    if (len(councils_new) >= 4 and not fresh_news(text)) or (
            len(rated | set(names)) >= 3
            and any(ROUNDUP_TITLE.search(line) for line in article.headlines)):
        return PageVerdict(pub, None, False, "roundup", (), article.title, article.error)
    if len(councils_new) >= 3 and any(len(s.councils) >= 3 for s in new) and not fresh_news(
            text, strict=True, ref_year=ref_year):
        # "Care leavers in Leeds, Barnet and Hackney are all rated outstanding": a comparison
        return PageVerdict(pub, None, False, "commentary", (), article.title, article.error)
    if _ratings_table(found) and not fresh_news(text, strict=True, ref_year=ref_year):
        return PageVerdict(pub, None, False, "roundup", (), article.title, article.error)
    strong = [s for s in fresh if s.strength >= 3 or s.judgement == ALL]
    headline = [s for s in fresh if s.position < title_len and title_len < 160]
    visit_led = visit is not None and visit.prominent and not strong and not headline
    preview = PREVIEW.search(text) is not None
    announced = preview and not fresh_news(text, strict=True, ref_year=ref_year)
    if visit and not (visit.fresh or visit.prominent):
        # "its last visit, in May, found ...": background unless the page says it is news
        page_fresh = fresh_news(text, strict=True, ref_year=ref_year) or fresh_letter(text)
        # a page leading with an inspection under way ("inspectors arrived this morning")
        led_by_preview = PREVIEW.search(text, 0, max(text.find(visit.sentence), 0)) is not None
        if led_by_preview or visit.recalled or not (page_fresh or visit.reported):
            visit = replace(visit, current=False)
    # (in a menu copied into a plain-text page, "Opinion" is a link beside "News" and "Sport")
    menu = sum(len(line.split()) <= 2 for line in article.headlines) >= 3
    heads = [h for h in article.headlines if not (menu and len(h.split()) <= 2)]
    talk = any(talk_headline(line) for line in (*heads, lead_first)) and \
        not reported_fresh(article.lead, ref_year, strong=True, ref=ref)  # opinion, a year on
    # a page whose headline and lead never speak of an inspection ("New chief executive
    # appointed") only recalls one in its background
    aside = not LEAD_WORDS.search(head) or not presents_result(
        (article.lines[0], *article.headlines), article.lead, ref_year)
    if visit and (talk or aside or NO_NEW_REPORT.search(text)) and not (
            visit.fresh and _OUT_NOW.search(visit.sentence)):
        # ("monitoring visits since 2016 have found progress" on a preview: not this letter)
        visit = replace(visit, current=False)
    if visit and visit.current and top and not announced and (not new or visit_led
                                            or only_background(new, visit, article.lines[0])):
        name, code = names[top]
        event = NewsEvent(name, code, visit.kind, None, None, None, visit.sentence)
        return PageVerdict(pub, top, True, "visit", (event,), article.title, article.error)
    if announced and not strong and not headline:
        new = []
    if talk and not any(reported_fresh(s.sentence, ref_year, ref=ref) for s in new):
        new = []  # talk about a result already known
    if new and all(st.tense == BOTH for st in new) and not GRADE_RE.search(article.lines[0]) \
            and not reported_fresh(article.lead, ref_year, ref=ref):
        new = []  # only "remains good" in a page not presenting a new report: standing grades
    if new and (aside or NO_NEW_REPORT.search(text)):
        new = []
    if new and not has_no_overall(ref, text) and \
            only_details_of_an_old_result(new, found, text, ref_year):
        # (from April 2026 there is no new overall grade for the details to belong to)
        new = []
    if new and recounts_old_report(article, ref, ref_year):
        # "When Ofsted published its report back in March, ...": talk about it since; only a
        # grade said as news of its own stands
        new = [s for s in new if fresh_news(s.sentence, strict=True, ref_year=ref_year)
               or _NOW_WORD.search(s.sentence)]
    if new and follow_up(text, article.lines[0], ref, ref_year):
        new = []  # a scrutiny or improvement update recounting a known result
    if new or (top and _improved(text) and fresh_news(text) and not aside and not talk):
        main = main_councils(new, top, article, mentions)
        events = _events(main, found, names, ref, text, top, pub is not None)
        if events:
            events += _visit_events(events, text, mentions, names, ref_year)
            per_council = {e.council for e in events}
            kind = "new_result" if len(per_council) == 1 else "multi"
            principal = next(iter(per_council)) if len(per_council) == 1 else None
            return PageVerdict(pub, principal, True, kind, tuple(events), article.title,
                               article.error)
    kind = quiet_kind(article, found, visit)
    principal = top if kind in ("preview", "commentary") else None
    return PageVerdict(pub, principal, False, kind, (), article.title, article.error)


_OUT_NOW = re.compile(r"\b(?:(?:published|released)(?!\s+(?:last|in|back|earlier|on\s+\d))|today|"
                      r"this\s+week|yesterday|this\s+morning)\b", re.I)


def _improved(text: str) -> re.Match[str] | None:
    """ "No longer inadequate", "out of special measures", said as done, not as a wish ("tries to
    pull its department out of special measures")."""
    for m in WEAK_IMPROVED.finditer(text):
        if not ASPIRATION.search(text[max(0, m.start() - 60) : m.start()]):
            return m
    return None


def _names_a_council(reg: Any, cell: str) -> bool:
    """The table cell is just a council's name ("West Northamptonshire", "Leeds City Council")."""
    hits = reg.find_in_text(cell)
    return len(hits) == 1 and len(cell) - (hits[0].end - hits[0].start) <= 10


def _ratings_table(found: list[Statement]) -> bool:
    """A table or list of councils' current ratings, most of them dated years back ("Barnet |
    Good | 2023"), or of eight councils or more: a roundup, even if one row's year is this
    year."""
    rows: dict[str, bool] = {}
    for s in found:
        if s.strength >= 3 and len(s.councils) == 1:
            rows[s.councils[0]] = rows.get(s.councils[0], False) or s.tense in (NEW, BOTH)
    return len(rows) >= 8 or (len(rows) >= 3 and sum(rows.values()) * 3 <= len(rows))


def _visit_events(
    events: list[NewsEvent],
    text: str,
    mentions: list[Mention],
    names: dict[str, tuple[str, str | None]],
    ref_year: int | None,
) -> list[NewsEvent]:
    """Other councils' newly published visit letters on a page of graded results."""
    graded = {e.council for e in events}
    out: list[NewsEvent] = []
    for council, visit in fresh_visits(text, mentions, ref_year):
        if council in graded:
            continue
        graded.add(council)
        name, code = names[council]
        out.append(NewsEvent(name, code, visit.kind, None, None, None, visit.sentence))
    return out


def _inferred_date(text: str, now: datetime) -> date | None:
    """A reference date for undated pages: a weekday-dated day, else the latest year named."""
    years = [y for y in years_in(text) if y <= now.year]
    latest = max(years) if years else None
    found = weekday_year(text, latest, now.date())
    if found:
        return found
    return date(latest, 7, 1) if latest else None


def _events(
    new: list[Statement],
    found: list[Statement],
    names: dict[str, tuple[str, str | None]],
    ref: date | None,
    text: str,
    top: str | None,
    dated: bool,
) -> list[NewsEvent]:
    """One event per council and judgement, best-supported grade, previous grade filled.
    `dated`: the page's own date is known (not guessed from the years it mentions)."""
    grades = {s.grade for s in new}
    graded = inspection_kind(ref, text, grades)
    no_overall = has_no_overall(ref, text)
    # A roundup may carry one council's area SEND outcome beside another's graded inspection.
    send = {c for s in new if s.judgement == "send_outcome" for c in s.councils}
    kinds = {c: "send" if c in send else graded for s in found for c in s.councils}
    named = {s.judgement for s in new if not s.combined}
    split = "in_care" in named and "care_leavers" in named and not dated
    votes: dict[tuple[str, str], Counter[str]] = {}
    evidence: dict[tuple[str, str], list[str]] = {}
    previous: dict[tuple[str, str], tuple[int, int, str]] = {}
    others: list[Statement] = []
    kept = {id(s) for s in new}
    for s in found:
        if s.tense in (NEW, BOTH) and id(s) not in kept:
            continue  # an aside about another council, dropped by main_councils
        if s.judgement == OTHERS:
            if s.tense in (NEW, BOTH) and s in new:
                others.append(s)
            continue
        for council in s.councils:
            for judgement in _judgements(s, kinds[council], ref, no_overall, split):
                key = (council, judgement)
                if s.tense in (NEW, BOTH):
                    weight = 10 * s.strength + (2 if s.tense == NEW else 1)
                    votes.setdefault(key, Counter())[s.grade] += weight
                    evidence.setdefault(key, [])
                    if s.sentence not in evidence[key]:
                        evidence[key].append(s.sentence)
                prior = s.tense == HISTORY or s.tense == BOTH
                if prior:
                    rank = (s.year or 0) * 2 + (1 if s.tense == HISTORY else 0)
                    best = previous.get(key)
                    if best is None or (rank, -s.position) > (best[0], best[1]):
                        previous[key] = (rank, -s.position, s.grade)
    _fill_others(others, votes, evidence, judgements_of(graded, ref, no_overall), send)
    events: list[NewsEvent] = []
    several = len({c for c, _ in votes}) > 1
    same = SAME_AS_BEFORE.search(text) is not None
    for (council, judgement), counter in votes.items():
        grade = counter.most_common(1)[0][0]
        prev = previous.get((council, judgement))
        said_same = same and (not several or any(
            SAME_AS_BEFORE.search(e) for e in evidence[(council, judgement)]))
        if prev is None and said_same and judgement in ("overall", "send_outcome"):
            prev = (0, 0, grade)
        name, code = names[council]
        events.append(NewsEvent(name, code, kinds[council], judgement, grade,
                                prev[2] if prev else None,
                                " ".join(evidence[(council, judgement)][:3])))
    _add_implied_overall(events, names, "send" if send else graded, no_overall, text, top)
    order = ["overall", "leaders", "help_protection", "in_care", "care_leavers", "adoption",
             "lscb", "send_outcome"]
    events.sort(key=lambda e: (e.council, order.index(e.judgement or "overall")))
    return events


def _fill_others(
    others: list[Statement],
    votes: dict[tuple[str, str], Counter[str]],
    evidence: dict[tuple[str, str], list[str]],
    regime: tuple[str, ...],
    send: set[str],
) -> None:
    """"All other areas were judged good": every judgement of the regime the page does not
    grade by name gets that grade."""
    for s in others:
        for council in s.councils:
            if council in send:
                continue
            named = {j for (c, j) in votes if c == council and j != "overall"}
            for judgement in regime:
                if judgement in named:
                    continue
                key = (council, judgement)
                if judgement == "overall" and key in votes:
                    continue
                votes.setdefault(key, Counter())[s.grade] += 10 * s.strength + 2
                evidence.setdefault(key, []).append(s.sentence)


def _judgements(
    s: Statement, kind: str, ref: date | None, no_overall: bool, split: bool
) -> tuple[str, ...]:
    if kind == "send" and s.judgement != "send_outcome":
        return ()
    if s.judgement == ALL:
        if s.tense == HISTORY:
            return () if no_overall else ("overall",)
        return judgements_of(kind, ref, no_overall)
    found = normalise(s.judgement, s.combined, kind, ref, split, s.sentence)
    return tuple(j for j in found if not (no_overall and j == "overall"))


def _add_implied_overall(
    events: list[NewsEvent],
    names: dict[str, tuple[str, str | None]],
    kind: str,
    no_overall: bool,
    text: str,
    top: str | None,
) -> None:
    """"No longer inadequate" with no new overall grade stated: most such exits are to RI."""
    if no_overall or kind == "send":
        return
    m = _improved(text)
    if not m:
        return
    councils = {e.council for e in events} or ({top} if top else set())
    if len(councils) != 1:
        return
    council = next(iter(councils))
    if any(e.judgement == "overall" for e in events):
        return
    name, code = names[council]
    events.append(NewsEvent(name, code, kind, "overall", "requires_improvement", "inadequate",
                            m.group(0)))
