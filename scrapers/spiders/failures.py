"""A failed Scrapy request in a few words, for the operator's ``status`` and the logs."""

from __future__ import annotations

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

__all__ = ["failure_message", "is_permanent"]


def failure_message(failure: Failure) -> str:
    """``HTTP 404``, ``too large, not downloaded: …``, ``TimeoutError: …`` and the like."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(DownloadCancelledError):
        return f"too large, not downloaded: {failure.getErrorMessage()}"
    if failure.check(IgnoreRequest):
        return str(failure.value) or "request ignored (forbidden by robots.txt?)"
    return f"{failure.type.__name__ if failure.type else 'error'}: {failure.getErrorMessage()}"


def is_permanent(failure: Failure) -> bool:
    """Asking again will not help until the link changes: too large, 404 or 410."""
    return bool(failure.check(DownloadCancelledError) or (
        failure.check(HttpError) and failure.value.response.status in (404, 410)))
