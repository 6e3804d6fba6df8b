"""Compliance over HTTP: both directions' figures and the control-list gap, as JSON or CSV."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from counterpart.chemistry.registry import load_registry
from counterpart.web.api.log import Node, NodeDep
from counterpart.web.auth import CurrentUser, get_clock
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.workflows.access_ports import Clock
from counterpart.workflows.compliance import compute_compliance
from counterpart.workflows.compliance_export import (
    FIGURE_COLUMNS,
    GAP_COLUMNS,
    to_csv,
    to_figure_rows,
    to_gap_rows,
    to_json_value,
)
from counterpart.workflows.compliance_gap import compute_gap
from counterpart.workflows.compliance_records import NodeLogRecords, open_node_records

router = APIRouter(prefix="/api/v1/compliance", tags=["compliance"], responses=ERROR_RESPONSES)

# `format=csv` answers the same route in CSV; OpenAPI names both media types.
CSV_TOO: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}}}
}
Format = Annotated[
    Literal["json", "csv"], Query(alias="format", description="json (default) or csv")
]
Peer = Annotated[str | None, Query(description="The counterpart's peer name (if several).")]


ClockDep = Annotated[Clock, Depends(get_clock)]  # the node's one clock; tests override it


def _records(node: Node, peer: str | None) -> NodeLogRecords:
    stores = node.stores
    return open_node_records(stores.own, stores.book, stores.log_named, peer)


def _respond(body: Any, rows: Any, columns: tuple[str, ...], output: str, name: str) -> Response:
    if output == "csv":
        headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
        return PlainTextResponse(to_csv(rows, columns), media_type="text/csv", headers=headers)
    return JSONResponse(to_json_value(body))


@router.get("", responses=CSV_TOO)
async def read_compliance(
    node: NodeDep, _user: CurrentUser, clock: ClockDep, output: Format = "json", peer: Peer = None
) -> Response:
    """Both parties' figures: reply times, assistance, commitments, outcomes, incidents.

    Times are the counterpart's cosignature times; each item also shows the claimed time.
    CSV holds one row per figure; the per-record items (chart data) are in the JSON.
    """

    def compute() -> Any:
        source = _records(node, peer)
        parties = (source.own_party, source.counterpart_party)
        return compute_compliance(source, parties, clock)

    report = await run_in_threadpool(compute)
    rows = list(to_figure_rows(report))
    return _respond(report, rows, FIGURE_COLUMNS, output, "compliance")


@router.get("/gap", responses=CSV_TOO)
async def read_gap(
    node: NodeDep, _user: CurrentUser, clock: ClockDep, output: Format = "json", peer: Peer = None
) -> Response:
    """The control-list gap: substances one party or the UN controls and the other does not.

    JSON holds a timeline per substance (each jurisdiction's start of control, list notices
    seen, the gaps); CSV holds one row per gap.
    """

    def compute() -> Any:
        source = _records(node, peer)
        parties = (source.own_party, source.counterpart_party)
        return compute_gap(load_registry(), source, parties, clock)

    report = await run_in_threadpool(compute)
    return _respond(report, list(to_gap_rows(report)), GAP_COLUMNS, output, "compliance-gap")
