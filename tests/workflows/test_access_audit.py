"""The audit port: what a write records, and how the admin read refuses bad paging."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from counterpart.domain.errors import InvalidInput
from counterpart.workflows.access_audit import read_audit, record_write
from counterpart.workflows.access_model import AuditQuery
from tests.workflows.access_fixtures import START, AccessNode, make_settings, open_node


@pytest.fixture
def node(tmp_path: Path) -> Iterator[AccessNode]:
    opened = open_node(make_settings(tmp_path / "home"))
    yield opened
    opened.engine.dispose()


def test_a_write_is_recorded_with_the_clock_and_clipped_to_the_columns(node: AccessNode) -> None:
    with node.begin() as ports:
        event = record_write(
            ports.audit,
            ports.clock,
            actor="a" * 300,
            action="record.send",
            target="t" * 500,
            detail={"record": 7},
        )
    assert event.at == START
    assert (len(event.actor), len(event.target)) == (200, 400)
    assert event.actor.endswith("…")
    with node.begin() as ports:
        [stored] = read_audit(ports.audit, AuditQuery()).items
    assert (stored.actor, stored.target, stored.detail) == (
        event.actor,
        event.target,
        {"record": 7},
    )


def test_a_write_that_rolls_back_leaves_no_audit_row(node: AccessNode) -> None:
    with pytest.raises(InvalidInput), node.begin() as ports:
        record_write(ports.audit, ports.clock, actor="li", action="x.y", target="z")
        raise InvalidInput("the write failed after its audit row")
    assert node.audit_actions() == []


@pytest.mark.parametrize(
    ("query", "where"),
    [
        (AuditQuery(limit=0), "limit"),
        (AuditQuery(limit=501), "limit"),
        (AuditQuery(offset=-1), "offset"),
        (AuditQuery(since=START, until=START - timedelta(seconds=1)), "since"),
    ],
)
def test_bad_paging_is_refused(node: AccessNode, query: AuditQuery, where: str) -> None:
    with pytest.raises(InvalidInput) as raised, node.begin() as ports:
        read_audit(ports.audit, query)
    assert raised.value.where == where
