"""The C2SP tlog-witness `add-checkpoint` endpoint: this node cosigns the counterpart's log.

404 unknown origin, 403 not signed by that log's key, 400 malformed or old size above the
checkpoint's, 409 old size stale (the body, `text/x.tlog.size`, is the size last cosigned),
422 consistency proof rejected; 200 with the cosignature line otherwise.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from counterpart.web.api.log import NodeDep, PeerDep
from counterpart.web.errors import ERROR_RESPONSES, PLAIN_TEXT_ERROR_RESPONSES
from counterpart.workflows.log_checkpoints import origin_of
from counterpart.workflows.witness import (
    StaleOldSize,
    add_checkpoint,
    log_key_for,
    mirror_log_name,
    parse_add_checkpoint,
)

router = APIRouter(tags=["witness"], responses=ERROR_RESPONSES)


@router.post(
    "/peer/v1/witness/add-checkpoint",
    response_class=PlainTextResponse,
    responses=PLAIN_TEXT_ERROR_RESPONSES,
)
async def create_cosignature(request: Request, node: NodeDep, _peer: PeerDep) -> Response:
    """Cosign the checkpoint if it extends the one last cosigned for its log."""
    parsed = parse_add_checkpoint(await request.body())

    def cosign() -> str:
        book = node.stores.book
        peer_name, _ = log_key_for(book, origin_of(parsed.checkpoint))
        mirror = node.stores.log_named(mirror_log_name(peer_name))
        return add_checkpoint(parsed, book, mirror, node.signer, int(time.time()))

    try:
        line = await run_in_threadpool(cosign)
    except StaleOldSize as exc:
        size = f"{exc.size}\n".encode()
        return Response(size, status_code=409, headers={"content-type": "text/x.tlog.size"})
    return PlainTextResponse(line)
