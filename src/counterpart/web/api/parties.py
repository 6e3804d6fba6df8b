"""Party screening over JSON: screen queries against the loaded lists, compare pairs."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from counterpart.domain.errors import PayloadTooLarge
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.watchlists.index import PartyIndex
from counterpart.web import heap
from counterpart.web.auth import AnalystUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.workflows.party_screening import (
    build_index,
    compare_batch,
    screen_batch,
    thresholds_of,
    to_outcome_record,
    to_pair_record,
)

router = APIRouter(prefix="/api/v1", tags=["parties"], responses=ERROR_RESPONSES)
_LOCK = threading.Lock()


class ScreenPartiesRequest(BaseModel):
    queries: list[str | dict[str, Any]] = Field(
        min_length=1,
        description='Names or addresses, or FtM-like entities {"id", "schema", "properties"}.',
    )
    on: date | None = Field(default=None, description="The lists as they stood on this date.")
    lists: list[str] | None = Field(default=None, description="Only these list ids.")


class ComparePartiesRequest(BaseModel):
    pairs: list[dict[str, Any]] = Field(
        min_length=1, description='{"id", "a": {"schema", "properties"}, "b": {...}} each.'
    )


def check_batch(size: int, limit: int, where: str) -> None:
    if size > limit:
        raise PayloadTooLarge(
            f"a batch of {size} is over the limit of {limit} (setting max_batch_size)", where=where
        )


def index_for(request: Request, on: date | None, lists: list[str] | None) -> PartyIndex:
    """The index of the lists on `on`, rebuilt only when a new snapshot was loaded."""
    repository = WatchlistRepository(request.app.state.engine)
    signature = tuple((s.list_id, s.as_of) for s in repository.snapshots())
    key = (on, tuple(lists or ()), signature)
    with _LOCK:
        cache: dict[Any, PartyIndex] = request.app.state.__dict__.setdefault("party_indexes", {})
        if key not in cache:
            cache.clear()  # one index at a time: they are large
            cache[key] = build_index(repository, on, lists)
            if request.app.state.settle_heap:
                heap.settle()  # the index lives until the next snapshot
        return cache[key]


@router.post("/screen/parties")
async def screen_parties(
    body: ScreenPartiesRequest, request: Request, settings: SettingsDep, _caller: AnalystUser
) -> dict[str, Any]:
    """Screen a batch; each result is `{"id", "query", "matches": [...]}` (best first) or
    carries an `error` saying what was wrong with that query; the rest are screened.

    Analysts and above (approver, admin); a viewer gets 403.
    """
    check_batch(len(body.queries), settings.max_batch_size, "body.queries")
    items = [
        (str(item.get("id", n)) if isinstance(item, dict) else str(n), item)
        for n, item in enumerate(body.queries, start=1)
    ]

    def run() -> list[dict[str, Any]]:
        index = index_for(request, body.on, body.lists)
        outcomes = screen_batch(items, index, thresholds_of(settings), body.on)
        return [to_outcome_record(outcome) for outcome in outcomes]

    return {"ok": True, "results": await run_in_threadpool(run)}


@router.post("/compare/parties")
async def compare_parties(
    body: ComparePartiesRequest, settings: SettingsDep, _caller: AnalystUser
) -> dict[str, Any]:
    """Score each pair: `{"id", "score", "verdict", "reasons"}`, or its `error`.

    Analysts and above (approver, admin); a viewer gets 403.
    """
    check_batch(len(body.pairs), settings.max_batch_size, "body.pairs")
    pairs = [(str(pair.get("id", n)), pair) for n, pair in enumerate(body.pairs, start=1)]

    def run() -> list[dict[str, Any]]:
        outcomes = compare_batch(pairs, thresholds_of(settings))
        return [to_pair_record(outcome) for outcome in outcomes]

    # Scoring is CPU work: off the event loop, which keeps serving other requests meanwhile.
    return {"ok": True, "results": await run_in_threadpool(run)}
