"""The party screening page: matches with the reasons feature by feature, and each match's
listing and delisting timeline drawn from the stored snapshots."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import message, to_json
from counterpart.domain.parties import Schema
from counterpart.storage.watchlists import WatchlistRepository
from counterpart.watchlists.scoring import Finding
from counterpart.web.api.parties import index_for
from counterpart.web.auth import AnalystUser
from counterpart.web.ui.labels import N_
from counterpart.web.ui.pages_home import read_snapshots
from counterpart.web.ui.rendering import Page, render
from counterpart.web.ui.timeline import lay_out_timeline
from counterpart.workflows.party_screening import (
    screen_batch,
    thresholds_of,
    to_match_record,
)

router = APIRouter(include_in_schema=False)
TITLE = N_("Screen a party")
AUTO = "auto"  # a bare name or wallet address, read as the matcher reads it
SCHEMATA = (Schema.LEGAL_ENTITY, Schema.PERSON, Schema.COMPANY, Schema.ORGANIZATION)
NOTHING_TO_SCREEN = N_("Enter a name or a wallet address.")


def _form_data(
    request: Request, query: str = "", schema: str = AUTO, on: date | None = None
) -> dict[str, Any]:
    return {
        "query": query,
        "schema": schema,
        "schemata": [s.value for s in SCHEMATA],
        "on": on,
        "watchlists": read_snapshots(request),
        "result": None,
        "error": None,
    }


@router.get("/screen/party")
@router.get("/screen/party.json")
async def show_party_form(request: Request, caller: AnalystUser) -> Response:
    """The empty screening form, with the lists it would search."""
    data = await run_in_threadpool(_form_data, request)
    return render(request, Page("party.html", TITLE, data), caller)


def to_item(query: str, schema: str) -> str | dict[str, Any]:
    """The query as the screening use case takes it: bare text, or an entity of a schema."""
    if schema == AUTO:
        return query
    if schema not in {s.value for s in SCHEMATA}:
        said = message(N_("unknown kind of party %(kind)s"), kind=repr(schema))
        raise InvalidInput(said, where="kind")
    return {"schema": schema, "properties": {"name": [query]}}


def to_feature(finding: Finding) -> dict[str, Any]:
    """A scorer's finding: its feature, the reason in English and as a message (id and
    parameters) that the page translates and a client can too."""
    return {
        "feature": finding.feature,
        "finding": finding.reason,
        "finding_message": to_json(finding.message),
    }


def screen_one_party(
    request: Request, item: str | dict[str, Any], on: date | None
) -> dict[str, Any]:
    """Screen one query; each match with its reasons and its listing timeline."""
    index = index_for(request, on, None)
    thresholds = thresholds_of(request.app.state.settings)
    [outcome] = list(screen_batch([("query", item)], index, thresholds, on))
    if outcome.error is not None:
        said = outcome.error.said
        return {
            "query": outcome.query,
            "error": outcome.error.to_dict(),
            "error_message": to_json(said) if said else None,
            "matches": [],
        }
    repository = WatchlistRepository(request.app.state.engine)
    matches = []
    for match in outcome.matches:
        history = repository.history(match.entry.list_id, match.entry.entry_id)
        record = to_match_record(match)
        record["schema"] = match.entry.schema.value
        record["features"] = [to_feature(finding) for finding in match.comparison.findings]
        record["timeline"] = lay_out_timeline(history, date.today())
        matches.append(record)
    return {
        "query": outcome.query,
        "error": None,
        "error_message": None,
        "matches": matches,
        "is_hit": outcome.is_hit,
    }


@router.post("/screen/party")
@router.post("/screen/party.json")
async def screen_party_page(
    request: Request,
    *,
    caller: AnalystUser,
    query: Annotated[str, Form(max_length=2000)] = "",
    kind: Annotated[str, Form(max_length=40)] = AUTO,
    on: Annotated[date | None, Form()] = None,
) -> Response:
    """Screen a name or wallet address against the lists loaded on this node."""
    data = await run_in_threadpool(_form_data, request, query, kind, on)
    if not query.strip():
        data["error"] = InvalidInput(NOTHING_TO_SCREEN, where="query").to_dict()
        return render(request, Page("party.html", TITLE, data, 422), caller)
    item = to_item(query.strip(), kind)
    data["result"] = await run_in_threadpool(screen_one_party, request, item, on)
    return render(request, Page("party.html", TITLE, data), caller)
