"""Drafts: local, editable records that an analyst writes and an approver later sends.

A draft is checked as strictly as the record it will become (its content must parse), so a
bad unit or a date in the wrong order is refused when it is saved, not when it is sent. A
draft is never logged; only its party sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from counterpart.domain.errors import InvalidInput, NotFound
from counterpart.domain.messages import N_, message
from counterpart.domain.record_content import parse_content
from counterpart.domain.record_vocabulary import NotificationKind, to_term
from counterpart.domain.records import RecordType
from counterpart.settings import Settings
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import Page, Principal, Role
from counterpart.workflows.access_policy import require_role
from counterpart.workflows.coordination_ports import (
    DeadlinePolicy,
    Draft,
    DraftQuery,
    RecordsPorts,
)

MAX_PAGE = 500
IdFactory = Callable[[], str]
Clock = Callable[[], datetime]


def party_of(caller: Principal) -> str:
    """The caller's party id as records spell it (lower case)."""
    return caller.user.party.strip().lower()


def deadline_policy(settings: Settings) -> DeadlinePolicy:
    """The deadline rules a node's settings set; an unknown kind or a negative day count is
    refused, naming the setting."""
    days = dict(settings.reply_deadline_days)
    for kind, count in days.items():
        to_term(NotificationKind, kind, "COUNTERPART_REPLY_DEADLINE_DAYS")
        if not 0 <= count <= 365:
            raise InvalidInput(
                f"{kind}: {count} days is outside 0-365", where="COUNTERPART_REPLY_DEADLINE_DAYS"
            )
    return DeadlinePolicy(days, settings.due_soon_days)


def reply_deadline(policy: DeadlinePolicy, kind: NotificationKind, today: date) -> date:
    """The default reply deadline of a notification of `kind` filed `today`."""
    days = policy.reply_deadline_days.get(kind.value, policy.default_reply_days)
    return today + timedelta(days=days)


def check_draft_content(
    ports: RecordsPorts, record_type: RecordType, content: Mapping[str, Any], today: date,
    policy: DeadlinePolicy,
) -> dict[str, Any]:  # fmt: skip
    """The draft's content, typed and back: refused with the path of the first bad field."""
    if not isinstance(content, Mapping):
        raise InvalidInput(message(N_("content must be a JSON object")), where="$.content")
    if "screening" in content:
        said = message(N_("screening is added when the record is filed"))
        raise InvalidInput(said, where="$.content")
    value = dict(content)
    if record_type is RecordType.PRE_EXPORT_NOTIFICATION and not value.get("reply_deadline"):
        kind = to_term(NotificationKind, value.get("kind"), "$.content.kind")
        value["reply_deadline"] = reply_deadline(policy, kind, today).isoformat()
    typed = parse_content(record_type, value)
    for digest in getattr(typed, "evidence", ()):
        if ports.get_evidence(digest) is None:
            said = message(N_("evidence file %(sha256)s was never uploaded"), sha256=digest)
            raise InvalidInput(said, where="$.evidence")
    return typed.to_content()


def create_draft(
    ports: RecordsPorts,
    caller: Principal,
    record_type: RecordType,
    content: Mapping[str, Any],
    *,
    clock: Clock,
    new_id: IdFactory,
    policy: DeadlinePolicy,
) -> Draft:
    """Save a new draft for the caller's party (analyst or above)."""
    require_role(caller, Role.ANALYST)
    now = clock()
    checked = check_draft_content(ports, record_type, content, now.date(), policy)
    draft = Draft(new_id(), party_of(caller), record_type, checked, caller.actor, now, now)
    ports.add_draft(draft)
    _audit(ports, clock, caller, "draft.create", draft)
    return draft


def require_draft(ports: RecordsPorts, caller: Principal, draft_id: str) -> Draft:
    """The draft, if the caller's party wrote it; NotFound otherwise (its existence is private)."""
    draft = ports.get_draft(draft_id)
    if draft is None or draft.party != party_of(caller):
        raise NotFound(message(N_("draft %(id)s does not exist"), id=draft_id))
    return draft


def update_draft(
    ports: RecordsPorts,
    caller: Principal,
    draft_id: str,
    content: Mapping[str, Any],
    *,
    version: int,
    clock: Clock,
    policy: DeadlinePolicy,
) -> Draft:
    """Replace a draft's content; `version` must be the one the caller last read."""
    require_role(caller, Role.ANALYST)
    draft = require_draft(ports, caller, draft_id)
    now = clock()
    checked = check_draft_content(ports, draft.record_type, content, now.date(), policy)
    changed = replace(draft, content=checked, updated_at=now, version=version + 1)
    ports.replace_draft(changed, expected_version=version)
    _audit(ports, clock, caller, "draft.update", changed)
    return changed


def delete_draft(ports: RecordsPorts, caller: Principal, draft_id: str, clock: Clock) -> None:
    require_role(caller, Role.ANALYST)
    draft = require_draft(ports, caller, draft_id)
    ports.delete_draft(draft.id)
    _audit(ports, clock, caller, "draft.delete", draft)


def list_drafts(
    ports: RecordsPorts, caller: Principal, record_type: RecordType | None, limit: int, offset: int
) -> Page[Draft]:
    """One page of the caller's party's drafts, last edited first."""
    require_role(caller, Role.VIEWER)
    check_page(limit, offset)
    return ports.list_drafts(DraftQuery(party_of(caller), record_type, limit, offset))


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}", where="limit")
    if offset < 0:
        raise InvalidInput("offset must not be negative", where="offset")


def _audit(ports: RecordsPorts, clock: Clock, caller: Principal, action: str, draft: Draft) -> None:
    record_write(
        ports,
        clock,
        actor=caller.actor,
        action=action,
        target=f"draft:{draft.id}",
        detail={"type": draft.record_type.value, "version": draft.version},
    )
