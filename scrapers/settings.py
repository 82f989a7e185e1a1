"""Scrapy settings for every crawl: each setting has its one default here.

The module-level names are what ``scrapy.cfg`` and ``scrapy`` commands see.
A crawl child does not use them directly: ``scrapers.crawl.crawl_settings``
starts from ``defaults()`` and overlays what the config decides (User-Agent,
politeness delay, page size limit, store paths), so a test config with
``delay_seconds = 0`` runs at full speed with AutoThrottle and retry backoff off.

Politeness follows the reference notes on the Ofsted site: one request at a
time per domain, about one a second, robots.txt obeyed, retries only for
timeouts, connection errors and 5xx with exponential backoff, and a stop (not
a retry) on 403/429.  Every HTML request revalidates through the HTTP cache
(``Cache-Control: max-age=0``), so an unchanged page costs one 304.
"""

from __future__ import annotations

from typing import Any

BOT_NAME = "ofsted-alerts"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

# -- politeness --------------------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = "ofsted-alerts/0.1 (+https://github.com/ofsted-alerts/ofsted-alerts)"
DOWNLOAD_DELAY = 1.0  # config crawl.delay_seconds
DOWNLOAD_DELAY_JITTER = 0.5  # each delay is DOWNLOAD_DELAY x (1 +/- 0.5)
CONCURRENT_REQUESTS = 8  # across domains (news sources run alongside Ofsted)
CONCURRENT_REQUESTS_PER_DOMAIN = 1
AUTOTHROTTLE_ENABLED = True  # only when DOWNLOAD_DELAY > 0 (see crawl_settings)
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# -- failures ----------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
# 5xx and request timeouts only: 403/429 mean "back off", handled by StopOnBlock.
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 5.0  # seconds before the first retry, doubling (x jitter) after
RETRY_BACKOFF_MAX = 60.0
BLOCK_HTTP_CODES = [403, 429]  # stop this source's crawl at once
DOWNLOAD_TIMEOUT = 10  # HTML; report PDFs set meta download_timeout = PDF_TIMEOUT
PDF_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024  # HTML; config crawl.max_page_bytes
DOWNLOAD_WARNSIZE = 0
PDF_MAXSIZE = 50 * 1024 * 1024  # report PDFs: meta download_maxsize
DOWNLOAD_FAIL_ON_DATALOSS = True

# -- conditional GET through the HTTP cache ----------------------------------------
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_STORAGE = "scrapy.extensions.httpcache.FilesystemCacheStorage"
HTTPCACHE_DIR = "httpcache"  # crawl_settings puts it under the store directory
HTTPCACHE_GZIP = True
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-GB,en;q=0.8",
    # Scrapy's RFC 2616 policy would serve a heuristically "fresh" copy without
    # asking; max-age=0 makes every request a conditional GET (304 when unchanged).
    "Cache-Control": "max-age=0",
}

# -- components --------------------------------------------------------------------
ITEM_PIPELINES = {"scrapers.pipelines.FeedPipeline": 900}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.extensions.BackoffRetryMiddleware": 550,
    "scrapers.extensions.StopOnBlockMiddleware": 560,
    # Between the cache (900) and the network: sees the real status (e.g. 304).
    "scrapers.extensions.WireStatusMiddleware": 960,
}
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
}

# -- engine ------------------------------------------------------------------------
LOG_LEVEL = "WARNING"  # the child shares the operator's terminal; --log-level INFO for more
LOGSTATS_INTERVAL = 60.0
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
REQUEST_FINGERPRINTER_CLASS = "scrapy.utils.request.RequestFingerprinter"
FEED_EXPORT_ENCODING = "utf-8"

# -- ours (read by scrapers.pipelines and the spiders) -------------------------------
OFSTED_ALERTS_FEED = ""  # the JSON Lines feed the crawl child writes
OFSTED_ALERTS_STORE = ""  # the store directory, opened read-only by spiders
OFSTED_ALERTS_PROGRESS = False  # write {"type": "progress", "done", "total"} lines


def defaults() -> dict[str, Any]:
    """Every upper-case setting above, as a fresh dict (nested values copied)."""
    out: dict[str, Any] = {}
    for name, value in globals().items():
        if name.isupper():
            out[name] = (dict(value) if isinstance(value, dict)
                         else list(value) if isinstance(value, list) else value)
    return out
