"""Conversations with the bot through python-telegram-bot, against the fake Bot API."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from alerts.bot import build_application
from alerts.ratelimit import RateLimiter
from store.config import Config, TelegramConfig
from store.db import Store
from store.records import Event, Subscription
from tests.fake_bot_api import FakeBotAPI, Sent

# A token of the real shape, built in two parts so no scanner takes it for a leak.
TOKEN = "123456789:" + "TEST-token-that-must-never-be-logged-abc"
ADMIN = 999


@dataclass
class Chat:
    """The test's side of the conversation."""

    fake: FakeBotAPI
    store: Store
    crawls: list[str] = field(default_factory=list)
    status: Callable[[], str] = lambda: "ofsted: ok <fine> & well"

    async def say(self, chat_id: int, text: str, replies: int = 1,
                  **kwargs: object) -> list[Sent]:
        before = len(self.fake.to(chat_id))
        self.fake.push_message(chat_id, text, **kwargs)  # type: ignore[arg-type]
        assert await self.fake.until(lambda: len(self.fake.to(chat_id)) >= before + replies), \
            f"no reply to {text!r}"
        return self.fake.to(chat_id)[before:]

    async def press(self, sent: Sent, label: str, *, user_id: int | None = None,
                    edits: bool = True) -> dict[str, object]:
        """Press the button; wait for its answer (and the message's edit, if ``edits``)."""
        data = dict(sent.buttons)[label]
        answered = len(self.fake.answers)
        before = len(sent.edits)
        self.fake.push_callback(sent, data, user_id=user_id)
        assert await self.fake.until(lambda: len(self.fake.answers) > answered)
        if edits:
            assert await self.fake.until(lambda: len(sent.edits) > before)
        return self.fake.answers[-1]


async def _env(tmp_path: Path, fake: FakeBotAPI, limiter: RateLimiter,
               admin_cache_seconds: float = 60.0) -> AsyncIterator[Chat]:
    store = Store(tmp_path / "data")
    store.events.put(Event(
        event_id="report:1", council="Somerset", council_code="E06000066", inspection="ilacs",
        judgements={"overall": "good"}, published="2026-06-17", confirmed=True,
        report_url="https://files.example/1?a=1&b=2"))
    chat = Chat(fake, store)

    async def request_crawl() -> str:
        chat.crawls.append("crawl")
        return "Crawl started."

    config = Config(telegram=TelegramConfig(admins=(ADMIN,)))
    app = build_application(config, store, TOKEN, base_url=f"{fake.url}/bot", limiter=limiter,
                            status_text=lambda: chat.status(),
                            request_crawl=request_crawl,
                            admin_cache_seconds=admin_cache_seconds)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield chat
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        store.close()


@pytest.fixture
async def chat(tmp_path: Path) -> AsyncIterator[Chat]:
    # Telegram's one message a second per chat, scaled down to keep conversations quick.
    with FakeBotAPI(per_chat_seconds=0.2, max_poll=0.1) as fake:
        async for env in _env(tmp_path, fake, RateLimiter(25, per_chat_seconds=0.2)):
            yield env


async def test_start_explains_the_bot_and_sets_the_command_list(chat: Chat) -> None:
    [reply] = await chat.say(1, "/start")
    assert "/subscribe" in reply.text and reply.parse_mode == "HTML"
    assert {c["command"] for c in chat.fake.commands} >= {"subscribe", "latest", "forget"}


async def test_an_exact_name_subscribes_at_once_and_sends_the_status_card_once(
        chat: Chat) -> None:
    [reply] = await chat.say(1, "/subscribe somerset")
    assert "You'll get alerts for <b>Somerset</b>" in reply.text
    assert "Overall effectiveness: <b>Good</b>" in reply.text
    assert "a=1&amp;b=2" in reply.text  # escaped link
    assert chat.store.subscriptions.get(1).councils == ["Somerset"]  # type: ignore[union-attr]
    [again] = await chat.say(1, "/subscribe Somerset")
    assert "already follow" in again.text and "Overall" not in again.text


