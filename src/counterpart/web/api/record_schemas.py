"""JSON shapes of the records API (pydantic, at the edge only) and their conversions."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Path, Request
from pydantic import BaseModel, Field, ValidationError

from counterpart.domain.canonical import parse_json
from counterpart.domain.errors import InvalidInput
from counterpart.domain.record_vocabulary import label_en, label_zh
from counterpart.domain.records import RecordType
from counterpart.web.limits import MAX_BIGINT, MAX_INTEGER
from counterpart.workflows.coordination_ports import Draft, RecordEntry

# A record's index in its author's log, as a path parameter.
LogIndex = Annotated[int, Path(ge=0, le=MAX_BIGINT, description="Index in the author's log.")]


class DraftIn(BaseModel):
    type: RecordType = Field(description="The record type the draft will become.")
    content: dict[str, Any] = Field(description="The typed content; see docs/workflows.md.")


class DraftUpdate(BaseModel):
    content: dict[str, Any]
    version: int = Field(
        ge=1, le=MAX_INTEGER, description="The version last read; a stale one is 409."
    )


class DraftOut(BaseModel):
    id: str
    type: RecordType
    type_en: str
    type_zh: str
    content: dict[str, Any]
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int


class RecordOut(BaseModel):
    log: str
    index: int
    leaf_hash: str
    type: RecordType
    type_en: str
    type_zh: str
    author: str
    addressed_to: str
    sequence: int
    claimed_at: datetime
    state: str
    summary: str
    deadline: date | None
    waiting_on: str | None
    flagged: bool
    answers: dict[str, Any] | None = Field(default=None, description="What it answers.")
    anomaly: str | None
    anomaly_message: dict[str, Any] | None = Field(
        default=None,
        description="The anomaly as a message id and parameters `{id, params}`, so a client "
        "can translate it; absent for a record projected before the node kept it.",
    )
    content: dict[str, Any] | None = None


class RecordDetail(BaseModel):
    ok: bool = True
    record: RecordOut
    answered_by: list[RecordOut]


class DraftPage(BaseModel):
    ok: bool = True
    items: list[DraftOut]
    total: int
    limit: int
    offset: int


class RecordPage(BaseModel):
    ok: bool = True
    items: list[RecordOut]
    total: int
    limit: int
    offset: int
    next_cursor: int | None = Field(description="Pass as `cursor` for the next page.")


class DueOut(BaseModel):
    ok: bool = True
    today: date
    overdue: list[RecordOut]
    due_soon: list[RecordOut]


class ReplyIn(BaseModel):
    code: str = Field(description="acknowledge, no_objection, objection, request_for_information")
    reason: str = ""
    late: bool = False
    late_reason: str = ""


class OutcomeIn(BaseModel):
    outcome: str = Field(description="shipped, arrived, stopped, seized, cancelled")
    occurred_on: str
    note: str = ""


class ResponseIn(BaseModel):
    outcome: str = Field(description="action_taken, no_findings, ongoing, declined")
    actions_taken: list[str] = []
    summary: str = ""
    evidence: list[str] = []


class EvidenceIn(BaseModel):
    description: str
    evidence: list[str] = []


class StatusIn(BaseModel):
    status: str = Field(description="open, in_progress, delivered, not_delivered, withdrawn")
    as_of: str
    note: str = ""
    countersigns: int | None = Field(
        default=None,
        ge=0,
        le=MAX_BIGINT,
        description="Log index of the counterpart's status record to countersign.",
    )


class EvidenceOut(BaseModel):
    ok: bool = True
    sha256: str
    media_type: str
    size: int
    stored: bool = Field(description="False when the same bytes were already kept.")


T = TypeVar("T", bound=BaseModel)


def json_body(model: type[T]) -> Callable[[Request], Awaitable[T]]:
    """A dependency reading the body as `model`, strictly: non-UTF-8 bytes, duplicate keys or
    a wrong field are 422 with what and where (the framework would say only "error parsing")."""

    async def read(request: Request) -> T:
        value = parse_json(await request.body())
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in ("body", *first["loc"]))
            raise InvalidInput(str(first["msg"]), where=where) from exc

    return read


def body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI's description of a body read by `json_body`."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}}


def to_draft_out(draft: Draft) -> DraftOut:
    return DraftOut(
        id=draft.id,
        type=draft.record_type,
        type_en=label_en(draft.record_type),
        type_zh=label_zh(draft.record_type),
        content=draft.content,
        created_by=draft.created_by,
        created_at=draft.created_at,
        updated_at=draft.updated_at,
        version=draft.version,
    )


def to_record_out(entry: RecordEntry, *, with_content: bool = False) -> RecordOut:
    answers = None
    if entry.target_log is not None:
        answers = {"log": entry.target_log, "index": entry.target_index}
    return RecordOut(
        log=entry.log,
        index=entry.index,
        leaf_hash=entry.leaf_hash,
        type=entry.record_type,
        type_en=label_en(entry.record_type),
        type_zh=label_zh(entry.record_type),
        author=entry.author,
        addressed_to=entry.addressed_to,
        sequence=entry.sequence,
        claimed_at=entry.claimed_at,
        state=entry.state,
        summary=entry.summary,
        deadline=entry.deadline,
        waiting_on=entry.waiting_on,
        flagged=entry.flagged,
        answers=answers,
        anomaly=entry.anomaly,
        anomaly_message=entry.anomaly_message,
        content=entry.content if with_content else None,
    )


CSV_COLUMNS = (
    "log", "index", "leaf_hash", "type", "author", "addressed_to", "sequence", "claimed_at",
    "state", "deadline", "waiting_on", "flagged", "summary", "anomaly",
)  # fmt: skip


def to_csv(entries: Iterable[RecordEntry]) -> str:
    """The records as CSV, one row each, with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = to_record_out(entry).model_dump(mode="json")
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()
