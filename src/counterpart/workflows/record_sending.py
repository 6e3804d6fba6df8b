"""Sending records: an approver files a draft (or an answer) and it is appended to the node's log.

Filing checks everything before a byte is appended: the caller's role and party, the
content, the records it refers to (NotFound when absent, by log index and leaf hash), the
state machine (Conflict), then screens substances and parties. Only then does
`append_record` write the leaf; the projection and the draft's removal follow in one
transaction. Sends are serialised in the process so that two replies cannot both pass the
"replied once" check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from counterpart.domain.canonical import to_canonical_bytes
from counterpart.domain.errors import CounterpartError, PermissionDenied
from counterpart.domain.record_content import parse_content
from counterpart.domain.records import RecordType
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
from counterpart.workflows.inbox import LogOpener, node_parties, refresh_projection
from counterpart.workflows.log_ports import NodeBook
from counterpart.workflows.log_records import append_record
from counterpart.workflows.record_projection import plan_effects, sync_log

_SENDING = threading.Lock()


@dataclass(frozen=True)
class Outbox:
    """What filing needs beside the caller: stores, the node's logs, a clock, a screen."""

    begin: Callable[[], AbstractContextManager[RecordsPorts]]
    book: NodeBook
    logs: LogOpener
    clock: Callable[[], datetime]
    policy: DeadlinePolicy
    screen: FilingScreen | None = None


def send_draft(outbox: Outbox, caller: Principal, draft_id: str) -> RecordEntry:
    """Send the caller's party's draft to the counterpart (approver or above)."""
    require_role(caller, Role.APPROVER)
    with _SENDING:
        with outbox.begin() as ports:
            draft = require_draft(ports, caller, draft_id)
            content = _prepare(ports, outbox, caller, draft.record_type, draft.content)
        return _append(outbox, caller, draft.record_type, content, draft.id)


def file_record(
    outbox: Outbox, caller: Principal, record_type: RecordType, content: Mapping[str, Any]
) -> RecordEntry:
    """Send a record at once, without a draft (a reply, an outcome, a response...)."""
    require_role(caller, Role.APPROVER)
    with _SENDING:
        with outbox.begin() as ports:
            today = outbox.clock().date()
            checked = check_draft_content(ports, record_type, content, today, outbox.policy)
            prepared = _prepare(ports, outbox, caller, record_type, checked)
        return _append(outbox, caller, record_type, prepared, None)


def _prepare(
    ports: RecordsPorts,
    outbox: Outbox,
    caller: Principal,
    record_type: RecordType,
    content: Mapping[str, Any],
) -> Any:
    """The typed content to append, after every check; screened when it is a filing."""
    parties = node_parties(outbox.book)
    if party_of(caller) != parties.node:
        raise PermissionDenied(
            f"this node sends for party {parties.node}; you act for {party_of(caller)}"
        )
    refresh_projection(ports, outbox.book, outbox.logs)
    typed = parse_content(record_type, content)
    now = outbox.clock()
    plan_effects(ports, parties, typed, parties.node, now)
    if outbox.screen is not None:
        typed = attach_screening(typed, outbox.screen, now.date())
    return typed


def _append(
    outbox: Outbox, caller: Principal, record_type: RecordType, typed: Any, draft_id: str | None
) -> RecordEntry:
    data = to_canonical_bytes(typed.to_content())
    own = outbox.logs(OWN_LOG)
    index, _record = append_record(own, outbox.book, record_type, data, outbox.clock)
    with outbox.begin() as ports:
        sync_log(ports, own, OWN_LOG, node_parties(outbox.book))
        if draft_id is not None:
            ports.delete_draft(draft_id)
        record_write(
            ports,
            outbox.clock,
            actor=caller.actor,
            action="record.send",
            target=f"record:{OWN_LOG}/{index}",
            detail={"type": record_type.value, "draft": draft_id},
        )
        entry = ports.get_entry(OWN_LOG, index)
    if entry is None:  # the projection always holds a record it has just appended
        raise CounterpartError(f"record {index} was appended but not projected")
    return entry
