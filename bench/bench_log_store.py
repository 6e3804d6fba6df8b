"""Log store speed: batched appends on SQLite, one durable commit each on PostgreSQL.

Each figure is set against the baseline measured in the same run over the same records: raw
RFC 8785 canonical JSON (the `rfc8785` package) plus one SHA-256 per record, the least any log
must do. Targets (issue 4): batched appends >= 10k/s on SQLite; appends with one durable
commit each on PostgreSQL >= 1k/s. The appends go through `LogStore.append`: entry bytes,
leaf hash and every completed subtree hash, committed (SQLite synchronous=FULL, WAL).

    .venv/bin/python bench/bench_log_store.py [--records 20000] [--single 2000] [--threads 32]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import rfc8785
import sqlalchemy as sa

from counterpart.domain.records import Record, RecordType, encode_record, new_record, to_json
from counterpart.storage.database import create_engine, migrate
from counterpart.storage.log import LogStore
from counterpart.storage.log_group import GroupAppender

POSTGRES_URL = os.environ.get(
    "COUNTERPART_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def make_records(count: int) -> list[Record]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    records = [
        new_record(
            RecordType.INCIDENT,
            "us",
            n + 1,
            {"kind": "seizure", "substance": "4-AP", "quantity": f"{n % 97}.5 kg", "n": n},
            claimed_at=start + timedelta(seconds=n),
        )
        for n in range(count)
    ]
    return records


def rate(count: int, work: Callable[[], None]) -> float:
    began = time.perf_counter()
    work()
    return count / (time.perf_counter() - began)


def baseline(records: list[dict[str, Any]]) -> float:
    """Records/s of JCS + SHA-256 alone."""

    def work() -> None:
        for record in records:
            hashlib.sha256(rfc8785.dumps(record)).digest()

    return rate(len(records), work)


def batched_appends(url: str, entries: list[bytes], batch: int) -> float:
    engine = create_engine(url)
    migrate(engine)
    store = LogStore(engine, "self")

    def work() -> None:
        for start in range(0, len(entries), batch):
            store.append(entries[start : start + batch])

    try:
        return rate(len(entries), work)
    finally:
        engine.dispose()


def _append_each(store: LogStore, entries: list[bytes]) -> None:
    for entry in entries:
        store.append([entry])


def single_appends(url: str, entries: list[bytes]) -> float:
    engine = create_engine(url)
    migrate(engine)
    store = LogStore(engine, "self")
    try:
        return rate(len(entries), lambda: _append_each(store, entries))
    finally:
        engine.dispose()


def concurrent_appends(url: str, entries: list[bytes], threads: int) -> float:
    """Appends from `threads` callers at once, each acknowledged after its durable commit."""
    engine = create_engine(url)
    migrate(engine)
    appender = GroupAppender(LogStore(engine, "self"), gather_seconds=0.002)
    shares = [entries[i::threads] for i in range(threads)]

    def work() -> None:
        workers = [
            threading.Thread(target=lambda share=share: [appender.append(e) for e in share])
            for share in shares
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    try:
        return rate(len(entries), work)
    finally:
        engine.dispose()


def raw_commits(url: str, count: int, table: str) -> float:
    """Records/s of the bare minimum: one single-row INSERT, autocommitted, each, same server.

    One round trip and one durable commit per row, with no index: the server's ceiling for
    anything that commits each record on its own.
    """
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE TABLE {table} (i integer)"))
    autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")

    def work() -> None:
        for i in range(count):
            with autocommit.connect() as connection:
                connection.exec_driver_sql(f"INSERT INTO {table} VALUES (%s)", (i,))

    try:
        return rate(count, work)
    finally:
        engine.dispose()


def postgres_schema() -> tuple[str, Callable[[], None]] | None:
    admin = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        return None

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}", drop


def report(name: str, value: float, base: float, target: float | None) -> None:
    line = f"{name:<46} {value:>10,.0f}/s  = {value / base:.3f} x baseline"
    if target is not None:
        verdict = "ok" if value >= target else "BELOW TARGET"
        line += f"  (target >= {target:,.0f}/s: {verdict})"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--single", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=1_000)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    records = make_records(args.records)
    entries = [encode_record(record) for record in records]
    jsons = [to_json(record) for record in records]
    base = baseline(jsons)
    print(f"{'baseline: JCS + SHA-256 over the same records':<46} {base:>10,.0f}/s")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite:///{Path(tmp) / 'bench.db'}"
        value = batched_appends(sqlite, entries, args.batch)
        report(f"SQLite batched appends ({args.batch} per commit)", value, base, 10_000)
        single = single_appends(f"sqlite:///{Path(tmp) / 'single.db'}", entries[: args.single])
        report("SQLite appends, one durable commit each", single, base, None)
    postgres = postgres_schema()
    if postgres is None:
        print(f"PostgreSQL not reachable at {POSTGRES_URL}: its figure is not measured")
        return
    url, drop = postgres
    try:
        before = raw_commits(url, args.single, "raw_before")
        value = single_appends(url, entries[: args.single])
        report("PostgreSQL appends, one durable commit each", value, base, 1_000)
        ceiling = max(before, raw_commits(url, args.single, "raw_after"))
        print(
            f"{'  (server ceiling: bare autocommit INSERT each)':<46} {ceiling:>10,.0f}/s  "
            f"(best of before and after; the store reaches {value / ceiling:.0%} of it)"
        )
        threads = args.threads
        value = concurrent_appends(url, entries[: args.single * 2], threads)
        name = f"PostgreSQL, {threads} concurrent appenders (group commit)"
        report(name, value, base, 1_000)
    finally:
        drop()


if __name__ == "__main__":
    main()
