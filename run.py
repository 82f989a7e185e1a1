#!/usr/bin/env python3
"""ofsted-alerts command line: a thin layer that wires scrapers, store and alerts.

Each command parses its arguments, loads the config and calls library code;
nothing here knows how a page is matched or a message is sent.  Exit codes:
0 success, 1 runtime failure, 2 bad usage or bad config.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from store.config import Config, ConfigError, load_config
from store.errors import StoreError

if TYPE_CHECKING:
    from store.db import Store

log = logging.getLogger("ofsted_alerts")

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: reported with exit code 2."""


# --------------------------------------------------------------------------- helpers
def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _now() -> datetime:
    return datetime.now(UTC)


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def setup_logging(level: str) -> None:
    """Standard-library logging; httpx at WARNING because its INFO lines carry the bot token."""
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from alerts.tokens import install_token_filter

    install_token_filter()


# --------------------------------------------------------------------------- commands
def cmd_classify(args: argparse.Namespace, config: Config) -> int:
    from alerts.matcher import classify

    failed = False
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            failed = True
            _print_json({"source": str(path), "error": f"cannot read file: {exc.strerror}"})
            continue
        verdict = classify(data, url=args.url, published=args.published, now=_now())
        if args.json:
            _print_json(verdict.to_json(str(path)))
        else:
            print(verdict.describe(str(path)))
    return EXIT_FAIL if failed and len(args.files) == 1 else EXIT_OK


def cmd_report(args: argparse.Namespace, config: Config) -> int:
    from scrapers.reports import describe_report_json, report_file_json

    errors = 0
    for name in args.files:
        line = report_file_json(Path(name))
        errors += "error" in line
        if args.json:
            _print_json(line)
        else:
            print(describe_report_json(line))
    return EXIT_FAIL if errors == len(args.files) else EXIT_OK


def cmd_councils(args: argparse.Namespace, config: Config) -> int:
    from store.councils import describe, registry

    query = " ".join(args.query).strip()
    if not query:
        raise UsageError("councils: give a name, alias or code to look up")
    candidates = registry().resolve(query, limit=args.limit)
    if not candidates:
        print(f"No council matches {query!r}.", file=sys.stderr)
        return EXIT_FAIL
    for candidate in candidates:
        print(describe(candidate))
    return EXIT_OK


def _open_store(config: Config, *, readonly: bool = False) -> Store:
    from store.db import Store

    return Store(config.store_path, readonly=readonly)


def cmd_crawl(args: argparse.Namespace, config: Config) -> int:
    from alerts.crawls import recover_feeds, run_crawl

    _check_source(args.source, config)
    with _open_store(config) as store:
        recover_feeds(store, config)
        result = run_crawl(store, config, trigger="cli", source=args.source)
    summary = result.summary.as_dict()
    print(f"crawl {result.run.status}: {summary['reports']} reports, {summary['articles']} "
          f"articles, {summary['events_created']} new events, {summary['alerts']} alerts "
          f"queued, {summary['errors']} errors")
    for error in result.run.errors[:10]:
        print(f"  error: {error}", file=sys.stderr)
    return EXIT_OK if result.run.status in ("ok", "partial") else EXIT_FAIL


def cmd_backfill(args: argparse.Namespace, config: Config) -> int:
    from alerts.crawls import recover_feeds, run_crawl
    from alerts.progress import FeedProgress

    _check_source(args.source, config)
    progress = FeedProgress()
    with _open_store(config) as store:
        recover_feeds(store, config)
        result = run_crawl(store, config, trigger="backfill", source=args.source,
                           since=args.since, history=True, on_progress=progress)
        councils = len({e.council for e in store.events.all()})
        reports = sum(1 for d in store.documents.all() if d.kind == "report")
    s = result.summary.as_dict()
    print(f"backfill {result.run.status}: {councils} councils, {reports} reports stored, "
          f"{s['events_created']} events added ({s['reports']} reports and {s['articles']} "
          f"articles read this run), {s['errors']} errors; nobody was alerted")
    return EXIT_OK if result.run.status in ("ok", "partial") else EXIT_FAIL


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    from alerts.status import render_status, status_report

    if not config.store_path.exists():
        print(f"No store at {config.store_path} yet: run crawl, backfill or serve first.")
        return EXIT_OK
    store = _open_store(config, readonly=True)
    now = _now()
    report = status_report(store, now=now, stale_factor=config.crawl.stale_factor,
                           every_minutes=config.crawl.every_minutes)
    if args.json:
        _print_json(report)
    else:
        print(render_status(report, now))
    return EXIT_OK


