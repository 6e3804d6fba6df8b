"""The compliance page: reply times, deadlines met, commitments delivered and the control-list
gap of both parties, drawn as inline SVG charts, each with a table of the same values."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from counterpart.chemistry.registry import load_registry
from counterpart.domain.errors import NotFound
from counterpart.domain.messages import Message, to_json
from counterpart.web.api.log import get_node
from counterpart.web.api.records import ClockDep
from counterpart.web.auth import ViewerUser
from counterpart.web.ui.charts import compliance_charts
from counterpart.web.ui.labels import N_
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows.access_ports import Clock
from counterpart.workflows.compliance import compute_compliance
from counterpart.workflows.compliance_export import to_json_value
from counterpart.workflows.compliance_gap import compute_gap
from counterpart.workflows.compliance_records import open_node_records

router = APIRouter(include_in_schema=False)
TITLE = N_("Compliance")


def read_compliance(request: Request, clock: Clock) -> dict[str, Any]:
    """Both parties' figures and the gap (as `GET /api/v1/compliance` and `/gap` compute
    them), and the charts drawn from them; without a counterpart, nothing to compare."""
    try:
        stores = get_node(request).stores
        source = open_node_records(stores.own, stores.book, stores.log_named)
    except NotFound as exc:
        said = exc.to_message()
        return {
            "report": None,
            "gap": None,
            "charts": None,
            "missing": str(exc),
            "missing_message": to_json(said) if isinstance(said, Message) else None,
        }
    parties = (source.own_party, source.counterpart_party)
    report = compute_compliance(source, parties, clock)
    gap = compute_gap(load_registry(), source, parties, clock)
    return {
        "report": to_json_value(report),
        "gap": to_json_value(gap),
        "charts": compliance_charts(report, gap),
        "missing": None,
        "missing_message": None,
    }


@router.get("/compliance")
@router.get("/compliance.json")
async def show_compliance(request: Request, caller: ViewerUser, clock: ClockDep) -> Response:
    """How each party keeps the agreement, from cosigned evidence; charts and tables."""
    data = await run_in_threadpool(read_compliance, request, clock)
    return render(request, Page("compliance.html", TITLE, data), caller)
