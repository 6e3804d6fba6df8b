"""Records over JSON: drafts (CRUD and send), the record list and inbox, detail, export, due.

Reads need `viewer`, drafts `analyst`, sending `approver`. A caller sees its own party's
drafts and records, and what the counterpart sent to its party: anything else is 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AfterValidator
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import RecordType
from counterpart.storage.records import SqlRecordLog, SqlRecords, open_records
from counterpart.web.api.log import NodeDep
from counterpart.web.api.parties import index_for
from counterpart.web.api.record_schemas import (
    DraftIn,
    DraftOut,
    DraftPage,
    DraftUpdate,
    DueOut,
    LogIndex,
    RecordDetail,
    RecordPage,
    body_schema,
    json_body,
    to_csv,
    to_draft_out,
    to_record_out,
)
from counterpart.web.auth import AnalystUser, ApproverUser, ViewerUser, get_clock, get_engine
from counterpart.web.auth import get_secret_factory as get_ids
from counterpart.web.dependencies import SettingsDep
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.web.limits import MAX_INTEGER
from counterpart.workflows import drafts
from counterpart.workflows.access_ports import Clock, SecretFactory
from counterpart.workflows.coordination_ports import OWN_LOG, RecordQuery
from counterpart.workflows.filing_screening import RegistryAndListsScreen, SubstanceMemo
from counterpart.workflows.inbox import (
    list_due,
    list_records,
    node_parties,
    refresh,
    show_record,
)
from counterpart.workflows.party_screening import thresholds_of
from counterpart.workflows.record_projection import Parties
from counterpart.workflows.record_sending import Outbox, send_draft
from counterpart.workflows.record_states import RECORD_STATES

router = APIRouter(prefix="/api/v1", tags=["records"], responses=ERROR_RESPONSES)
ClockDep = Annotated[Clock, Depends(get_clock)]
IdsDep = Annotated[SecretFactory, Depends(get_ids)]
EngineDep = Annotated[Engine, Depends(get_engine)]


def require_record_state(value: str) -> str:
    """A state filter names a state records can be in; another would list nothing."""
    if value not in RECORD_STATES:
        raise ValueError(f"unknown state {value!r}; the states are {', '.join(RECORD_STATES)}")
    return value


def require_party(party: str | None, parties: Parties) -> str | None:
    """An author filter names this node's party or its counterpart's (lower case)."""
    if party is None:
        return None
    known = (parties.node, parties.counterpart)
    if party.lower() not in known:
        said = f"unknown party {party!r}; the parties are {', '.join(known)}"
        raise InvalidInput(said, where="query.party")
    return party.lower()


StateFilter = Annotated[
    Annotated[str, AfterValidator(require_record_state)] | None,
    Query(description="Only records in this state.", json_schema_extra={"enum": RECORD_STATES}),
]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_INTEGER, description="Items to skip (or use `cursor`).")]


def records_of(engine: Engine) -> AbstractContextManager[SqlRecords]:
    return open_records(engine)


async def parties_of(request: Request, node: NodeDep) -> Parties:
    """The node's party and its counterpart's, read once both are known, then kept.

    Neither changes once set (`init` fixes the party, a node has one counterpart), so the
    app keeps them instead of reading the node metadata and peers on every request; once
    kept, they are served on the event loop, and read in a worker thread until then.
    """
    known: Parties | None = getattr(request.app.state, "record_parties", None)
    if known is not None:
        return known
    parties = await run_in_threadpool(node_parties, node.stores.book)
    if parties.counterpart:
        request.app.state.record_parties = parties
    return parties


PartiesDep = Annotated[Parties, Depends(parties_of)]


@contextmanager
def fresh_records(
    node: NodeDep, engine: Engine, parties: Parties | None = None
) -> Iterator[SqlRecords]:
    """A unit of work over a projection that first took in what the logs hold that is new.

    Most reads find every log entry projected already: one connection then serves the check
    and the read, and the projection lock is never taken.
    """
    parties = parties or parties_of_book(node)
    with open_records(engine) as ports:
        if not ports.has_unprojected(logs_of(parties)):
            yield ports
            return
    refresh(lambda: open_records(engine), node.stores.book, node.stores.log_named, parties)
    with open_records(engine) as ports:
        yield ports


def parties_of_book(node: NodeDep) -> Parties:
    return node_parties(node.stores.book)


def logs_of(parties: Parties) -> list[str]:
    """The logs the record book projects: this node's own and its counterpart's mirror."""
    if not parties.counterpart:
        return [OWN_LOG]
    return [OWN_LOG, parties.log_of(parties.counterpart)]


async def make_outbox(
    *,
    request: Request,
    node: NodeDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    parties: PartiesDep,
) -> Outbox:
    """Everything sending needs, with screening against the registry and the loaded lists.

    Substance checks are kept app-wide (`app.state.substance_checks`, see `create_app`).
    """
    memo: SubstanceMemo | None = getattr(request.app.state, "substance_checks", None)
    screen = RegistryAndListsScreen(
        lambda on: index_for(request, on, None), thresholds_of(settings), memo=memo
    )
    return Outbox(
        begin=lambda: open_records(engine),
        book=node.stores.book,
        logs=node.stores.log_named,
        clock=clock,
        policy=drafts.deadline_policy(settings),
        screen=screen,
        parties=parties,
        record_log=SqlRecordLog(node.stores.own),
    )


OutboxDep = Annotated[Outbox, Depends(make_outbox)]


@router.get("/drafts", response_model=DraftPage)
def list_drafts(
    caller: ViewerUser,
    engine: EngineDep,
    type: RecordType | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DraftPage:
    """Your party's drafts, last edited first."""
    with records_of(engine) as ports:
        page = drafts.list_drafts(ports, caller, type, limit, offset)
    items = [to_draft_out(d) for d in page.items]
    return DraftPage(items=items, total=page.total, limit=page.limit, offset=page.offset)


