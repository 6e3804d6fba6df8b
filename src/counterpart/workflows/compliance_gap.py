"""The control-list gap: substances one party (or the UN) controls and the other does not yet.

Built from the substance registry (each jurisdiction's listings with their dates) and the list
notices both parties sent: a notice that a substance was scheduled counts from its effective
date, even before the registry knows of it. A notice naming a substance the registry does
not hold still makes its own timeline, and is reported. A party's jurisdiction is the first
part of its id (`cn-nncc` -> CN, `us-dea` -> US); an id that names none is refused.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from counterpart.chemistry.registry import Registry
from counterpart.domain.errors import InvalidInput
from counterpart.domain.record_vocabulary import ListNoticeKind
from counterpart.domain.records import RecordType
from counterpart.domain.substances import Jurisdiction, RegistryEntry
from counterpart.workflows.compliance_records import LogRecords, Problem, RecordIndex, TypedRecord


@dataclass(frozen=True, slots=True)
class NoticeSeen:
    """A list notice about a substance, as logged, with its evidence and claimed times."""

    log: str
    index: int
    jurisdiction: str
    effective_date: date
    legal_act: str
    cosigned_at: datetime | None
    claimed_at: str


@dataclass(frozen=True, slots=True)
class Control:
    """When one jurisdiction began to control a substance, and from which source."""

    jurisdiction: str
    since: date | None  # the earliest of the registry's date and the notices' dates
    registry_since: date | None
    basis: str
    notices: tuple[NoticeSeen, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    """A period in which `controlled_by` controlled a substance and `not_by` did not."""

    controlled_by: str
    not_by: str
    since: date
    until: date | None  # the day `not_by` began to control it; None if it has not
    days: int  # to `until`, or to the report date while the gap is open
    open: bool


@dataclass(frozen=True, slots=True)
class SubstanceGap:
    """One substance's timeline: each jurisdiction's control and the gaps between them."""

    substance: str  # registry id, or the notice's name when the registry lacks it
    name: str
    cas: str | None
    in_registry: bool
    controls: tuple[Control, ...]
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, slots=True)
class GapSummary:
    """The gaps of one pair of jurisdictions: how many are open, closed, and how long."""

    controlled_by: str
    not_by: str
    open: int
    closed: int
    longest_open_days: int | None
    median_closed_days: float | None


@dataclass(frozen=True, slots=True)
class GapReport:
    """The gap between the two parties' lists (and the UN's), as of a date."""

    as_of: date
    parties: tuple[str, str]
    jurisdictions: tuple[str, str]
    summaries: tuple[GapSummary, ...]
    substances: tuple[SubstanceGap, ...]
    problems: tuple[Problem, ...]


def jurisdiction_of(party: str) -> Jurisdiction:
    """The jurisdiction a party id names by its first part (`cn-nncc` -> CN)."""
    head = re.split(r"[-._]", party.strip(), maxsplit=1)[0].upper()
    try:
        return Jurisdiction(head)
    except ValueError as exc:
        known = ", ".join(j.value for j in Jurisdiction)
        raise InvalidInput(
            f"party id {party!r} does not start with a jurisdiction ({known})", where="party"
        ) from exc


def compute_gap(
    registry: Registry, source: LogRecords, parties: tuple[str, str], clock: Callable[[], datetime]
) -> GapReport:
    """Every substance with a gap between the parties' or the UN's control, as of `clock()`."""
    first, second = (party.lower() for party in parties)
    pair = (jurisdiction_of(first), jurisdiction_of(second))
    if pair[0] is pair[1]:
        raise InvalidInput(f"both parties are in {pair[0]}: there is no gap to measure")
    today = clock().date()
    index = RecordIndex(source.logged_records(), (first, second))
    by_substance, problems = _notices_by_substance(registry, index)
    jurisdictions = (Jurisdiction.UN, *pair)
    timelines = [
        _timeline(key, entry, notices, jurisdictions, today)
        for key, (entry, notices) in sorted(by_substance.items())
    ]
    timelines += [
        _timeline(e.id, e, [], jurisdictions, today)
        for e in registry.entries
        if e.id not in by_substance
    ]
    with_gaps = tuple(sorted((t for t in timelines if t.gaps), key=lambda t: t.substance))
    return GapReport(
        as_of=today,
        parties=(first, second),
        jurisdictions=(pair[0].value, pair[1].value),
        summaries=_summaries(with_gaps, jurisdictions),
        substances=with_gaps,
        problems=tuple(index.problems) + tuple(problems),
    )


def _notices_by_substance(
    registry: Registry, index: RecordIndex
) -> tuple[dict[str, tuple[RegistryEntry | str, list[TypedRecord]]], list[Problem]]:
    """Substance notices grouped by registry entry (or by name, when the registry lacks it)."""
    found: dict[str, tuple[RegistryEntry | str, list[TypedRecord]]] = {}
    problems = []
    for notice in index.by_type[RecordType.LIST_NOTICE]:
        content = notice.content
        if content.kind is not ListNoticeKind.SUBSTANCE_SCHEDULED:
            continue
        entry = (registry.by_cas(content.cas) if content.cas else None) or registry.by_name(
            content.substance
        )
        if entry is None:
            message = f"list notice names {content.substance!r}, which the registry does not hold"
            problems.append(Problem(notice.logged.log, notice.logged.index, message))
        key = content.substance if entry is None else entry.id
        found.setdefault(key, (entry or content.substance, []))[1].append(notice)
    return found, problems


def _timeline(
    key: str,
    entry: RegistryEntry | str,
    notices: list[TypedRecord],
    jurisdictions: tuple[Jurisdiction, ...],
    today: date,
) -> SubstanceGap:
    known = entry if isinstance(entry, RegistryEntry) else None
    controls = tuple(_control(known, notices, j) for j in jurisdictions)
    gaps = tuple(
        gap
        for leader in controls
        for follower in controls
        if leader is not follower and follower.jurisdiction != Jurisdiction.UN
        if (gap := _gap(leader, follower, today)) is not None
    )
    cas = known.cas if known else next((n.content.cas for n in notices if n.content.cas), None)
    return SubstanceGap(
        substance=key,
        name=known.name if known else key,
        cas=cas,
        in_registry=known is not None,
        controls=controls,
        gaps=gaps,
    )


def _control(
    entry: RegistryEntry | None, notices: Iterable[TypedRecord], jurisdiction: Jurisdiction
) -> Control:
    listings = (
        [] if entry is None else [x for x in entry.listings if x.jurisdiction is jurisdiction]
    )
    first = min(listings, key=lambda listing: listing.since, default=None)
    seen = tuple(_seen(n) for n in notices if n.content.jurisdiction is jurisdiction)
    dates = [d for d in [first.since if first else None, *(n.effective_date for n in seen)] if d]
    return Control(
        jurisdiction=jurisdiction.value,
        since=min(dates, default=None),
        registry_since=None if first is None else first.since,
        basis="" if first is None else first.basis,
        notices=seen,
    )


def _seen(notice: TypedRecord) -> NoticeSeen:
    content = notice.content
    return NoticeSeen(
        log=notice.logged.log,
        index=notice.logged.index,
        jurisdiction=str(content.jurisdiction),
        effective_date=content.effective_date,
        legal_act=content.legal_act,
        cosigned_at=notice.logged.cosigned_at,
        claimed_at=notice.logged.record.claimed_at,
    )


def _gap(leader: Control, follower: Control, today: date) -> Gap | None:
    """The gap while `leader` controlled and `follower` did not; None if there was none."""
    if leader.since is None or leader.since > today:
        return None
    if follower.since is not None and follower.since <= leader.since:
        return None
    until = follower.since
    is_open = until is None or until > today
    end = today if until is None or is_open else until
    return Gap(
        controlled_by=leader.jurisdiction,
        not_by=follower.jurisdiction,
        since=leader.since,
        until=until,
        days=(end - leader.since).days,
        open=is_open,
    )


def _summaries(
    substances: Iterable[SubstanceGap], jurisdictions: tuple[Jurisdiction, ...]
) -> tuple[GapSummary, ...]:
    gaps = [gap for substance in substances for gap in substance.gaps]
    summaries = []
    for leader in jurisdictions:
        for follower in jurisdictions:
            if leader is follower or follower is Jurisdiction.UN:
                continue
            these = [g for g in gaps if (g.controlled_by, g.not_by) == (leader, follower)]
            opened = [g.days for g in these if g.open]
            closed = [g.days for g in these if not g.open]
            summaries.append(
                GapSummary(
                    controlled_by=leader.value,
                    not_by=follower.value,
                    open=len(opened),
                    closed=len(closed),
                    longest_open_days=max(opened, default=None),
                    median_closed_days=statistics.median(closed) if closed else None,
                )
            )
    return tuple(summaries)
