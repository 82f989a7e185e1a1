"""A fake Telegram Bot API on loopback that enforces Telegram's limits, so tests can fail.

python-telegram-bot talks to it through ``base_url=f"{fake.url}/bot"`` (the
token is appended).  It serves getMe, getUpdates (long polling over updates the
test pushes), sendMessage, editMessageText, answerCallbackQuery, getChatMember
(everyone is a plain member unless the test made them an admin) and the
housekeeping methods, and answers like Telegram when a message is over 4096
characters, its HTML does not parse, a chat is blocked, unknown or migrated,
or the sender goes faster than 30 messages a second overall, one a second per
chat or 20 a minute per group (429 with ``retry_after``).  Every accepted
message is recorded with its time.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span",
        "tg-spoiler", "tg-emoji", "blockquote"}
_TOKEN = re.compile(r"<[^>]*>?|&[^;\s&<]*;?|[^<&]+")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)(\s[^>]*)?>$")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);$")
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Ofsted alerts", "username": "ofsted_bot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}
# Who Telegram says wrote a message sent on behalf of a chat: the group itself, or another chat.
ANONYMOUS_ADMIN = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                   "username": "GroupAnonymousBot"}
CHANNEL_BOT = {"id": 136817688, "is_bot": True, "first_name": "Channel",
               "username": "Channel_Bot"}
ADMIN_RIGHTS = ("can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info",
                "can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories")


class ApiError(Exception):
    def __init__(self, code: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or ApiError 400 "can't parse entities"."""
    stack: list[str] = []
    out: list[str] = []
    offset = 0
    for token in _TOKEN.findall(text):
        where = f"at byte offset {offset}"
        offset += len(token.encode())
        if token.startswith("<"):
            tag = _TAG.match(token)
            if not tag:
                raise ApiError(400, f"Bad Request: can't parse entities: Unexpected character "
                                    f"{where}")
            closing, name = tag.group(1), tag.group(2).lower()
            if name not in TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag "
                                    f"\"{name}\" {where}")
            if closing:
                if not stack or stack[-1] != name:
                    raise ApiError(400, f"Bad Request: can't parse entities: Unexpected end tag "
                                        f"{where}")
                stack.pop()
            else:
                stack.append(name)
        elif token.startswith("&") and token.endswith(";") and len(token) > 2:
            if not _ENTITY.match(token):
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported HTML entity "
                                    f"{where}")
            out.append(html.unescape(token))
        else:
            out.append(token)
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag "
                            f"corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Sent:
    """A message the bot sent (and Telegram accepted)."""

    chat_id: int
    message_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    at: float
    edits: list[str] = field(default_factory=list)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b.get("text", ""), b.get("callback_data", "")) for row in rows for b in row]


