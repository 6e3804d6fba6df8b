"""Editing and deleting a draft from its page (analysts): the same workflows as
`PUT /api/v1/drafts/{id}` and `DELETE`. The form starts from the draft's content and carries
the version read; a draft changed meanwhile (409) or bad content (422) comes back as the form
with what was typed and the error."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import Conflict, InvalidInput, NotFound
from counterpart.domain.messages import message
from counterpart.web.api.record_answers import FilingDep
from counterpart.web.api.records import ClockDep, EngineDep, records_of
from counterpart.web.auth import AnalystUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.ui.draft_forms import SUBSTANCE_ROWS, content_of_form, fields_of_content
from counterpart.web.ui.labels import N_
from counterpart.web.ui.pages_drafts import DRAFTS_TITLE, draft_data, form_data
from counterpart.web.ui.rendering import Page, render, wants_json
from counterpart.workflows import drafts
from counterpart.workflows.coordination_ports import Draft

router = APIRouter(include_in_schema=False)
EDIT_TITLE = N_("Edit the draft")


def edit_data(draft: Draft, values: dict[str, list[str]], version: int | str) -> dict[str, Any]:
    """The draft form of `draft`'s type, filled with `values`, posting to its edit address."""
    rows = max(SUBSTANCE_ROWS, len(values.get("substance_name", [])) + 1)
    return {
        **form_data(draft.record_type),
        "values": values,
        "substance_rows": rows,
        "action": f"/drafts/{draft.id}/edit",
        "draft_id": draft.id,
        "version": version,
    }


@router.get("/drafts/{draft_id}/edit")
@router.get("/drafts/{draft_id}/edit.json")
def show_edit_draft(
    request: Request, draft_id: str, caller: AnalystUser, engine: EngineDep
) -> Response:
    """The draft's form, filled with its content, for an analyst of its party."""
    with records_of(engine) as ports:
        draft = drafts.require_draft(ports, caller, draft_id)
    data = edit_data(draft, fields_of_content(draft.content), draft.version)
    return render(request, Page("draft_new.html", EDIT_TITLE, data), caller)


@router.post("/drafts/{draft_id}/edit.json")
@router.post("/drafts/{draft_id}/edit")
async def edit_draft(
    request: Request,
    *,
    draft_id: str,
    caller: AnalystUser,
    filing: FilingDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """Replace the draft's content from the form; `version` is the one the form was read at."""
    form = await request.form()
    fields = {key: [str(v) for v in form.getlist(key)] for key in form}
    typed_version = str(form.get("version", ""))

    def read() -> Draft:
        with records_of(filing.engine) as ports:
            return drafts.require_draft(ports, caller, draft_id)

    def save(draft: Draft) -> Draft:
        def link(author: str, index: int) -> dict[str, Any]:
            return filing.link(caller, author, index).to_content()

        version = parse_version(typed_version)
        content = content_of_form(draft.record_type, fields, link)
        policy = drafts.deadline_policy(settings)
        with records_of(filing.engine) as ports:
            return drafts.update_draft(
                ports, caller, draft_id, content, version=version, clock=clock, policy=policy
            )

    draft = await run_in_threadpool(read)
    try:
        changed = await run_in_threadpool(save, draft)
    except (InvalidInput, NotFound, Conflict) as exc:
        if wants_json(request):
            raise
        data = {**edit_data(draft, fields, typed_version), "error": exc.to_dict()}
        return render(request, Page("draft_new.html", EDIT_TITLE, data, exc.status), caller)
    if wants_json(request):
        return render(request, Page("draft.html", EDIT_TITLE, draft_data(changed, caller)), caller)
    return RedirectResponse(f"/drafts/{draft_id}", status_code=303)


def parse_version(text: str) -> int:
    """The draft version a form carries; anything but a whole number from 1 is refused."""
    value = text.strip()
    if not value.isdigit() or len(value) > 15 or int(value) < 1:
        said = message(
            N_("%(text)s is not a draft version (a whole number from 1)"), text=repr(text)
        )
        raise InvalidInput(said, where="version")
    return int(value)


@router.post("/drafts/{draft_id}/delete.json")
@router.post("/drafts/{draft_id}/delete")
def delete_draft(
    request: Request, draft_id: str, caller: AnalystUser, engine: EngineDep, clock: ClockDep
) -> Response:
    """Delete the draft (analysts of its party); back to the drafts."""
    with records_of(engine) as ports:
        drafts.delete_draft(ports, caller, draft_id, clock)
    if wants_json(request):
        return render(request, Page("drafts.html", DRAFTS_TITLE, {"deleted": draft_id}), caller)
    return RedirectResponse("/drafts", status_code=303)
