"""Substance screening over JSON: a batch of queries in, one result per query out; depictions."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from counterpart.chemistry import ALL_JURISDICTIONS
from counterpart.domain.errors import PayloadTooLarge
from counterpart.domain.messages import to_json
from counterpart.domain.substances import Family, InputKind, Jurisdiction, ScreeningResult, Status
from counterpart.web.auth import AnalystUser, ViewerUser
from counterpart.web.dependencies import SettingsDep
from counterpart.web.errors import ERROR_RESPONSES
from counterpart.workflows.substance_screening import (
    BatchOptions,
    Row,
    depict_entry,
    screen_rows,
    to_record,
)

router = APIRouter(prefix="/api/v1", tags=["substances"], responses=ERROR_RESPONSES)
MESSAGE_JSON = (
    "The same text as a message id (its English template, `%(name)s` placeholders) and "
    "parameters, `{id, params}` (a term is `{term, value}`), so a client can translate it; "
    "null when the node has no message for it."
)


class QueryItem(BaseModel):
    id: str | None = Field(
        default=None, description="Your id for the query; default: its position."
    )
    query: str = Field(description="SMILES, InChI, InChIKey, molfile, CAS number or name.")


class ScreenRequest(BaseModel):
    queries: list[str | QueryItem] = Field(min_length=1, description="The batch to screen.")
    jurisdictions: list[Jurisdiction] = Field(default=list(ALL_JURISDICTIONS))
    on: date | None = Field(default=None, description="Law in force on this date; default today.")


class ResolvedOut(BaseModel):
    smiles: str
    inchikey: str | None
    name: str | None


class VerdictOut(BaseModel):
    jurisdiction: Jurisdiction
    status: Status
    family: Family
    basis: str | None
    rule: str | None
    since: date | None
    explanation: str
    explanation_message: dict[str, Any] | None = Field(default=None, description=MESSAGE_JSON)
    matched_atoms: list[int]


class ResultOut(BaseModel):
    id: str
    query: str
    input_kind: InputKind | None
    resolved: ResolvedOut | None
    error: str | None
    error_message: dict[str, Any] | None = Field(default=None, description=MESSAGE_JSON)
    verdicts: list[VerdictOut]


class ScreenResponse(BaseModel):
    ok: bool = True
    results: list[ResultOut]


@router.post("/screen/substances")
async def screen_substances(
    body: ScreenRequest, settings: SettingsDep, _caller: AnalystUser
) -> ScreenResponse:
    """Screen a batch (at most `max_batch_size` queries); the same objects as the CLI's JSONL.

    Analysts and above (approver, admin); a viewer gets 403.

    A query that cannot be identified comes back `unresolved` with its reason in `error`;
    the rest of the batch is screened.
    """
    if len(body.queries) > settings.max_batch_size:
        raise PayloadTooLarge(
            f"a batch of {len(body.queries)} queries is over the limit of "
            f"{settings.max_batch_size} (setting max_batch_size)",
            where="body.queries",
        )
    rows = [
        Row(str(i), item) if isinstance(item, str) else Row(item.id or str(i), item.query)
        for i, item in enumerate(body.queries, start=1)
    ]
    options = BatchOptions(tuple(dict.fromkeys(body.jurisdictions)), body.on, full_identity=True)
    results = await run_in_threadpool(screen_rows, rows, options)
    return ScreenResponse(results=[ResultOut.model_validate(to_result_record(r)) for r in results])


def to_result_record(result: ScreeningResult) -> dict[str, Any]:
    """The CLI's object for one result, with its error and each verdict's explanation also as
    a message (id and parameters) that a page translates and a client can too."""
    record = to_record(result)
    record["error_message"] = to_json(result.error_message) if result.error_message else None
    for verdict, shown in zip(result.verdicts, record["verdicts"], strict=True):
        message = verdict.message
        shown["explanation_message"] = None if message is None else to_json(message)
    return record


@router.get(
    "/substances/{inchikey}/depiction.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
async def read_depiction(
    *,
    inchikey: str,
    _caller: ViewerUser,
    jurisdiction: Annotated[
        Jurisdiction, Query(description="Highlight the atoms this jurisdiction's verdict rests on.")
    ] = Jurisdiction.US,
    on: Annotated[date | None, Query(description="Law in force on this date.")] = None,
    highlight: Annotated[bool, Query(description="false: no highlighting.")] = True,
    width: Annotated[int, Query(ge=100, le=2000)] = 400,
    height: Annotated[int, Query(ge=100, le=2000)] = 300,
) -> Response:
    """SVG of a registry substance; 404 in the one error shape for a key the registry lacks.

    Any signed-in user: it draws a registry entry (as record pages show), it screens nothing.
    """
    svg = await run_in_threadpool(
        depict_entry,
        inchikey.strip().upper(),
        jurisdiction,
        on,
        highlight=highlight,
        width=width,
        height=height,
    )
    return Response(content=svg, media_type="image/svg+xml")