class FakeBotAPI:
    """Start with ``with FakeBotAPI() as fake:``; point PTB at ``f"{fake.url}/bot"``."""

    def __init__(self, *, per_second: int = 30, per_chat_seconds: float = 1.0,
                 group_per_minute: int = 20, retry_after: int = 1, max_poll: float = 0.3,
                 latency: float = 0.0) -> None:
        self.per_second = per_second
        self.per_chat_seconds = per_chat_seconds
        self.group_per_minute = group_per_minute
        self.retry_after = retry_after
        self.max_poll = max_poll
        self.latency = latency
        self.cond = threading.Condition()
        self.sent: list[Sent] = []
        self.by_id: dict[tuple[int, int], Sent] = {}
        self.rejected: list[tuple[str, int | None, int, str]] = []  # method, chat, code, text
        self.answers: list[dict[str, Any]] = []
        self.calls: list[tuple[str, float]] = []
        self.commands: list[dict[str, Any]] = []
        self.tokens: set[str] = set()
        self.blocked: set[int] = set()
        self.missing: set[int] = set()
        self.migrated: dict[int, int] = {}
        self.members: dict[tuple[int, int], str] = {}  # (chat, user) -> status; default member
        self.faults: deque[tuple[str, int, str]] = deque()  # method, status (0 = drop), text
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._recent: deque[float] = deque()
        self._chat_last: dict[int, float] = {}
        self._group_times: dict[int, deque[float]] = {}
        self._closing = False
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle -------------------------------------------------------------------
    def __enter__(self) -> FakeBotAPI:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        with self.cond:
            self._closing = True
            self.cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # -- what tests use ----------------------------------------------------------------
    def push_message(self, chat_id: int, text: str, *, user_id: int | None = None,
                     chat_type: str = "private", sender_chat: int | None = None) -> None:
        """A person writes ``text`` in ``chat_id`` (commands get their entity).

        ``sender_chat``: sent on behalf of that chat; ``chat_id`` itself means an
        anonymous group admin, another id a linked channel.
        """
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "Test"} if chat_type == "private" else {"title": "Group"})
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()), "chat": chat,
            "from": {"id": user_id or abs(chat_id), "is_bot": False, "first_name": "Test"},
            "text": text}
        if sender_chat == chat_id:
            message.update({"from": ANONYMOUS_ADMIN, "sender_chat": chat})
        elif sender_chat is not None:
            message.update({"from": CHANNEL_BOT,
                            "sender_chat": {"id": sender_chat, "type": "channel",
                                            "title": "Channel"}})
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        self._push({"message": message})

    def push_callback(self, sent: Sent, data: str, *, user_id: int | None = None) -> str:
        """A person presses a button with ``data`` under the bot's message ``sent``."""
        query_id = f"cq{next(self._update_ids)}"
        message = self._message(sent)
        self._push({"callback_query": {
            "id": query_id, "from": {"id": user_id or abs(sent.chat_id), "is_bot": False,
                                     "first_name": "Test"},
            "chat_instance": str(sent.chat_id), "data": data, "message": message}})
        return query_id

    def _push(self, body: dict[str, Any]) -> None:
        with self.cond:
            self._updates.append({"update_id": next(self._update_ids), **body})
            self.cond.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(min(left, 0.05))
            return True

    async def until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """``wait_for`` for async tests: lets the event loop (and the bot) run meanwhile."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    def to(self, chat_id: int) -> list[Sent]:
        with self.cond:
            return [s for s in self.sent if s.chat_id == chat_id]

    def make_admin(self, chat_id: int, user_id: int, *, creator: bool = False) -> None:
        """From now on getChatMember says ``user_id`` administers (or created) ``chat_id``."""
        with self.cond:
            self.members[(chat_id, user_id)] = "creator" if creator else "administrator"

    def count(self, method: str) -> int:
        """How many times the bot called ``method`` (failed calls included)."""
        with self.cond:
            return sum(1 for m, _ in self.calls if m == method)

    @property
    def throttled(self) -> int:
        with self.cond:
            return sum(1 for r in self.rejected if r[2] == 429)

    def fail_next(self, method: str, status: int = 502, text: str = "Bad Gateway",
                  count: int = 1) -> None:
        """The next ``count`` calls of ``method`` fail with ``status`` (0: connection drops)."""
        with self.cond:
            self.faults.extend([(method, status, text)] * count)

    # -- serving -------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        match = re.match(r"^/bot([^/]+)/(\w+)", request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if not match:
            return self._reply(request, 404, {"ok": False, "error_code": 404,
                                              "description": "Not Found"})
        token, method = match.groups()
        params = self._params(request.headers.get("Content-Type") or "", body)
        with self.cond:
            self.tokens.add(token)
            self.calls.append((method, time.monotonic()))
            fault = next((f for f in self.faults if f[0] == method), None)
            if fault is not None:
                self.faults.remove(fault)
        if fault is not None:
            if fault[1] == 0:
                request.close_connection = True
                return None
            return self._reply(request, fault[1], {"ok": False, "error_code": fault[1],
                                                   "description": fault[2]})
        if self.latency:
            time.sleep(self.latency)
        try:
            result = self._call(method, params)
        except ApiError as exc:
            answer: dict[str, Any] = {"ok": False, "error_code": exc.code,
                                      "description": exc.description}
            if exc.parameters:
                answer["parameters"] = exc.parameters
            with self.cond:
                chat = params.get("chat_id")
                self.rejected.append((method, int(chat) if chat is not None else None,
                                      exc.code, exc.description))
            return self._reply(request, exc.code, answer)
        return self._reply(request, 200, {"ok": True, "result": result})

    @staticmethod
    def _params(content_type: str, body: bytes) -> dict[str, Any]:
        raw: dict[str, str] = {}
        if "json" in content_type and body:
            return dict(json.loads(body))
        if "multipart" in content_type:
            msg = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                raw[str(name)] = part.get_content()
        else:
            raw = dict(parse_qsl(body.decode(), keep_blank_values=True))
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key in ("text", "parse_mode", "callback_query_id", "data"):
                out[key] = value
                continue
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
        return out

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:  # the client went away (a cancelled long poll)
            request.close_connection = True

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return self._get_updates(params)
        if method in ("sendMessage", "editMessageText"):
            return self._message_call(method, params)
        if method == "answerCallbackQuery":
            with self.cond:
                self.answers.append({**params, "at": time.monotonic()})
                self.cond.notify_all()
            return True
        if method == "setMyCommands":
            with self.cond:
                self.commands = list(params.get("commands") or [])
            return True
        if method == "getMyCommands":
            return self.commands
        if method == "getChatMember":
            return self._chat_member(params)
        if method in ("deleteWebhook", "deleteMyCommands", "close", "logOut",
                      "setMyDescription", "setMyShortDescription", "setChatMenuButton"):
            return True
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        raise ApiError(404, "Not Found")

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), self.max_poll)
        deadline = time.monotonic() + timeout
        with self.cond:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(left)
            return list(self._updates[: int(params.get("limit") or 100)])

    def _chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id in self.missing:
            raise ApiError(400, "Bad Request: chat not found")
        user = {"id": user_id, "is_bot": False, "first_name": "Test"}
        with self.cond:
            status = self.members.get((chat_id, user_id), "member")
        if status == "creator":
            return {"status": status, "user": user, "is_anonymous": False}
        if status == "administrator":
            return {"status": status, "user": user, "can_be_edited": False,
                    "is_anonymous": False, **dict.fromkeys(ADMIN_RIGHTS, True)}
        return {"status": status, "user": user}

    def _message(self, sent: Sent) -> dict[str, Any]:
        chat_type = "private" if sent.chat_id > 0 else "supergroup"
        message: dict[str, Any] = {
            "message_id": sent.message_id, "date": int(time.time()), "from": BOT_USER,
            "chat": {"id": sent.chat_id, "type": chat_type, "title": "Chat"},
            "text": sent.edits[-1] if sent.edits else sent.text}
        if sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return message

    def _message_call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = str(params.get("text") or "")
        markup = params.get("reply_markup")
        if chat_id in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           migrate_to_chat_id=self.migrated[chat_id])
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.missing:
            raise ApiError(400, "Bad Request: chat not found")
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if not visible.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        with self.cond:
            now = time.monotonic()
            self._check_rate(chat_id, now)
            if method == "editMessageText":
                sent = self.by_id.get((chat_id, int(params.get("message_id") or 0)))
                if sent is None:
                    raise ApiError(400, "Bad Request: message to edit not found")
                current = sent.edits[-1] if sent.edits else sent.text
                if current == text and markup == sent.reply_markup:
                    raise ApiError(400, "Bad Request: message is not modified: specified new "
                                        "message content and reply markup are exactly the same")
                sent.edits.append(text)
                sent.reply_markup = markup
            else:
                sent = Sent(chat_id, next(self._message_ids), text, params.get("parse_mode"),
                            markup, now)
                self.sent.append(sent)
                self.by_id[(chat_id, sent.message_id)] = sent
            self._recent.append(now)
            self._chat_last[chat_id] = now
            if chat_id < 0:
                self._group_times.setdefault(chat_id, deque()).append(now)
            self.cond.notify_all()
            return self._message(sent)

    def _check_rate(self, chat_id: int, now: float) -> None:
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        too_fast = len(self._recent) >= self.per_second
        last = self._chat_last.get(chat_id)
        too_fast |= last is not None and now - last < self.per_chat_seconds
        if chat_id < 0:
            times = self._group_times.setdefault(chat_id, deque())
            while times and times[0] <= now - 60.0:
                times.popleft()
            too_fast |= len(times) >= self.group_per_minute
        if too_fast:
            raise ApiError(429, f"Too Many Requests: retry after {self.retry_after}",
                           retry_after=self.retry_after)
