"""Every invalid transition of the record state machines is refused, and nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from counterpart.domain.errors import Conflict, CounterpartError, InvalidInput, NotFound
from counterpart.domain.records import RecordType
from counterpart.storage.records import record_entry
from counterpart.storage.tables import audit_event
from counterpart.workflows.access_model import Role
from counterpart.workflows.coordination_ports import RecordEntry
from counterpart.workflows.inbox import refresh_projection
from counterpart.workflows.record_sending import file_record
from tests.domain.record_samples import (
    commitment_content,
    incident_content,
    notification_content,
    request_content,
)
from tests.workflows.records_fixtures import Side, make_pair, principal
from tests.workflows.test_records_flow import link, send

NOTIFICATION = RecordType.PRE_EXPORT_NOTIFICATION
REPLY = RecordType.NOTIFICATION_REPLY
OUTCOME = RecordType.SHIPMENT_OUTCOME


@pytest.fixture
def sides(tmp_path: Path) -> Iterator[tuple[Side, Side]]:
    yield from make_pair(tmp_path)  # SQLite; storage runs on both stores in test_records_flow


def file(side: Side, record_type: RecordType, content: dict[str, Any]) -> RecordEntry:
    return file_record(side.outbox, principal(side.party, Role.APPROVER), record_type, content)


def received(side: Side, sender: Side, entry: RecordEntry) -> RecordEntry:
    """`entry` of `sender`, as `side` sees it once mirrored."""
    side.mirror_from(sender)
    with side.begin() as ports:
        refresh_projection(ports, side.node.stores.book, side.node.stores.log_named)
        found = ports.get_entry(f"peer:{sender.party}", entry.index)
    assert found is not None
    return found


def refused(side: Side, kind: type[CounterpartError], message: str, *args: Any) -> None:
    """Filing is refused with `kind`, and neither the log nor the projection changes."""
    before = snapshot(side)
    with pytest.raises(kind, match=message):
        file(side, *args)
    assert snapshot(side) == before


def snapshot(side: Side) -> tuple[int, list[Any], list[Any]]:
    """The log size, every projected row, and the audit trail."""
    with side.node.stores.engine.connect() as connection:
        rows = connection.execute(sa.select(record_entry).order_by(record_entry.c.position))
        audit = connection.execute(sa.select(audit_event.c.id, audit_event.c.action))
        return side.node.stores.own.size(), [tuple(r) for r in rows], [tuple(r) for r in audit]


def reply(notification: RecordEntry, code: str, **extra: Any) -> dict[str, Any]:
    reason = {"reason": "see file"} if code in ("objection", "request_for_information") else {}
    return {"notification": link(notification), "code": code, **reason, **extra}


@pytest.fixture
def notified(sides: tuple[Side, Side]) -> tuple[Side, Side, RecordEntry]:
    a, b = sides
    sent = send(a, NOTIFICATION, notification_content())
    return a, b, received(b, a, sent)


def test_replying_twice_is_refused(notified: tuple[Side, Side, RecordEntry]) -> None:
    _, b, seen = notified
    file(b, REPLY, reply(seen, "no_objection"))
    refused(b, Conflict, "already answered .no_objection.; one reply only", REPLY,
            reply(seen, "objection"))  # fmt: skip


def test_acknowledging_twice_and_asking_twice_are_refused(
    notified: tuple[Side, Side, RecordEntry],
) -> None:
    _, b, seen = notified
    file(b, REPLY, reply(seen, "acknowledge"))
    refused(b, Conflict, "acknowledge only once", REPLY, reply(seen, "acknowledge"))
    file(b, REPLY, reply(seen, "request_for_information"))
    refused(b, Conflict, "already requested", REPLY, reply(seen, "request_for_information"))
    assert file(b, REPLY, reply(seen, "no_objection")).record_type is REPLY


def test_objecting_after_the_deadline_must_say_late(
    notified: tuple[Side, Side, RecordEntry],
) -> None:
    _, b, seen = notified
    b.clock.now = b.clock.now.replace(day=21)  # the deadline was 2026-03-20
    refused(b, Conflict, "deadline was 2026-03-20.*late: true", REPLY, reply(seen, "objection"))
    late = reply(seen, "objection", late=True, late_reason="the file reached us on 03-19")
    assert file(b, REPLY, late).state == "sent"


def test_late_true_before_the_deadline_is_refused(notified: tuple[Side, Side, RecordEntry]) -> None:
    _, b, seen = notified
    early = reply(seen, "no_objection", late=True, late_reason="none")
    refused(b, InvalidInput, "not late", REPLY, early)


def test_only_the_addressee_replies_and_only_the_author_reports_the_outcome(
    notified: tuple[Side, Side, RecordEntry],
) -> None:
    a, b, seen = notified
    own = a.node.stores.own
    with a.begin() as ports:
        mine = ports.get_entry("self", 0)
    assert mine is not None
    refused(a, Conflict, "only cn, to whom it was sent, replies", REPLY, reply(mine, "acknowledge"))
    file(b, REPLY, reply(seen, "no_objection"))
    shipped = {"notification": link(seen), "outcome": "shipped", "occurred_on": "2026-04-01"}
    refused(b, Conflict, "only us, who notified the shipment", OUTCOME, shipped)
    assert own.size() == 1


def test_an_outcome_before_a_reply_is_refused(notified: tuple[Side, Side, RecordEntry]) -> None:
    a, _, _ = notified
    with a.begin() as ports:
        mine = ports.get_entry("self", 0)
    assert mine is not None
    outcome = {"notification": link(mine), "outcome": "shipped", "occurred_on": "2026-04-01"}
    refused(a, Conflict, "an outcome before a reply", OUTCOME, outcome)


def test_outcomes_follow_the_reply_and_stay_final(notified: tuple[Side, Side, RecordEntry]) -> None:
    a, b, seen = notified
    objection = file(b, REPLY, reply(seen, "objection"))
    received(a, b, objection)
    with a.begin() as ports:
        mine = ports.get_entry("self", 0)
    assert mine is not None and mine.state == "objected"

    def outcome(kind: str) -> dict[str, Any]:
        assert mine is not None
        return {"notification": link(mine), "outcome": kind, "occurred_on": "2026-04-01"}

    refused(a, Conflict, "cannot be shipped while the notification is objected", OUTCOME,
            outcome("shipped"))  # fmt: skip
    file(a, OUTCOME, outcome("stopped"))
    refused(a, Conflict, "already final .stopped.", OUTCOME, outcome("seized"))


def test_a_reply_to_a_record_that_does_not_exist_is_not_found(sides: tuple[Side, Side]) -> None:
    _, b = sides
    ghost = {"author": "us", "log_index": 7, "leaf_hash": "ab" * 32}
    refused(b, NotFound, "no record of us at log index 7", REPLY,
            {"notification": ghost, "code": "acknowledge"})  # fmt: skip


def test_a_reply_with_the_wrong_hash_is_not_found(notified: tuple[Side, Side, RecordEntry]) -> None:
    _, b, seen = notified
    wrong = {"author": "us", "log_index": seen.index, "leaf_hash": "cd" * 32}
    refused(b, NotFound, "no record of us", REPLY, {"notification": wrong, "code": "acknowledge"})


def test_a_reply_to_an_incident_is_refused(sides: tuple[Side, Side]) -> None:
    a, b = sides
    seen = received(b, a, send(a, RecordType.INCIDENT, incident_content()))
    refused(b, Conflict, "is a incident, not a pre_export_notification", REPLY,
            reply(seen, "acknowledge"))  # fmt: skip


def test_an_incident_linking_a_missing_notification_is_not_found(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    ghost = {"author": "us", "log_index": 3, "leaf_hash": "ab" * 32}
    refused(
        a, NotFound, "log index 3", RecordType.INCIDENT, incident_content(notifications=[ghost])
    )


def test_responses_to_requests(sides: tuple[Side, Side]) -> None:
    a, b = sides
    ghost = {"author": "us", "log_index": 0, "leaf_hash": "ab" * 32}
    answer = {"outcome": "action_taken", "actions_taken": ["store closed"]}
    refused(b, NotFound, "no record of us", RecordType.ASSISTANCE_RESPONSE,
            {"request": ghost, **answer})  # fmt: skip
    content = request_content(evidence=[])
    seen = received(b, a, send(a, RecordType.REQUEST_FOR_ASSISTANCE, content))
    response = RecordType.ASSISTANCE_RESPONSE
    file(b, response, {"request": link(seen), "outcome": "ongoing", "summary": "investigating"})
    file(b, response, {"request": link(seen), **answer})
    refused(b, Conflict, "already answered .action_taken.", response,
            {"request": link(seen), **answer})  # fmt: skip


def test_commitment_status_is_countersigned_by_the_other_party(sides: tuple[Side, Side]) -> None:
    a, b = sides
    commitment = send(a, RecordType.COMMITMENT, commitment_content(owner="us"))
    status = RecordType.COMMITMENT_STATUS
    proposal = file(a, status, {"commitment": link(commitment), "status": "delivered",
                                "as_of": "2026-03-01"})  # fmt: skip
    refused(a, Conflict, "cannot countersign its own status", status,
            {"commitment": link(commitment), "status": "delivered", "as_of": "2026-03-01",
             "countersigns": link(proposal)})  # fmt: skip
    seen_commitment = received(b, a, commitment)
    seen_proposal = received(b, a, proposal)
    other = {"commitment": link(seen_commitment), "as_of": "2026-03-02"}
    refused(
        b,
        Conflict,
        "says not_delivered, the proposal delivered",
        status,
        {**other, "status": "not_delivered", "countersigns": link(seen_proposal)},
    )
    file(b, status, {**other, "status": "delivered", "countersigns": link(seen_proposal)})
    refused(
        b,
        Conflict,
        "no status awaiting a countersignature",
        status,
        {**other, "status": "delivered", "countersigns": link(seen_proposal)},
    )
    with b.begin() as ports:
        agreed = ports.get_entry(seen_commitment.log, seen_commitment.index)
    assert agreed is not None and (agreed.state, agreed.waiting_on) == ("delivered", None)
    a.mirror_from(b)
    with a.begin() as ports:
        refresh_projection(ports, a.node.stores.book, a.node.stores.log_named)
        mine = ports.get_entry("self", commitment.index)
    assert mine is not None and mine.state == "delivered"  # both nodes agree


def test_evidence_for_a_missing_commitment_is_not_found(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    ghost = {"author": "us", "log_index": 9, "leaf_hash": "ab" * 32}
    refused(a, NotFound, "log index 9", RecordType.COMMITMENT_EVIDENCE,
            {"commitment": ghost, "description": "published notice"})  # fmt: skip


def test_the_counterparts_invalid_answer_is_kept_as_an_anomaly(
    notified: tuple[Side, Side, RecordEntry],
) -> None:
    """A's node never drops B's record: a second reply is stored, flagged, state unchanged."""
    a, b, seen = notified
    first = file(b, REPLY, reply(seen, "no_objection"))
    with b.begin() as ports:  # B's projection is bypassed: as if B's node were modified
        ports.set_state(seen.key, "awaiting_reply", "cn")
    second = file(b, REPLY, reply(seen, "objection"))
    received(a, b, first)
    with a.begin() as ports:
        refresh_projection(ports, a.node.stores.book, a.node.stores.log_named)
        mine, kept = ports.get_entry("self", 0), ports.get_entry("peer:cn", second.index)
    assert mine is not None and mine.state == "no_objection"
    assert kept is not None and kept.anomaly is not None and "one reply only" in kept.anomaly
    assert kept.anomaly_message == {  # stored beside the English, for each reader's language
        "id": "the notification was already answered (%(state)s); one reply only",
        "params": {"state": {"term": "record_state", "value": "no_objection"}},
    }


def test_a_request_about_a_missing_shipment_is_not_found(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    ghost = {"author": "cn", "log_index": 4, "leaf_hash": "ab" * 32}
    subject = {"kind": "shipment", "description": "the 2026-04 shipment", "notification": ghost}
    refused(a, NotFound, "no record of cn at log index 4", RecordType.REQUEST_FOR_ASSISTANCE,
            request_content(subject=subject, evidence=[]))  # fmt: skip
