"""The state machines of records: a record's first state, and what an answer does to its target.

Pure functions over projected entries. Sending refuses an invalid transition with `Conflict`
(a second reply, an outcome before a reply, an objection after the deadline without
`late: true`); the projection of the counterpart's records uses the same rules and keeps a
refused transition as an anomaly instead of a state change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counterpart.domain.errors import Conflict, InvalidInput
from counterpart.domain.messages import N_, Term, message
from counterpart.domain.record_cases import (
    AssistanceRequest,
    AssistanceResponse,
    Commitment,
    CommitmentEvidence,
    CommitmentStatus,
    ListNotice,
)
from counterpart.domain.record_content import Incident, NotificationReply, PreExportNotification
from counterpart.domain.record_content import ShipmentOutcome as OutcomeContent
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.record_vocabulary import (
    AssistanceOutcome,
    ReplyCode,
    ShipmentOutcomeKind,
)
from counterpart.domain.records import RecordType
from counterpart.workflows.coordination_ports import RecordEntry

AWAITING_REPLY = "awaiting_reply"
ACKNOWLEDGED = "acknowledged"
INFORMATION_REQUESTED = "information_requested"
NO_OBJECTION = "no_objection"
OBJECTED = "objected"
OPEN = "open"
IN_PROGRESS = "in_progress"
PROPOSED = "proposed"
COUNTERSIGNED = "countersigned"
SENT = "sent"
REPORTED = "reported"
PUBLISHED = "published"
UNREADABLE = "unreadable"  # no state: kept as evidence of the rule it broke (its anomaly)
DECIDED = (NO_OBJECTION, OBJECTED)
OUTCOMES = tuple(kind.value for kind in ShipmentOutcomeKind)
FINAL_OUTCOMES = ("arrived", "stopped", "seized", "cancelled")
FINAL_COMMITMENT = ("delivered", "not_delivered", "withdrawn")
PENDING_STATES = (AWAITING_REPLY, ACKNOWLEDGED, INFORMATION_REQUESTED, OPEN, IN_PROGRESS, PROPOSED)
# Every state a record can be in: a filter naming another would silently match nothing.
RECORD_STATES = (
    AWAITING_REPLY, ACKNOWLEDGED, INFORMATION_REQUESTED, *DECIDED, *OUTCOMES,
    OPEN, IN_PROGRESS, *(o.value for o in AssistanceOutcome if o is not AssistanceOutcome.ONGOING),
    *FINAL_COMMITMENT, PROPOSED, COUNTERSIGNED, SENT, REPORTED, PUBLISHED, UNREADABLE,
)  # fmt: skip
_FIXED_START: dict[type, str] = {Incident: REPORTED, ListNotice: PUBLISHED}
_REPLY_STATE = {
    ReplyCode.ACKNOWLEDGE: ACKNOWLEDGED,
    ReplyCode.NO_OBJECTION: NO_OBJECTION,
    ReplyCode.OBJECTION: OBJECTED,
    ReplyCode.REQUEST_FOR_INFORMATION: INFORMATION_REQUESTED,
}


@dataclass(frozen=True, slots=True)
class Start:
    """A new record's own state, deadline and who must act next."""

    state: str
    deadline: date | None = None
    waiting_on: str | None = None


@dataclass(frozen=True, slots=True)
class Effect:
    """A state change an answer makes to the record it answers."""

    target: tuple[str, int]
    state: str
    waiting_on: str | None = None


def start_of(content: Any, addressed_to: str) -> Start:
    """The first state of a record with typed `content`, sent to `addressed_to`."""
    if isinstance(content, PreExportNotification):
        return Start(AWAITING_REPLY, content.reply_deadline, addressed_to)
    if isinstance(content, AssistanceRequest):
        return Start(OPEN, content.due_date, addressed_to)
    if isinstance(content, Commitment):
        return Start(OPEN, content.due_date, content.owner)
    if isinstance(content, CommitmentStatus):
        proposed = content.countersigns is None
        return Start(PROPOSED, None, addressed_to) if proposed else Start(COUNTERSIGNED)
    return Start(_FIXED_START.get(type(content), SENT))