@router.post(
    "/drafts", response_model=DraftOut, status_code=201, openapi_extra=body_schema(DraftIn)
)
def create_draft(
    *,
    body: Annotated[DraftIn, Depends(json_body(DraftIn))],
    caller: AnalystUser,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    ids: IdsDep,
) -> DraftOut:
    """Save a draft; its content is checked as strictly as the record it will become."""
    policy = drafts.deadline_policy(settings)
    with records_of(engine) as ports:
        draft = drafts.create_draft(
            ports, caller, body.type, body.content, clock=clock, new_id=ids.new_id, policy=policy
        )
    return to_draft_out(draft)


@router.get("/drafts/{draft_id}", response_model=DraftOut)
def read_draft(draft_id: str, caller: ViewerUser, engine: EngineDep) -> DraftOut:
    with records_of(engine) as ports:
        return to_draft_out(drafts.require_draft(ports, caller, draft_id))


@router.put("/drafts/{draft_id}", response_model=DraftOut, openapi_extra=body_schema(DraftUpdate))
def update_draft(
    *,
    draft_id: str,
    body: Annotated[DraftUpdate, Depends(json_body(DraftUpdate))],
    caller: AnalystUser,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> DraftOut:
    """Replace a draft's content; send the version you read (409 if it changed since)."""
    policy = drafts.deadline_policy(settings)
    with records_of(engine) as ports:
        draft = drafts.update_draft(
            ports, caller, draft_id, body.content, version=body.version, clock=clock, policy=policy
        )
    return to_draft_out(draft)


@router.delete("/drafts/{draft_id}", status_code=204)
def delete_draft(draft_id: str, caller: AnalystUser, engine: EngineDep, clock: ClockDep) -> None:
    with records_of(engine) as ports:
        drafts.delete_draft(ports, caller, draft_id, clock)


@router.post("/drafts/{draft_id}/send", status_code=201)
def send(draft_id: str, caller: ApproverUser, outbox: OutboxDep) -> RecordDetail:
    """Screen the draft's substances and parties, append it to the log, and drop the draft."""
    entry = send_draft(outbox, caller, draft_id)
    return RecordDetail(record=to_record_out(entry, with_content=True), answered_by=[])


@router.get(
    "/records",
    response_model=None,
    responses={200: {"model": RecordPage, "content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def read_records(
    *,
    caller: ViewerUser,
    node: NodeDep,
    parties: PartiesDep,
    engine: EngineDep,
    type: RecordType | None = None,
    state: StateFilter = None,
    party: str | None = Query(default=None, description="Author party."),
    direction: Literal["sent", "received"] | None = None,
    since: date | None = None,
    until: date | None = None,
    flagged: bool | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: int | None = Query(
        default=None, ge=1, le=MAX_INTEGER, description="`next_cursor` of a page."
    ),
    format: Literal["json", "csv"] = "json",
) -> Response:
    """Records your party sent or received, newest first; `format=csv` exports the page."""
    author = require_party(party, parties)
    query = RecordQuery(
        "", type, state, author, direction, since, until, flagged,
        limit, offset, cursor,
    )  # fmt: skip
    with fresh_records(node, engine, parties) as ports:
        page = list_records(ports, caller, query)
    if format == "csv":
        return Response(to_csv(page.items), media_type="text/csv; charset=utf-8")
    items = [to_record_out(e) for e in page.items]
    more = len(page.items) == page.limit
    next_cursor = page.items[-1].position if more and page.items else None
    out = RecordPage(
        items=items, total=page.total, limit=page.limit, offset=page.offset, next_cursor=next_cursor
    )
    # Rendered by pydantic here: without a response model (the CSV twin needs none), FastAPI
    # would walk the page again in Python with jsonable_encoder.
    return Response(out.model_dump_json(), media_type="application/json")


@router.get("/inbox", response_model=RecordPage)
def read_inbox(
    *,
    caller: ViewerUser,
    node: NodeDep,
    parties: PartiesDep,
    engine: EngineDep,
    type: RecordType | None = None,
    state: StateFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> RecordPage:
    """What the counterpart sent your party, once mirrored and verified, newest first."""
    query = RecordQuery("", type, state, direction="received", limit=limit, offset=offset)
    with fresh_records(node, engine, parties) as ports:
        page = list_records(ports, caller, query)
    items = [to_record_out(e) for e in page.items]
    next_cursor = page.items[-1].position if len(page.items) == limit else None
    return RecordPage(
        items=items, total=page.total, limit=limit, offset=offset, next_cursor=next_cursor
    )


@router.get("/records/{author}/{index}", response_model=RecordDetail)
def read_record(
    *,
    author: str,
    index: LogIndex,
    caller: ViewerUser,
    node: NodeDep,
    engine: EngineDep,
    parties: PartiesDep,
) -> RecordDetail:
    """One record (by its author's party and log index), with the records that answer it."""
    log = parties.log_of(author.lower())
    with fresh_records(node, engine, parties) as ports:
        entry, answers = show_record(ports, caller, log, index)
    return RecordDetail(
        record=to_record_out(entry, with_content=True),
        answered_by=[to_record_out(a, with_content=True) for a in answers],
    )


@router.get("/due", response_model=DueOut)
def read_due(
    *,
    caller: ViewerUser,
    node: NodeDep,
    parties: PartiesDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> DueOut:
    """Pending notifications, requests and commitments past their deadline or due soon."""
    today = clock().date()
    with fresh_records(node, engine, parties) as ports:
        due = list_due(ports, caller, today, drafts.deadline_policy(settings))
    return DueOut(
        today=due.today,
        overdue=[to_record_out(e) for e in due.overdue],
        due_soon=[to_record_out(e) for e in due.due_soon],
    )
