"""Sending records: an approver files a draft (or an answer) and it is appended to the node's log.

Filing checks everything before a byte is appended: the caller's role and party, the
content, the screening of substances and parties, then (under the send lock) the records it
refers to (NotFound when absent, by log index and leaf hash) and the state machines
(Conflict). Only then does `append_record` write the leaf (with its sequence number, in one
durable transaction that the log serialises across processes); the projection, the draft's
removal and the audit row follow in one transaction, still under the lock, so two replies
cannot both pass the "replied once" check and a draft is not sent twice. A record that
answers or cites nothing needs no state check, so it is filed without the send lock:
concurrent filings only queue for the log's own lock, for the length of one append.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from counterpart.domain.canonical import to_canonical_bytes
from counterpart.domain.errors import CounterpartError, PermissionDenied
from counterpart.domain.record_content import parse_content
from counterpart.domain.records import Record, RecordType, encode_record
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import Principal, Role
from counterpart.workflows.access_policy import require_role
from counterpart.workflows.coordination_ports import (
    OWN_LOG,
    DeadlinePolicy,
    FilingScreen,
    RecordEntry,
    RecordsPorts,
)
from counterpart.workflows.drafts import check_draft_content, party_of, require_draft
from counterpart.workflows.filing_screening import attach_screening
from counterpart.workflows.inbox import node_parties, refresh
from counterpart.workflows.log_ports import NodeBook
from counterpart.workflows.log_records import (
    NumberedLog,
    append_record,
    record_maker,
    sequence_counter,
)
from counterpart.workflows.record_projection import (
    Parties,
    mentions_of,
    plan_effects,
    project_entry,
)

_SENDING = threading.Lock()


@dataclass(frozen=True)
class Outbox:
    """What filing needs beside the caller: stores, the node's logs, a clock, a screen."""

    begin: Callable[[], AbstractContextManager[RecordsPorts]]
    book: NodeBook
    logs: Callable[[str], NumberedLog]
    clock: Callable[[], datetime]
    policy: DeadlinePolicy
    screen: FilingScreen | None = None
    parties: Parties | None = None  # known already (e.g. cached by the app): not read again
    record_log: RecordLog | None = None  # appends and projects in one transaction


class RecordLog(Protocol):
    """This node's own log, appending a record and projecting it in one transaction."""

    def append_projected(
        self,
        counter: str,
        make_entry: Callable[[int], bytes],
        project: Callable[[RecordsPorts, int], None],
    ) -> int: ...


def send_draft(outbox: Outbox, caller: Principal, draft_id: str) -> RecordEntry:
    """Send the caller's party's draft to the counterpart (approver or above)."""
    require_role(caller, Role.APPROVER)
    with outbox.begin() as ports:
        draft = require_draft(ports, caller, draft_id)  # another party's draft: 404
    parties = _sender_parties(outbox, caller)
    typed = _screened(outbox, draft.record_type, draft.content)
    with _SENDING:
        refresh(outbox.begin, outbox.book, outbox.logs, parties)
        with outbox.begin() as ports:
            require_draft(ports, caller, draft_id)  # not sent meanwhile by someone else
            _check_transitions(ports, outbox, parties, typed)
        # Still under the lock: the draft goes with the projection, so it is sent once.
        return _send(outbox, caller, parties, (draft.record_type, typed), draft.id)


def file_record(
    outbox: Outbox, caller: Principal, record_type: RecordType, content: Mapping[str, Any]
) -> RecordEntry:
    """Send a record at once, without a draft (a reply, an outcome, a response...)."""
    require_role(caller, Role.APPROVER)
    parties = _sender_parties(outbox, caller)
    with outbox.begin() as ports:
        today = outbox.clock().date()
        checked = check_draft_content(ports, record_type, content, today, outbox.policy)
    typed = _screened(outbox, record_type, checked)
    if not mentions_of(typed):  # no state to check: the log's lock alone orders the appends
        return _send(outbox, caller, parties, (record_type, typed), None)
    with _SENDING:
        refresh(outbox.begin, outbox.book, outbox.logs, parties)
        with outbox.begin() as ports:
            _check_transitions(ports, outbox, parties, typed)
        return _send(outbox, caller, parties, (record_type, typed), None)


