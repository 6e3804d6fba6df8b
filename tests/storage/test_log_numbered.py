"""Numbered appends: a counter and its entry in one transaction, unique across engines and
processes, and no number spent on an entry (or a projection) that was refused."""

from __future__ import annotations

import json
import multiprocessing
import threading

import pytest

from counterpart.domain.errors import Conflict, InvalidInput
from counterpart.storage.database import create_engine, migrate
from counterpart.storage.log import LogStore
from counterpart.storage.log_peers import PeerStore
from counterpart.storage.records import SqlRecordLog, open_records
from counterpart.workflows.coordination_ports import RecordsPorts
from counterpart.workflows.log_append import check_entry, recheck_log
from tests.storage.test_records import entry

COUNTER = "sequence:test"


def append_numbered_entries(url: str, writer: int, count: int) -> list[int]:
    """Append `count` entries numbered by COUNTER through an engine of its own."""
    engine = create_engine(url)
    store = LogStore(engine, "self")
    try:
        return [
            store.append_numbered(
                COUNTER, lambda n: json.dumps({"seq": n, "writer": writer}).encode()
            )
            for _ in range(count)
        ]
    finally:
        engine.dispose()


def check_numbered_log(url: str, total: int) -> None:
    """Every number once, in index order, the counter at `total`, the tree consistent."""
    engine = create_engine(url)
    store = LogStore(engine, "self")
    numbers = [json.loads(entry)["seq"] for entry in store.entries(0, total)]
    assert numbers == list(range(1, total + 1))
    assert store.size() == total
    assert PeerStore(engine).meta()[COUNTER] == str(total)
    recheck_log(store, total, None)
    engine.dispose()


def migrate_database(url: str) -> None:
    engine = create_engine(url)
    migrate(engine)
    engine.dispose()


def test_two_engines_appending_at_once_never_share_a_number(database_url: str) -> None:
    migrate_database(database_url)
    indices: list[list[int]] = [[], []]

    def work(writer: int) -> None:
        indices[writer] = append_numbered_entries(database_url, writer, 25)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(indices[0] + indices[1]) == list(range(50))
    check_numbered_log(database_url, 50)


@pytest.mark.slow
def test_two_processes_appending_at_once_never_share_a_number(database_url: str) -> None:
    migrate_database(database_url)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(append_numbered_entries, [(database_url, w, 30) for w in range(2)])
    assert sorted(results[0] + results[1]) == list(range(60))
    check_numbered_log(database_url, 60)


def test_a_refused_entry_spends_no_number(database_url: str) -> None:
    engine = create_engine(database_url)
    migrate(engine)
    store = LogStore(engine, "self")
    store.append_numbered(COUNTER, lambda n: json.dumps({"seq": n}).encode())
    with pytest.raises(InvalidInput, match="an entry is empty"):
        store.append_numbered(COUNTER, lambda n: check_entry(b"", "entry"))
    store.append_numbered(COUNTER, lambda n: json.dumps({"seq": n}).encode())
    engine.dispose()
    check_numbered_log(database_url, 2)


def test_a_failed_projection_leaves_neither_entry_nor_number(database_url: str) -> None:
    engine = create_engine(database_url)
    migrate(engine)
    record_log = SqlRecordLog(LogStore(engine, "self"))

    def project(ports: RecordsPorts, index: int) -> None:
        ports.add_entry(entry(index))
        ports.set_next_index("self", index + 1)

    def refuse(ports: RecordsPorts, index: int) -> None:
        ports.add_entry(entry(index))
        raise Conflict("refused after the entry was written")

    record_log.append_projected(COUNTER, lambda n: json.dumps({"seq": n}).encode(), project)
    with pytest.raises(Conflict, match="refused after"):
        record_log.append_projected(COUNTER, lambda n: json.dumps({"seq": n}).encode(), refuse)
    record_log.append_projected(COUNTER, lambda n: json.dumps({"seq": n}).encode(), project)
    with open_records(engine) as ports:
        assert [ports.get_entry("self", i) is not None for i in range(3)] == [True, True, False]
        assert not ports.has_unprojected(["self"])
    engine.dispose()
    check_numbered_log(database_url, 2)
