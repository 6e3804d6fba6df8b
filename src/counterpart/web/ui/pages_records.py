"""The coordination records: the list (by type, direction, state; pages) and a record's page
(its content, screening, log index and hash, cosignature time, answers, links and the forms
to answer it)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import message
from counterpart.domain.records import RecordType
from counterpart.web.api.log import NodeDep
from counterpart.web.api.records import ClockDep, EngineDep, fresh_records
from counterpart.web.auth import ViewerUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.limits import MAX_INTEGER
from counterpart.web.ui.labels import N_
from counterpart.web.ui.record_view import (
    ANSWERS,
    cosigned_at,
    linked_records,
    terms_of,
    to_entry_data,
)
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows.access_model import Principal, Role
from counterpart.workflows.coordination_ports import RecordBook, RecordEntry, RecordQuery
from counterpart.workflows.drafts import party_of
from counterpart.workflows.inbox import list_records, node_parties, show_record
from counterpart.workflows.record_states import (
    ACKNOWLEDGED,
    AWAITING_REPLY,
    INFORMATION_REQUESTED,
    RECORD_STATES,
)

router = APIRouter(include_in_schema=False)
LIST_TITLE = N_("Coordination records")
RECORD_TITLE = N_("A coordination record")
PAGE_SIZE = 25
# The record types a reader picks from on the list; answers show on the page they answer.
LISTED_TYPES = (
    RecordType.PRE_EXPORT_NOTIFICATION,
    RecordType.INCIDENT,
    RecordType.REQUEST_FOR_ASSISTANCE,
    RecordType.LIST_NOTICE,
    RecordType.COMMITMENT,
)
STATES = RECORD_STATES  # the filter offers every state a record can be in
REPLY_STATES = (AWAITING_REPLY, ACKNOWLEDGED, INFORMATION_REQUESTED)
Offset = Annotated[int, Query(ge=0, le=MAX_INTEGER)]


def parse_type(value: str) -> RecordType | None:
    """The record type a filter names ("" for all); anything else is refused."""
    if not value:
        return None
    try:
        return RecordType(value)
    except ValueError as exc:
        choices = ", ".join(t.value for t in RecordType)
        said = message(
            N_("%(value)s is not a record type (one of: %(choices)s)"),
            value=repr(value),
            choices=choices,
        )
        raise InvalidInput(said, where="type") from exc


def parse_choice(value: str, choices: tuple[str, ...], where: str) -> str | None:
    if not value:
        return None
    if value not in choices:
        said = message(
            N_("%(value)s is not one of: %(choices)s"),
            value=repr(value),
            choices=", ".join(choices),
        )
        raise InvalidInput(said, where=where)
    return value


@router.get("/records")
@router.get("/records.json")
def show_records(
    request: Request,
    *,
    caller: ViewerUser,
    node: NodeDep,
    engine: EngineDep,
    type: str = "",
    direction: str = "",
    state: str = "",
    offset: Offset = 0,
) -> Response:
    """Records the reader's party sent or received, newest first, 25 a page."""
    record_type = parse_type(type)
    chosen = parse_choice(direction, ("sent", "received"), "direction")
    wanted = parse_choice(state, STATES, "state")
    query = RecordQuery("", record_type, wanted, None, chosen, limit=PAGE_SIZE, offset=offset)
    with fresh_records(node, engine) as ports:
        page = list_records(ports, caller, query)
    data = {
        "filters": {"type": type, "direction": direction, "state": state},
        "types": [t.value for t in LISTED_TYPES],
        "states": list(STATES),
        "items": [to_entry_data(e) for e in page.items],
        "total": page.total,
        "offset": offset,
        "limit": PAGE_SIZE,
        "previous_offset": max(0, offset - PAGE_SIZE) if offset else None,
        "next_offset": offset + PAGE_SIZE if offset + PAGE_SIZE < page.total else None,
    }
    return render(request, Page("records.html", LIST_TITLE, data), caller)


def allowed_answers(entry: RecordEntry, caller: Principal, node_party: str) -> list[str]:
    """The answers this reader may file to the record now (the workflow checks again); a
    node files only for its own party."""
    party = party_of(caller)
    if not caller.role.includes(Role.APPROVER) or party != node_party:
        return []
    may = {
        "reply": entry.addressed_to == party and entry.state in REPLY_STATES,
        "outcome": entry.author == party and entry.state not in REPLY_STATES,
        "response": entry.addressed_to == party and entry.state in ("open", "in_progress"),
        "evidence": True,
        "status": True,
    }
    return [answer for answer in ANSWERS.get(entry.record_type.value, ()) if may[answer]]


def to_detail_data(
    node: NodeDep, entry: RecordEntry, answers: list[RecordEntry], caller: Principal, *, today: date
) -> dict[str, Any]:
    """A record's page: the record, its screening, its time evidence, answers and links."""
    record = to_entry_data(entry, with_content=True)
    content = entry.content
    moment = cosigned_at(node, entry)
    return {
        "record": record,
        "screening": content.get("screening"),
        "cosigned_at": moment.isoformat() if moment else None,
        "links": linked_records(content),
        "answered_by": [to_entry_data(a, with_content=True) for a in answers],
        "answers_allowed": allowed_answers(entry, caller, node_parties(node.stores.book).node),
        "party": party_of(caller),
        "past_deadline": entry.deadline is not None and entry.deadline < today,
        "today": today.isoformat(),
        "form": {"name": "", "values": {}, "error": None},  # a refused answer form, typed
        "choices": {
            "reply": terms_of("ReplyCode"),
            "outcome": terms_of("ShipmentOutcomeKind"),
            "response": terms_of("AssistanceOutcome"),
            "status": terms_of("CommitmentStatusKind"),
        },
    }


def records_linking(ports: RecordBook, caller: Principal, entry: RecordEntry) -> list[RecordEntry]:
    """Incidents and requests that link a notification without answering it (the projection
    links only answers), among the latest 500 of each the reader may see."""
    if entry.record_type is not RecordType.PRE_EXPORT_NOTIFICATION:
        return []
    found = []
    for linking in (RecordType.INCIDENT, RecordType.REQUEST_FOR_ASSISTANCE):
        page = list_records(ports, caller, RecordQuery("", linking, limit=500))
        for other in page.items:
            links = linked_records(other.content)
            if any(link.get("leaf_hash") == entry.leaf_hash for link in links):
                found.append(other)
    return found


def read_detail(
    node: NodeDep, engine: EngineDep, caller: Principal, *, author: str, index: int, today: date
) -> dict[str, Any]:
    log = node_parties(node.stores.book).log_of(author.lower())
    with fresh_records(node, engine) as ports:
        entry, answers = show_record(ports, caller, log, index)
        known = {a.key for a in answers}
        answers += [e for e in records_linking(ports, caller, entry) if e.key not in known]
    return to_detail_data(node, entry, answers, caller, today=today)


@router.get("/records/{author}/{index:int}.json")
@router.get("/records/{author}/{index:int}")
def show_record_page(
    request: Request,
    *,
    author: str,
    index: int,
    caller: ViewerUser,
    node: NodeDep,
    engine: EngineDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> Response:
    """One record of either party, as both sides see it, with the forms to answer it."""
    data = read_detail(node, engine, caller, author=author, index=index, today=clock().date())
    data["max_evidence_bytes"] = settings.max_evidence_bytes  # the upload form's limit
    return render(request, Page("record_detail.html", RECORD_TITLE, data), caller)
