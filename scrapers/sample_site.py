"""A small HTTP site on 127.0.0.1 serving fixed routes, for the demo and the tests.

It behaves like a well-run web server in the ways the crawlers rely on:
strong ETags and Last-Modified with 304 answers to conditional GETs, a
robots.txt, and per-path request counts so tests can prove a recrawl was
cheap.  Routes can be changed while it runs (a new report appears, an
article is edited, a feed starts to fail).
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    """What one path answers.

    ``body`` may be a callable for dynamic answers: called with the request
    target (path and query) when it takes an argument, else with nothing.
    """

    body: bytes | Callable[..., bytes] = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    conditional: bool = True  # send ETag / Last-Modified and honour them
    modified: float = field(default_factory=time.time)


class SampleSite:
    """A threaded loopback server; use as a context manager or start()/stop()."""

    def __init__(self, routes: dict[str, Route] | None = None, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self.full_hits: Counter[str] = Counter()  # answered 200 with a body
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def do_HEAD(self) -> None:
                site._answer(self, head=True)

            def do_GET(self) -> None:
                site._answer(self, head=False)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                """A client that hangs up mid-answer (an aborted download) is normal here."""

        self._server = Server((host, 0), Handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SampleSite:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- content -------------------------------------------------------------------
    def set(self, path: str, body: bytes | str | Callable[..., bytes] = b"",
            **kw: object) -> Route:
        """Add or replace the route at ``path`` (bumps its modification time)."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        route = Route(body=body, **kw)  # type: ignore[arg-type]
        with self._lock:
            self.routes[path] = route
        return route

    def remove(self, path: str) -> None:
        with self._lock:
            self.routes.pop(path, None)

    def reset_counts(self) -> None:
        with self._lock:
            self.hits.clear()
            self.full_hits.clear()

    # -- serving -------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler, *, head: bool) -> None:
        parts = urlsplit(handler.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            self.hits[key] += 1
            route = self.routes.get(key) or self.routes.get(parts.path)
        if route is None:
            if parts.path == "/robots.txt":
                route = Route(body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
            else:
                route = Route(body=b"<html><body>Not found</body></html>", status=404)
        if route.delay:
            time.sleep(route.delay)
        body = _render(route.body, key)
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.conditional and route.status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = formatdate(route.modified, usegmt=True)
            if _not_modified(handler, etag, route.modified):
                handler.send_response(304)
                for name in ("ETag", "Last-Modified"):
                    handler.send_header(name, headers[name])
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
        with self._lock:
            if route.status == 200:
                self.full_hits[key] += 1
        handler.send_response(route.status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                handler.wfile.write(body)


def _render(body: bytes | Callable[..., bytes], target: str) -> bytes:
    if not callable(body):
        return body
    try:
        takes_target = bool(inspect.signature(body).parameters)
    except (TypeError, ValueError):
        takes_target = False
    return body(target) if takes_target else body()


def _not_modified(handler: BaseHTTPRequestHandler, etag: str, modified: float) -> bool:
    if_none_match = handler.headers.get("If-None-Match")
    if if_none_match is not None:
        return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
    since = handler.headers.get("If-Modified-Since")
    if since:
        try:
            return int(modified) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False