def _sender_parties(outbox: Outbox, caller: Principal) -> Parties:
    """The node's parties, once the caller is known to act for the node's own party."""
    parties = outbox.parties or node_parties(outbox.book)
    if party_of(caller) != parties.node:
        raise PermissionDenied(
            f"this node sends for party {parties.node}; you act for {party_of(caller)}"
        )
    return parties


def _screened(outbox: Outbox, record_type: RecordType, content: Mapping[str, Any]) -> Any:
    """The typed content, with its screening when it is a notification or an incident.

    Screening runs outside the send lock: it is the slow part, and needs no ordering.
    """
    typed = parse_content(record_type, content)
    if outbox.screen is None:
        return typed
    return attach_screening(typed, outbox.screen, outbox.clock().date())


def _check_transitions(ports: RecordsPorts, outbox: Outbox, parties: Parties, typed: Any) -> None:
    """Under the send lock: the linked records exist and the state machines allow it."""
    plan_effects(ports, parties, typed, parties.node, outbox.clock())


def _append(
    outbox: Outbox, record_type: RecordType, typed: Any, parties: Parties
) -> tuple[int, Record]:
    data = to_canonical_bytes(typed.to_content())
    own = outbox.logs(OWN_LOG)
    return append_record(own, outbox.book, record_type, data, outbox.clock, party=parties.node)


def _send(
    outbox: Outbox,
    caller: Principal,
    parties: Parties,
    typed: tuple[RecordType, Any],
    draft_id: str | None,
) -> RecordEntry:
    """Append the record, project it, drop its draft and write the audit row.

    With a `record_log`, all of it is one durable transaction under the log's lock, with the
    state checks made again inside it: the projection never lags the log, a failure leaves
    nothing, and two processes cannot both answer once. Otherwise, two transactions.
    """
    record_type, content = typed
    if outbox.record_log is None:
        sent = _append(outbox, record_type, content, parties)
        with outbox.begin() as ports:
            return _project(ports, outbox, caller, parties, sent, draft_id=draft_id)
    data = to_canonical_bytes(content.to_content())
    make_entry, made = record_maker(record_type, parties.node, data, outbox.clock)
    projected: list[RecordEntry] = []

    def project(ports: RecordsPorts, index: int) -> None:
        # Checked again under the log's lock, which every process takes: an answer another
        # process filed meanwhile makes this one a Conflict, and the append is rolled back.
        _check_transitions(ports, outbox, parties, content)
        sent = (index, made[0])
        projected.append(_project(ports, outbox, caller, parties, sent, draft_id=draft_id))

    outbox.record_log.append_projected(sequence_counter(record_type), make_entry, project)
    return projected[0]


def _project(
    ports: RecordsPorts,
    outbox: Outbox,
    caller: Principal,
    parties: Parties,
    sent: tuple[int, Record],
    *,
    draft_id: str | None,
) -> RecordEntry:
    """Project the appended record from its bytes, drop its draft, write the audit row."""
    index, record = sent
    # From the bytes: no second connection to read the log.
    entry = project_entry(ports, OWN_LOG, index, encode_record(record), parties)
    if entry is None:  # the projection always takes a record it has just appended
        raise CounterpartError(f"record {index} was appended but not projected")
    ports.advance_cursor(OWN_LOG, index)
    if draft_id is not None:
        ports.delete_draft(draft_id)
    record_write(
        ports,
        outbox.clock,
        actor=caller.actor,
        action="record.send",
        target=f"record:{OWN_LOG}/{index}",
        detail={"type": record.type.value, "draft": draft_id},
    )
    return entry
