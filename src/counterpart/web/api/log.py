"""The node's log over HTTP: checkpoint, entries by range, proofs, cosignatures, status.

Routes under /peer/v1 are for the counterpart's node and need an RFC 9421 signature by a
registered peer key; /api/v1/log/status is the operator's view.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from counterpart.domain.errors import InvalidInput
from counterpart.domain.messages import to_json
from counterpart.exchange.keys import load_node_key
from counterpart.exchange.signing import MAX_AGE_SECONDS, SignedRequest, verify_request
from counterpart.exchange.wire import (
    MAX_PAGE,
    AlarmMessage,
    CosignatureMessage,
    EntriesPage,
    LogStatus,
    ProofMessage,
    WitnessStatus,
    to_base64,
)
from counterpart.ledger.note import NoteSigner, VerifierKey
from counterpart.ledger.tree import prove_consistency, prove_inclusion
from counterpart.settings import Settings
from counterpart.storage.log_node import NodeStores, open_node_stores
from counterpart.web.auth import AdminUser, CurrentUser
from counterpart.web.errors import ERROR_RESPONSES, PLAIN_TEXT_ERROR_RESPONSES
from counterpart.web.limits import MAX_BIGINT
from counterpart.workflows.log_append import cosigned_note, receive_cosignature, sign_checkpoint
from counterpart.workflows.log_records import append_record, parse_record_type
from counterpart.workflows.log_status import report_log
from counterpart.workflows.neutral_witnesses import NeutralWitness
from counterpart.workflows.node_setup import peer_keys

router = APIRouter(tags=["log"], responses=ERROR_RESPONSES)
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Node:
    """The node's stores and key, opened once per app on first use."""

    stores: NodeStores
    signer: NoteSigner


def open_node(settings: Settings, engine: Engine | None = None) -> Node:
    """The stores and key of the node that `settings` describe."""
    return Node(stores=open_node_stores(settings, engine), signer=load_node_key(settings))


def get_node(request: Request) -> Node:
    with _LOCK:
        node: Node | None = getattr(request.app.state, "node", None)
        if node is None:
            engine = getattr(request.app.state, "engine", None)
            node = open_node(request.app.state.settings, engine)
            request.app.state.node = node
        return node


async def node_of(request: Request) -> Node:
    """The node as a dependency: on the event loop once it is open (no worker-thread hop per
    request); opening it the first time reads files and the database, so that runs in a
    worker thread."""
    node: Node | None = getattr(request.app.state, "node", None)
    if node is not None:
        return node
    return await run_in_threadpool(get_node, request)


NodeDep = Annotated[Node, Depends(node_of)]


async def authenticate_peer(request: Request, node: NodeDep) -> VerifierKey:
    """The registered peer key that signed this request; 401 in the one shape otherwise."""
    body = await request.body()
    signed = SignedRequest(request.method, request.url.path, request.url.query, body)
    keys = await run_in_threadpool(peer_keys, node.stores.book)
    now = int(time.time())
    key = await run_in_threadpool(
        verify_request, signed, request.headers, keys.get, node.stores.book, now
    )
    # Nonces older than a signature may be are useless for replay checks: drop them.
    await run_in_threadpool(node.stores.book.forget_nonces_before, now - 2 * MAX_AGE_SECONDS)
    return key


PeerDep = Annotated[VerifierKey, Depends(authenticate_peer)]


@router.get(
    "/peer/v1/log/checkpoint",
    response_class=PlainTextResponse,
    responses=PLAIN_TEXT_ERROR_RESPONSES,
)
def read_checkpoint(node: NodeDep, _peer: PeerDep) -> PlainTextResponse:
    """The latest checkpoint (signed after recomputing the root), with its cosignatures."""
    checkpoint = sign_checkpoint(node.stores.own, node.signer)
    return PlainTextResponse(cosigned_note(node.stores.own, checkpoint))


@router.get("/peer/v1/log/entries")
def read_entries(
    node: NodeDep,
    _peer: PeerDep,
    start: Annotated[int, Query(ge=0, le=MAX_BIGINT)],
    end: Annotated[int, Query(ge=1, le=MAX_BIGINT)],
) -> EntriesPage:
    """Entries [start, end) as base64 of their exact bytes, at most 1000 per page."""
    if end <= start:
        raise InvalidInput(f"end {end} must be above start {start}", where="end")
    end = min(end, start + MAX_PAGE)
    entries = node.stores.own.entries(start, end)
    return EntriesPage(start=start, entries=[to_base64(e) for e in entries])


