"""Drafting, sending, screening on filing, the inbox and its party boundary, across two nodes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from counterpart.domain.errors import InvalidInput, NotFound, PermissionDenied
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.records import RecordType, decode_record
from counterpart.settings import Settings
from counterpart.workflows.access_model import Role
from counterpart.workflows.coordination_ports import DeadlinePolicy, RecordEntry, RecordQuery
from counterpart.workflows.drafts import (
    create_draft,
    deadline_policy,
    delete_draft,
    list_drafts,
    update_draft,
)
from counterpart.workflows.inbox import list_due, list_records, refresh_projection, show_record
from counterpart.workflows.record_sending import file_record, send_draft
from tests.domain.record_samples import incident_content, notification_content
from tests.workflows.records_fixtures import POLICY, Side, make_pair, principal


@pytest.fixture
def sides(tmp_path: Path, database_url: str) -> Iterator[tuple[Side, Side]]:
    yield from make_pair(tmp_path, database_url)


def draft(side: Side, record_type: RecordType, content: dict[str, Any]) -> str:
    with side.begin() as ports:
        made = create_draft(
            ports,
            principal(side.party, Role.ANALYST),
            record_type,
            content,
            clock=side.clock,
            new_id=lambda: f"d{side.clock().timestamp():.0f}",
            policy=POLICY,
        )
    return made.id


def send(side: Side, record_type: RecordType, content: dict[str, Any]) -> RecordEntry:
    draft_id = draft(side, record_type, content)
    return send_draft(side.outbox, principal(side.party, Role.APPROVER), draft_id)


def link(entry: RecordEntry) -> dict[str, Any]:
    return RecordLink(entry.author, entry.index, entry.leaf_hash).to_content()


def inbox(side: Side, **filters: Any) -> list[RecordEntry]:
    with side.begin() as ports:
        refresh_projection(ports, side.node.stores.book, side.node.stores.log_named)
        query = RecordQuery(visible_to="", direction="received", **filters)
        return list(list_records(ports, principal(side.party, Role.VIEWER), query).items)


def test_notification_is_screened_sent_mirrored_objected_and_seen_by_both(
    sides: tuple[Side, Side],
) -> None:
    a, b = sides
    sent = send(a, RecordType.PRE_EXPORT_NOTIFICATION, notification_content())
    assert (sent.log, sent.index, sent.state, sent.flagged) == ("self", 0, "awaiting_reply", True)
    record = decode_record(a.node.stores.own.entries(0, 1)[0])
    screening = record.content["screening"]
    cn = [v for v in screening["substances"][0]["verdicts"] if v["jurisdiction"] == "CN"]
    assert cn == [{"jurisdiction": "CN", "status": "controlled", "rule": "4-ap"}]
    with a.begin() as ports:  # the draft is gone once sent
        assert list_drafts(ports, principal("us", Role.VIEWER), None, 50, 0).total == 0

    b.mirror_from(a)
    [received] = inbox(b)
    assert (received.author, received.addressed_to, received.flagged) == ("us", "cn", True)
    assert received.deadline is not None and received.deadline.isoformat() == "2026-03-20"
    assert received.waiting_on == "cn"

    reply = {"notification": link(received), "code": "objection", "reason": "importer unknown"}
    file_record(b.outbox, principal("cn", Role.APPROVER), RecordType.NOTIFICATION_REPLY, reply)
    a.mirror_from(b)
    [objection] = inbox(a)
    assert objection.record_type is RecordType.NOTIFICATION_REPLY
    with a.begin() as ports:
        entry, answers = show_record(ports, principal("us", Role.VIEWER), "self", 0)
    assert entry.state == "objected" and [x.key for x in answers] == [objection.key]


def test_screening_flags_a_listed_party_for_both_sides(sides: tuple[Side, Side]) -> None:
    a, b = sides
    party = {"name": "Hubei Jingao Biotechnology Co., Ltd.", "country": "CN"}
    content = incident_content(parties=[party], substances=[])
    sent = send(a, RecordType.INCIDENT, content)
    record = decode_record(a.node.stores.own.entries(sent.index, sent.index + 1)[0])
    [check] = record.content["screening"]["parties"]
    assert [m["entry_id"] for m in check["matches"]] == ["c-jingao"]
    b.mirror_from(a)
    assert [e.flagged for e in inbox(b, record_type=RecordType.INCIDENT)] == [True]


def test_roles_gate_drafting_and_sending(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    with a.begin() as ports, pytest.raises(PermissionDenied, match="analyst role"):
        create_draft(
            ports,
            principal("us", Role.VIEWER),
            RecordType.INCIDENT,
            incident_content(),
            clock=a.clock,
            new_id=lambda: "x",
            policy=POLICY,
        )
    draft_id = draft(a, RecordType.INCIDENT, incident_content())
    with pytest.raises(PermissionDenied, match="approver role"):
        send_draft(a.outbox, principal("us", Role.ANALYST), draft_id)
    assert a.node.stores.own.size() == 0


def test_another_party_never_sees_or_touches_a_draft(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    draft_id = draft(a, RecordType.INCIDENT, incident_content())
    stranger = principal("cn", Role.ADMIN)
    with pytest.raises(NotFound):
        send_draft(a.outbox, stranger, draft_id)
    with a.begin() as ports:
        assert list_drafts(ports, stranger, None, 50, 0).total == 0
        with pytest.raises(NotFound):
            delete_draft(ports, stranger, draft_id, a.clock)
    with a.begin() as ports:
        assert list_drafts(ports, principal("us", Role.VIEWER), None, 50, 0).total == 1


def test_a_draft_is_edited_with_its_version_and_checked_again(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    draft_id = draft(a, RecordType.PRE_EXPORT_NOTIFICATION, notification_content())
    analyst = principal("us", Role.ANALYST)
    changed = notification_content(route="Ningbo - Long Beach")
    with a.begin() as ports:
        edited = update_draft(
            ports, analyst, draft_id, changed, version=1, clock=a.clock, policy=POLICY
        )
    assert (edited.version, edited.content["route"]) == (2, "Ningbo - Long Beach")
    bad = notification_content(substances=[{"name": "x", "quantity": "-1", "unit": "kg"}])
    with a.begin() as ports, pytest.raises(InvalidInput, match="greater than zero"):
        update_draft(ports, analyst, draft_id, bad, version=2, clock=a.clock, policy=POLICY)
    with a.begin() as ports:
        [kept] = list_drafts(ports, analyst, None, 50, 0).items
    assert kept.content["route"] == "Ningbo - Long Beach"


def test_the_reply_deadline_defaults_per_notification_kind(sides: tuple[Side, Side]) -> None:
    a, _ = sides
    content = notification_content(kind="non_scheduled_chemical")
    del content["reply_deadline"]
    sent = send(a, RecordType.PRE_EXPORT_NOTIFICATION, content)
    assert sent.deadline is not None and sent.deadline.isoformat() == "2026-03-06"  # 5 days


def test_overdue_and_due_soon_follow_the_injected_clock(sides: tuple[Side, Side]) -> None:
    a, b = sides
    send(a, RecordType.PRE_EXPORT_NOTIFICATION, notification_content())  # reply by 03-20
    b.mirror_from(a)
    inbox(b)
    cn = principal("cn", Role.VIEWER)
    for day, overdue, soon in ((1, 0, 0), (18, 0, 1), (21, 1, 0)):
        b.clock.now = b.clock.now.replace(month=3, day=day)
        with b.begin() as ports:
            due = list_due(ports, cn, b.clock().date(), POLICY)
        assert (len(due.overdue), len(due.due_soon)) == (overdue, soon), day


def test_deadline_settings_are_checked(tmp_path: Path) -> None:
    def policy(days: dict[str, int]) -> DeadlinePolicy:
        return deadline_policy(Settings(home=tmp_path, reply_deadline_days=days))

    assert policy({"listed_precursor": 10}).reply_deadline_days == {"listed_precursor": 10}
    with pytest.raises(InvalidInput, match="not a known NotificationKind"):
        policy({"precursor": 10})
    with pytest.raises(InvalidInput, match="outside 0-365"):
        policy({"listed_precursor": -1})
