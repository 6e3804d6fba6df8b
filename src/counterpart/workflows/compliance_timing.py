"""Answer times against deadlines: one timed item per request, and their distribution.

A deadline is a calendar date; an answer meets it when its evidence time falls before the end
of that day in UTC. An unanswered request counts against the deadline once the day is over,
and is "pending" until then. The median is the usual one (mean of the two middle values); the
90th percentile is the nearest-rank one (the ceil(0.9 n)-th smallest), so it is always a time
that was actually measured.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from counterpart.workflows.compliance_records import TypedRecord


def deadline_end(deadline: date) -> datetime:
    """The first instant after `deadline` (midnight UTC of the next day)."""
    return datetime.combine(deadline + timedelta(days=1), time(0), UTC)


@dataclass(frozen=True, slots=True)
class TimedItem:
    """One request (notification, request for assistance) and its answer, if any."""

    request: tuple[str, int]  # (log, index)
    requested_at: datetime  # evidence: the answering party's cosignature of the request
    requested_claimed_at: str  # what the request's author claims, shown beside
    deadline: date
    answer: tuple[str, int] | None = None
    answered_at: datetime | None = None  # evidence: the requester's cosignature of the answer
    answered_claimed_at: str | None = None
    label: str = ""  # the reply code or outcome
    seconds: int | None = None
    within_deadline: bool | None = None  # None while unanswered and not yet due


def time_item(
    request: TypedRecord,
    deadline: date,
    answer: TypedRecord | None,
    label: str,
    now: datetime,
) -> TimedItem:
    """Time one request (which has evidence) against its deadline and its answer (if any)."""
    assert request.logged.cosigned_at is not None
    started = request.logged.cosigned_at
    base = TimedItem(
        request=request.key,
        requested_at=started,
        requested_claimed_at=request.logged.record.claimed_at,
        deadline=deadline,
    )
    if answer is None or answer.logged.cosigned_at is None:
        overdue = now >= deadline_end(deadline)
        return replace(base, within_deadline=False if overdue else None)
    answered = answer.logged.cosigned_at
    return replace(
        base,
        answer=answer.key,
        answered_at=answered,
        answered_claimed_at=answer.logged.record.claimed_at,
        label=label,
        seconds=max(0, int((answered - started).total_seconds())),
        within_deadline=answered < deadline_end(deadline),
    )


HOUR, DAY = 3600, 86_400
BUCKETS: tuple[tuple[int | None, str], ...] = (
    (HOUR, "≤ 1 h"),
    (6 * HOUR, "≤ 6 h"),
    (DAY, "≤ 1 d"),
    (3 * DAY, "≤ 3 d"),
    (7 * DAY, "≤ 7 d"),
    (15 * DAY, "≤ 15 d"),
    (30 * DAY, "≤ 30 d"),
    (None, "> 30 d"),
)


@dataclass(frozen=True, slots=True)
class Bucket:
    """One bar of an answer-time histogram: answers above the previous bound, up to this one."""

    up_to_seconds: int | None  # inclusive; None for the last bar (above every bound)
    label: str
    count: int


def to_histogram(seconds: Sequence[int]) -> tuple[Bucket, ...]:
    """Answer times counted into the fixed `BUCKETS` (the same bars on every chart)."""
    counts = [0] * len(BUCKETS)
    for value in seconds:
        counts[
            next(i for i, (bound, _) in enumerate(BUCKETS) if bound is None or value <= bound)
        ] += 1
    return tuple(
        Bucket(bound, label, count) for (bound, label), count in zip(BUCKETS, counts, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Distribution:
    """Answer times of a set of requests: counts, median, 90th percentile, share on time."""

    requests: int
    answered: int
    overdue: int  # unanswered after the deadline
    pending: int  # unanswered, deadline not yet over
    median_seconds: float | None
    p90_seconds: int | None
    within_deadline: int
    share_within_deadline: float | None  # within / (answered + overdue)
    awaiting_evidence: int  # requests or answers not yet cosigned: left out of every figure
    histogram: tuple[Bucket, ...]  # answer times in fixed bars, for a chart
    items: tuple[TimedItem, ...]


def summarize(items: Sequence[TimedItem], awaiting_evidence: int) -> Distribution:
    """The distribution of `items`' answer times."""
    seconds = sorted(item.seconds for item in items if item.seconds is not None)
    overdue = sum(1 for i in items if i.seconds is None and i.within_deadline is False)
    within = sum(1 for item in items if item.within_deadline is True)
    due = len(seconds) + overdue
    return Distribution(
        requests=len(items),
        answered=len(seconds),
        overdue=overdue,
        pending=sum(1 for item in items if item.within_deadline is None),
        median_seconds=statistics.median(seconds) if seconds else None,
        p90_seconds=seconds[math.ceil(0.9 * len(seconds)) - 1] if seconds else None,
        within_deadline=within,
        share_within_deadline=round(within / due, 4) if due else None,
        awaiting_evidence=awaiting_evidence,
        histogram=to_histogram(seconds),
        items=tuple(sorted(items, key=lambda item: (item.requested_at, item.request))),
    )
