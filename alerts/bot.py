"""The Telegram bot: commands and buttons for subscribers, two commands for operators.

Long polling, async handlers, one error handler.  Everything the bot sends,
replies included, goes through the same ``RateLimiter`` as alert fan-out, so
300 people subscribing in one minute all get their confirmation and nobody
earns a 429.  Subscription rules live in ``alerts.subscriptions``; texts in
``alerts.formatting``.  In groups only admins change what the group follows.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from telegram import (
    BotCommand,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from alerts import subscriptions
from alerts.formatting import format_status_card, nice_date
from alerts.groupadmins import GroupAdmins
from alerts.htmltext import escape, split_html
from alerts.notifiers.telegram import SharedRateLimiter
from alerts.ratelimit import RateLimiter
from alerts.subscriptions import Resolution, resolve_query
from alerts.tokens import install_token_filter
from store.config import Config
from store.councils import Council, registry
from store.db import Store

log = logging.getLogger(__name__)

BUTTONS_VERSION = "v1"  # callback data "v1|sub|<council>"; any other shape is a stale button
COMMANDS = [
    ("start", "What this bot does"),
    ("subscribe", "Follow a council: /subscribe Leeds"),
    ("unsubscribe", "Stop following a council"),
    ("list", "The councils you follow"),
    ("latest", "A council's current Ofsted judgements"),
    ("forget", "Delete everything held about this chat"),
    ("help", "How to use the bot"),
]
START = (
    "👋 I send an alert when Ofsted publishes a new inspection of a council's children's "
    "services, or when local news reports one first: the grades, what changed, what they mean "
    "and a link to the report.\n\n"
    "Follow a council with <b>/subscribe NAME</b>, e.g. /subscribe Leeds. "
    "/help lists everything else."
)
HELP = (
    "<b>Commands</b>\n"
    "/subscribe NAME — follow a council (names, abbreviations and codes work)\n"
    "/unsubscribe [NAME] — stop following one\n"
    "/list — the councils you follow\n"
    "/latest NAME — a council's current judgements\n"
    "/forget — delete everything held about this chat\n\n"
    "Alerts come when Ofsted publishes a children's services inspection, focused or "
    "monitoring visit, joint targeted area inspection or area SEND inspection."
)
NOT_ADMIN = "Only this group's admins can change its subscriptions."
CANT_CHECK = ("Only this group's admins can change its subscriptions, and I couldn't check "
              "just now whether you are one. Please try again in a minute.")
GROUPS = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})
Hook = Callable[[], str]
CrawlHook = Callable[[], Awaitable[str]]


def _keyboard(action: str, councils: list[Council]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(c.display_name,
                                  callback_data=f"{BUTTONS_VERSION}|{action}|{c.name}")]
            for c in councils]
    return InlineKeyboardMarkup(rows)


def _names(councils: list[str]) -> str:
    reg = registry()
    shown = []
    for name in councils:
        try:
            shown.append(reg.get(name).display_name)
        except KeyError:
            shown.append(name)
    return "\n".join(f"• {escape(n)}" for n in shown)


class Bot:
    """The handlers, bound to the store and the operator hooks."""

    def __init__(self, config: Config, store: Store, *, status_text: Hook | None,
                 request_crawl: CrawlHook | None, clock: Callable[[], datetime],
                 admins: GroupAdmins | None = None) -> None:
        self.config = config
        self.store = store
        self.status_text = status_text
        self.request_crawl = request_crawl
        self.clock = clock
        self.group_admins = admins or GroupAdmins()

    # -- helpers -----------------------------------------------------------------------
    async def reply(self, update: Update, text: str,
                    markup: InlineKeyboardMarkup | None = None) -> None:
        message = update.effective_message
        if message is None:
            return
        parts = split_html(text)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            await message.reply_text(part, reply_markup=markup if last else None)

    def card(self, council: Council) -> str:
        return format_status_card(council, self.store.council_events(council.name),
                                  now=self.clock())

    def is_admin(self, update: Update) -> bool:
        admins = set(self.config.telegram.admins)
        user, chat = update.effective_user, update.effective_chat
        return bool((user and user.id in admins) or (chat and chat.id in admins))

    async def may_change(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """Whether the sender may change what this chat follows; if not, says so politely.

        Anyone in a private chat; in a group, its administrators and creator, and
        anonymous admins (writing as the group itself).  If Telegram cannot be
        asked, the answer is no.
        """
        chat, sender = update.effective_chat, update.effective_sender
        if chat is None or chat.type not in GROUPS:
            return True
        try:
            if isinstance(sender, Chat):  # on behalf of a chat: only the group itself is admin
                allowed = sender.id == chat.id
            else:
                allowed = sender is not None and await self.group_admins.is_admin(
                    context.bot, chat.id, sender.id)
            text = NOT_ADMIN
        except TelegramError as exc:
            log.warning("bot: could not check the admins of chat %s: %s", chat.id, exc)
            allowed, text = False, CANT_CHECK
        if allowed:
            return True
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await self.reply(update, text)
        return False

    @staticmethod
    def chat(update: Update) -> tuple[int, str]:
        chat = update.effective_chat
        assert chat is not None
        return chat.id, chat.type

    def subscribed_text(self, council: Council, chat_id: int, chat_type: str) -> str:
        added = subscriptions.subscribe(self.store, chat_id, council.name, chat_type=chat_type)
        if not added:
            return f"You already follow <b>{escape(council.display_name)}</b>."
        return (f"✅ You'll get alerts for <b>{escape(council.display_name)}</b>.\n\n"
                f"{self.card(council)}")

    # -- commands ------------------------------------------------------------------------
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id, chat_type = self.chat(update)
        back = subscriptions.reactivate(self.store, chat_id, chat_type=chat_type)
        text = START
        if back:
            text += "\n\nWelcome back: your alerts are switched on again."
        await self.reply(update, text)

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.reply(update, HELP)

    async def subscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = " ".join(context.args or []).strip()
        if not query:
            await self.reply(update, "Which council? Send e.g. <b>/subscribe Leeds</b>.")
            return
        if not await self.may_change(update, context):
            return
        chat_id, chat_type = self.chat(update)
        found = resolve_query(query)
        if found.council is not None:
            await self.reply(update, self.subscribed_text(found.council, chat_id, chat_type))
            return
        await self.offer(update, found, "sub", "Which council do you want alerts for?")

    async def offer(self, update: Update, found: Resolution, action: str, ask: str) -> None:
        if found.abolished is not None:
            gone = found.abolished
            when = f" on {nice_date(gone.valid_to.isoformat())}" if gone.valid_to else ""
            text = (f"<b>{escape(gone.display_name)}</b> was abolished{when}. Its children's "
                    f"services are now run by the councils below. {ask}")
        elif found.choices:
            text = f"I'm not sure which council “{escape(found.query)}” means. {ask}"
        else:
            await self.reply(update, f"I couldn't find a council called "
                                     f"“{escape(found.query)}”. Try its name, e.g. Leeds, "
                                     f"or its ONS code.")
            return
        await self.reply(update, text, _keyboard(action, found.choices))

    async def unsubscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.may_change(update, context):
            return
        chat_id, _ = self.chat(update)
        followed = subscriptions.councils_of(self.store, chat_id)
        if not followed:
            await self.reply(update, "You don't follow any councils.")
            return
        query = " ".join(context.args or []).strip()
        reg = registry()
        if not query:
            councils = [reg.get(n) for n in followed if n in {c.name for c in reg.all()}]
            await self.reply(update, "Which council should I stop sending alerts for?",
                             _keyboard("uns", councils))
            return
        wanted = [c.council.name for c in reg.resolve(query)]
        match = next((n for n in wanted if n in followed), None)
        match = match or next((n for n in followed if n.lower() == query.lower()), None)
        if match is None:
            await self.reply(update, f"You don't follow “{escape(query)}”. You follow:\n"
                                     f"{_names(followed)}")
            return
        subscriptions.unsubscribe(self.store, chat_id, match)
        await self.reply(update, f"You'll no longer get alerts for <b>{escape(match)}</b>.")

    async def list(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id, _ = self.chat(update)
        followed = subscriptions.councils_of(self.store, chat_id)
        if not followed:
            await self.reply(update, "You don't follow any councils yet. "
                                     "Try <b>/subscribe Leeds</b>.")
            return
        await self.reply(update, f"You follow:\n{_names(followed)}")

    async def latest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = " ".join(context.args or []).strip()
        if not query:
            await self.reply(update, "Which council? Send e.g. <b>/latest Leeds</b>.")
            return
        found = resolve_query(query)
        council = found.council or found.abolished
        if council is not None:
            await self.reply(update, self.card(council))
            return
        await self.offer(update, found, "lat", "Which council's results do you want?")

    async def forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self.may_change(update, context):
            return
        chat_id, _ = self.chat(update)
        gone = self.store.forget_chat(chat_id)
        await self.reply(update, f"Done: I deleted everything I held about this chat "
                                 f"({gone} records). Send /start to begin again.")

    async def status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_admin(update):
            await self.reply(update, "Sorry, /status is only for the bot's operators.")
            return
        text = self.status_text() if self.status_text else "Status is not available here."
        await self.reply(update, "\n\n".join(f"<pre>{escape(p)}</pre>"
                                             for p in text.split("\n\n") if p.strip()))

    async def crawl(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.is_admin(update):
            await self.reply(update, "Sorry, /crawl is only for the bot's operators.")
            return
        answer = await self.request_crawl() if self.request_crawl else "Crawling is not " \
                                                                       "available here."
        await self.reply(update, escape(answer))

    async def unknown(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.reply(update, "I don't know that command; /help lists what I can do.")

    # -- buttons -------------------------------------------------------------------------
    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        version, _, rest = (query.data or "").partition("|")
        action, _, name = rest.partition("|")
        try:
            council = registry().get(name)
        except KeyError:
            council = None
        if version != BUTTONS_VERSION or council is None or action not in ("sub", "uns", "lat"):
            await query.answer("This button has expired: please send the command again.")
            return
        if action in ("sub", "uns") and not await self.may_change(update, context):
            return
        chat_id, chat_type = self.chat(update)
        if action == "sub":
            await query.answer(f"Following {council.display_name}")
            text = self.subscribed_text(council, chat_id, chat_type)
        elif action == "uns":
            if subscriptions.unsubscribe(self.store, chat_id, council.name):
                await query.answer(f"Stopped {council.display_name}")
                text = f"You'll no longer get alerts for <b>{escape(council.display_name)}</b>."
            else:
                await query.answer(f"You don't follow {council.display_name} any more.")
                return
        else:
            await query.answer()
            text = self.card(council)
        message = query.message
        if message is not None and message.is_accessible:
            await query.edit_message_text(split_html(text)[0], reply_markup=None)
        else:  # too old to edit: say it anew
            await self.reply(update, text)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("bot: handler failed", exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            try:
                await update.effective_message.reply_text(
                    "Sorry, something went wrong. Please try again later.")
            except TelegramError:
                log.warning("bot: could not tell the chat about the error")


class BotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """Sets the command menu whenever it starts, however it is run."""

    async def initialize(self) -> None:
        await super().initialize()
        try:
            await self.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        except TelegramError:
            log.warning("bot: could not set the command list", exc_info=True)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def build_application(
    config: Config,
    store: Store,
    token: str,
    *,
    base_url: str | None = None,
    limiter: RateLimiter | None = None,
    status_text: Hook | None = None,
    request_crawl: CrawlHook | None = None,
    clock: Callable[[], datetime] = _utcnow,
    concurrent_updates: int = 64,
    admin_cache_seconds: float = 60.0,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The whole bot as one PTB Application, ready for ``initialize/start/start_polling``.

    In groups, getChatMember answers are kept ``admin_cache_seconds`` per chat and user.
    """
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token
    install_token_filter()
    limiter = limiter or RateLimiter.from_config(config.telegram)
    bot = Bot(config, store, status_text=status_text, request_crawl=request_crawl, clock=clock,
              admins=GroupAdmins(admin_cache_seconds))

    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url or config.telegram.api_base)
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .rate_limiter(SharedRateLimiter(limiter))
        .concurrent_updates(concurrent_updates)
        .application_class(BotApplication)
        .build()
    )
    for name, handler in (("start", bot.start), ("help", bot.help),
                          ("subscribe", bot.subscribe), ("unsubscribe", bot.unsubscribe),
                          ("list", bot.list), ("latest", bot.latest), ("forget", bot.forget),
                          ("status", bot.status), ("crawl", bot.crawl)):
        application.add_handler(CommandHandler(name, handler))
    application.add_handler(CallbackQueryHandler(bot.button))
    application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE,
                                           bot.unknown))
    application.add_error_handler(bot.on_error)
    return application
