"""An answer that passed its state check before another was filed (as a second process
serving the same database would) is refused inside the append's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from counterpart.domain.errors import Conflict
from counterpart.domain.record_content import parse_content
from counterpart.workflows import record_sending
from counterpart.workflows.access_model import Role
from counterpart.workflows.inbox import node_parties
from tests.domain.record_samples import notification_content
from tests.workflows.records_fixtures import Side, make_pair, principal
from tests.workflows.test_record_transitions import (
    NOTIFICATION,
    REPLY,
    file,
    received,
    reply,
    snapshot,
)
from tests.workflows.test_records_flow import send


@pytest.fixture
def sides(tmp_path: Path, database_url: str) -> Iterator[tuple[Side, Side]]:
    yield from make_pair(tmp_path, database_url)


def test_a_reply_past_a_stale_check_is_refused_and_leaves_nothing(
    sides: tuple[Side, Side],
) -> None:
    b, a = sides  # the replying node is the one on `database_url` (SQLite, PostgreSQL)
    seen = received(b, a, send(a, NOTIFICATION, notification_content()))
    second = parse_content(REPLY, reply(seen, "objection"))  # checked while none was filed
    file(b, REPLY, reply(seen, "no_objection"))
    before = snapshot(b), b.node.stores.book.meta()["sequence:notification_reply"]
    caller = principal(b.party, Role.APPROVER)
    parties = node_parties(b.node.stores.book)
    with pytest.raises(Conflict, match="one reply only"):
        record_sending._send(b.outbox, caller, parties, (REPLY, second), None)
    assert (snapshot(b), b.node.stores.book.meta()["sequence:notification_reply"]) == before
