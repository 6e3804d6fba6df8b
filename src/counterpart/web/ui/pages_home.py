"""The dashboard: the log's state and its alarms, and the watchlists loaded on this node."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import NotFound
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.web.api.log import get_node
from counterpart.web.auth import ViewerUser
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows.log_status import LogReport, report_log

router = APIRouter(include_in_schema=False)


def read_log_report(request: Request) -> LogReport | None:
    """The node's log report, or None before `counterpart init` (no log, no key yet)."""
    try:
        node = get_node(request)
        return report_log(node.stores.own, node.stores.book, node.stores.log_named)
    except NotFound:
        return None


def to_log_data(report: LogReport | None) -> dict[str, Any] | None:
    """The log report as the pages and their JSON twins show it."""
    if report is None:
        return None
    return {
        "origin": report.origin,
        "size": report.size,
        "checkpoint_size": report.checkpoint_size,
        "cosigned_size": report.cosigned_size,
        "cosigned_by": list(report.cosigned_by),
        "mirrors": [{"peer": name, "size": size} for name, size in report.mirrors.items()],
        "alarms": [
            {"log": a.log, "kind": a.kind, "message": a.message, "raised_at": a.raised_at}
            for a in report.alarms
        ],
    }


def read_snapshots(request: Request) -> list[dict[str, Any]]:
    """The watchlist snapshots loaded on this node, by list then date."""
    repository = WatchlistRepository(request.app.state.engine)
    return [
        {
            "list_id": s.list_id,
            "as_of": s.as_of,
            "entry_count": s.entry_count,
            "error_count": s.error_count,
        }
        for s in repository.snapshots()
    ]


@router.get("/")
@router.get("/dashboard.json")
async def show_dashboard(request: Request, caller: ViewerUser) -> Response:
    """What needs attention now: alarms first, then the log and the lists in force."""
    report = await run_in_threadpool(read_log_report, request)
    snapshots = await run_in_threadpool(read_snapshots, request)
    data = {
        "me": {"username": caller.user.username, "role": caller.role, "party": caller.user.party},
        "password_is_temporary": caller.user.password_is_temporary,
        "log": to_log_data(report),
        "watchlists": snapshots,
    }
    return render(request, Page("dashboard.html", "Dashboard", data), caller)
