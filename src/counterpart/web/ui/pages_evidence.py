"""Uploading an evidence file from a record's page (analysts): the file is kept as by
`POST /api/v1/evidence` (`workflows.evidence.keep_evidence`), and the page comes back with its
SHA-256 filled into the evidence form (a commitment's evidence, or a response's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import N_, message
from counterpart.web.api.log import NodeDep
from counterpart.web.api.records import ClockDep, EngineDep, records_of
from counterpart.web.auth import AnalystUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.ui.pages_records import RECORD_TITLE, read_detail
from counterpart.web.ui.record_view import lines_of
from counterpart.web.ui.rendering import Page, render, wants_json
from counterpart.workflows.evidence import keep_evidence

router = APIRouter(include_in_schema=False)
EVIDENCE_FORMS = ("evidence", "response")  # the answer forms that cite evidence files
DEFAULT_MEDIA_TYPE = "application/octet-stream"


@router.post("/records/{author}/{index:int}/evidence-file.json")
@router.post("/records/{author}/{index:int}/evidence-file")
def upload_evidence_file(
    request: Request,
    *,
    author: str,
    index: int,
    caller: AnalystUser,
    node: NodeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    file: Annotated[UploadFile, File()],
    target: Annotated[str, Form(max_length=20)] = "evidence",
    evidence: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Keep the file (at most `max_evidence_bytes`) and show the record with its hash filled
    in below the hashes already listed (`evidence`); a refused file is shown on the form."""
    limit = settings.max_evidence_bytes
    data = file.file.read(limit + 1)  # one byte more tells a file over the limit
    media_type = file.content_type or DEFAULT_MEDIA_TYPE
    if target not in EVIDENCE_FORMS:
        names = ", ".join(EVIDENCE_FORMS)
        said = message(
            N_("%(target)s is not a form that cites evidence (%(names)s)"),
            target=repr(target),
            names=names,
        )
        raise InvalidInput(said, where="target")
    name = target
    today = clock().date()
    page = read_detail(node, engine, caller, author=author, index=index, today=today)
    page["max_evidence_bytes"] = limit
    try:
        with records_of(engine) as ports:
            kept = keep_evidence(
                ports, caller, data, media_type=media_type, limit=limit, clock=clock
            )
    except InvalidInput as exc:
        if wants_json(request):
            raise
        page["form"] = {"name": name, "values": {"evidence": evidence}, "error": exc.to_dict()}
        return render(request, Page("record_detail.html", RECORD_TITLE, page, exc.status), caller)
    hashes = [*lines_of(evidence), kept.sha256]
    unique = "\n".join(dict.fromkeys(hashes))
    page["form"] = {"name": name, "values": {"evidence": unique}, "error": None}
    page["uploaded"] = {
        "sha256": kept.sha256,
        "media_type": kept.media_type,
        "size": kept.size,
        "stored": kept.stored,
        "filename": file.filename or "",
    }
    return render(request, Page("record_detail.html", RECORD_TITLE, page, 201), caller)
