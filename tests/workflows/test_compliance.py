"""Compliance figures, both directions, on hand-built logs with exact expected values."""

from __future__ import annotations

from random import Random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import RecordType
from counterpart.workflows.compliance import ComplianceReport, PartyFigures, compute_compliance
from tests.domain.record_samples import (
    commitment_content,
    incident_content,
    notification_content,
    request_content,
)
from tests.workflows.compliance_logs import TwoLogs, at

T = RecordType
DAY = 86_400


def _reply(link: dict[str, Any], code: str = "no_objection", reason: str = "") -> dict[str, Any]:
    return {"notification": link, "code": code, "reason": reason, "late": False, "late_reason": ""}


def _status(commitment: dict[str, Any], status: str, countersigns: Any = None) -> dict[str, Any]:
    return {
        "commitment": commitment,
        "status": status,
        "as_of": "2026-03-08",
        "note": "",
        "countersigns": countersigns,
    }


def _notifications(logs: TwoLogs) -> list[dict[str, Any]]:
    """CN notifies four shipments, each cosigned by the US at a known time."""
    plan = [
        ("2026-03-20", "2026-04-01", "2026-03-01 10:00"),
        ("2026-03-10", "2026-03-12", "2026-03-02 00:00"),
        ("2026-03-05", "2026-03-14", "2026-03-02 00:00"),
        ("2026-03-30", "2026-04-01", "2026-03-03 00:00"),
    ]
    return [
        logs.add(
            "cn",
            T.PRE_EXPORT_NOTIFICATION,
            notification_content(reply_deadline=deadline, dispatch_date=dispatch),
            claimed=cosigned,
            cosigned=cosigned,
        )
        for deadline, dispatch, cosigned in plan
    ]


def _scenario() -> TwoLogs:
    logs = TwoLogs()
    n1, n2, n3, n4 = _notifications(logs)
    logs.add("cn", T.SHIPMENT_OUTCOME, {"notification": n1, "outcome": "shipped",
             "occurred_on": "2026-04-01", "note": ""}, claimed="2026-03-04 00:00",
             cosigned="2026-03-04 01:00")  # fmt: skip
    # The US reply claims it was written one hour after the notification; CN cosigned it
    # three days later. The cosignature time is the evidence.
    logs.add("us", T.NOTIFICATION_REPLY, _reply(n1), claimed="2026-03-01 11:00",
             cosigned="2026-03-04 10:00")  # fmt: skip
    logs.add("us", T.NOTIFICATION_REPLY, _reply(n2, "objection", "Importer unknown"),
             claimed="2026-03-09 00:00", cosigned="2026-03-12 00:00")  # fmt: skip
    logs.add("us", T.NOTIFICATION_REPLY, _reply(n4), claimed="2026-03-14 00:00", cosigned=None)
    bad = {**n1, "leaf_hash": "00" * 32}
    logs.add("us", T.NOTIFICATION_REPLY, _reply(bad), claimed="2026-03-14 00:00",
             cosigned="2026-03-14 01:00")  # fmt: skip
    del n3  # unanswered: overdue on 15 March
    return logs


def _assistance_and_commitments(logs: TwoLogs) -> None:
    r1 = logs.add("us", T.REQUEST_FOR_ASSISTANCE, request_content(due_date="2026-03-31"),
                  claimed="2026-03-05 00:00", cosigned="2026-03-05 00:00")  # fmt: skip
    response = {"request": r1, "outcome": "action_taken", "actions_taken": ["Store closed"],
                "summary": "", "evidence": []}  # fmt: skip
    logs.add("cn", T.ASSISTANCE_RESPONSE, response, claimed="2026-03-06 00:00",
             cosigned="2026-03-07 12:00")  # fmt: skip
    c1 = logs.add("cn", T.COMMITMENT, commitment_content(due_date="2026-03-10"),
                  claimed="2026-03-01 00:00", cosigned="2026-03-01 00:00")  # fmt: skip
    s1 = logs.add("cn", T.COMMITMENT_STATUS, _status(c1, "delivered"),
                  claimed="2026-03-08 00:00", cosigned="2026-03-09 00:00")  # fmt: skip
    logs.add("us", T.COMMITMENT_STATUS, _status(c1, "delivered", s1),
             claimed="2026-03-12 00:00", cosigned="2026-03-12 06:00")  # fmt: skip
    logs.add("cn", T.COMMITMENT_EVIDENCE, {"commitment": c1, "description": "Notice",
             "evidence": []}, claimed="2026-03-08 00:00", cosigned="2026-03-09 00:00")  # fmt: skip
    logs.add("cn", T.COMMITMENT, commitment_content(owner="us", due_date="2026-03-01"),
             claimed="2026-02-01 00:00", cosigned="2026-03-01 00:00")  # fmt: skip
    c3 = logs.add("cn", T.COMMITMENT, commitment_content(due_date="2026-04-30"),
                  claimed="2026-03-01 00:00", cosigned="2026-03-01 00:00")  # fmt: skip
    logs.add("cn", T.COMMITMENT_STATUS, _status(c3, "delivered"),
             claimed="2026-03-10 00:00", cosigned="2026-03-10 00:00")  # fmt: skip


def _report() -> ComplianceReport:
    logs = _scenario()
    _assistance_and_commitments(logs)
    n1 = {"author": "cn", "log_index": 0, "leaf_hash": logs.items[0].leaf_hash}  # type: ignore[union-attr]
    logs.add("us", T.INCIDENT, incident_content(notifications=[n1]),
             claimed="2026-03-13 00:00", cosigned="2026-03-13 00:00")  # fmt: skip
    logs.add("cn", T.INCIDENT, incident_content(country="CN"), claimed="2026-03-13 00:00",
             cosigned="2026-03-13 00:00")  # fmt: skip
    logs.add_problem("cn", "entry does not decode as a record")
    return compute_compliance(logs, ("cn", "us"), lambda: at("2026-03-15 00:00"))


