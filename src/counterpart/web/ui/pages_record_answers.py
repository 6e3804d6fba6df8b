"""The forms that answer a record (approvers): reply to a notification, report its outcome,
respond to a request for assistance, file a commitment's evidence or status.

Each files the record as the JSON API does (`Filing.link`, then `file_record`): the workflow
checks the role, the party and the state machine. The page then shows the answered record;
the `.json` twin answers with the new record's page data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from counterpart.domain.errors import Conflict, CounterpartError, InvalidInput
from counterpart.domain.messages import N_, message
from counterpart.domain.records import RecordType
from counterpart.web.api.record_answers import FilingDep
from counterpart.web.auth import ApproverUser
from counterpart.web.ui.pages_records import RECORD_TITLE, read_detail, to_detail_data
from counterpart.web.ui.record_view import lines_of
from counterpart.web.ui.rendering import Page, render, wants_json
from counterpart.workflows.access_model import Principal
from counterpart.workflows.inbox import node_parties
from counterpart.workflows.record_sending import file_record

router = APIRouter(include_in_schema=False)
ShortText = Annotated[str, Form(max_length=300)]
LongText = Annotated[str, Form(max_length=4000)]


Content = Callable[[], dict[str, Any]]


def file_answer(
    request: Request,
    filing: FilingDep,
    caller: Principal,
    *,
    answered: tuple[str, int, str],
    record_type: RecordType,
    form: tuple[str, dict[str, str]],
    fields: Content,
) -> Response:
    """File an answer linked to the record (author, index) under `key`; show the result.

    A refused form (bad value, wrong state) comes back on the record's page with what was
    typed (`form`: its name and values) and the error naming the field; the twin raises it.
    """
    author, index, key = answered
    try:
        link = filing.link(caller, author, index)
        content = {key: link.to_content(), **fields()}
        entry = file_record(filing.outbox, caller, record_type, content)
    except (InvalidInput, Conflict) as exc:
        if wants_json(request):
            raise
        name, values = form
        return show_refused(request, filing, caller, (author, index), (name, values, exc))
    if wants_json(request):
        today = filing.outbox.clock().date()
        data = to_detail_data(filing.node, entry, [], caller, today=today)
        return render(request, Page("record_detail.html", RECORD_TITLE, data, 201), caller)
    return RedirectResponse(f"/records/{author.lower()}/{index}", status_code=303)


def show_refused(
    request: Request,
    filing: FilingDep,
    caller: Principal,
    record: tuple[str, int],
    refused: tuple[str, dict[str, str], CounterpartError],
) -> Response:
    """The record's page again, the refused form filled with what was typed and the error."""
    (author, index), (name, values, exc) = record, refused
    today = filing.outbox.clock().date()
    data = read_detail(filing.node, filing.engine, caller, author=author, index=index, today=today)
    data["form"] = {"name": name, "values": values, "error": exc.to_dict()}
    data["max_evidence_bytes"] = request.app.state.settings.max_evidence_bytes
    return render(request, Page("record_detail.html", RECORD_TITLE, data, exc.status), caller)


@router.post("/records/{author}/{index:int}/reply.json")
@router.post("/records/{author}/{index:int}/reply")
def post_reply(
    request: Request,
    *,
    author: str,
    index: int,
    caller: ApproverUser,
    filing: FilingDep,
    code: Annotated[str, Form(max_length=64)],
    reason: LongText = "",
    late: Annotated[bool, Form()] = False,
    late_reason: LongText = "",
) -> Response:
    """Reply to a pre-export notification (after its deadline: late, with a reason)."""
    typed = {"code": code, "reason": reason, "late_reason": late_reason}
    answered = (author, index, "notification")
    return file_answer(
        request,
        filing,
        caller,
        answered=answered,
        record_type=RecordType.NOTIFICATION_REPLY,
        form=("reply", typed),
        fields=lambda: {**typed, "late": late},
    )


