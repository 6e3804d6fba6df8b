"""Filing records at once over JSON: answers to a record (reply, outcome, response, evidence,
status), any record without a draft, evidence uploads, and the bilingual vocabularies.

Filing needs `approver`; uploading evidence `analyst`. The record answered is named by its
author's party and log index; its leaf hash is filled in from the verified projection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy.engine import Engine

from counterpart.domain.record_fields import RecordLink
from counterpart.domain.record_vocabulary import VOCABULARIES, label_en, label_zh
from counterpart.domain.records import RecordType
from counterpart.storage.records import open_records
from counterpart.web.api.log import Node, NodeDep
from counterpart.web.api.record_schemas import (
    DraftIn,
    EvidenceIn,
    EvidenceOut,
    LogIndex,
    OutcomeIn,
    RecordDetail,
    ReplyIn,
    ResponseIn,
    StatusIn,
    body_schema,
    json_body,
    to_record_out,
)
from counterpart.web.api.records import ClockDep, EngineDep, OutboxDep, fresh_records
from counterpart.web.auth import AnalystUser, ApproverUser, ViewerUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.web.limits import read_body_within
from counterpart.workflows.access_model import Principal
from counterpart.workflows.evidence import KeptEvidence, keep_evidence
from counterpart.workflows.inbox import node_parties, show_record
from counterpart.workflows.record_sending import Outbox, file_record

router = APIRouter(prefix="/api/v1", tags=["records"], responses=ERROR_RESPONSES)
_MEDIA_TYPE = Query(description="The file's media type.")


@dataclass(frozen=True)
class Filing:
    """A request's node, engine and outbox."""

    node: Node
    engine: Engine
    outbox: Outbox

    def link(self, caller: Principal, author: str, index: int) -> RecordLink:
        """The link to a record the caller can see (404 otherwise), with its leaf hash."""
        log = node_parties(self.node.stores.book).log_of(author.lower())
        with fresh_records(self.node, self.engine) as ports:
            entry, _answers = show_record(ports, caller, log, index)
        return RecordLink(entry.author, entry.index, entry.leaf_hash)


def make_filing(node: NodeDep, engine: EngineDep, outbox: OutboxDep) -> Filing:
    return Filing(node, engine, outbox)


FilingDep = Annotated[Filing, Depends(make_filing)]


def _file(
    outbox: Outbox, caller: Principal, record_type: RecordType, content: dict[str, Any]
) -> RecordDetail:
    entry = file_record(outbox, caller, record_type, content)
    return RecordDetail(record=to_record_out(entry, with_content=True), answered_by=[])


def _answer(body: BaseModel, key: str, link: RecordLink) -> dict[str, Any]:
    return {key: link.to_content(), **body.model_dump()}


@router.post("/records", status_code=201, openapi_extra=body_schema(DraftIn))
def file_any(
    body: Annotated[DraftIn, Depends(json_body(DraftIn))], caller: ApproverUser, filing: FilingDep
) -> RecordDetail:
    """File a record without a draft (screened on filing like a sent draft)."""
    return _file(filing.outbox, caller, body.type, body.content)


@router.post("/records/{author}/{index}/reply", status_code=201)
def reply(
    author: str, index: LogIndex, body: ReplyIn, caller: ApproverUser, filing: FilingDep
) -> RecordDetail:
    """Reply to a pre-export notification: once; after the deadline only with `late: true`."""
    link = filing.link(caller, author, index)
    return _file(
        filing.outbox, caller, RecordType.NOTIFICATION_REPLY, _answer(body, "notification", link)
    )


@router.post("/records/{author}/{index}/outcome", status_code=201)
def outcome(
    author: str, index: LogIndex, body: OutcomeIn, caller: ApproverUser, filing: FilingDep
) -> RecordDetail:
    """Report what happened to a notified shipment (after a reply)."""
    link = filing.link(caller, author, index)
    return _file(
        filing.outbox, caller, RecordType.SHIPMENT_OUTCOME, _answer(body, "notification", link)
    )


@router.post("/records/{author}/{index}/response", status_code=201)
def respond(
    author: str, index: LogIndex, body: ResponseIn, caller: ApproverUser, filing: FilingDep
) -> RecordDetail:
    """Respond to a request for assistance: actions taken, outcome, evidence."""
    link = filing.link(caller, author, index)
    return _file(
        filing.outbox, caller, RecordType.ASSISTANCE_RESPONSE, _answer(body, "request", link)
    )


@router.post("/records/{author}/{index}/evidence", status_code=201)
def add_commitment_evidence(
    author: str, index: LogIndex, body: EvidenceIn, caller: ApproverUser, filing: FilingDep
) -> RecordDetail:
    """File evidence that a commitment is being delivered."""
    link = filing.link(caller, author, index)
    content = _answer(body, "commitment", link)
    return _file(filing.outbox, caller, RecordType.COMMITMENT_EVIDENCE, content)


@router.post("/records/{author}/{index}/status", status_code=201)
def state_commitment_status(
    author: str, index: LogIndex, body: StatusIn, caller: ApproverUser, filing: FilingDep
) -> RecordDetail:
    """Propose a commitment's status, or countersign the counterpart's status record."""
    link = filing.link(caller, author, index)
    content: dict[str, Any] = {
        "commitment": link.to_content(),
        "status": body.status,
        "as_of": body.as_of,
        "note": body.note,
    }
    if body.countersigns is not None:
        other = node_parties(filing.node.stores.book).counterpart
        signed = filing.link(caller, other, body.countersigns)
        content["countersigns"] = signed.to_content()
    return _file(filing.outbox, caller, RecordType.COMMITMENT_STATUS, content)


@router.post("/evidence", status_code=201)
async def upload_evidence(
    *,
    request: Request,
    caller: AnalystUser,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
    media_type: Annotated[str, _MEDIA_TYPE] = "application/octet-stream",
) -> EvidenceOut:
    """Keep an evidence file (the raw request body); records then cite its SHA-256.

    At most `max_evidence_bytes`: a larger body is refused (413) as soon as it is seen to be.
    """
    limit = settings.max_evidence_bytes
    data = await read_body_within(request, limit, "max_evidence_bytes")

    def keep() -> KeptEvidence:
        with open_records(engine) as ports:
            return keep_evidence(
                ports, caller, data, media_type=media_type, limit=limit, clock=clock
            )

    # The body is read on the event loop as it arrives; storing it is blocking database work.
    kept = await run_in_threadpool(keep)
    return EvidenceOut(
        sha256=kept.sha256, media_type=kept.media_type, size=kept.size, stored=kept.stored
    )


@router.get("/vocabularies")
def read_vocabularies(_caller: ViewerUser) -> dict[str, Any]:
    """Every controlled vocabulary of record content, with English and Chinese labels."""
    return {
        "ok": True,
        "vocabularies": {
            vocabulary.__name__: [
                {"value": term.value, "label_en": label_en(term), "label_zh": label_zh(term)}
                for term in vocabulary
            ]
            for vocabulary in VOCABULARIES
        },
    }
