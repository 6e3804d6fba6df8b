"""The log store on SQLite and PostgreSQL: appends, stored hashes, proofs, checkpoints."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from counterpart.domain.errors import Conflict, NotFound, TamperDetected
from counterpart.ledger.note import NoteSigner
from counterpart.ledger.tree import (
    MemoryHashStore,
    hash_leaf,
    prove_consistency,
    prove_inclusion,
    root_hash,
)
from counterpart.ledger.verify import verify_consistency, verify_inclusion
from counterpart.storage.database import create_engine, migrate
from counterpart.storage.log import LogStore
from counterpart.storage.log_peers import PeerStore
from counterpart.storage.log_tables import log_entry, log_hash
from counterpart.workflows.log_append import append_entries, recheck_log, sign_checkpoint


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = create_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def _entries(count: int, start: int = 0) -> list[bytes]:
    return [f'{{"n":{i}}}'.encode() for i in range(start, start + count)]


def test_appends_store_bytes_and_every_perfect_subtree(engine: sa.Engine) -> None:
    store = LogStore(engine, "self")
    assert append_entries(store, _entries(5)) == [0, 1, 2, 3, 4]
    assert store.append(_entries(8, 5)) == 5
    memory = MemoryHashStore(hash_leaf(e) for e in _entries(13))
    assert store.size() == 13
    assert store.entries(3, 6) == _entries(3, 3)
    for size in range(1, 14):
        assert root_hash(store, size) == root_hash(memory, size)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(sa.func.count()).select_from(log_hash)).scalar()
    assert root_hash(store, 13) == memory.root()
    assert rows == 13 + (13 - (13).bit_count())  # leaves, plus one node per merge


def test_proofs_from_stored_hashes_verify(engine: sa.Engine) -> None:
    store = LogStore(engine, "self")
    store.append(_entries(37))
    root = root_hash(store, 37)
    for index in (0, 17, 36):
        proof = prove_inclusion(store, index, 37)
        verify_inclusion(hash_leaf(_entries(37)[index]), index, 37, proof, root)
    for old in (1, 16, 20):
        proof = prove_consistency(store, old, 37)
        verify_consistency(old, 37, proof, root_hash(store, old), root)


def test_missing_entries_are_not_found(engine: sa.Engine) -> None:
    store = LogStore(engine, "self")
    store.append(_entries(3))
    with pytest.raises(NotFound, match=r"\[2, 5\)"):
        store.entries(2, 5)


def test_a_second_writer_with_a_stale_view_gets_a_conflict(engine: sa.Engine) -> None:
    first, second = LogStore(engine, "self"), LogStore(engine, "self")
    first.append(_entries(2))
    second.append(_entries(1, 2))  # reloads its frontier: the size moved
    first.append(_entries(1, 3))
    assert first.size() == 4
    assert recheck_log(first, 4, None) == MemoryHashStore(hash_leaf(e) for e in _entries(4)).root()


def test_signing_recomputes_the_root_from_the_stored_bytes(engine: sa.Engine) -> None:
    store = LogStore(engine, "self")
    signer = NoteSigner.generate("counterpart/US")
    store.append(_entries(10))
    checkpoint = sign_checkpoint(store, signer)
    assert checkpoint.size == 10
    with engine.begin() as connection:
        connection.execute(
            log_entry.update().where(log_entry.c.idx == 4).values(data=b'{"n":4,"edited":true}')
        )
    store.append(_entries(1, 10))
    with pytest.raises(TamperDetected, match="entry 4"):
        sign_checkpoint(store, signer)


def test_signing_refuses_a_log_shorter_than_its_checkpoint(engine: sa.Engine) -> None:
    store = LogStore(engine, "self")
    signer = NoteSigner.generate("counterpart/US")
    store.append(_entries(6))
    sign_checkpoint(store, signer)
    with engine.begin() as connection:
        connection.execute(log_entry.delete().where(log_entry.c.idx >= 4))
        connection.execute(log_hash.delete().where(log_hash.c.level == 0, log_hash.c.idx >= 4))
    fresh = LogStore(engine, "self")
    fresh.append(_entries(1, 100))
    with pytest.raises(TamperDetected, match="checkpoint 6 was signed"):
        sign_checkpoint(fresh, signer)


def test_the_witness_state_moves_only_from_the_expected_size(engine: sa.Engine) -> None:
    book = PeerStore(engine)
    book.advance_witness_state("counterpart/US", 0, 5, b"a" * 32)
    with pytest.raises(Conflict):
        book.advance_witness_state("counterpart/US", 0, 6, b"b" * 32)
    with pytest.raises(Conflict):
        book.advance_witness_state("counterpart/US", 4, 6, b"b" * 32)
    book.advance_witness_state("counterpart/US", 5, 9, b"c" * 32)
    assert book.witness_state("counterpart/US") == (9, b"c" * 32)


def test_a_nonce_is_accepted_once(engine: sa.Engine) -> None:
    book = PeerStore(engine)
    assert book.remember("counterpart/CN", "n1", 100) is True
    assert book.remember("counterpart/CN", "n1", 100) is False
    assert book.remember("counterpart/US", "n1", 100) is True


def test_two_writers_on_one_database_both_succeed(database_url: str) -> None:
    engines = [create_engine(database_url) for _ in range(2)]
    migrate(engines[0])
    stores = [LogStore(engines[0], "self"), LogStore(engines[1], "peer:cn")]

    def work(store: LogStore) -> None:
        for n in range(60):
            store.append(_entries(1, n))

    threads = [threading.Thread(target=work, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [store.size() for store in stores] == [60, 60]
    assert stores[1].entries(0, 60) == _entries(60)
    for engine in engines:
        engine.dispose()


def test_writers_on_two_engines_interleave_plain_and_numbered_appends(database_url: str) -> None:
    """Stale caches, the one-statement path and the locked path, all on one log at once."""
    engines = [create_engine(database_url) for _ in range(2)]
    migrate(engines[0])
    stores = [LogStore(engine, "self") for engine in engines]
    stored: list[list[bytes]] = [[], []]

    def work(writer: int) -> None:
        store = stores[writer]
        for n in range(40):
            if n % 5 == 4:
                store.append_numbered(f"bench-{writer}", lambda v: f'{{"v":{v}}}'.encode())
                continue
            entry = f'{{"w":{writer},"n":{n}}}'.encode()
            store.append([entry])
            stored[writer].append(entry)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = stores[0].entries(0, 80)
    assert set(stored[0] + stored[1]) <= set(entries)
    assert stores[1].size() == 80
    expected = MemoryHashStore(hash_leaf(entry) for entry in entries).root()
    assert recheck_log(stores[1], 80, None) == expected
    for engine in engines:
        engine.dispose()


@contextmanager
def statements_of(engine: sa.Engine) -> Iterator[list[str]]:
    """The SQL text of every statement `engine` runs inside the block."""
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_an_append_on_postgresql_is_one_statement_once_the_frontier_is_known(
    engine: sa.Engine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the one-statement append is PostgreSQL's")
    store = LogStore(engine, "self")
    store.append(_entries(3))  # loads the frontier through the locked path
    with statements_of(engine) as statements:
        for n in range(3, 10):
            store.append(_entries(1, n))
    assert len(statements) == 7
    assert all(statement.startswith("WITH entry AS (INSERT") for statement in statements)
    assert (
        recheck_log(store, 10, None) == MemoryHashStore(hash_leaf(e) for e in _entries(10)).root()
    )


def test_a_numbered_append_from_a_stale_cache_is_retried_from_the_store(
    database_url: str,
) -> None:
    engines = [create_engine(database_url) for _ in range(2)]
    migrate(engines[0])
    first, second = (LogStore(engine, "self") for engine in engines)

    def entry(value: int) -> bytes:
        return f'{{"v":{value}}}'.encode()

    assert first.append_numbered("n", entry) == 0  # first caches its frontier at size 1
    assert second.append_numbered("n", entry) == 1  # the log moves behind first's back
    assert first.append_numbered("n", entry) == 2  # stale: refused by the key, then retried
    assert first.entries(0, 3) == [entry(1), entry(2), entry(3)]
    assert (
        recheck_log(second, 3, None)
        == MemoryHashStore(hash_leaf(entry(v)) for v in (1, 2, 3)).root()
    )
    for engine in engines:
        engine.dispose()


def test_a_numbered_append_on_postgresql_is_three_statements_once_the_frontier_is_known(
    engine: sa.Engine,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the statement count is PostgreSQL's")
    store = LogStore(engine, "self")
    store.append_numbered("n", lambda v: f'{{"v":{v}}}'.encode())
    with statements_of(engine) as statements:
        store.append_numbered("n", lambda v: f'{{"v":{v}}}'.encode())
    # The lock, the counter, and the entry with its subtree hashes: no size read.
    assert len(statements) == 3
    assert "pg_advisory_xact_lock" in statements[0]
    assert statements[2].startswith("WITH entry AS (INSERT")