@router.get("/peer/v1/log/proof/inclusion")
def read_inclusion_proof(
    node: NodeDep,
    _peer: PeerDep,
    index: Annotated[int, Query(ge=0, le=MAX_BIGINT)],
    size: Annotated[int, Query(ge=1, le=MAX_BIGINT)],
) -> ProofMessage:
    """The inclusion proof of entry `index` in the tree of `size` entries."""
    hashes = prove_inclusion(node.stores.own, index, size)
    return ProofMessage(
        kind="inclusion", index=index, size=size, hashes=[to_base64(h) for h in hashes]
    )


@router.get("/peer/v1/log/proof/consistency")
def read_consistency_proof(
    node: NodeDep,
    _peer: PeerDep,
    old: Annotated[int, Query(ge=0, le=MAX_BIGINT)],
    new: Annotated[int, Query(ge=0, le=MAX_BIGINT)],
) -> ProofMessage:
    """The consistency proof from size `old` to size `new`."""
    hashes = prove_consistency(node.stores.own, old, new)
    return ProofMessage(
        kind="consistency", old_size=old, size=new, hashes=[to_base64(h) for h in hashes]
    )


@router.post("/peer/v1/log/cosignatures")
async def create_cosignature(request: Request, node: NodeDep, peer: PeerDep) -> dict[str, int]:
    """Keep the peer's cosignature of one of this node's checkpoints (403 if it is not)."""
    try:
        message = CosignatureMessage.model_validate_json(await request.body())
    except ValidationError as exc:
        raise InvalidInput(f"not a cosignature message: {exc.errors()[0]['msg']}") from exc
    kept = await run_in_threadpool(
        lambda: receive_cosignature(
            node.stores.own,
            node.signer.verifier_key(),
            peer,
            size=message.size,
            line=message.line,
            now=int(time.time()),
        )
    )
    return {"size": kept.size, "timestamp": kept.timestamp}


class NewRecord(BaseModel):
    """An operator's record: its type and its content (a JSON object)."""

    model_config = ConfigDict(extra="forbid")

    type: str
    content: dict[str, Any]


_APPEND_LOCK = threading.Lock()


@router.post("/api/v1/log/records", status_code=201)
def create_record(body: NewRecord, node: NodeDep, caller: AdminUser) -> dict[str, int]:
    """Append one record to this node's log (operators, testing); 201 once it is durable.

    Admins only; the audit row `log.append` commits with the entry.
    """
    record_type = parse_record_type(body.type)
    content = json.dumps(body.content, ensure_ascii=False).encode()
    # One at a time: the per-type sequence number is read, then written after the append.
    with _APPEND_LOCK:
        index, _ = append_record(
            node.stores.own, node.stores.book, record_type, content, _now, actor=caller.actor
        )
    return {"index": index}


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/api/v1/log/status")
def read_log_status(node: NodeDep, _caller: CurrentUser) -> LogStatus:
    """This node's log size, last cosigned checkpoint, mirrors, neutral witnesses (the size
    each last cosigned, its last error) and alarms (signed-in users)."""
    stores = node.stores
    report = report_log(stores.own, stores.book, stores.log_named, stores.witnesses.witnesses())
    return LogStatus(
        origin=report.origin,
        size=report.size,
        checkpoint_size=report.checkpoint_size,
        cosigned_size=report.cosigned_size,
        cosigned_by=list(report.cosigned_by),
        mirrors=report.mirrors,
        witnesses=[to_witness_status(w) for w in report.witnesses],
        alarms=[
            AlarmMessage(
                log=a.log,
                kind=a.kind,
                message=a.message,
                message_json=to_json(a.said) if a.said else None,
                raised_at=a.raised_at.isoformat(),
            )
            for a in report.alarms
        ],
    )


def to_witness_status(row: NeutralWitness) -> WitnessStatus:
    """A neutral witness as the status API shows it (times in RFC 3339)."""
    return WitnessStatus(
        name=row.name,
        url=row.url,
        vkey=row.vkey,
        added_at=row.added_at.isoformat(),
        cosigned_size=row.cosigned_size,
        cosigned_at=None if row.cosigned_at is None else row.cosigned_at.isoformat(),
        last_error=row.last_error,
        tried_at=None if row.tried_at is None else row.tried_at.isoformat(),
    )
