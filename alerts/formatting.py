"""Alert and status-card text: pure functions from records to Telegram HTML parts.

Everything that came from outside (council names, article titles, sources,
URLs) is escaped here; every result is a list of parts of at most 4096 UTF-16
units, cut at paragraph boundaries (see ``alerts.htmltext``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import urlparse

from alerts.htmltext import TELEGRAM_LIMIT, escape, link, split_html
from alerts.meanings import (
    CHANGE_LABELS,
    GRADE_MEANINGS,
    SEVERITY,
    UNGRADED_VISITS,
    VISIT_MEANINGS,
    every_judgement,
    grade_label,
    grade_phrase,
    inspection_label,
    join_and,
    judgement_label,
    judgement_phrase,
    ordered,
)
from store.councils import Council
from store.records import Alert, Event

# Inspections starting on or after this date give no overall grade (CONTRACT.md).
NO_OVERALL_FROM = "2026-04-01"
GRADED = frozenset({"ilacs", "sif", "legacy", "other"})


def council_display(name: str) -> str:
    """The council's display name from the registry, or the stored name as it is."""
    try:
        from store.councils import registry

        return registry().get(name).display_name
    except Exception:  # unknown name or registry unavailable: the name is still right
        return name


def nice_date(iso: str | None) -> str:
    """'2026-06-17' -> '17 June 2026'; anything unparsable is returned as given."""
    if not iso:
        return ""
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d:%B %Y}"


def date_range(start: str | None, end: str | None) -> str:
    if start and end and start[:10] != end[:10]:
        try:
            a, b = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
        except ValueError:
            return f"{start} to {end}"
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {b:%B %Y}"
        if a.year == b.year:
            return f"{a.day} {a:%B} – {b.day} {b:%B %Y}"
        return f"{nice_date(start)} – {nice_date(end)}"
    return nice_date(start or end)


def source_label(item: dict[str, object]) -> str:
    """Who reported it: the configured source name and the article's domain."""
    source = str(item.get("source") or "").strip()
    domain = urlparse(str(item.get("url") or "")).netloc.removeprefix("www.")
    if source and domain and domain not in source:
        return f"{source} ({domain})"
    return source or domain or "a news site"


def headline_grade(judgements: dict[str, str]) -> tuple[str, str] | None:
    """The judgement whose meaning heads the alert: overall, SEND outcome, else the worst."""
    for key in ("overall", "send_outcome"):
        if judgements.get(key):
            return key, judgements[key]
    graded = [(j, g) for j, g in ordered(judgements) if g in SEVERITY]
    return min(graded, key=lambda jg: SEVERITY[jg[1]]) if graded else None


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _no_overall(event: Event) -> bool:
    started = event.inspection_start or event.published or ""
    return (event.inspection in GRADED and bool(event.judgements)
            and "overall" not in event.judgements and started[:10] >= NO_OVERALL_FROM)


def _judgement_lines(event: Event) -> list[str]:
    lines = []
    for judgement, grade in ordered(event.judgements):
        line = f"• {escape(judgement_label(judgement))}: <b>{escape(grade_label(grade))}</b>"
        before = event.previous.get(judgement)
        change = event.changes.get(judgement)
        if before and before != grade:
            line += f" (was {escape(grade_label(before))})"
        if change:
            line += f" — {escape(CHANGE_LABELS.get(change, change))}"
        lines.append(line)
    return lines


def _meaning(judgements: dict[str, str]) -> str | None:
    """One line on what the headline grade means.

    Without an overall grade (inspections from April 2026) it says whether every
    judgement got the same grade, or names the weakest area(s).
    """
    head = headline_grade(judgements)
    if head is None or head[1] not in GRADE_MEANINGS:
        return None
    judgement, grade = head
    meaning = escape(GRADE_MEANINGS[grade])
    if judgement in ("overall", "send_outcome"):
        return f"<i>What it means:</i> {escape(grade_label(grade))} — {meaning}"
    graded = [j for j, g in ordered(judgements) if g in SEVERITY]
    lowest = [j for j in graded if judgements[j] == grade]
    if len(graded) > 1 and len(lowest) == len(graded):
        return f"<i>{every_judgement(len(graded))}:</i> {escape(grade_phrase(grade))} — {meaning}"
    label = ("Only graded area" if len(graded) == 1 else
             "Weakest area" if len(lowest) == 1 else "Weakest areas")
    areas = escape(join_and([judgement_phrase(j) for j in lowest]))
    # The grade in brackets: several meanings contain a colon of their own.
    return f"<i>{label}:</i> {areas} ({escape(grade_phrase(grade))}) — {meaning}"


