"""The dashboard: alarms, the inbox, deadlines and screening hits, the log, the watchlists."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import NotFound
from counterpart.domain.messages import to_json
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.web.api.log import get_node
from counterpart.web.api.records import ClockDep, fresh_records
from counterpart.web.auth import ViewerUser
from counterpart.web.ui.record_view import to_entry_data
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows import drafts
from counterpart.workflows.access_model import Principal
from counterpart.workflows.coordination_ports import RecordQuery
from counterpart.workflows.inbox import list_due, list_records
from counterpart.workflows.log_status import LogReport, report_log

router = APIRouter(include_in_schema=False)


def read_log_report(request: Request) -> LogReport | None:
    """The node's log report, or None before `counterpart init` (no log, no key yet)."""
    try:
        node = get_node(request)
        witnesses = node.stores.witnesses.witnesses()
        return report_log(node.stores.own, node.stores.book, node.stores.log_named, witnesses)
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
        "witnesses": [
            {
                "name": w.name,
                "url": w.url,
                "cosigned_size": w.cosigned_size,
                "cosigned_at": w.cosigned_at,
                "last_error": w.last_error,
                "tried_at": w.tried_at,
            }
            for w in report.witnesses
        ],
        "alarms": [
            {
                "log": a.log,
                "kind": a.kind,
                "message": a.message,
                "message_json": to_json(a.said) if a.said else None,
                "raised_at": a.raised_at,
            }
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


def read_coordination(request: Request, caller: Principal, today: date) -> dict[str, Any] | None:
    """The inbox (the counterpart's records waiting on the reader's party), what is overdue
    and due soon, and the screening hits on received records; None before `init`."""
    try:
        node = get_node(request)
        with fresh_records(node, request.app.state.engine) as ports:
            received = list_records(ports, caller, RecordQuery("", direction="received", limit=200))
            policy = drafts.deadline_policy(request.app.state.settings)
            due = list_due(ports, caller, today, policy)
            hits = list_records(
                ports, caller, RecordQuery("", direction="received", flagged=True, limit=20)
            )
    except NotFound:
        return None
    party = drafts.party_of(caller)
    waiting = [e for e in received.items if e.waiting_on == party][:20]
    return {
        "today": today.isoformat(),
        "inbox": [to_entry_data(e) for e in waiting],
        "overdue": [to_entry_data(e) for e in due.overdue],
        "due_soon": [to_entry_data(e) for e in due.due_soon],
        "screening_hits": [to_entry_data(e) for e in hits.items],
    }


@router.get("/")
@router.get("/dashboard.json")
async def show_dashboard(request: Request, caller: ViewerUser, clock: ClockDep) -> Response:
    """What needs attention now: alarms first, then the inbox and deadlines, the log and the
    lists in force."""
    report = await run_in_threadpool(read_log_report, request)
    snapshots = await run_in_threadpool(read_snapshots, request)
    today = clock().date()
    coordination = await run_in_threadpool(read_coordination, request, caller, today)
    data = {
        "coordination": coordination,
        "me": {"username": caller.user.username, "role": caller.role, "party": caller.user.party},
        "password_is_temporary": caller.user.password_is_temporary,
        "log": to_log_data(report),
        "watchlists": snapshots,
    }
    return render(request, Page("dashboard.html", "Dashboard", data), caller)
