"""The whole product, end to end, on loopback.

A report site and a news site (real HTTP servers), the real ``run.py``
commands in child processes, and a fake Telegram Bot API that enforces
Telegram's limits: backfill sends nothing; chats subscribe by name (one
through the inline keyboard); a new report and a new article appear; each
chat gets exactly one alert for its council and none for others; after
SIGTERM and a restart nothing is sent twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from scrapers.demo_site import (
    NewsFeed,
    OfstedLikeSite,
    bundled_report,
    demo_article,
)
from scrapers.sample_site import SampleSite
from store.db import Store
from tests.fake_bot_api import FakeBotAPI, Sent

ROOT = Path(__file__).resolve().parents[1]
ADMIN = 999
SOMERSET, NORTH_SOMERSET, ST_HELENS = 1001, 1002, 1003
TOKEN = "12345:end-to-end-test-token"  # not a real token's shape


def run_cli(config: Path, *args: str, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run.py"), "--config", str(config),
                           *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT, env=env)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[SampleSite, OfstedLikeSite, NewsFeed, FakeBotAPI,
                                           Path]]:
    with SampleSite() as site, FakeBotAPI() as fake:
        ofsted, news = OfstedLikeSite(site), NewsFeed(site, name="Test Gazette")
        ofsted.add_provider("80555", "Somerset Council")
        ofsted.publish("80555", "50000101", "Children's services inspection",
                       date(2018, 1, 29), bundled_report("somerset-2018-01-29.pdf"))
        ofsted.add_provider("80528", "North Somerset Council")
        ofsted.add_provider("80560", "St Helens Metropolitan Borough Council")
        ofsted.publish("80560", "50000102", "Children's services inspection",
                       date(2023, 9, 4), bundled_report("st-helens-2023-09-04.pdf"))
        config = tmp_path / "config.toml"
        config.write_text(
            f'[store]\npath = "{tmp_path / "data"}"\n'
            f'[ofsted]\nbase_url = "{site.url}"\nfiles_url = "{site.url}"\n'
            f'[[news]]\nname = "test-gazette"\nurl = "{news.url}"\nkind = "rss"\n'
            f"[crawl]\nevery_minutes = 600\ndelay_seconds = 0\ntimeout_minutes = 2\n"
            f'[telegram]\napi_base = "{fake.url}/bot"\nadmins = [{ADMIN}]\n')
        yield site, ofsted, news, fake, config


class Service:
    """``run.py serve`` in a child process, stopped with SIGTERM."""

    def __init__(self, config: Path) -> None:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN}
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "run.py"), "--config", str(config), "serve"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=60)
        return self.process.returncode, output


def last_crawl(config_dir: Path) -> str | None:
    data = config_dir / "data"
    if not (data / "writer.lock").exists():
        return None
    crawl = Store(data, readonly=True).meta("last_crawl")
    return crawl.get("finished_at") if crawl else None


def wait_for_crawl_after(config_dir: Path, since: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = last_crawl(config_dir)
        if finished and finished >= since:
            return
        time.sleep(0.2)
    raise AssertionError("the service's crawl did not finish in time")


def alerts_to(fake: FakeBotAPI, chat: int, marker: str) -> list[Sent]:
    return [s for s in fake.to(chat) if marker in s.text]


def stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def test_backfill_subscribe_alert_restart(world: tuple[SampleSite, OfstedLikeSite, NewsFeed,
                                                       FakeBotAPI, Path]) -> None:
    _site, ofsted, news, fake, config = world

    # 1. History is loaded silently.
    backfill = run_cli(config, "backfill", "--since", "2009-01-01")
    assert backfill.returncode == 0, backfill.stderr
    assert fake.sent == []

    # 2. The service starts; its first crawl finds nothing new.
    started = stamp()
    service = Service(config)
    try:
        wait_for_crawl_after(config.parent, started)

        # 3. Chats subscribe by name; a misspelt one chooses from buttons.
        fake.push_message(SOMERSET, "/subscribe Somerset")
        fake.push_message(NORTH_SOMERSET, "/subscribe North Somerset")
        fake.push_message(ST_HELENS, "/subscribe St Helns")
        assert fake.wait_for(lambda: any(s.buttons for s in fake.to(ST_HELENS)), 20)
        keyboard = next(s for s in fake.to(ST_HELENS) if s.buttons)
        choice = next(data for text, data in keyboard.buttons if "Helens" in text)
        fake.push_callback(keyboard, choice)
        assert fake.wait_for(lambda: bool(keyboard.edits) and bool(fake.answers), 20)
        assert "Helens" in keyboard.edits[-1]
        assert fake.wait_for(lambda: len(fake.to(SOMERSET)) >= 1
                             and len(fake.to(NORTH_SOMERSET)) >= 1, 20)
        time.sleep(1.0)  # let status cards (if any) arrive
        before = {chat: len(fake.to(chat)) for chat in (SOMERSET, NORTH_SOMERSET, ST_HELENS)}

        # 4. A new report and a news story appear; the admin asks for a crawl.
        ofsted.publish("80555", "50000104", "Children's services inspection",
                       date.today(), bundled_report("somerset-2026-06-17.pdf"))
        news.add(demo_article(datetime.now(UTC)))
        asked = stamp()
        fake.push_message(ADMIN, "/crawl")
        wait_for_crawl_after(config.parent, asked)
        assert fake.wait_for(lambda: len(alerts_to(fake, SOMERSET, "27 April")) >= 1
                             and len(alerts_to(fake, ST_HELENS, "ocused visit")) >= 1, 30)
        time.sleep(1.5)
    finally:
        code, output = service.stop()
    assert code == 0, output

    assert len(alerts_to(fake, SOMERSET, "27 April")) == 1
    assert len(alerts_to(fake, ST_HELENS, "ocused visit")) == 1
    assert len(fake.to(NORTH_SOMERSET)) == before[NORTH_SOMERSET], "wrong council alerted"
    assert not alerts_to(fake, SOMERSET, "ocused visit")
    assert not alerts_to(fake, ST_HELENS, "27 April")
    after_first = {chat: len(fake.to(chat)) for chat in (SOMERSET, NORTH_SOMERSET, ST_HELENS)}

    # 5. A restart crawls again and sends nothing twice.
    restarted = stamp()
    service = Service(config)
    try:
        wait_for_crawl_after(config.parent, restarted)
        time.sleep(2.0)
    finally:
        code, output = service.stop()
    assert code == 0, output
    assert {chat: len(fake.to(chat)) for chat in after_first} == after_first
    assert TOKEN not in output