async def test_an_ambiguous_name_offers_a_keyboard_and_the_button_subscribes(
        chat: Chat) -> None:
    [reply] = await chat.say(2, "/subscribe Yorkshire")
    labels = [label for label, _ in reply.buttons]
    assert "North Yorkshire" in labels and "East Riding of Yorkshire" in labels
    assert chat.store.subscriptions.get(2) is None
    await chat.press(reply, "North Yorkshire")
    assert "North Yorkshire" in reply.edits[-1] and "alerts for" in reply.edits[-1]
    assert chat.store.subscriptions.get(2).councils == ["North Yorkshire"]  # type: ignore[union-attr]


async def test_a_misspelt_name_is_offered_as_a_suggestion(chat: Chat) -> None:
    [reply] = await chat.say(3, "/subscribe Brmingham")
    assert [label for label, _ in reply.buttons] == ["Birmingham"]


async def test_an_abolished_council_offers_its_successors(chat: Chat) -> None:
    [reply] = await chat.say(4, "/subscribe Northamptonshire")
    assert "abolished on 31 March 2021" in reply.text
    assert sorted(label for label, _ in reply.buttons) == [
        "North Northamptonshire", "West Northamptonshire"]


async def test_an_unknown_name_says_so(chat: Chat) -> None:
    [reply] = await chat.say(5, "/subscribe Atlantis <b>")
    assert "couldn't find" in reply.text and "Atlantis &lt;b&gt;" in reply.text


async def test_unsubscribe_by_keyboard_and_by_name_and_list(chat: Chat) -> None:
    chat.store.subscriptions.put(Subscription(chat_id=6, councils=["Somerset", "Leeds"]))
    [listed] = await chat.say(6, "/list")
    assert "• Somerset" in listed.text and "• Leeds" in listed.text
    [keyboard] = await chat.say(6, "/unsubscribe")
    await chat.press(keyboard, "Leeds")
    assert "no longer" in keyboard.edits[-1]
    [by_name] = await chat.say(6, "/unsubscribe somerset")
    assert "no longer get alerts for <b>Somerset</b>" in by_name.text
    [empty] = await chat.say(6, "/list")
    assert "don't follow any councils" in empty.text


async def test_latest_shows_current_judgements(chat: Chat) -> None:
    [card] = await chat.say(7, "/latest E06000066")
    assert "Somerset" in card.text and "Good" in card.text and "Read the report" in card.text
    [nothing] = await chat.say(7, "/latest Leeds")
    assert "No graded inspection on record" in nothing.text


async def test_forget_deletes_the_chat(chat: Chat) -> None:
    await chat.say(8, "/subscribe Somerset")
    [reply] = await chat.say(8, "/forget")
    assert "deleted everything" in reply.text
    assert chat.store.subscriptions.get(8) is None


async def test_operator_commands_refuse_others_and_serve_admins(chat: Chat) -> None:
    [refused] = await chat.say(9, "/status")
    assert "only for the bot's operators" in refused.text
    [refused_crawl] = await chat.say(9, "/crawl")
    assert "only for" in refused_crawl.text and chat.crawls == []
    [status] = await chat.say(ADMIN, "/status")
    assert "<pre>ofsted: ok &lt;fine&gt; &amp; well</pre>" in status.text
    [crawl] = await chat.say(ADMIN, "/crawl")
    assert crawl.text == "Crawl started." and chat.crawls == ["crawl"]


