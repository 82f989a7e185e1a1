"""Config defaults and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.config import Config, ConfigError, load_config, parse_config


def test_no_config_file_means_built_in_defaults(tmp_path: Path) -> None:
    config = load_config(None, cwd=tmp_path)
    assert config == Config()
    assert config.crawl.every_minutes == 360
    assert config.ofsted.base_url == "https://reports.ofsted.gov.uk"


def test_a_full_config_loads_with_news_sources(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("""
[store]
path = "state"
[ofsted]
base_url = "http://127.0.0.1:8000"
files_url = "http://127.0.0.1:8000"
[[news]]
name = "somerset-live"
url = "https://example.org/feed.xml"
kind = "rss"
keywords = ["fostering"]
[crawl]
every_minutes = 0.1
delay_seconds = 0
[telegram]
api_base = "http://127.0.0.1:9/bot"
admins = [123456789]
""")
    config = load_config(path)
    assert config.news[0].name == "somerset-live"
    assert config.news[0].keywords == ("fostering",)
    assert config.crawl.every_minutes == 0.1
    assert config.crawl.delay_seconds == 0.0
    assert config.telegram.admins == (123456789,)
    assert config.store_path == tmp_path / "state"


def test_integers_are_accepted_where_floats_are_expected() -> None:
    assert parse_config({"crawl": {"every_minutes": 5}}).crawl.every_minutes == 5.0


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(ConfigError, match="delay_seconds"):
        parse_config({"crawl": {"delay_seconds": True}})


def test_duplicate_news_names_are_refused() -> None:
    news = [{"name": "a", "url": "https://a.example/", "kind": "rss"}] * 2
    with pytest.raises(ConfigError, match="unique"):
        parse_config({"news": news})