@router.post("/records/{author}/{index:int}/outcome.json")
@router.post("/records/{author}/{index:int}/outcome")
def post_outcome(
    request: Request,
    *,
    author: str,
    index: int,
    caller: ApproverUser,
    filing: FilingDep,
    outcome: Annotated[str, Form(max_length=64)],
    occurred_on: Annotated[str, Form(max_length=10)],
    note: LongText = "",
) -> Response:
    """Report what happened to a notified shipment."""
    typed = {"outcome": outcome, "occurred_on": occurred_on, "note": note}
    answered = (author, index, "notification")
    return file_answer(
        request,
        filing,
        caller,
        answered=answered,
        record_type=RecordType.SHIPMENT_OUTCOME,
        form=("outcome", typed),
        fields=lambda: dict(typed),
    )


@router.post("/records/{author}/{index:int}/response.json")
@router.post("/records/{author}/{index:int}/response")
def post_response(
    request: Request,
    *,
    author: str,
    index: int,
    caller: ApproverUser,
    filing: FilingDep,
    outcome: Annotated[str, Form(max_length=64)],
    actions_taken: LongText = "",
    summary: LongText = "",
    evidence: LongText = "",
) -> Response:
    """Respond to a request for assistance: outcome, actions (one a line), evidence hashes."""
    typed = {
        "outcome": outcome,
        "actions_taken": actions_taken,
        "summary": summary,
        "evidence": evidence,
    }
    fields = {
        **typed,
        "actions_taken": lines_of(actions_taken),
        "evidence": lines_of(evidence),
    }
    answered = (author, index, "request")
    return file_answer(
        request,
        filing,
        caller,
        answered=answered,
        record_type=RecordType.ASSISTANCE_RESPONSE,
        form=("response", typed),
        fields=lambda: fields,
    )


@router.post("/records/{author}/{index:int}/evidence.json")
@router.post("/records/{author}/{index:int}/evidence")
def post_evidence(
    request: Request,
    *,
    author: str,
    index: int,
    caller: ApproverUser,
    filing: FilingDep,
    description: LongText,
    evidence: LongText = "",
) -> Response:
    """File evidence of a commitment: a description and the SHA-256 of uploaded files."""
    typed = {"description": description, "evidence": evidence}
    fields = {"description": description, "evidence": lines_of(evidence)}
    answered = (author, index, "commitment")
    return file_answer(
        request,
        filing,
        caller,
        answered=answered,
        record_type=RecordType.COMMITMENT_EVIDENCE,
        form=("evidence", typed),
        fields=lambda: fields,
    )


@router.post("/records/{author}/{index:int}/status.json")
@router.post("/records/{author}/{index:int}/status")
def post_status(
    request: Request,
    *,
    author: str,
    index: int,
    caller: ApproverUser,
    filing: FilingDep,
    status: Annotated[str, Form(max_length=64)],
    as_of: Annotated[str, Form(max_length=10)],
    note: LongText = "",
    countersigns: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """State a commitment's status, or countersign the counterpart's status record (its index)."""
    typed = {"status": status, "as_of": as_of, "note": note, "countersigns": countersigns}

    def fields() -> dict[str, Any]:
        content: dict[str, Any] = {"status": status, "as_of": as_of, "note": note}
        if countersigns.strip():
            other = node_parties(filing.node.stores.book).counterpart
            number = parse_index(countersigns)
            content["countersigns"] = filing.link(caller, other, number).to_content()
        return content

    answered = (author, index, "commitment")
    return file_answer(
        request,
        filing,
        caller,
        answered=answered,
        record_type=RecordType.COMMITMENT_STATUS,
        form=("status", typed),
        fields=fields,
    )


def parse_index(text: str) -> int:
    """A log index typed in a form; anything but a whole number from 0 is refused."""
    value = text.strip()
    if not value.isdigit() or len(value) > 15:
        said = message(N_("%(text)s is not a log index (a whole number from 0)"), text=repr(text))
        raise InvalidInput(said, where="countersigns")
    return int(value)