async def test_a_failing_handler_is_logged_once_and_the_person_told(
        chat: Chat, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> str:
        raise RuntimeError("status store unreadable")

    chat.status = broken
    [reply] = await chat.say(ADMIN, "/status")
    assert "Sorry, something went wrong" in reply.text
    assert "status store unreadable" in caplog.text


async def test_a_stale_button_is_answered_without_acting(chat: Chat) -> None:
    [reply] = await chat.say(10, "/subscribe Yorkshire")
    answered = len(chat.fake.answers)
    chat.fake.push_callback(reply, "v0|sub|Nowhere")
    assert await chat.fake.until(lambda: len(chat.fake.answers) > answered)
    assert "expired" in chat.fake.answers[-1]["text"]
    assert chat.store.subscriptions.get(10) is None


async def test_start_reactivates_a_chat_that_had_blocked_the_bot(chat: Chat) -> None:
    chat.store.subscriptions.put(Subscription(chat_id=11, councils=["Leeds"], active=False,
                                              inactive_reason="blocked"))
    [reply] = await chat.say(11, "/start")
    assert "Welcome back" in reply.text
    assert chat.store.subscriptions.get(11).active  # type: ignore[union-attr]


async def test_the_token_never_reaches_the_log(chat: Chat,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await chat.say(12, "/help")
    await chat.say(12, "/nonsense")
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


async def test_three_hundred_people_subscribing_at_once_all_get_a_confirmation(
        tmp_path: Path) -> None:
    # A faster fake and limiter than Telegram's keep the test short; the fake still
    # answers 429 the moment the bot goes over its limits.
    with FakeBotAPI(per_second=100, max_poll=0.1) as fake:
        async for env in _env(tmp_path, fake, RateLimiter(90)):
            for chat_id in range(1000, 1300):
                fake.push_message(chat_id, "/subscribe Somerset")
            assert await fake.until(lambda: len(fake.sent) >= 300, timeout=20)
            assert {s.chat_id for s in fake.sent} == set(range(1000, 1300))
            assert fake.throttled == 0
            assert len(env.store.subscriptions) == 300


# -- groups: only admins change what a group follows ---------------------------------------
GROUP = -1001234
MEMBER, GROUP_ADMIN, CREATOR = 50, 51, 52


async def test_in_a_group_only_admins_change_what_it_follows(chat: Chat) -> None:
    chat.fake.make_admin(GROUP, GROUP_ADMIN)
    chat.fake.make_admin(GROUP, CREATOR, creator=True)

    def say(text: str, user: int) -> Awaitable[list[Sent]]:
        return chat.say(GROUP, text, user_id=user, chat_type="supergroup")

    [refused] = await say("/subscribe Somerset", MEMBER)
    assert refused.text == "Only this group's admins can change its subscriptions."
    assert chat.store.subscriptions.get(GROUP) is None
    [added] = await say("/subscribe Somerset", GROUP_ADMIN)
    assert "You'll get alerts for <b>Somerset</b>" in added.text
    assert chat.store.subscriptions.get(GROUP).chat_type == "supergroup"  # type: ignore[union-attr]
    [listed] = await say("/list", MEMBER)
    assert "• Somerset" in listed.text
    [card] = await say("/latest Somerset", MEMBER)
    assert "Overall effectiveness: <b>Good</b>" in card.text
    [helped] = await say("/help", MEMBER)
    assert "/subscribe NAME" in helped.text
    for command in ("/unsubscribe Somerset", "/unsubscribe", "/forget"):
        [no] = await say(command, MEMBER)
        assert "Only this group's admins" in no.text, command
    assert chat.store.subscriptions.get(GROUP).councils == ["Somerset"]  # type: ignore[union-attr]
    [gone] = await say("/forget", CREATOR)
    assert "deleted everything" in gone.text
    assert chat.store.subscriptions.get(GROUP) is None


async def test_in_a_group_only_admins_may_press_subscribe_and_unsubscribe_buttons(
        chat: Chat) -> None:
    chat.fake.make_admin(GROUP, GROUP_ADMIN)
    [keyboard] = await chat.say(GROUP, "/subscribe Yorkshire", user_id=GROUP_ADMIN,
                                chat_type="supergroup")
    answer = await chat.press(keyboard, "North Yorkshire", user_id=MEMBER, edits=False)
    assert answer["text"] == "Only this group's admins can change its subscriptions."
    assert keyboard.edits == [] and chat.store.subscriptions.get(GROUP) is None
    await chat.press(keyboard, "North Yorkshire", user_id=GROUP_ADMIN)
    assert "alerts for" in keyboard.edits[-1]
    [off] = await chat.say(GROUP, "/unsubscribe", user_id=GROUP_ADMIN, chat_type="supergroup")
    answer = await chat.press(off, "North Yorkshire", user_id=MEMBER, edits=False)
    assert "Only this group's admins" in str(answer["text"])
    assert chat.store.subscriptions.get(GROUP).councils == [  # type: ignore[union-attr]
        "North Yorkshire"]


async def test_anonymous_group_admins_count_as_admins_and_channels_do_not(chat: Chat) -> None:
    [added] = await chat.say(GROUP, "/subscribe Somerset", chat_type="supergroup",
                             sender_chat=GROUP)
    assert "You'll get alerts for <b>Somerset</b>" in added.text
    [refused] = await chat.say(GROUP, "/forget", chat_type="supergroup", sender_chat=-100777)
    assert "Only this group's admins" in refused.text
    assert chat.fake.count("getChatMember") == 0  # the message itself says who sent it
    assert chat.store.subscriptions.get(GROUP).councils == ["Somerset"]  # type: ignore[union-attr]


async def test_private_chats_never_ask_who_is_an_admin(chat: Chat) -> None:
    [added] = await chat.say(13, "/subscribe Somerset")
    assert "You'll get alerts" in added.text
    await chat.say(13, "/forget")
    assert chat.fake.count("getChatMember") == 0


async def test_if_telegram_cannot_say_who_is_an_admin_the_answer_is_a_polite_no(
        chat: Chat) -> None:
    chat.fake.make_admin(GROUP, GROUP_ADMIN)
    chat.fake.fail_next("getChatMember", 0)  # the connection drops
    [dropped] = await chat.say(GROUP, "/subscribe Somerset", user_id=GROUP_ADMIN,
                               chat_type="supergroup")
    chat.fake.fail_next("getChatMember", 502)
    [bad_gateway] = await chat.say(GROUP, "/subscribe Somerset", user_id=GROUP_ADMIN,
                                   chat_type="supergroup")
    for reply in (dropped, bad_gateway):
        assert "couldn't check just now whether you are one" in reply.text
    assert chat.store.subscriptions.get(GROUP) is None
    [added] = await chat.say(GROUP, "/subscribe Somerset", user_id=GROUP_ADMIN,
                             chat_type="supergroup")  # failures are not remembered
    assert "You'll get alerts" in added.text


async def test_three_hundred_button_presses_ask_telegram_once_per_person(
        tmp_path: Path) -> None:
    with FakeBotAPI(per_second=100, max_poll=0.1) as fake:
        async for env in _env(tmp_path, fake, RateLimiter(90)):
            fake.make_admin(GROUP, GROUP_ADMIN)
            [keyboard] = await env.say(GROUP, "/subscribe Yorkshire", user_id=GROUP_ADMIN,
                                       chat_type="supergroup")
            assert fake.count("getChatMember") == 1
            data = dict(keyboard.buttons)["North Yorkshire"]
            for _ in range(300):
                fake.push_callback(keyboard, data, user_id=MEMBER)
            assert await fake.until(lambda: len(fake.answers) >= 300, timeout=20)
            assert all("Only this group's admins" in a["text"] for a in fake.answers)
            assert fake.count("getChatMember") == 2  # one more, for the member
            assert env.store.subscriptions.get(GROUP) is None and keyboard.edits == []


async def test_a_promotion_counts_once_the_cached_answer_expires(tmp_path: Path) -> None:
    with FakeBotAPI(per_chat_seconds=0.2, max_poll=0.1) as fake:
        async for env in _env(tmp_path, fake, RateLimiter(25, per_chat_seconds=0.2),
                              admin_cache_seconds=0.5):
            [refused] = await env.say(GROUP, "/subscribe Somerset", user_id=MEMBER,
                                      chat_type="group")
            assert "Only this group's admins" in refused.text
            fake.make_admin(GROUP, MEMBER)
            [still] = await env.say(GROUP, "/subscribe Somerset", user_id=MEMBER,
                                    chat_type="group")
            assert "Only this group's admins" in still.text  # remembered for a moment
            await asyncio.sleep(0.6)
            [added] = await env.say(GROUP, "/subscribe Somerset", user_id=MEMBER,
                                    chat_type="group")
            assert "You'll get alerts" in added.text
            assert fake.count("getChatMember") == 2