def links_of(content: Any) -> tuple[RecordLink, ...]:
    """The records an answer's content points at, the one it answers first."""
    for name in ("notification", "request", "commitment"):
        link = getattr(content, name, None)
        if isinstance(link, RecordLink):
            extra = getattr(content, "countersigns", None)
            return (link, extra) if isinstance(extra, RecordLink) else (link,)
    return ()


_TARGET_TYPE = {
    NotificationReply: RecordType.PRE_EXPORT_NOTIFICATION,
    OutcomeContent: RecordType.PRE_EXPORT_NOTIFICATION,
    AssistanceResponse: RecordType.REQUEST_FOR_ASSISTANCE,
    CommitmentEvidence: RecordType.COMMITMENT,
    CommitmentStatus: RecordType.COMMITMENT,
}


def effects_of(
    content: Any, author: str, on: date, targets: tuple[RecordEntry, ...]
) -> tuple[Effect, ...]:
    """What an answer by `author`, dated `on`, does to its targets; Conflict if it may not."""
    if not targets:
        return ()
    target = targets[0]
    expected = _TARGET_TYPE[type(content)]
    if target.record_type is not expected:
        said = message(
            N_("record %(index)s of %(log)s is a %(found)s, not a %(expected)s"),
            index=target.index,
            log=target.log,
            found=Term("record_type", target.record_type.value),
            expected=Term("record_type", expected.value),
        )
        raise Conflict(said)
    if isinstance(content, NotificationReply):
        return (reply_effect(content, author, on, target),)
    if isinstance(content, OutcomeContent):
        return (outcome_effect(content, author, target),)
    if isinstance(content, AssistanceResponse):
        return (response_effect(content, author, target),)
    if isinstance(content, CommitmentStatus):
        return status_effects(content, author, targets)
    return ()


def reply_effect(reply: NotificationReply, author: str, on: date, target: RecordEntry) -> Effect:
    """A reply moves a notification; a second decision, or a late one unsaid, is refused."""
    if author != target.addressed_to:
        said = message(
            N_("only %(party)s, to whom it was sent, replies to it"), party=target.addressed_to
        )
        raise Conflict(said)
    if target.state in DECIDED or target.state in OUTCOMES:
        said = message(
            N_("the notification was already answered (%(state)s); one reply only"),
            state=_state(target.state),
        )
        raise Conflict(said)
    if reply.code is ReplyCode.ACKNOWLEDGE and target.state != AWAITING_REPLY:
        said = message(
            N_("the notification is already %(state)s; acknowledge only once"),
            state=_state(target.state),
        )
        raise Conflict(said)
    asked = reply.code is ReplyCode.REQUEST_FOR_INFORMATION
    if asked and target.state == INFORMATION_REQUESTED:
        raise Conflict(message(N_("information was already requested; answer with a decision now")))
    check_lateness(reply, on, target.deadline)
    state = _REPLY_STATE[reply.code]
    waiting = target.author if asked else (None if state in DECIDED else target.waiting_on)
    return Effect(target.key, state, waiting)


def check_lateness(reply: NotificationReply, on: date, deadline: date | None) -> None:
    if deadline is None:
        return
    if on > deadline and not reply.late:
        said = message(
            N_(
                "the reply deadline was %(deadline)s; a reply on %(on)s "
                "must say late: true with a late_reason"
            ),
            deadline=deadline.isoformat(),
            on=on.isoformat(),
        )
        raise Conflict(said)
    if on <= deadline and reply.late:
        said = message(
            N_("the reply is not late: the deadline is %(deadline)s"), deadline=deadline.isoformat()
        )
        raise InvalidInput(said, where="late")


