"""Fan-out of one alert to many chats through the fake Bot API enforcing Telegram's limits.

    python benchmarks/bench_fanout.py [--chats 1000] [--rate 25] [--telegram-rate 30]

Prints the achieved send rate against the configured rate and Telegram's, and how many
sends were answered 429.  The goal: at least 90% of the allowed rate, at most 1% 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alerts.dispatch import dispatch_pending
from alerts.notifiers.telegram import TelegramNotifier
from alerts.ratelimit import RateLimiter
from store.config import TelegramConfig
from store.db import Store
from store.records import Alert, Delivery, Event, Subscription
from tests.fake_bot_api import FakeBotAPI


def seed(store: Store, chats: int) -> None:
    with store.transaction():
        store.events.put(Event(
            event_id="report:bench", council="Somerset", council_code="E06000066",
            inspection="ilacs", judgements={"overall": "good", "leaders": "good"},
            previous={"overall": "requires_improvement"}, changes={"overall": "improved"},
            published="2026-06-17", confirmed=True, report_url="https://files.example/1"))
        store.alerts.put(Alert(alert_id="report:bench:new", event_id="report:bench",
                               council="Somerset", created_at="2026-06-17T09:00:00+00:00"))
        for chat in range(1, chats + 1):
            store.subscriptions.put(Subscription(chat_id=chat, councils=["Somerset"]))
            store.deliveries.put(Delivery(alert_id="report:bench:new", chat_id=chat))


async def fan_out(store: Store, url: str, rate: float) -> float:
    notifier = TelegramNotifier("123456:bench", base_url=f"{url}/bot")
    limiter = RateLimiter.from_config(TelegramConfig(messages_per_second=rate))
    started = time.monotonic()
    summary = await dispatch_pending(store, notifier, limiter, now=datetime.now(UTC))
    elapsed = time.monotonic() - started
    await notifier.close()
    print(f"dispatch: {summary}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=TelegramConfig().messages_per_second,
                        help="configured messages_per_second (default: the config default)")
    parser.add_argument("--telegram-rate", type=int, default=30,
                        help="what the fake Bot API allows before answering 429")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeBotAPI(per_second=args.telegram_rate) as fake:
        store = Store(Path(tmp) / "data")
        seed(store, args.chats)
        elapsed = asyncio.run(fan_out(store, fake.url, args.rate))
        store.close()
        times = [s.at for s in fake.sent]
        achieved = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
        attempts = len(fake.sent) + fake.throttled
        delivered = len({s.chat_id for s in fake.sent})
    print(f"chats: {args.chats}, delivered: {delivered}, messages accepted: {len(fake.sent)}")
    print(f"elapsed: {elapsed:.1f} s")
    print(f"achieved rate: {achieved:.2f} msg/s = {achieved / args.rate:.1%} of the configured "
          f"{args.rate:g} msg/s, {achieved / args.telegram_rate:.1%} of Telegram's "
          f"{args.telegram_rate} msg/s")
    print(f"429 answers: {fake.throttled} ({fake.throttled / max(1, attempts):.2%} of sends)")
    ok = delivered == args.chats and achieved >= 0.9 * args.rate \
        and fake.throttled <= 0.01 * attempts
    print("OK" if ok else "BELOW TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