def _when(event: Event, now: datetime) -> str:
    bits = []
    if event.inspection_start or event.inspection_end:
        verb = "Visited" if event.inspection in UNGRADED_VISITS else "Inspected"
        bits.append(f"{verb} {date_range(event.inspection_start, event.inspection_end)}")
    if event.published:
        today = " (today)" if event.published[:10] == now.date().isoformat() else ""
        what = "report published" if event.confirmed else "reported"
        bits.append(f"{what} {nice_date(event.published)}{today}")
    text = " · ".join(bits)
    return escape(_upper_first(text))


def _links(event: Event) -> list[str]:
    out = []
    if event.confirmed and event.report_url:
        out.append(f"📄 {link(event.report_url, 'Read Ofsted’s report')}")
    for item in event.news[:3]:
        url = str(item.get("url") or "")
        label = escape(source_label(item))
        article = link(url, "Article") if url else "Article"
        if event.confirmed:
            out.append(f"📰 {article} — first reported by {label}")
        else:
            out.append(f"📰 {article} — reported by {label}, awaiting Ofsted’s report")
    return out


def _corrected(event: Event) -> list[str]:
    lines = []
    for c in event.corrections:
        said = grade_label(str(c.get("news") or "")) if c.get("news") else "not graded"
        lines.append(f"✏️ Corrected: {escape(judgement_label(str(c.get('judgement'))))} was "
                     f"first reported as {escape(said)}; Ofsted’s report says "
                     f"{escape(grade_label(c.get('report')))}.")
    return lines


def render_event(event: Event, *, now: datetime) -> str:
    """The full alert for an event as one HTML string (may exceed the limit)."""
    council = escape(council_display(event.council))
    kind = escape(inspection_label(event.inspection))
    icon = "🏛" if event.confirmed else "📰"
    status = "" if event.confirmed else " (news report)"
    head = [f"{icon} <b>{council}</b>: {kind}{status}"]
    when = _when(event, now)
    if when:
        head.append(when)
    paragraphs = ["\n".join(head)]
    if event.inspection in UNGRADED_VISITS and not event.judgements:
        paragraphs.append(escape(VISIT_MEANINGS[event.inspection]))
    elif event.judgements:
        body = _judgement_lines(event)
        if _no_overall(event):
            body.append("<i>No overall grade: inspections from April 2026 do not give one.</i>")
        paragraphs.append("\n".join(body))
        meaning = _meaning(event.judgements)
        if meaning:
            paragraphs.append(meaning)
        if event.inspection == "send":
            paragraphs.append(escape("Area SEND inspections are joint Ofsted and CQC "
                                     "inspections of the council and local NHS services."))
    else:
        paragraphs.append("Grades not yet known.")
    corrected = _corrected(event)
    if corrected:
        paragraphs.append("\n".join(corrected))
    links = _links(event)
    if links:
        paragraphs.append("\n".join(links))
    return "\n\n".join(paragraphs)


def format_event(event: Event, *, now: datetime) -> list[str]:
    return split_html(render_event(event, now=now))


def format_correction(event: Event) -> list[str]:
    """One short message: what the report says where the news had it wrong."""
    council = escape(council_display(event.council))
    lines = [f"✏️ <b>Correction — {council}</b>"]
    when = f" (published {nice_date(event.published)})" if event.published else ""
    lines.append(f"Ofsted’s report{escape(when)} says:")
    sources = ", ".join(source_label(n) for n in event.news[:2])
    by = f" by {escape(sources)}" if sources else ""
    for c in event.corrections:
        official = c.get("report")
        said = grade_label(str(c.get("news"))) if c.get("news") else "not graded"
        label = escape(judgement_label(str(c.get("judgement"))))
        if official:
            lines.append(f"• {label}: <b>{escape(grade_label(official))}</b>, not "
                         f"{escape(said)} as first reported{by}")
        else:
            lines.append(f"• {label}: not graded in the report (first reported{by} as "
                         f"{escape(said)})")
    if event.report_url:
        lines.append(f"📄 {link(event.report_url, 'Read Ofsted’s report')}")
    return split_html("\n".join(lines))