def _direction(report: ComplianceReport, party: str) -> PartyFigures:
    [figures] = [d for d in report.directions if d.party == party]
    return figures


def test_reply_times_come_from_cosignatures_not_from_claimed_times() -> None:
    replies = _direction(_report(), "us").replies
    assert (replies.requests, replies.answered, replies.overdue, replies.pending) == (3, 2, 1, 0)
    assert replies.awaiting_evidence == 1  # the reply to N4 is not cosigned yet
    first = replies.items[0]
    assert first.answered_claimed_at == "2026-03-01T11:00:00Z"  # claims one hour...
    assert first.seconds == 3 * DAY  # ...the evidence says three days
    assert first.answered_at == at("2026-03-04 10:00")
    assert (first.label, first.within_deadline) == ("no_objection", True)
    assert replies.median_seconds == (3 * DAY + 10 * DAY) / 2
    assert replies.p90_seconds == 10 * DAY
    assert (replies.within_deadline, replies.share_within_deadline) == (1, 0.3333)
    bars = {bucket.label: bucket.count for bucket in replies.histogram}
    assert (bars["≤ 3 d"], bars["≤ 15 d"], sum(bars.values())) == (1, 1, 2)
    assert replies.histogram[-1].up_to_seconds is None
    late = [i for i in replies.items if i.label == "objection"]
    assert [(i.seconds, i.within_deadline) for i in late] == [(10 * DAY, False)]


def test_assistance_answered_and_how_fast() -> None:
    report = _report()
    cn = _direction(report, "cn").assistance
    assert (cn.requests, cn.answered, cn.median_seconds, cn.p90_seconds) == (
        1,
        1,
        2.5 * DAY,
        int(2.5 * DAY),
    )
    assert (cn.within_deadline, cn.share_within_deadline) == (1, 1.0)
    us = _direction(report, "us").assistance
    assert (us.requests, us.answered, us.median_seconds, us.share_within_deadline) == (
        0,
        0,
        None,
        None,
    )


def test_commitments_count_only_countersigned_statuses() -> None:
    report = _report()
    cn = _direction(report, "cn").commitments
    assert (cn.commitments, cn.delivered_on_time, cn.delivered_late, cn.open) == (2, 1, 0, 1)
    assert (cn.open_overdue, cn.stated_not_countersigned) == (0, 1)
    delivered = [item for item in cn.items if item.status == "delivered"]
    assert [(i.stated_at, i.evidence_records, i.on_time) for i in delivered] == [
        (at("2026-03-09 00:00"), 1, True)
    ]
    us = _direction(report, "us").commitments
    assert (us.commitments, us.open, us.open_overdue, us.delivered_on_time) == (1, 1, 1, 0)


def test_notifications_without_outcome_and_linked_incidents() -> None:
    report = _report()
    cn = _direction(report, "cn")
    assert (cn.outcomes.notifications, cn.outcomes.with_outcome) == (4, 1)
    assert (cn.outcomes.without_outcome, cn.outcomes.without_outcome_past_dispatch) == (3, 2)
    assert [index for _, index, _ in cn.outcomes.missing] == [1, 2, 3]
    assert (cn.incidents.incidents, cn.incidents.linked_to_notification) == (1, 0)
    us = _direction(report, "us")
    assert (us.incidents.incidents, us.incidents.linked_to_notification) == (1, 1)
    assert us.outcomes.notifications == 0


def test_bad_entries_and_references_are_reported_and_the_rest_counted() -> None:
    problems = {(p.log, p.index): p.message for p in _report().problems}
    assert problems[("us", 3)] == "refers to cn entry 0, its leaf hash does not match"
    assert problems[("cn", 13)] == "entry does not decode as a record"
    assert len(problems) == 2


def test_a_record_in_the_wrong_log_or_of_a_third_party_is_a_problem() -> None:
    logs = TwoLogs()
    logs.add("cn", T.PRE_EXPORT_NOTIFICATION, notification_content(), claimed="2026-03-01 00:00",
             cosigned="2026-03-01 00:00")  # fmt: skip
    logs.add("eu", T.PRE_EXPORT_NOTIFICATION, notification_content(), claimed="2026-03-01 00:00",
             cosigned="2026-03-01 00:00")  # fmt: skip
    report = compute_compliance(logs, ("CN", "US"), lambda: at("2026-03-02 00:00"))
    assert [(p.log, p.index) for p in report.problems] == [("eu", 0)]
    assert _direction(report, "us").replies.pending == 1


def test_bad_content_is_a_problem_naming_the_field() -> None:
    logs = TwoLogs()
    logs.add("cn", T.INCIDENT, {"kind": "seizure"}, claimed="2026-03-01 00:00", cosigned=None)
    report = compute_compliance(logs, ("cn", "us"), lambda: at("2026-03-02 00:00"))
    [problem] = report.problems
    assert problem.message.startswith("log cn entry 0: $.content.occurred_on")


def test_the_same_party_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="two different parties"):
        compute_compliance(TwoLogs(), ("cn", "CN"), lambda: at("2026-03-02 00:00"))


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_records_arrive_in_does_not_change_the_figures(random: Random) -> None:
    logs = _scenario()
    _assistance_and_commitments(logs)
    expected = compute_compliance(logs, ("cn", "us"), lambda: at("2026-03-15 00:00"))
    random.shuffle(logs.items)
    shuffled = compute_compliance(logs, ("cn", "us"), lambda: at("2026-03-15 00:00"))
    assert shuffled.directions == expected.directions
    assert set(shuffled.problems) == set(expected.problems)
