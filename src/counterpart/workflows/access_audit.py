"""The audit trail of every write: the one function each write path calls, and the admin read."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from counterpart.domain.errors import InvalidInput
from counterpart.workflows.access_model import AuditEvent, AuditQuery, Page
from counterpart.workflows.access_ports import AuditTrail, AuditWriter, Clock

MAX_PAGE = 500
MAX_TEXT = {"actor": 200, "action": 100, "target": 400}


def record_write(
    audit: AuditWriter,
    clock: Clock,
    *,
    actor: str,
    action: str,
    target: str,
    detail: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Record one write: `actor` did `action` (e.g. "user.create") to `target` ("user:ID").

    Call it inside the same unit of work as the write, so that both commit or neither does.
    Never put a secret (password, token, session key) in `detail`.
    """
    event = audit_event(clock(), actor=actor, action=action, target=target, detail=detail)
    audit.record(event)
    return event


def audit_event(
    at: datetime,
    *,
    actor: str,
    action: str,
    target: str,
    detail: Mapping[str, object] | None = None,
) -> AuditEvent:
    """The audit row of one write, its texts clipped to their columns.

    For a write whose transaction the store opens (a log append, a peer, a witness, a list
    snapshot): the workflow hands the event to the store, which records it in that transaction.
    """
    return AuditEvent(
        at=at,
        actor=_clip(actor, MAX_TEXT["actor"]),
        action=_clip(action, MAX_TEXT["action"]),
        target=_clip(target, MAX_TEXT["target"]),
        detail=dict(detail or {}),
    )


def read_audit(audit: AuditTrail, query: AuditQuery) -> Page[AuditEvent]:
    """One page of the audit trail, newest first (the web layer admits admins only)."""
    if not 1 <= query.limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}", where="limit")
    if query.offset < 0:
        raise InvalidInput("offset must not be negative", where="offset")
    if query.since and query.until and query.since > query.until:
        raise InvalidInput("since is after until", where="since")
    return audit.query(query)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