def format_confirmation(event: Event) -> list[str]:
    """The short note sent when the earlier message cannot be edited."""
    council = escape(council_display(event.council))
    text = (f"✅ <b>{council}</b>: Ofsted has published its report, confirming the "
            f"{escape(inspection_label(event.inspection))} result sent earlier.")
    if event.report_url:
        text += f"\n📄 {link(event.report_url, 'Read Ofsted’s report')}"
    return split_html(text)


def format_notice(text: str) -> list[str]:
    return split_html(f"⚠️ <b>Operator notice</b>\n{escape(text)}")


def format_alert(event: Event | None, alert: Alert, *, now: datetime) -> list[str]:
    """The message parts for ``alert``: full for new/confirmed, short for corrections.

    A ``confirmed`` alert's text is the edit of the earlier message, so it is
    the full (now confirmed) alert again.
    """
    if alert.kind == "notice":
        return format_notice(alert.text or "")
    if event is None:
        raise ValueError(f"alert {alert.alert_id} needs its event")
    if alert.kind == "correction":
        return format_correction(event)
    return format_event(event, now=now)


# -- status card -------------------------------------------------------------------------
def _event_day(event: Event) -> str:
    return event.published or event.inspection_end or event.inspection_start or ""


def format_status_card(council: Council | str, events: Iterable[Event],
                       *, now: datetime | None = None) -> str:
    """Current judgements of one council (for /latest and on subscribing): one message."""
    if isinstance(council, str):
        display = escape(council_display(council))
        lines = [f"🏛 <b>{display}</b> — latest Ofsted results"]
    else:
        lines = [f"🏛 <b>{escape(council.display_name)}</b> — latest Ofsted results"]
        if council.valid_to is not None:
            now_run = f"; now {', '.join(council.successors)}" if council.successors else ""
            lines.append(escape(f"(Abolished {nice_date(str(council.valid_to))}{now_run}.)"))
    ordered_events = sorted(events, key=_event_day)
    graded = [e for e in ordered_events if e.judgements and e.inspection != "send"]
    send = [e for e in ordered_events if e.inspection == "send" and e.judgements]
    paragraphs = ["\n".join(lines)]
    latest = graded[-1] if graded else None
    if latest is not None:
        status = "" if latest.confirmed else " (news report, awaiting Ofsted’s report)"
        head = (f"<b>{escape(_upper_first(inspection_label(latest.inspection)))}</b>, "
                f"{escape(nice_date(_event_day(latest)))}{status}")
        body = [head] + [f"• {escape(judgement_label(j))}: <b>{escape(grade_label(g))}</b>"
                         for j, g in ordered(latest.judgements)]
        if _no_overall(latest):
            body.append("<i>No overall grade under the 2026 framework.</i>")
        meaning = _meaning(latest.judgements)
        if meaning:
            body.append(meaning)
        if latest.report_url:
            body.append(f"📄 {link(latest.report_url, 'Read the report')}")
        paragraphs.append("\n".join(body))
    else:
        paragraphs.append("No graded inspection on record yet.")
    since = _event_day(latest) if latest else ""
    visits = [e for e in ordered_events
              if e.inspection in UNGRADED_VISITS and _event_day(e) > since][-3:]
    for visit in visits:
        line = (f"Since then: {escape(inspection_label(visit.inspection))}, "
                f"{escape(nice_date(_event_day(visit)))}")
        if visit.report_url:
            line += f" — {link(visit.report_url, 'letter')}"
        paragraphs.append(line)
    if send:
        s = send[-1]
        line = (f"Area SEND: <b>{escape(grade_label(s.judgements.get('send_outcome')))}</b>, "
                f"{escape(nice_date(_event_day(s)))}")
        if s.report_url:
            line += f" — {link(s.report_url, 'report')}"
        paragraphs.append(line)
    return split_html("\n\n".join(paragraphs), TELEGRAM_LIMIT)[0]
