"""The store keeps records by natural key, commits whole transactions and guards its files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.db import Store, StoreError, StoreLocked
from store.records import Delivery, Document, Event, Subscription
from store.tables import TableFiles

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data: Path) -> Iterator[Store]:
    with Store(data) as s:
        yield s


@pytest.fixture
def small_journal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compact after a few kilobytes, so tests cross compactions."""
    monkeypatch.setattr(TableFiles, "compact_min_bytes", 2048)


def event(event_id: str, council: str = "Kent", published: str | None = None) -> Event:
    return Event(event_id=event_id, council=council, council_code=None, inspection="ilacs",
                 published=published)


def hold_writer(data: Path) -> subprocess.Popen[str]:
    """Another process that opens the store as the writer and keeps it open."""
    code = textwrap.dedent(f"""
        import sys, time
        from store.db import Store
        store = Store({str(data)!r})
        print("open", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env=ENV)
    assert proc.stdout is not None and proc.stdout.readline() == "open\n"
    return proc


# -- upserts by natural key ---------------------------------------------------------
def test_putting_a_record_twice_keeps_one_row_with_the_latest_values(store: Store) -> None:
    store.documents.put(Document(url="https://a", etag="1"))
    store.documents.put(Document(url="https://a", etag="2"))
    assert len(store.documents) == 1
    found = store.documents.get("https://a")
    assert found is not None and found.etag == "2"


def test_upserts_survive_reopening_without_duplicates(data: Path, small_journal: None) -> None:
    for round_ in range(3):
        with Store(data) as store, store.transaction():
            for i in range(50):
                store.documents.put(Document(url=f"u{i}", etag=str(round_)))
    with Store(data, readonly=True) as reader:
        assert len(reader.documents) == 50
        assert {d.etag for d in reader.documents.all()} == {"2"}


def test_delete_removes_a_record_and_it_stays_gone(data: Path) -> None:
    with Store(data) as store:
        store.subscriptions.put(Subscription(chat_id=7, councils=["Kent"]))
        store.subscriptions.delete(7)
        assert 7 not in store.subscriptions and store.subscriptions.get(7) is None
    with Store(data) as store:
        assert len(store.subscriptions) == 0


def test_keys_are_natural_keys_of_each_record_type(store: Store) -> None:
    store.deliveries.put(Delivery(alert_id="a1", chat_id=5))
    store.subscriptions.put(Subscription(chat_id=5))
    assert "a1|5" in store.deliveries
    assert store.subscriptions.get(5) is not None and store.subscriptions.get("5") is not None


def test_domain_queries_find_subscribers_and_events(store: Store) -> None:
    store.subscriptions.put(Subscription(chat_id=1, councils=["Kent", "Somerset"]))
    store.subscriptions.put(Subscription(chat_id=2, councils=["Kent"], active=False))
    store.subscriptions.put(Subscription(chat_id=3, councils=["Essex"]))
    store.events.put(event("b", published="2026-02-01"))
    store.events.put(event("a", published="2026-01-01"))
    store.events.put(event("c", council="Essex"))
    assert [s.chat_id for s in store.subscribers("Kent")] == [1]
    assert [e.event_id for e in store.council_events("Kent")] == ["a", "b"]
    store.deliveries.put(Delivery(alert_id="x", chat_id=1))
    assert store.forget_chat(1) == 2
    assert store.subscribers("Kent") == [] and len(store.deliveries) == 0


# -- transactions ------------------------------------------------------------------
def test_a_transaction_reads_its_own_writes_before_committing(data: Path) -> None:
    with Store(data) as store, store.transaction():
        store.subscriptions.put(Subscription(chat_id=1, councils=["Kent"]))
        store.events.put(event("e1"))
        store.set_meta("cursor", 3)
        assert store.subscriptions.get(1) is not None and 1 in store.subscriptions
        assert [s.chat_id for s in store.subscribers("Kent")] == [1]
        assert [e.event_id for e in store.council_events("Kent")] == ["e1"]
        assert len(store.events) == 1 and store.meta("cursor") == 3
        with Store(data, readonly=True) as reader:
            assert len(reader.events) == 0  # not committed yet
    with Store(data, readonly=True) as reader:
        assert len(reader.events) == 1 and reader.meta("cursor") == 3


def test_nested_transactions_commit_once_at_the_outermost_end(data: Path) -> None:
    with Store(data) as store:
        with store.transaction():
            with store.transaction():
                store.events.put(event("e1"))
            with Store(data, readonly=True) as reader:
                assert "e1" not in reader.events
            store.events.put(event("e2"))
        journal = [p for p in data.iterdir() if p.name.startswith("journal-")]
        assert len(journal) == 1 and len(journal[0].read_text().splitlines()) == 1
    with Store(data, readonly=True) as reader:
        assert {e.event_id for e in reader.events.all()} == {"e1", "e2"}


def test_an_exception_in_a_transaction_discards_its_writes_and_propagates(data: Path) -> None:
    with Store(data) as store:
        store.events.put(event("kept"))
        with pytest.raises(ValueError, match="boom"), store.transaction():
            store.events.put(event("lost"))
            store.events.delete("kept")
            raise ValueError("boom")
        assert "lost" not in store.events and "kept" in store.events
    with Store(data, readonly=True) as reader:
        assert [e.event_id for e in reader.events.all()] == ["kept"]


def test_a_failed_inner_transaction_keeps_the_outer_writes(store: Store) -> None:
    with store.transaction():
        store.events.put(event("outer"))
        with pytest.raises(KeyError), store.transaction():
            store.events.put(event("inner"))
            raise KeyError("x")
        store.events.put(event("after"))
    assert {e.event_id for e in store.events.all()} == {"outer", "after"}


def test_close_commits_nothing_staged_and_releases_the_lock(data: Path) -> None:
    store = Store(data)
    with pytest.raises(RuntimeError), store.transaction():
        store.events.put(event("e1"))
        store.close()
        raise RuntimeError("stop")
    with Store(data) as again:
        assert len(again.events) == 0


def test_unstorable_values_are_refused_without_committing(store: Store) -> None:
    with pytest.raises(StoreError, match="meta"):
        store.set_meta("bad", object())
    assert store.meta("bad") is None


# -- copies ----------------------------------------------------------------------
def test_changing_a_returned_record_does_not_change_the_store(store: Store) -> None:
    store.subscriptions.put(Subscription(chat_id=1, councils=["Kent"], prefs={"a": [1]}))
    store.set_meta("state", {"seen": ["x"]})
    got = store.subscriptions.get(1)
    assert got is not None
    got.councils.append("Essex")
    got.prefs["a"].append(2)
    store.subscriptions.all()[0].councils.clear()
    store.subscriptions.find(lambda s: True)[0].prefs.clear()
    store.subscribers("Kent")[0].councils.append("Leeds")
    store.meta("state")["seen"].append("y")
    again = store.subscriptions.get(1)
    assert again is not None and again.councils == ["Kent"] and again.prefs == {"a": [1]}
    assert store.meta("state") == {"seen": ["x"]}


def test_changing_a_record_after_put_needs_another_put(store: Store) -> None:
    sub = Subscription(chat_id=1, councils=["Kent"])
    value = {"list": [1]}
    with store.transaction():
        store.subscriptions.put(sub)
        store.set_meta("v", value)
        sub.councils.append("Essex")
        value["list"].append(2)
        assert store.subscriptions.get(1).councils == ["Kent"]  # type: ignore[union-attr]
    assert store.subscriptions.get(1).councils == ["Kent"]  # type: ignore[union-attr]
    assert store.meta("v") == {"list": [1]}


# -- one writer ------------------------------------------------------------------
def test_a_second_writer_is_refused_with_the_holders_pid(data: Path) -> None:
    holder = hold_writer(data)
    try:
        with pytest.raises(StoreLocked, match=rf"in use by process {holder.pid} ") as info:
            Store(data)
        assert info.value.pid == holder.pid and isinstance(info.value, StoreError)
        assert (data / "writer.lock").read_text().strip() == str(holder.pid)
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_dies_with_a_killed_writer(data: Path) -> None:
    holder = hold_writer(data)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with Store(data) as store:
        store.set_meta("alive", True)


def test_two_writers_in_one_process_are_refused_too(data: Path) -> None:
    with Store(data), pytest.raises(StoreLocked, match=str(os.getpid())):
        Store(data)


def test_a_reader_takes_no_lock_and_cannot_write(data: Path) -> None:
    holder = hold_writer(data)
    try:
        with Store(data, readonly=True) as reader:
            with pytest.raises(StoreError, match="read-only"):
                reader.set_meta("x", 1)
            assert len(reader.events) == 0
    finally:
        holder.kill()
        holder.wait()


# -- readers ---------------------------------------------------------------------
def test_a_reader_sees_the_committed_snapshot_until_it_reloads(
    data: Path, small_journal: None
) -> None:
    with Store(data) as writer:
        writer.events.put(event("e0"))
        reader = Store(data, readonly=True)
        for i in range(1, 40):  # crosses several compactions
            writer.events.put(event(f"e{i}"))
        assert [e.event_id for e in reader.events.all()] == ["e0"]
        reader.reload()
        assert len(reader.events) == 40
        writer.events.put(event("last"))
        reader.reload()  # only the journal tail
        assert "last" in reader.events
        reader.close()


def test_a_reader_of_a_missing_store_sees_it_empty_and_creates_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "nothing", readonly=True) as reader:
        assert reader.documents.all() == [] and reader.meta("x", 5) == 5
    assert not (tmp_path / "nothing").exists()


def test_readers_in_another_process_load_consistently_while_the_writer_compacts(
    data: Path,
) -> None:
    code = textwrap.dedent(f"""
        from store.db import Store
        from store.records import Event
        from store.tables import TableFiles
        TableFiles.compact_min_bytes = 4096
        TableFiles.compact_ratio = 0.2
        with Store({str(data)!r}) as store:
            print("open", flush=True)
            for i in range(0, 3000, 3):
                with store.transaction():
                    for j in range(i, i + 3):
                        store.events.put(Event(event_id=f"e{{j:05d}}", council="Kent",
                                               council_code=None, inspection="other"))
                    store.set_meta("count", i + 3)
    """)
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env=ENV)
    assert writer.stdout is not None and writer.stdout.readline() == "open\n"
    loads, reloaded = 0, Store(data, readonly=True)
    while writer.poll() is None or loads < 3:
        with Store(data, readonly=True) as reader:
            count = reader.meta("count", 0)
            ids = sorted(e.event_id for e in reader.events.all())
        assert ids == [f"e{j:05d}" for j in range(count)]  # a prefix, never torn
        reloaded.reload()
        assert len(reloaded.events) == reloaded.meta("count", 0)
        loads += 1
        time.sleep(0.005)
    assert writer.returncode == 0
    reloaded.reload()
    assert len(reloaded.events) == 3000


# -- damaged files ---------------------------------------------------------------
def test_a_snapshot_that_is_not_json_is_an_error_naming_it(data: Path, small_journal: None) -> None:
    with Store(data) as store:
        for i in range(30):
            store.documents.put(Document(url=f"u{i}"))
    snapshot = data / "documents.json"
    snapshot.write_text('{"documents": {"1": {"_key": "u0", "url"')
    for readonly in (True, False):
        with pytest.raises(StoreError, match=r"documents\.json is not valid JSON"):
            Store(data, readonly=readonly)
    assert snapshot.read_text().startswith('{"documents": {"1"')  # left as it was
    snapshot.write_text("")
    with pytest.raises(StoreError, match=r"documents\.json is not valid JSON"):
        Store(data)


def test_a_torn_last_journal_line_is_ignored_and_cut(data: Path) -> None:
    with Store(data) as store:
        store.events.put(event("e1"))
    journal = next(data.glob("journal-*.jsonl"))
    with open(journal, "ab") as fh:
        fh.write(b'{"ops":[["events","e2",{"_key":"e2","ev')
    with Store(data, readonly=True) as reader:
        assert [e.event_id for e in reader.events.all()] == ["e1"]
    with Store(data) as store:
        store.events.put(event("e3"))
    lines = journal.read_text().splitlines()
    assert [json.loads(line)["ops"][0][1] for line in lines] == ["e1", "e3"]


def test_a_damaged_line_before_committed_ones_is_an_error(data: Path) -> None:
    with Store(data) as store:
        store.events.put(event("e1"))
        store.events.put(event("e2"))
    journal = next(data.glob("journal-*.jsonl"))
    lines = journal.read_bytes().split(b"\n")
    journal.write_bytes(b"\n".join([b"garbage", *lines[1:]]))
    with pytest.raises(StoreError, match="corrupt"):
        Store(data, readonly=True)
