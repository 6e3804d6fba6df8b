"""Commitments a party owes: delivered on time or late, not delivered, open and overdue.

A status counts once it is agreed: one party states it, and the other party states the same
status with `countersigns` pointing at that statement. The delivery time is the evidence time
of the first statement (when the counterpart cosigned a checkpoint holding it); it is on time
when it falls before the end of the due date (UTC). A statement not yet countersigned is
counted apart, never as delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counterpart.domain.record_vocabulary import CommitmentStatusKind
from counterpart.domain.records import RecordType
from counterpart.workflows.compliance_records import RecordIndex, TypedRecord
from counterpart.workflows.compliance_timing import deadline_end

FINAL = (
    CommitmentStatusKind.DELIVERED,
    CommitmentStatusKind.NOT_DELIVERED,
    CommitmentStatusKind.WITHDRAWN,
)


@dataclass(frozen=True, slots=True)
class CommitmentItem:
    """One commitment and where it stands."""

    commitment: tuple[str, int]
    text: str
    owner: str
    due_date: str
    status: str  # the agreed final status, or "open"
    stated_at: datetime | None  # evidence time of the agreed statement
    stated_claimed_at: str | None  # what that statement claims, shown beside
    evidence_records: int
    on_time: bool | None  # delivered by the due date; None unless delivered


@dataclass(frozen=True, slots=True)
class CommitmentFigures:
    """The commitments one party owes, counted by where they stand."""

    commitments: int
    delivered_on_time: int
    delivered_late: int
    not_delivered: int
    withdrawn: int
    open: int
    open_overdue: int
    stated_not_countersigned: int  # a final status stated by one side only
    items: tuple[CommitmentItem, ...]


def count_commitments(index: RecordIndex, party: str, now: datetime) -> CommitmentFigures:
    """The commitments `party` owes, and how each stands as of `now`."""
    commitments = index.by_type[RecordType.COMMITMENT]
    owed = sorted((c for c in commitments if c.content.owner.lower() == party), key=lambda c: c.key)
    statuses = _statuses_by_commitment(index)
    evidence = _evidence_counts(index)
    items = [_item(c, statuses.get(c.key, []), evidence.get(c.key, 0)) for c in owed]
    one_sided = sum(1 for c in owed if _is_one_sided(statuses.get(c.key, [])))

    def count(status: str, on_time: bool | None = None) -> int:
        return sum(
            1 for i in items if i.status == status and (on_time is None or i.on_time is on_time)
        )

    overdue = sum(
        1
        for i, c in zip(items, owed, strict=True)
        if i.status == "open" and now >= deadline_end(c.content.due_date)
    )
    return CommitmentFigures(
        commitments=len(items),
        delivered_on_time=count(CommitmentStatusKind.DELIVERED, True),
        delivered_late=count(CommitmentStatusKind.DELIVERED, False),
        not_delivered=count(CommitmentStatusKind.NOT_DELIVERED),
        withdrawn=count(CommitmentStatusKind.WITHDRAWN),
        open=count("open"),
        open_overdue=overdue,
        stated_not_countersigned=one_sided,
        items=tuple(items),
    )


def _statuses_by_commitment(index: RecordIndex) -> dict[tuple[str, int], list[TypedRecord]]:
    found: dict[tuple[str, int], list[TypedRecord]] = {}
    for status in index.by_type[RecordType.COMMITMENT_STATUS]:
        target = index.resolve(status.content.commitment, status)
        if target is not None:
            found.setdefault(target.key, []).append(status)
    return found


def _evidence_counts(index: RecordIndex) -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = {}
    for evidence in index.by_type[RecordType.COMMITMENT_EVIDENCE]:
        target = index.resolve(evidence.content.commitment, evidence)
        if target is not None:
            counts[target.key] = counts.get(target.key, 0) + 1
    return counts


def _agreed(statuses: list[TypedRecord]) -> TypedRecord | None:
    """The earliest final statement that the other party countersigned, both with evidence."""
    agreed = []
    for statement in statuses:
        if statement.content.status not in FINAL or statement.logged.cosigned_at is None:
            continue
        if any(_countersigns(other, statement) for other in statuses):
            agreed.append(statement)
    return min(agreed, key=lambda s: (_evidence_time(s), s.key), default=None)


def _evidence_time(statement: TypedRecord) -> datetime:
    moment = statement.logged.cosigned_at
    if moment is None:  # pragma: no cover - `_agreed` keeps only cosigned statements
        raise ValueError("a statement without evidence has no evidence time")
    return moment


def _countersigns(other: TypedRecord, statement: TypedRecord) -> bool:
    link = other.content.countersigns
    return (
        link is not None
        and other.logged.cosigned_at is not None
        and other.logged.log != statement.logged.log
        and other.content.status == statement.content.status
        and (link.author.lower(), link.log_index) == statement.key
        and link.leaf_hash == statement.logged.leaf_hash
    )


def _is_one_sided(statuses: list[TypedRecord]) -> bool:
    return _agreed(statuses) is None and any(s.content.status in FINAL for s in statuses)


def _item(commitment: TypedRecord, statuses: list[TypedRecord], evidence: int) -> CommitmentItem:
    agreed = _agreed(statuses)
    content = commitment.content
    stated_at = None if agreed is None else agreed.logged.cosigned_at
    delivered = agreed is not None and agreed.content.status is CommitmentStatusKind.DELIVERED
    return CommitmentItem(
        commitment=commitment.key,
        text=content.text,
        owner=content.owner.lower(),
        due_date=content.due_date.isoformat(),
        status="open" if agreed is None else str(agreed.content.status),
        stated_at=stated_at,
        stated_claimed_at=None if agreed is None else agreed.logged.record.claimed_at,
        evidence_records=evidence,
        on_time=(stated_at < deadline_end(content.due_date))
        if delivered and stated_at is not None
        else None,
    )
