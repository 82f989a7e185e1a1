"""The TOML configuration: defaults, loading and validation.

Every setting has one default here.  A config file may set any subset; an
unknown key, a wrong type or a bad URL is a ``ConfigError`` naming the file
and the key, so an operator's typo never silently falls back to a default.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

NEWS_KINDS = ("rss", "atom", "sitemap", "listing")


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or invalid."""


@dataclass(frozen=True)
class StoreConfig:
    path: str = "data"


@dataclass(frozen=True)
class OfstedConfig:
    base_url: str = "https://reports.ofsted.gov.uk"
    files_url: str = "https://files.ofsted.gov.uk"
    enabled: bool = True
    rows: int = 100  # listing page size; the site caps it at 100


@dataclass(frozen=True)
class NewsSource:
    name: str
    url: str
    kind: str
    url_pattern: str = ""  # regex an article URL must match
    keywords: tuple[str, ...] = ()  # extra pre-filter words (title/summary)
    enabled: bool = True


@dataclass(frozen=True)
class CrawlConfig:
    every_minutes: float = 360.0
    delay_seconds: float = 1.0
    timeout_minutes: float = 30.0  # a crawl child running longer is killed
    failure_threshold: int = 3  # consecutive failures before one operator notice
    stale_factor: float = 4.0  # silent this many times its usual gap -> stale
    max_page_bytes: int = 5 * 1024 * 1024
    user_agent: str = (
        "ofsted-alerts/0.1 (+https://github.com/ofsted-alerts/ofsted-alerts)"
    )


@dataclass(frozen=True)
class TelegramConfig:
    api_base: str = "https://api.telegram.org/bot"
    admins: tuple[int, ...] = ()
    messages_per_second: float = 25.0  # overall; Telegram allows ~30
    per_chat_seconds: float = 1.0  # at most one message per chat per this
    group_per_minute: int = 20


@dataclass(frozen=True)
class Config:
    store: StoreConfig = field(default_factory=StoreConfig)
    ofsted: OfstedConfig = field(default_factory=OfstedConfig)
    news: tuple[NewsSource, ...] = ()
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    source_file: str | None = None

    @property
    def store_path(self) -> Path:
        """The store directory; relative paths are taken from the config file's folder."""
        path = Path(self.store.path)
        if not path.is_absolute() and self.source_file:
            path = Path(self.source_file).parent / path
        return path


_SECTIONS: dict[str, type] = {
    "store": StoreConfig,
    "ofsted": OfstedConfig,
    "crawl": CrawlConfig,
    "telegram": TelegramConfig,
}
_URL_KEYS = {"base_url", "files_url", "api_base", "url"}


def load_config(path: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """Load ``path``; without one, ``config.toml`` in ``cwd`` if present, else defaults."""
    if path is None:
        default = (cwd or Path.cwd()) / "config.toml"
        if not default.exists():
            return Config()
        path = default
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(raw, source=str(path))


def parse_config(raw: dict[str, Any], *, source: str = "<config>") -> Config:
    """Validate a parsed TOML document into a ``Config``."""
    sections: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "news":
            if not isinstance(value, list):
                raise ConfigError(f"{source}: 'news' must be an array of tables ([[news]])")
            sections["news"] = tuple(
                _news(item, f"{source}: news[{i}]") for i, item in enumerate(value)
            )
            names = [n.name for n in sections["news"]]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ConfigError(f"{source}: news source names must be unique: {dupes}")
        elif key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: [{key}] must be a table")
            sections[key] = _section(_SECTIONS[key], value, f"{source}: [{key}]")
        else:
            known = ", ".join(sorted([*_SECTIONS, "news"]))
            raise ConfigError(f"{source}: unknown section or key '{key}' (known: {known})")
    return Config(**sections, source_file=None if source == "<config>" else source)


def _news(item: Any, where: str) -> NewsSource:
    if not isinstance(item, dict):
        raise ConfigError(f"{where} must be a table")
    for required in ("name", "url", "kind"):
        if required not in item:
            raise ConfigError(f"{where}: missing key '{required}'")
    source = _section(NewsSource, item, f"{where} ({item.get('name')!r})")
    if source.kind not in NEWS_KINDS:
        raise ConfigError(f"{where}: key 'kind' must be one of {', '.join(NEWS_KINDS)}")
    return source


def _section(cls: type, values: dict[str, Any], where: str) -> Any:
    spec = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in spec:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(spec)})")
        out[key] = _checked(key, value, spec[key].type, where)
    return cls(**out)


def _checked(key: str, value: Any, declared: Any, where: str) -> Any:
    kind = str(declared)
    bad = ConfigError(f"{where}: key '{key}' must be {kind.replace('tuple[', 'a list of ')}")
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad
        if value < 0:
            raise ConfigError(f"{where}: key '{key}' must not be negative")
        value = float(value)
    elif kind == "str":
        if not isinstance(value, str):
            raise bad
        if key in _URL_KEYS:
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.netloc:
                raise ConfigError(f"{where}: key '{key}' is not an http(s) URL: {value!r}")
    elif kind.startswith("tuple["):
        item_type = int if "int" in kind else str
        if not isinstance(value, list) or not all(
            isinstance(v, item_type) and not isinstance(v, bool) for v in value
        ):
            raise bad
        value = tuple(value)
    return value
