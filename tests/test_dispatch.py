"""Outbox delivery against the fake Bot API: every Telegram answer handled, nothing lost."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import alerts.dispatch
from alerts.dispatch import CONCURRENCY, dispatch_pending
from alerts.notifiers import make_notifier
from alerts.notifiers.console import ConsoleNotifier
from alerts.notifiers.telegram import TelegramNotifier
from alerts.outbox import DispatchSummary
from alerts.ratelimit import RateLimiter
from store.config import Config
from store.db import Store
from store.records import Alert, Delivery, Event, Subscription
from tests.fake_bot_api import FakeBotAPI

NOW = datetime(2026, 6, 17, 9, 0, tzinfo=UTC)
TOKEN = "123456789:dispatch-test-token"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(per_second=60) as api:
        yield api


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "data") as s:
        yield s


def news_event(**kw: Any) -> Event:
    base: dict[str, Any] = dict(
        event_id="news:somerset:ilacs:2026-06-17", council="Somerset",
        council_code="E06000066", inspection="ilacs", judgements={"overall": "inadequate"},
        published="2026-06-17", confirmed=False,
        news=[{"url": "https://news.example/1", "source": "gazette"}])
    base.update(kw)
    return Event(**base)


def queue(store: Store, event: Event, chats: list[int], kind: str = "new",
          subscribe: bool = True) -> str:
    alert_id = f"{event.event_id}:{kind}"
    with store.transaction():
        store.events.put(event)
        store.alerts.put(Alert(alert_id=alert_id, event_id=event.event_id,
                               council=event.council, kind=kind, created_at=f"2026-{kind}"))
        for chat in chats:
            if subscribe and store.subscriptions.get(chat) is None:
                store.subscriptions.put(Subscription(chat_id=chat, councils=[event.council]))
            store.deliveries.put(Delivery(alert_id=alert_id, chat_id=chat))
    return alert_id


async def run(store: Store, fake: FakeBotAPI, *, rate: float = 50.0,
              now: datetime = NOW) -> DispatchSummary:
    notifier = TelegramNotifier(TOKEN, base_url=f"{fake.url}/bot")
    try:
        return await dispatch_pending(store, notifier, RateLimiter(rate), now=now)
    finally:
        await notifier.close()


def states(store: Store) -> dict[int, str]:
    return {d.chat_id: d.state for d in store.deliveries.all()}


async def test_an_alert_reaches_every_subscriber_once(store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), list(range(1, 41)))
    summary = await run(store, fake)
    assert summary.sent == 40 and summary.messages == 40
    assert Counter(s.chat_id for s in fake.sent) == Counter(range(1, 41))
    assert all(d.state == "sent" and len(d.message_ids) == 1 for d in store.deliveries.all())
    assert "Somerset" in fake.sent[0].text and fake.sent[0].parse_mode == "HTML"
    again = await run(store, fake)
    assert again.due == 0 and len(fake.sent) == 40


async def test_blocked_and_vanished_chats_are_deactivated_without_stopping_others(
        store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), [1, 2, 3, 4])
    fake.blocked.add(2)
    fake.missing.add(3)
    summary = await run(store, fake)
    assert {s.chat_id for s in fake.sent} == {1, 4}
    assert states(store) == {1: "sent", 2: "gave_up", 3: "gave_up", 4: "sent"}
    blocked, missing = store.subscriptions.get(2), store.subscriptions.get(3)
    assert blocked is not None and not blocked.active and blocked.inactive_reason == "blocked"
    assert missing is not None and missing.inactive_reason == "chat not found"
    assert summary.deactivated == 2


async def test_a_migrated_group_moves_its_subscription_and_gets_the_alert_there(
        store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), [-100, 5])
    fake.migrated[-100] = -1000100
    summary = await run(store, fake)
    assert summary.migrated == 1
    assert {s.chat_id for s in fake.sent} == {-1000100, 5}
    assert store.subscriptions.get(-100) is None
    moved = store.subscriptions.get(-1000100)
    assert moved is not None and moved.councils == ["Somerset"] and moved.active


async def test_429s_pause_everyone_and_every_message_still_arrives(
        store: Store, fake: FakeBotAPI) -> None:
    fake.per_second = 10  # the limiter below is told a faster rate than the fake allows
    queue(store, news_event(), list(range(1, 31)))
    summary = await run(store, fake, rate=200.0)
    assert summary.throttled > 0 and fake.throttled == summary.throttled
    assert Counter(s.chat_id for s in fake.sent) == Counter(range(1, 31))
    assert set(states(store).values()) == {"sent"}


async def test_at_the_configured_rate_there_are_no_429s_and_the_rate_is_used(
        store: Store) -> None:
    with FakeBotAPI(per_second=30) as fake:
        queue(store, news_event(), list(range(1, 61)))
        started = time.monotonic()
        await run(store, fake, rate=28.0)
        elapsed = time.monotonic() - started
    assert fake.throttled == 0 and len(fake.sent) == 60
    times = [s.at for s in fake.sent]
    achieved = (len(times) - 1) / (times[-1] - times[0])
    assert achieved >= 0.9 * 28.0, achieved
    assert elapsed < 4.0


async def test_one_chat_gets_one_message_a_second(store: Store, fake: FakeBotAPI) -> None:
    for i in range(3):
        queue(store, news_event(event_id=f"news:{i}", published=f"2026-06-1{i}"), [7])
    await run(store, fake)
    times = [s.at for s in fake.to(7)]
    assert len(times) == 3 and fake.throttled == 0
    assert all(b - a >= 1.0 for a, b in itertools.pairwise(times))


async def test_a_too_long_message_is_split_and_logged_as_a_bug(
        store: Store, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    giant = "<b>Somerset</b> " + "word " * 1500  # 7,500 characters in one part
    monkeypatch.setattr(alerts.dispatch, "format_alert", lambda *a, **k: [giant])
    queue(store, news_event(), [1])
    summary = await run(store, fake)
    assert summary.resplit == 1 and len(fake.sent) == 2
    assert "bug" in caplog.text and "too long" in caplog.text
    assert len(store.deliveries.all()[0].message_ids) == 2


async def test_a_parse_error_is_sent_as_plain_text_and_logged(
        store: Store, fake: FakeBotAPI, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(alerts.dispatch, "format_alert",
                        lambda *a, **k: ["<b>Somerset: <i>Good</b></i>"])
    queue(store, news_event(), [1])
    summary = await run(store, fake)
    assert summary.plain_fallbacks == 1
    [sent] = fake.sent
    assert sent.text == "Somerset: Good" and sent.parse_mode is None
    assert "could not parse" in caplog.text


async def test_network_errors_and_5xx_back_off_and_retry_later(
        store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), [1, 2])
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    fake.fail_next("sendMessage", 0)  # the connection drops
    first = await run(store, fake)
    assert first.failed == 2 and states(store) == {1: "failed", 2: "failed"}
    [row] = [d for d in store.deliveries.all() if d.chat_id == 1]
    assert row.next_attempt_at and row.next_attempt_at > NOW.isoformat()
    not_yet = await run(store, fake)
    assert not_yet.due == 0
    later = await run(store, fake, now=NOW + timedelta(minutes=1))
    assert later.sent == 2 and {s.chat_id for s in fake.sent} == {1, 2}


async def test_when_telegram_is_unreachable_the_run_stops_and_the_rest_stay_queued(
        store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), list(range(1, 21)))
    fake.fail_next("sendMessage", 0, count=100)
    started = time.monotonic()
    summary = await run(store, fake)
    assert summary.stopped and time.monotonic() - started < 5
    rows = store.deliveries.all()
    assert 3 <= sum(d.state == "failed" for d in rows) <= CONCURRENCY
    assert sum(d.state == "queued" and d.attempts == 0 for d in rows) >= 20 - CONCURRENCY


async def test_a_delivery_gives_up_after_max_attempts(store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), [1])
    fake.fail_next("sendMessage", 500, "Internal Server Error", count=5)
    for hour in range(5):
        await run(store, fake, now=NOW + timedelta(hours=hour))
    [row] = store.deliveries.all()
    assert row.state == "gave_up" and "after 5 attempts" in (row.last_error or "")


async def test_a_confirmation_edits_the_first_message_instead_of_sending_another(
        store: Store, fake: FakeBotAPI) -> None:
    event = news_event()
    queue(store, event, [1])
    await run(store, fake)
    event.confirmed, event.report_url = True, "https://files.example/report.pdf"
    queue(store, event, [1], kind="confirmed")
    summary = await run(store, fake)
    [only] = fake.sent
    assert summary.edits == 1 and summary.messages == 0
    assert "awaiting" in only.text and "report.pdf" in only.edits[-1]


async def test_a_correction_edits_the_first_message_and_adds_one_short_note(
        store: Store, fake: FakeBotAPI) -> None:
    event = news_event()
    queue(store, event, [1])
    await run(store, fake)
    event.confirmed, event.judgements = True, {"overall": "good"}
    event.corrections = [{"judgement": "overall", "news": "inadequate", "report": "good"}]
    queue(store, event, [1], kind="correction")
    await run(store, fake)
    first, note = fake.sent
    assert "Good" in first.edits[-1] and "Correction" in note.text
    assert "What it means" not in note.text  # never a second full alert


async def test_a_follow_up_to_a_chat_whose_first_alert_is_still_queued_is_folded_in(
        store: Store, fake: FakeBotAPI) -> None:
    event = news_event()
    queue(store, event, [1])
    event.confirmed, event.report_url = True, "https://files.example/report.pdf"
    queue(store, event, [1], kind="confirmed")
    summary = await run(store, fake)
    [only] = fake.sent
    assert "report.pdf" in only.text and only.edits == []
    assert summary.skipped == 1 and set(states(store).values()) == {"sent"}


async def test_operator_notices_go_to_admins_without_a_subscription(
        store: Store, fake: FakeBotAPI) -> None:
    with store.transaction():
        store.alerts.put(Alert(alert_id="notice:x", event_id="", council="", kind="notice",
                               text="ofsted failing <3 times>"))
        store.deliveries.put(Delivery(alert_id="notice:x", chat_id=999))
    await run(store, fake)
    [sent] = fake.sent
    assert sent.chat_id == 999 and "failing &lt;3 times&gt;" in sent.text


async def test_unsubscribed_and_inactive_chats_are_skipped(store: Store, fake: FakeBotAPI) -> None:
    queue(store, news_event(), [1, 2])
    store.subscriptions.put(Subscription(chat_id=1, councils=[]))
    store.subscriptions.put(Subscription(chat_id=2, councils=["Somerset"], active=False,
                                         inactive_reason="blocked"))
    summary = await run(store, fake)
    assert fake.sent == [] and summary.gave_up == 2


async def test_without_a_token_the_console_notifier_prints_the_same_text(
        store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    notifier = make_notifier(Config(), None)
    assert isinstance(notifier, ConsoleNotifier)
    queue(store, news_event(), [1])
    summary = await dispatch_pending(store, notifier, RateLimiter(), now=NOW)
    out = capsys.readouterr().out
    assert summary.sent == 1 and "to chat 1" in out and "<b>Somerset</b>" in out


DISPATCHER = """
import asyncio, sys
from datetime import UTC, datetime
from alerts.dispatch import dispatch_pending
from alerts.notifiers.telegram import TelegramNotifier
from alerts.ratelimit import RateLimiter
from store.db import Store

