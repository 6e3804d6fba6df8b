"""Drafts: the party's drafts, the form of a new one (analysts save it), a draft's page, and
sending it (approvers): the same workflows as `POST /api/v1/drafts` and `/drafts/{id}/send`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import InvalidInput, NotFound
from counterpart.domain.records import RecordType
from counterpart.domain.substances import Jurisdiction
from counterpart.web.api.log import NodeDep
from counterpart.web.api.record_answers import FilingDep
from counterpart.web.api.record_schemas import to_draft_out
from counterpart.web.api.records import ClockDep, EngineDep, IdsDep, OutboxDep, records_of
from counterpart.web.auth import AnalystUser, ApproverUser, ViewerUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.limits import MAX_INTEGER
from counterpart.web.ui.draft_forms import DRAFTED_TYPES, SUBSTANCE_ROWS, content_of_form
from counterpart.web.ui.labels import N_
from counterpart.web.ui.pages_records import RECORD_TITLE, parse_type, to_detail_data
from counterpart.web.ui.record_view import display_fields, terms_of
from counterpart.web.ui.rendering import Page, render, wants_json
from counterpart.workflows import drafts
from counterpart.workflows.access_model import Principal, Role
from counterpart.workflows.coordination_ports import Draft
from counterpart.workflows.record_sending import send_draft

router = APIRouter(include_in_schema=False)
DRAFTS_TITLE = N_("Drafts")
NEW_TITLE = N_("New draft")
DRAFT_TITLE = N_("A draft")
Offset = Annotated[int, Query(ge=0, le=MAX_INTEGER)]


@router.get("/drafts")
@router.get("/drafts.json")
def show_drafts(
    request: Request, caller: ViewerUser, engine: EngineDep, offset: Offset = 0
) -> Response:
    """The drafts of the reader's party, last edited first (no other party's)."""
    with records_of(engine) as ports:
        page = drafts.list_drafts(ports, caller, None, 50, offset)
    data = {
        "items": [to_draft_out(d).model_dump(mode="json") for d in page.items],
        "total": page.total,
        "types": [t.value for t in DRAFTED_TYPES],
        "can_draft": caller.role.includes(Role.ANALYST),
    }
    return render(request, Page("drafts.html", DRAFTS_TITLE, data), caller)


def form_data(record_type: RecordType) -> dict[str, Any]:
    """A draft form's choices: the vocabularies in both languages, the type, the rows."""
    return {
        "type": record_type.value,
        "types": [t.value for t in DRAFTED_TYPES],
        "values": {},  # what the reader typed, when the form comes back with an error
        "error": None,
        "substance_rows": SUBSTANCE_ROWS,
        "choices": {
            "kind": terms_of("NotificationKind"),
            "incident_kind": terms_of("IncidentKind"),
            "transport_mode": terms_of("TransportMode"),
            "unit": terms_of("Unit"),
            "subject_kind": terms_of("SubjectKind"),
            "list_notice_kind": terms_of("ListNoticeKind"),
        },
        "jurisdictions": [j.value for j in Jurisdiction],
    }


@router.get("/drafts/new")
@router.get("/drafts/new.json")
def show_new_draft(
    request: Request, caller: AnalystUser, type: str = "pre_export_notification"
) -> Response:
    """The form of a new draft of one type (notification, incident, request, list notice,
    commitment)."""
    record_type = parse_type(type) or RecordType.PRE_EXPORT_NOTIFICATION
    if record_type not in DRAFTED_TYPES:
        content_of_form(record_type, {}, lambda a, i: {})  # refuses it, naming the types
    return render(request, Page("draft_new.html", NEW_TITLE, form_data(record_type)), caller)


@router.post("/drafts")
@router.post("/drafts.json")
async def create_draft(
    request: Request,
    *,
    caller: AnalystUser,
    filing: FilingDep,
    settings: SettingsDep,
    clock: ClockDep,
    ids: IdsDep,
) -> Response:
    """Save a draft from the form; its content is checked as strictly as the record."""
    form = await request.form()
    fields = {key: [str(v) for v in form.getlist(key)] for key in form}
    record_type = parse_type(str(form.get("type", ""))) or RecordType.PRE_EXPORT_NOTIFICATION

    def save() -> Any:
        def link(author: str, index: int) -> dict[str, Any]:
            return filing.link(caller, author, index).to_content()

        content = content_of_form(record_type, fields, link)
        policy = drafts.deadline_policy(settings)
        with records_of(filing.engine) as ports:
            return drafts.create_draft(
                ports, caller, record_type, content, clock=clock, new_id=ids.new_id, policy=policy
            )

    try:
        draft = await run_in_threadpool(save)
    except (InvalidInput, NotFound) as exc:
        if wants_json(request):
            raise
        data = {**form_data(record_type), "values": fields, "error": exc.to_dict()}
        return render(request, Page("draft_new.html", NEW_TITLE, data, exc.status), caller)
    if wants_json(request):
        data = draft_data(draft, caller)
        return render(request, Page("draft.html", DRAFT_TITLE, data, 201), caller)
    return RedirectResponse(f"/drafts/{draft.id}", status_code=303)


def draft_data(draft: Draft, caller: Principal) -> dict[str, Any]:
    return {
        "draft": to_draft_out(draft).model_dump(mode="json"),
        "draft_fields": display_fields(draft.record_type.value, draft.content),
        "can_send": caller.role.includes(Role.APPROVER),
        "can_edit": caller.role.includes(Role.ANALYST),
    }


@router.get("/drafts/{draft_id}")
@router.get("/drafts/{draft_id}.json")  # registered first (decorators apply bottom-up)
def show_draft(request: Request, draft_id: str, caller: ViewerUser, engine: EngineDep) -> Response:
    """A draft of the reader's party (another party's is 404), with "send" for approvers."""
    with records_of(engine) as ports:
        draft = drafts.require_draft(ports, caller, draft_id)
    return render(request, Page("draft.html", DRAFT_TITLE, draft_data(draft, caller)), caller)


@router.post("/drafts/{draft_id}/send.json")
@router.post("/drafts/{draft_id}/send")
def send(
    request: Request, draft_id: str, caller: ApproverUser, outbox: OutboxDep, node: NodeDep
) -> Response:
    """Screen the draft, append it to the log and show the record (approvers only)."""
    entry = send_draft(outbox, caller, draft_id)
    if wants_json(request):
        data = to_detail_data(node, entry, [], caller, today=outbox.clock().date())
        return render(request, Page("record_detail.html", RECORD_TITLE, data, 201), caller)
    return RedirectResponse(f"/records/{entry.author}/{entry.index}", status_code=303)
