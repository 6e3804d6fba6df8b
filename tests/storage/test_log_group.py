"""Concurrent appenders sharing durable commits: every index once, every entry where it says."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from counterpart.storage.database import create_engine, migrate
from counterpart.storage.log import LogStore
from counterpart.storage.log_group import GroupAppender
from counterpart.workflows.log_append import recheck_log


def test_concurrent_appends_get_distinct_indices_and_a_consistent_log(database_url: str) -> None:
    engine = create_engine(database_url)
    migrate(engine)
    store = LogStore(engine, "self")
    appender = GroupAppender(store)
    acknowledged: dict[int, bytes] = {}
    lock = threading.Lock()

    def work(thread: int) -> None:
        for n in range(40):
            entry = f'{{"t":{thread},"n":{n}}}'.encode()
            index = appender.append(entry)
            with lock:
                acknowledged[index] = entry

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(acknowledged) == list(range(240))
    assert store.entries(0, 240) == [acknowledged[i] for i in range(240)]
    recheck_log(store, 240, None)
    engine.dispose()


def test_a_failed_commit_fails_its_appends(database_url: str) -> None:
    engine = create_engine(database_url)
    migrate(engine)
    appender = GroupAppender(LogStore(engine, "self"))
    engine.dispose()
    appender.store.engine = create_engine("sqlite:////nonexistent/dir/x.db")
    with pytest.raises(sa.exc.OperationalError, match="unable to open database"):
        appender.append(b'{"n":0}')
    appender.store.engine.dispose()