async def main():
    notifier = TelegramNotifier(sys.argv[2], base_url=sys.argv[3])
    with Store(sys.argv[1]) as store:
        summary = await dispatch_pending(store, notifier, RateLimiter(float(sys.argv[4])),
                                         now=datetime.now(UTC))
    await notifier.close()
    print(summary)

asyncio.run(main())
"""


def test_a_sigkilled_dispatcher_resumes_without_losing_or_flooding(tmp_path: Path) -> None:
    chats = list(range(1, 301))
    with Store(tmp_path / "data") as store:
        queue(store, news_event(), chats)
        for chat in (50, 150):  # inactive chats are not sent to
            sub = store.subscriptions.get(chat)
            assert sub is not None
            sub.active = False
            store.subscriptions.put(sub)
    active = [c for c in chats if c not in (50, 150)]
    with FakeBotAPI(per_second=200) as fake:
        argv = [sys.executable, "-c", DISPATCHER, str(tmp_path / "data"), TOKEN,
                f"{fake.url}/bot", "150"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        first = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert fake.wait_for(lambda: len(fake.sent) >= 120, timeout=30)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_at = len(fake.sent)
        assert killed_at < len(active), "the first run finished before it could be killed"
        second = subprocess.run(argv, env=env, capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr.decode()[-2000:]
    received = Counter(s.chat_id for s in fake.sent)
    assert set(received) == set(active)
    repeated = sum(n - 1 for n in received.values())
    print(f"killed after {killed_at} messages; {repeated} repeated on restart")
    assert repeated <= CONCURRENCY, f"{repeated} messages repeated"
    with Store(tmp_path / "data") as store:
        assert {d.state for d in store.deliveries.all() if d.chat_id in active} == {"sent"}


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_the_limiter_keeps_groups_to_twenty_messages_a_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(25, 1.0, 20, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(45):
        await limiter.acquire(-100)
        times.append(clock.now)
    assert all(b - a >= 60.0 for a, b in zip(times, times[20:], strict=False))
    assert times[19] < 60.0


async def test_the_limiter_paces_overall_and_pauses_everyone_after_a_429() -> None:
    clock = FakeClock()
    limiter = RateLimiter(25, 1.0, 20, clock=clock, sleep=clock.sleep)
    for chat in range(1, 26):
        await limiter.acquire(chat)
    assert clock.now == pytest.approx(24 / 25)
    limiter.pause(3.0)
    before = clock.now
    await limiter.acquire(99)
    assert clock.now >= before + 3.0


def test_dispatch_summary_reads_as_a_sentence() -> None:
    assert str(DispatchSummary(due=3, sent=2, failed=1)) == "due 3, sent 2, failed 1"

