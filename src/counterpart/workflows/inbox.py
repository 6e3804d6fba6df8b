"""The record book as users read it: bring the projection up to date, list, show, and what is due.

Records of the counterpart reach the inbox once this node has mirrored and verified them
(mirroring stores only entries checked against the counterpart's signed checkpoint); reading
projects whatever the logs hold that is not projected yet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, timedelta

from counterpart.domain.errors import InvalidInput, NotFound
from counterpart.domain.messages import N_, message
from counterpart.workflows.access_model import Page, Principal, Role
from counterpart.workflows.access_policy import require_role
from counterpart.workflows.coordination_ports import (
    OWN_LOG,
    DeadlinePolicy,
    RecordBook,
    RecordEntry,
    RecordQuery,
)
from counterpart.workflows.drafts import check_page, party_of
from counterpart.workflows.log_ports import EntryLog, NodeBook
from counterpart.workflows.node_setup import NOT_INITIALISED
from counterpart.workflows.record_projection import Parties, sync_log

LogOpener = Callable[[str], EntryLog]
_PROJECTING = threading.Lock()


def node_parties(book: NodeBook) -> Parties:
    """This node's party and its counterpart's, from the node book."""
    party = book.meta().get("party")
    if party is None:
        raise NotFound(message(NOT_INITIALISED))
    peers = book.peers()
    return Parties(party.lower(), peers[0].name.lower() if peers else "")


def refresh_projection(
    records: RecordBook, book: NodeBook, logs: LogOpener, parties: Parties | None = None
) -> int:
    """Project new entries of the own log and of the counterpart's mirror; how many records.

    Idempotent: an entry another transaction projected meanwhile is skipped.
    """
    parties = parties or node_parties(book)
    return sum(sync_log(records, logs(name), name, parties) for name in _log_names(parties))


def refresh(
    begin: Callable[[], AbstractContextManager[RecordBook]],
    book: NodeBook,
    logs: LogOpener,
    parties: Parties | None = None,
) -> int:
    """Bring the projection up to date in a transaction of its own, one at a time.

    One at a time, because a refresh holds a connection for the projection and takes
    another to read a log: unbounded, concurrent refreshes could exhaust the pool. Most
    reads find nothing new, and that is checked first without the lock.
    """
    parties = parties or node_parties(book)
    names = _log_names(parties)
    with begin() as records:
        cursors = [records.next_index(name) for name in names]
    if all(logs(name).size() <= cursor for name, cursor in zip(names, cursors, strict=True)):
        return 0
    with _PROJECTING, begin() as records:
        return refresh_projection(records, book, logs, parties)


def _log_names(parties: Parties) -> list[str]:
    return [OWN_LOG, f"peer:{parties.counterpart}"] if parties.counterpart else [OWN_LOG]


def list_records(records: RecordBook, caller: Principal, query: RecordQuery) -> Page[RecordEntry]:
    """One page of the records the caller's party sent or received, newest first."""
    require_role(caller, Role.VIEWER)
    return list_visible(records, party_of(caller), query)


def list_visible(records: RecordBook, party: str, query: RecordQuery) -> Page[RecordEntry]:
    """One page of what `party` sent or received (the operator's view on the CLI)."""
    check_page(query.limit, query.offset)
    if query.since and query.until and query.since > query.until:
        raise InvalidInput(
            f"since {query.since.isoformat()} is after until {query.until.isoformat()}",
            where="since",
        )
    return records.list_entries(replace(query, visible_to=party))


def is_visible_to(entry: RecordEntry, caller: Principal) -> bool:
    party = party_of(caller)
    return party in (entry.author, entry.addressed_to)


def show_record(
    records: RecordBook, caller: Principal, log: str, index: int
) -> tuple[RecordEntry, list[RecordEntry]]:
    """A record and the records that answer it; NotFound when the caller may not see it."""
    require_role(caller, Role.VIEWER)
    entry = records.get_entry(log, index)
    if entry is None or not is_visible_to(entry, caller):
        raise NotFound(
            message(N_("record %(index)s of log %(log)s does not exist"), index=index, log=log)
        )
    answers = [a for a in records.answers_to(entry.key) if is_visible_to(a, caller)]
    return entry, answers


@dataclass(frozen=True, slots=True)
class DueList:
    """Pending items with a deadline: past it, and within the due-soon window."""

    today: date
    overdue: tuple[RecordEntry, ...]
    due_soon: tuple[RecordEntry, ...]


def list_due(
    records: RecordBook, caller: Principal, today: date, policy: DeadlinePolicy
) -> DueList:
    """Overdue and due-soon items of the caller's party, whoever must act (`waiting_on`)."""
    require_role(caller, Role.VIEWER)
    return due_for_party(records, party_of(caller), today, policy)


def due_for_party(records: RecordBook, party: str, today: date, policy: DeadlinePolicy) -> DueList:
    """Overdue and due-soon items that `party` sent or received."""
    horizon = today + timedelta(days=policy.due_soon_days)
    pending = records.pending(party, horizon)
    overdue = tuple(e for e in pending if e.deadline is not None and e.deadline < today)
    soon = tuple(e for e in pending if e.deadline is not None and e.deadline >= today)
    return DueList(today, overdue, soon)
