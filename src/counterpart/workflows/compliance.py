"""Compliance, both directions, computed from the two logs with cosignature time evidence.

For each party: how fast it replied to the other's pre-export notifications and answered its
requests for assistance, whether it delivered its commitments on time, which of its own
notifications still have no shipment outcome, and how many of its incidents are linked to a
notified shipment. Times are evidence times (see `compliance_records`); a record not yet
cosigned is counted as awaiting evidence and left out of every figure. The control-list gap
is in `compliance_gap`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from counterpart.domain.errors import InvalidInput
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.records import RecordType
from counterpart.workflows.compliance_commitments import CommitmentFigures, count_commitments
from counterpart.workflows.compliance_records import LogRecords, Problem, RecordIndex, TypedRecord
from counterpart.workflows.compliance_timing import Distribution, summarize, time_item

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class OutcomeFigures:
    """A party's own notifications, and those it has reported no shipment outcome for."""

    notifications: int
    with_outcome: int
    without_outcome: int
    without_outcome_past_dispatch: int
    missing: tuple[tuple[str, int, date], ...]  # (log, index, dispatch date) with no outcome


@dataclass(frozen=True, slots=True)
class IncidentFigures:
    """A party's incident reports, and how many are linked to a notified shipment."""

    incidents: int
    linked_to_notification: int
    linked: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class PartyFigures:
    """One direction: `party`'s performance towards `counterpart`, as the two logs show it."""

    party: str
    counterpart: str
    replies: Distribution  # to the counterpart's notifications
    assistance: Distribution  # answers to the counterpart's requests for assistance
    commitments: CommitmentFigures  # those `party` owes
    outcomes: OutcomeFigures  # of `party`'s own notifications
    incidents: IncidentFigures  # `party`'s own incident reports


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    """Both directions, as of a time, with every entry or reference that could not be used."""

    as_of: datetime
    directions: tuple[PartyFigures, PartyFigures]
    problems: tuple[Problem, ...]


def compute_compliance(
    source: LogRecords, parties: tuple[str, str], clock: Clock
) -> ComplianceReport:
    """Both parties' figures from the records `source` yields, as of `clock()`."""
    first, second = (party.lower() for party in parties)
    if first == second:
        raise InvalidInput(f"compliance needs two different parties, got {first!r} twice")
    index = RecordIndex(source.logged_records(), (first, second))
    now = clock()
    directions = (
        _figures(index, first, second, now),
        _figures(index, second, first, now),
    )
    problems = tuple(dict.fromkeys(index.problems))  # both directions resolve the same links
    return ComplianceReport(as_of=now, directions=directions, problems=problems)


def _figures(index: RecordIndex, party: str, counterpart: str, now: datetime) -> PartyFigures:
    return PartyFigures(
        party=party,
        counterpart=counterpart,
        replies=_answer_times(index, _REPLIES, party, now),
        assistance=_answer_times(index, _ASSISTANCE, party, now),
        commitments=count_commitments(index, party, now),
        outcomes=_outcomes(index, party, now.date()),
        incidents=_incidents(index, party),
    )


@dataclass(frozen=True)
class _Exchange:
    """A kind of request and its answer: how the answer links back, the deadline, the label."""

    request: RecordType
    answer: RecordType
    link: Callable[[Any], RecordLink]
    deadline: Callable[[Any], date]
    label: Callable[[Any], str]


_REPLIES = _Exchange(
    RecordType.PRE_EXPORT_NOTIFICATION,
    RecordType.NOTIFICATION_REPLY,
    link=lambda content: content.notification,
    deadline=lambda content: content.reply_deadline,
    label=lambda content: str(content.code),
)
_ASSISTANCE = _Exchange(
    RecordType.REQUEST_FOR_ASSISTANCE,
    RecordType.ASSISTANCE_RESPONSE,
    link=lambda content: content.request,
    deadline=lambda content: content.due_date,
    label=lambda content: str(content.outcome),
)


def _first_answers(
    index: RecordIndex, exchange: _Exchange, party: str
) -> dict[tuple[str, int], TypedRecord]:
    """`party`'s first answer (lowest log index) to each record it answers."""
    answers: dict[tuple[str, int], TypedRecord] = {}
    for answer in index.by_type[exchange.answer]:
        if answer.logged.log != party:
            continue
        target = index.resolve(exchange.link(answer.content), answer)
        if target is None:
            continue
        if target.logged.log == party or target.logged.record.type is not exchange.request:
            where = f"{target.logged.log} entry {target.logged.index}"
            message = f"answers {where}, which is not a request of the counterpart"
            index.problems.append(Problem(party, answer.logged.index, message))
            continue
        kept = answers.get(target.key)
        if kept is None or answer.logged.index < kept.logged.index:
            answers[target.key] = answer
    return answers


def _answer_times(
    index: RecordIndex, exchange: _Exchange, party: str, now: datetime
) -> Distribution:
    """How `party` answered the counterpart's requests of one kind."""
    answers = _first_answers(index, exchange, party)
    items, awaiting = [], 0
    for request in index.by_type[exchange.request]:
        if request.logged.log == party:
            continue
        answer = answers.get(request.key)
        if request.logged.cosigned_at is None or (
            answer is not None and answer.logged.cosigned_at is None
        ):
            awaiting += 1
            continue
        label = "" if answer is None else exchange.label(answer.content)
        items.append(time_item(request, exchange.deadline(request.content), answer, label, now))
    return summarize(items, awaiting)


def _outcomes(index: RecordIndex, party: str, today: date) -> OutcomeFigures:
    reported: set[tuple[str, int]] = set()
    for outcome in index.by_type[RecordType.SHIPMENT_OUTCOME]:
        if outcome.logged.log != party:
            continue
        target = index.resolve(outcome.content.notification, outcome)
        if target is not None:
            reported.add(target.key)
    notifications = index.by_type[RecordType.PRE_EXPORT_NOTIFICATION]
    own = sorted((n for n in notifications if n.logged.log == party), key=lambda n: n.key)
    missing = [
        (n.logged.log, n.logged.index, n.content.dispatch_date)
        for n in own
        if n.key not in reported
    ]
    return OutcomeFigures(
        notifications=len(own),
        with_outcome=len(own) - len(missing),
        without_outcome=len(missing),
        without_outcome_past_dispatch=sum(1 for *_, dispatch in missing if dispatch < today),
        missing=tuple(missing),
    )


def _incidents(index: RecordIndex, party: str) -> IncidentFigures:
    incidents = index.by_type[RecordType.INCIDENT]
    own = sorted((i for i in incidents if i.logged.log == party), key=lambda i: i.key)
    linked = [incident.key for incident in own if _links_notification(index, incident)]
    return IncidentFigures(
        incidents=len(own), linked_to_notification=len(linked), linked=tuple(linked)
    )


def _links_notification(index: RecordIndex, incident: TypedRecord) -> bool:
    targets = (index.resolve(link, incident) for link in incident.content.notifications)
    return any(
        target is not None and target.logged.record.type is RecordType.PRE_EXPORT_NOTIFICATION
        for target in list(targets)
    )
