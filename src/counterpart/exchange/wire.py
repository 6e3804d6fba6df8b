"""Versioned wire messages between nodes (JSON); checkpoints travel as signed-note text.

Every message carries `version`; a node refuses a version it does not speak (422).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from counterpart.domain.errors import InvalidInput

WIRE_VERSION: Literal[1] = 1
MAX_PAGE = 1000


class WireMessage(BaseModel):
    """Base of the wire messages: frozen, no unknown fields, a version."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = WIRE_VERSION


class EntriesPage(WireMessage):
    """Entries [start, start + len(entries)) of a log, each base64 of its exact bytes."""

    start: int = Field(ge=0)
    entries: list[str]


class ProofMessage(WireMessage):
    """An RFC 9162 inclusion or consistency proof: base64 hashes, leaf side first."""

    kind: Literal["inclusion", "consistency"]
    index: int | None = None
    old_size: int | None = None
    size: int = Field(ge=0)
    hashes: list[str]


class CosignatureMessage(WireMessage):
    """A cosignature/v1 line a peer made over this node's checkpoint of `size`."""

    size: int = Field(ge=0)
    line: str = Field(min_length=8, max_length=400)


class AlarmMessage(BaseModel):
    """An alarm as the API shows it."""

    log: str
    kind: str
    message: str
    message_json: dict[str, Any] | None = Field(
        default=None,
        description="The message as a message id (its English template, `%(name)s` "
        "placeholders) and parameters, `{id, params}`, so a client can translate it; null for "
        "an alarm raised before the node kept it.",
    )
    raised_at: str


class WitnessStatus(BaseModel):
    """A neutral witness of this node's log: the size it last cosigned and its last error."""

    name: str
    url: str
    vkey: str
    added_at: str
    cosigned_size: int | None
    cosigned_at: str | None
    last_error: str | None
    tried_at: str | None


class LogStatus(BaseModel):
    """The node's log, its mirrors and its alarms, as `counterpart log status` shows them."""

    origin: str
    size: int
    checkpoint_size: int | None
    cosigned_size: int | None
    cosigned_by: list[str]
    mirrors: dict[str, int]
    witnesses: list[WitnessStatus] = []
    alarms: list[AlarmMessage]


def to_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def from_base64(text: str, where: str) -> bytes:
    """Bytes from standard base64; InvalidInput naming `where` when it is not."""
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise InvalidInput("not valid base64", where=where) from exc
