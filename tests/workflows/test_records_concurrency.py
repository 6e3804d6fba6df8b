"""Concurrent filings and reads: one reply wins, nothing is projected twice, nothing is lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from counterpart.domain.records import RecordType
from counterpart.storage.records import open_records
from counterpart.workflows.access_model import Role
from counterpart.workflows.coordination_ports import RecordQuery
from counterpart.workflows.inbox import list_visible, refresh
from counterpart.workflows.record_sending import file_record
from tests.domain.record_samples import incident_content, notification_content
from tests.workflows.records_fixtures import Side, make_pair, principal
from tests.workflows.test_record_transitions import received, reply
from tests.workflows.test_records_flow import send


@pytest.fixture
def sides(tmp_path: Path, database_url: str) -> Iterator[tuple[Side, Side]]:
    yield from make_pair(tmp_path, database_url)


def outcomes(calls: list[Callable[[], Any]]) -> list[str]:
    """Run the calls at once; each one's result type or error class name."""
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(call) for call in calls]
    names = []
    for future in futures:
        error = future.exception()
        names.append(type(error).__name__ if error else "ok")
    return names


def test_two_replies_at_once_one_wins(sides: tuple[Side, Side]) -> None:
    a, b = sides
    seen = received(b, a, send(a, RecordType.PRE_EXPORT_NOTIFICATION, notification_content()))
    approver = principal("cn", Role.APPROVER)

    def answer(code: str) -> Callable[[], Any]:
        content = reply(seen, code)
        return lambda: file_record(b.outbox, approver, RecordType.NOTIFICATION_REPLY, content)

    results = outcomes([answer("objection"), answer("no_objection"), answer("objection")])
    assert sorted(results) == ["Conflict", "Conflict", "ok"]
    assert b.node.stores.own.size() == 1


def test_filings_and_reads_at_once_lose_nothing(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    approver = principal("us", Role.APPROVER)
    engine = a.node.stores.engine

    def file(n: int) -> Callable[[], Any]:
        content = incident_content(place=f"Port {n}")
        return lambda: file_record(a.outbox, approver, RecordType.INCIDENT, content)

    def read() -> Any:
        refresh(lambda: open_records(engine), a.node.stores.book, a.node.stores.log_named)
        with open_records(engine) as ports:
            return list_visible(ports, "us", RecordQuery("us"))

    calls: list[Callable[[], Any]] = [file(n) for n in range(6)] + [read] * 6
    assert outcomes(calls) == ["ok"] * 12
    page = read()
    assert sorted(e.index for e in page.items) == list(range(6))
    with open_records(engine) as ports:
        assert ports.next_index("self") == 6