def outcome_effect(outcome: OutcomeContent, author: str, target: RecordEntry) -> Effect:
    """An outcome follows a reply; goods ship only without objection; final stays final."""
    if author != target.author:
        said = message(
            N_("only %(party)s, who notified the shipment, reports its outcome"),
            party=target.author,
        )
        raise Conflict(said)
    if target.state == AWAITING_REPLY:
        said = message(N_("an outcome before a reply: the notification has not been answered yet"))
        raise Conflict(said)
    if target.state in FINAL_OUTCOMES:
        said = message(
            N_("the shipment outcome is already final (%(state)s)"), state=_state(target.state)
        )
        raise Conflict(said)
    moving = outcome.outcome in (ShipmentOutcomeKind.SHIPPED, ShipmentOutcomeKind.ARRIVED)
    if moving and target.state not in (NO_OBJECTION, "shipped"):
        said = message(
            N_(
                "a shipment cannot be %(outcome)s while the notification is "
                "%(state)s; only after no objection"
            ),
            outcome=_state(outcome.outcome.value),
            state=_state(target.state),
        )
        raise Conflict(said)
    if target.state == "shipped" and outcome.outcome is ShipmentOutcomeKind.SHIPPED:
        raise Conflict(message(N_("the shipment is already shipped")))
    return Effect(target.key, outcome.outcome.value, None)


def response_effect(response: AssistanceResponse, author: str, target: RecordEntry) -> Effect:
    """A response answers an open request once; `ongoing` keeps it open for more."""
    if author != target.addressed_to:
        said = message(
            N_("only %(party)s, to whom it was sent, responds to it"), party=target.addressed_to
        )
        raise Conflict(said)
    if target.state not in (OPEN, IN_PROGRESS):
        said = message(
            N_("the request was already answered (%(state)s)"), state=_state(target.state)
        )
        raise Conflict(said)
    if response.outcome is AssistanceOutcome.ONGOING:
        return Effect(target.key, IN_PROGRESS, target.addressed_to)
    return Effect(target.key, response.outcome.value, None)


def status_effects(
    status: CommitmentStatus, author: str, targets: tuple[RecordEntry, ...]
) -> tuple[Effect, ...]:
    """A proposal changes nothing yet; a countersignature by the other party agrees it."""
    if status.countersigns is None:
        return ()
    if len(targets) < 2:
        raise Conflict(message(N_("the status to countersign was not found")))
    commitment, proposal = targets[0], targets[1]
    if proposal.record_type is not RecordType.COMMITMENT_STATUS or proposal.state != PROPOSED:
        said = message(
            N_("record %(index)s of %(log)s is no status awaiting a countersignature"),
            index=proposal.index,
            log=proposal.log,
        )
        raise Conflict(said)
    proposed = proposal.content
    if proposed.get("commitment", {}).get("leaf_hash") != commitment.leaf_hash:
        raise Conflict(message(N_("the countersigned status is about another commitment")))
    if proposal.author == author:
        said = message(N_("a party cannot countersign its own status; the other party does"))
        raise Conflict(said)
    if proposed.get("status") != status.status.value:
        said = message(
            N_(
                "the countersignature says %(status)s, the proposal %(proposed)s; "
                "propose a new status instead"
            ),
            status=_state(status.status.value),
            proposed=_state(str(proposed.get("status"))),
        )
        raise Conflict(said)
    final = status.status.value in FINAL_COMMITMENT
    owner = None if final else str(commitment.content.get("owner"))
    return (
        Effect(proposal.key, COUNTERSIGNED, None),
        Effect(commitment.key, status.status.value, owner),
    )


def _state(state: str) -> Term:
    """A record's state (or an outcome, a commitment's status) as a term of its vocabulary."""
    return Term("record_state", state)


def is_pending(state: str) -> bool:
    """Whether someone still owes an answer in this state."""
    return state in PENDING_STATES
