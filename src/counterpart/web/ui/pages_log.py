"""The log page: checkpoints and cosignatures, alarms, records, "verify this record", proofs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from counterpart.web.api.log import get_node
from counterpart.web.auth import ViewerUser
from counterpart.web.ui.labels import N_
from counterpart.web.ui.log_view import (
    list_checkpoints,
    list_latest_records,
    make_record_proof,
    read_entry,
    verify_record,
)
from counterpart.web.ui.pages_home import read_log_report, to_log_data
from counterpart.web.ui.rendering import Page, render

router = APIRouter(include_in_schema=False)
TITLE = N_("The log")
RECORD_TITLE = N_("A record of the log")


def read_log_page(request: Request) -> dict[str, Any]:
    """The log's state, its checkpoints with their cosignatures, and its latest records."""
    report = read_log_report(request)
    if report is None:
        return {"log": None, "checkpoints": [], "records": []}
    node = get_node(request)
    return {
        "log": to_log_data(report),
        "checkpoints": list_checkpoints(node.stores.own, report.origin),
        "records": list_latest_records(node.stores.own),
    }


@router.get("/log")
@router.get("/log.json")
async def show_log(request: Request, caller: ViewerUser) -> Response:
    """This node's log as the counterpart and an auditor see it."""
    data = await run_in_threadpool(read_log_page, request)
    return render(request, Page("log.html", TITLE, data), caller)


@router.get("/log/verify")
def go_to_record(index: Annotated[int, Query(ge=0)], _caller: ViewerUser) -> Response:
    """The "verify this record" form leads to the record's page."""
    return RedirectResponse(f"/log/records/{index}", status_code=303)


@router.get("/log/records/{index:int}.json")
@router.get("/log/records/{index:int}")
async def show_record(request: Request, index: int, caller: ViewerUser) -> Response:
    """One record, verified as an offline auditor would verify it."""
    node = get_node(request)
    outcome = await run_in_threadpool(verify_record, node, index)
    page = Page("record.html", RECORD_TITLE, {"index": index, **outcome})
    return render(request, page, caller)


@router.get("/log/records/{index:int}/proof")
async def download_proof(request: Request, index: int, _caller: ViewerUser) -> Response:
    """The record's C2SP tlog-proof, for `counterpart verify-proof` anywhere."""
    node = get_node(request)
    proof = await run_in_threadpool(make_record_proof, node, index)
    disposition = f'attachment; filename="record-{index}.tlog-proof"'
    return PlainTextResponse(proof.to_text(), headers={"Content-Disposition": disposition})


@router.get("/log/records/{index:int}/entry")
async def download_entry(request: Request, index: int, _caller: ViewerUser) -> Response:
    """The record's exact bytes (the leaf), which the proof is about."""
    node = get_node(request)
    data = await run_in_threadpool(read_entry, node.stores.own, index)
    disposition = f'attachment; filename="record-{index}.json"'
    return Response(
        data, media_type="application/json", headers={"Content-Disposition": disposition}
    )