def cmd_dispatch(args: argparse.Namespace, config: Config) -> int:
    import asyncio

    from alerts.dispatch import dispatch_pending
    from alerts.notifiers import make_notifier
    from alerts.ratelimit import RateLimiter
    from alerts.tokens import bot_token

    limiter = RateLimiter.from_config(config.telegram)

    async def send_all(store: Store) -> object:
        notifier = make_notifier(config, bot_token(), limiter=limiter)
        try:
            return await dispatch_pending(store, notifier, limiter, now=_now())
        finally:
            await notifier.close()

    with _open_store(config) as store:
        summary = asyncio.run(send_all(store))
    print(f"dispatch: {summary}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    from alerts.service import serve

    store = _open_store(config)
    return serve(config, store)


def cmd_demo(args: argparse.Namespace, config: Config) -> int:
    """The offline demo: a sample site on loopback, backfill, one new report and story."""
    import asyncio
    import tempfile

    from alerts.crawls import run_crawl
    from alerts.dispatch import dispatch_pending
    from alerts.notifiers.console import ConsoleNotifier
    from alerts.ratelimit import RateLimiter
    from scrapers.demo_site import (
        DEMO_HISTORY,
        DEMO_NEW_REPORT,
        NewsFeed,
        OfstedLikeSite,
        bundled_report,
        demo_article,
    )
    from scrapers.sample_site import SampleSite
    from store.councils import registry
    from store.db import Store
    from store.records import Subscription

    if args.log_level.upper() == "INFO":  # the demo's own narration replaces routine logs
        logging.getLogger().setLevel(logging.WARNING)
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="ofsted-alerts-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    now = _now()
    with SampleSite() as site:
        ofsted, news = OfstedLikeSite(site), NewsFeed(site)
        for urn, name, publications in DEMO_HISTORY:
            ofsted.add_provider(urn, name)
            for file_id, title, published, pdf in publications:
                ofsted.publish(urn, file_id, title, published, bundled_report(pdf))
        config_path = workdir / "config.toml"
        config_path.write_text(
            f'[store]\npath = "{workdir / "data"}"\n'
            f'[ofsted]\nbase_url = "{site.url}"\nfiles_url = "{site.url}"\n'
            f'[[news]]\nname = "demo-gazette"\nurl = "{news.url}"\nkind = "rss"\n'
            f"[crawl]\ndelay_seconds = 0\ntimeout_minutes = 2\n")
        demo_config = load_config(config_path)
        print(f"Demo site on {site.url}; store in {demo_config.store_path}\n")
        with Store(demo_config.store_path) as store:
            for chat_id, query in ((1001, "Somerset"), (1002, "North Somerset"),
                                   (1003, "St Helens")):
                council = registry().resolve(query)[0].council
                store.subscriptions.put(Subscription(chat_id=chat_id, councils=[council.name],
                                                     created_at=store.now()))
                print(f"Chat {chat_id} follows {council.display_name}")
            print("\n1. Backfilling the site's history silently...")
            first = run_crawl(store, demo_config, trigger="demo", since=date(2009, 1, 1),
                              history=True)
            print(f"   {first.summary.reports} reports stored as history, "
                  f"{len(store.deliveries)} alerts queued (none expected)")
            print("\n2. Ofsted publishes a new Somerset report; the Demo Gazette reports a "
                  "focused visit to St Helens. Crawling...")
            urn, file_id, title, pdf = DEMO_NEW_REPORT
            ofsted.publish(urn, file_id, title, now.date(), bundled_report(pdf))
            news.add(demo_article(now))
            second = run_crawl(store, demo_config, trigger="demo")
            print(f"   {second.summary.events_created} new events, {second.summary.alerts} "
                  f"alerts queued\n")
            print("3. What subscribers would receive (console notifier):\n")
            limiter = RateLimiter.from_config(demo_config.telegram)
            asyncio.run(dispatch_pending(store, ConsoleNotifier(), limiter, now=_now()))
    print("\nDone. To connect a real bot: create one with @BotFather, export "
          "TELEGRAM_BOT_TOKEN, write config.toml (see config.example.toml) and run "
          "`python run.py backfill --since 2013-01-01`, then `python run.py serve`.")
    ok = first.run.status in ("ok", "partial") and second.run.status in ("ok", "partial")
    return EXIT_OK if ok else EXIT_FAIL


def _check_source(name: str | None, config: Config) -> None:
    if name is None:
        return
    known = ["ofsted", *(n.name for n in config.news)]
    if name not in known:
        raise UsageError(f"unknown source {name!r} (configured: {', '.join(known)})")


# --------------------------------------------------------------------------- parser
COMMANDS: dict[str, tuple[str, Callable[[argparse.Namespace, Config], int]]] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run.py",
        description=(
            "ofsted-alerts: watch Ofsted and local news for new inspection outcomes of "
            "English councils' children's services and alert Telegram subscribers."
        ),
    )
    parser.add_argument("--config", metavar="PATH", help="TOML config file "
                        "(default: ./config.toml if present, else built-in defaults)")
    parser.add_argument("--log-level", default="INFO", metavar="LEVEL",
                        help="DEBUG, INFO, WARNING or ERROR (default: INFO)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, handler: Callable[[argparse.Namespace, Config], int],
            description: str | None = None) -> argparse.ArgumentParser:
        COMMANDS[name] = (help_text, handler)
        return sub.add_parser(name, help=help_text, description=description or help_text)

    p = add("classify", "run the news matcher on saved pages", cmd_classify,
            "Decide for each saved page (.html, .htm or .txt) whether it reports a newly "
            "published Ofsted outcome, and which councils, judgements and grades.")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    p.add_argument("--url", help="the page's original URL (helps dating and sourcing)")
    p.add_argument("--published", type=_iso_date, metavar="DATE",
                   help="publication date of the page, if known (YYYY-MM-DD)")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = add("report", "parse Ofsted report PDFs", cmd_report,
            "Read the judgements, inspection kind, dates and council from report PDFs. A file "
            "that is not a readable PDF gives an error line; the others still run.")
    p.add_argument("--json", action="store_true", help="one JSON object per file, per line")
    p.add_argument("files", nargs="+", metavar="FILE")

    p = add("councils", "look up councils by name, alias, code or misspelling", cmd_councils,
            "Print the councils matching QUERY, best first, with GSS code and status.")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=8, help="at most this many (default 8)")

    p = add("crawl", "crawl the configured sources once and queue alerts", cmd_crawl,
            "Crawl the Ofsted report site and every (or one) configured news source once, "
            "store what is new and queue the alerts it implies. Refuses to run while another "
            "process (e.g. serve) holds the store.")
    p.add_argument("--source", metavar="NAME", help="only this source ('ofsted' or a news name)")

    p = add("backfill", "load history silently (no alerts)", cmd_backfill,
            "Crawl history since DATE into the store without alerting anyone, so the first "
            "real alert already knows the previous grade. Resumable; shows progress.")
    p.add_argument("--since", type=_iso_date, required=True, metavar="DATE",
                   help="earliest publication date to load (YYYY-MM-DD)")
    p.add_argument("--source", metavar="NAME", help="only this source")

    add("dispatch", "send queued alerts now", cmd_dispatch,
        "Deliver every queued alert through the notifier (Telegram when TELEGRAM_BOT_TOKEN is "
        "set, otherwise the console), within Telegram's rate limits, then exit.")
    add("serve", "run the bot, the crawl schedule and dispatch", cmd_serve,
        "The long-running service: the Telegram bot (long polling), a crawl every "
        "crawl.every_minutes in a child process, and alert dispatch. SIGTERM stops it cleanly.")
    p = add("status", "show source health, service heartbeat and outbox backlog", cmd_status,
            "Show each source's last success, last error, consecutive failures and staleness, "
            "the service heartbeat, the last crawl and the outbox by state. Safe while serve "
            "runs.")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p = add("demo", "run the whole pipeline offline against a bundled sample site",
            cmd_demo,
            "Start a bundled sample Ofsted site and news feed on 127.0.0.1, backfill it "
            "silently, publish one new report and one article, crawl, and print the alerts "
            "through the console notifier. Needs no network and no token.")
    p.add_argument("--keep", metavar="DIR", help="keep the demo store in DIR (default: temp)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    setup_logging(args.log_level)
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _, handler = COMMANDS[args.command]
    try:
        return handler(args, config)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except ModuleNotFoundError as exc:
        print(f"error: missing dependency {exc.name!r}; install the project first: "
              "python -m pip install -e '.[test]'", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
