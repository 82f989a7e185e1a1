"""The command line: every command documents itself, bad config is exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import run

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_COMMANDS = ["classify", "report", "councils", "crawl", "backfill", "dispatch",
                     "serve", "status", "demo"]


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_top_level_help_lists_every_contract_command() -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in CONTRACT_COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", CONTRACT_COMMANDS)
def test_every_command_has_help(command: str) -> None:
    parser = run.build_parser()
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([command, "--help"])
    assert exit_info.value.code == 0
    assert run.COMMANDS[command][0], f"{command} has no one-line help"


def test_a_missing_config_file_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    result = cli("--config", str(tmp_path / "nope.toml"), "status")
    assert result.returncode == 2
    assert "nope.toml" in result.stderr


@pytest.mark.parametrize(("toml", "named"), [
    ("[crawl]\nevery_minute = 5\n", "every_minute"),
    ("[crawl]\nevery_minutes = 'often'\n", "every_minutes"),
    ("[ofsted]\nbase_url = 'ftp://x'\n", "base_url"),
    ("[[news]]\nname = 'a'\nurl = 'https://a.example/feed'\nkind = 'gopher'\n", "kind"),
    ("[[news]]\nname = 'a'\nkind = 'rss'\n", "url"),
    ("[telegram]\nadmins = ['me']\n", "admins"),
    ("[bogus]\nx = 1\n", "bogus"),
    ("this is not toml", "TOML"),
])
def test_a_bad_config_is_exit_2_naming_the_key(tmp_path: Path, toml: str, named: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(toml)
    result = cli("--config", str(config), "status")
    assert result.returncode == 2, result.stderr
    assert named in result.stderr
    assert str(config) in result.stderr


def test_config_toml_in_the_working_directory_is_picked_up(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[crawl]\nevery_minutes = 'x'\n")
    result = cli("status", cwd=tmp_path)
    assert result.returncode == 2
    assert "config.toml" in result.stderr


def test_status_without_a_store_says_so(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f"[store]\npath = '{tmp_path / 'data'}'\n")
    result = cli("--config", str(config), "status")
    assert result.returncode == 0
    assert "No store" in result.stdout


def test_crawl_refuses_clearly_while_another_process_writes_the_store(tmp_path: Path) -> None:
    import os

    from store.db import Store

    config = tmp_path / "c.toml"
    config.write_text(f"[store]\npath = '{tmp_path / 'data'}'\n[ofsted]\nenabled = false\n")
    with Store(tmp_path / "data"):
        result = cli("--config", str(config), "crawl")
    assert result.returncode == 1
    assert str(os.getpid()) in result.stderr


def test_status_reads_the_store_while_another_process_writes_it(tmp_path: Path) -> None:
    from store.db import Store
    from store.records import SourceHealth

    config = tmp_path / "c.toml"
    config.write_text(f"[store]\npath = '{tmp_path / 'data'}'\n")
    with Store(tmp_path / "data") as store:
        store.sources.put(SourceHealth(name="somerset-live", kind="rss", consecutive_failures=2,
                                       last_error="HTTP 500"))
        result = cli("--config", str(config), "status")
    assert result.returncode == 0, result.stderr
    assert "somerset-live" in result.stdout
    assert "HTTP 500" in result.stdout
