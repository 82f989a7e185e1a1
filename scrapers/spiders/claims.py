"""Which source of this crawl fetches an article, and which URL first had a text.

One crawl process runs every news source, so an article listed by two feeds,
or the same story under two URLs, is emitted once per crawl.
"""

from __future__ import annotations

__all__ = ["CLAIMS", "Claims"]


class Claims:
    """First come, first served: URL keys to the source that claimed them, texts to URLs."""

    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.texts: dict[str, str] = {}

    def claim(self, key: str, source: str) -> str | None:
        """None if ``source`` may fetch ``key``; else the source that claimed it first."""
        owner = self.sources.setdefault(key, source)
        return None if owner == source else owner

    def first_with_text(self, text_hash: str, url: str) -> str:
        """The first URL seen with this text (``url`` itself when it is the first)."""
        return self.texts.setdefault(text_hash, url)


CLAIMS = Claims()  # per process: ``scrapers.crawl`` runs one crawl per process
