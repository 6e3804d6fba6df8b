"""Keeping an evidence file: checked (size, media type), stored under its SHA-256, audited.

The JSON API (`POST /api/v1/evidence`) and the record pages' upload form both call
`keep_evidence`, so a file is refused and stored the same way whichever way it came.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from counterpart.domain.errors import InvalidInput, PayloadTooLarge
from counterpart.domain.messages import N_, message
from counterpart.domain.records import Attachment
from counterpart.workflows.access_audit import record_write
from counterpart.workflows.access_model import Principal, Role
from counterpart.workflows.access_policy import require_role
from counterpart.workflows.coordination_ports import EvidenceFile, RecordsPorts
from counterpart.workflows.drafts import party_of

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class KeptEvidence:
    """An evidence file as kept: its hash, media type, size, and whether it was new."""

    sha256: str
    media_type: str
    size: int
    stored: bool


def check_evidence(data: bytes, media_type: str, limit: int) -> str:
    """The file's SHA-256; an empty file, one over `limit` bytes or a bad media type is refused."""
    if len(data) > limit:
        said = message(
            N_("the file is %(size)s bytes, over the %(limit)s-byte limit (max_evidence_bytes)"),
            size=len(data),
            limit=limit,
        )
        raise PayloadTooLarge(said)
    if not data:
        raise InvalidInput(message(N_("the file is empty")), where="body")
    digest = hashlib.sha256(data).hexdigest()
    Attachment(digest, media_type, len(data))  # checks the media type is type/subtype
    return digest


def keep_evidence(
    ports: RecordsPorts,
    caller: Principal,
    data: bytes,
    *,
    media_type: str,
    limit: int,
    clock: Clock,
) -> KeptEvidence:
    """Store an analyst's evidence file under its SHA-256 (once) and audit the upload."""
    require_role(caller, Role.ANALYST)
    digest = check_evidence(data, media_type, limit)
    kept = EvidenceFile(digest, party_of(caller), media_type, len(data), caller.actor, clock())
    stored = ports.add_evidence(kept, data)
    record_write(
        ports,
        clock,
        actor=caller.actor,
        action="evidence.upload",
        target=f"evidence:{digest}",
        detail={"size": len(data), "media_type": media_type, "new": stored},
    )
    return KeptEvidence(digest, media_type, len(data), stored)
