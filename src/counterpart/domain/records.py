"""The record envelope exchanged between parties, and its one canonical byte encoding.

A record is what a node appends to its log (docs/exchange.md, "Records exchanged"): its type,
schema version, author party, per-type sequence number, the time the author claims, a random
128-bit nonce, references to earlier records (log index + leaf hash), attachments by SHA-256
(never inlined) and typed content. `encode_record` gives the leaf bytes (RFC 8785 via
`canonical`); `decode_record` accepts only bytes that are exactly such an encoding.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from counterpart.domain.canonical import from_canonical_bytes, normalize, to_canonical_bytes
from counterpart.domain.errors import InvalidInput

SCHEMA_VERSION = 1
NonceFactory = Callable[[], str]

_PARTY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")  # as `counterpart init --party`
_HEX64 = re.compile(r"[0-9a-f]{64}")
_NONCE = re.compile(r"[0-9a-f]{32}")
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
_RFC3339_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


class RecordType(StrEnum):
    """The kinds of record the parties exchange (docs/exchange.md)."""

    PRE_EXPORT_NOTIFICATION = "pre_export_notification"
    NOTIFICATION_REPLY = "notification_reply"
    SHIPMENT_OUTCOME = "shipment_outcome"
    INCIDENT = "incident"
    REQUEST_FOR_ASSISTANCE = "request_for_assistance"
    ASSISTANCE_RESPONSE = "assistance_response"
    LIST_NOTICE = "list_notice"
    COMMITMENT = "commitment"
    COMMITMENT_EVIDENCE = "commitment_evidence"
    COMMITMENT_STATUS = "commitment_status"


@dataclass(frozen=True, slots=True)
class RecordRef:
    """A reference to an earlier record: its index in a log and its leaf hash (hex)."""

    log_index: int
    leaf_hash: str

    def __post_init__(self) -> None:
        if not 0 <= self.log_index <= 2**53 - 1:
            raise InvalidInput(f"log index {self.log_index} is out of range", where="$.references")
        if not _HEX64.fullmatch(self.leaf_hash):
            raise InvalidInput("leaf hash must be 64 lowercase hex digits", where="$.references")


@dataclass(frozen=True, slots=True)
class Attachment:
    """An evidence file, referenced by its SHA-256 and never inlined."""

    sha256: str
    media_type: str
    size: int
    name: str | None = None

    def __post_init__(self) -> None:
        if not _HEX64.fullmatch(self.sha256):
            raise InvalidInput("attachment sha256 must be 64 lowercase hex digits")
        if not _MEDIA_TYPE.fullmatch(self.media_type):
            raise InvalidInput(f"attachment media type {self.media_type!r} is not type/subtype")
        if not 0 <= self.size <= 2**53 - 1:
            raise InvalidInput(f"attachment size {self.size} is out of range")


@dataclass(frozen=True, slots=True)
class Record:
    """One record as its author wrote it; `content` is validated per type by the workflows."""

    type: RecordType
    author: str
    sequence: int
    claimed_at: str
    nonce: str
    content: Mapping[str, Any]
    references: tuple[RecordRef, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if not isinstance(self.type, RecordType):
            raise InvalidInput(f"unknown record type {self.type!r}", where="$.type")
        if not _PARTY.fullmatch(self.author):
            raise InvalidInput(
                f"party id {self.author!r} is not 1-64 letters, digits, ._-", where="$.author"
            )
        if not 1 <= self.sequence <= 2**53 - 1:
            raise InvalidInput(f"sequence {self.sequence} must be positive", where="$.sequence")
        if not _RFC3339_UTC.fullmatch(self.claimed_at):
            raise InvalidInput("claimed time must be RFC 3339 UTC (…Z)", where="$.claimed_at")
        _parse_time(self.claimed_at)
        if not _NONCE.fullmatch(self.nonce):
            raise InvalidInput("nonce must be 32 lowercase hex digits (128 bits)", where="$.nonce")
        if self.schema_version != SCHEMA_VERSION:
            raise InvalidInput(f"schema version {self.schema_version} is not supported")
        if not isinstance(self.content, Mapping):
            raise InvalidInput("content must be a JSON object", where="$.content")
        # Content is always held as canonical-ready JSON (NFC, no floats, safe integers).
        object.__setattr__(self, "content", normalize(self.content, "$.content"))

    def __hash__(self) -> int:
        return hash(encode_record(self))


def _parse_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not a real date and time", where="$.claimed_at") from exc


def random_nonce() -> str:
    """A fresh random 128-bit nonce, in hex."""
    return secrets.token_hex(16)


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with a Z, to the second (or microsecond when it has one)."""
    if moment.tzinfo is None:
        raise InvalidInput("a claimed time must be timezone-aware", where="$.claimed_at")
    moment = moment.astimezone(UTC)
    spec = "seconds" if moment.microsecond == 0 else "microseconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def new_record(
    record_type: RecordType,
    author: str,
    sequence: int,
    content: Mapping[str, Any],
    *,
    claimed_at: datetime,
    references: tuple[RecordRef, ...] = (),
    attachments: tuple[Attachment, ...] = (),
    nonce_factory: NonceFactory = random_nonce,
) -> Record:
    """A record with a fresh nonce and normalised (NFC) content; the time is passed in."""
    return Record(
        type=record_type,
        author=author,
        sequence=sequence,
        claimed_at=format_time(claimed_at),
        nonce=nonce_factory(),
        content=content,
        references=references,
        attachments=attachments,
    )


def to_json(record: Record) -> dict[str, Any]:
    """The record as a JSON object (the envelope's field names are fixed here)."""
    return {
        "type": record.type.value,
        "schema_version": record.schema_version,
        "author": record.author,
        "sequence": record.sequence,
        "claimed_at": record.claimed_at,
        "nonce": record.nonce,
        "references": [
            {"log_index": r.log_index, "leaf_hash": r.leaf_hash} for r in record.references
        ],
        "attachments": [_attachment_json(a) for a in record.attachments],
        "content": record.content,
    }


def _attachment_json(attachment: Attachment) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sha256": attachment.sha256,
        "media_type": attachment.media_type,
        "size": attachment.size,
    }
    if attachment.name is not None:
        body["name"] = attachment.name
    return body


def encode_record(record: Record) -> bytes:
    """The leaf bytes of a record: RFC 8785 canonical JSON, NFC, under 64 KiB."""
    return to_canonical_bytes(to_json(record))


_FIELDS = {
    "type",
    "schema_version",
    "author",
    "sequence",
    "claimed_at",
    "nonce",
    "references",
    "attachments",
    "content",
}


def decode_record(data: bytes) -> Record:
    """Parse leaf bytes into a Record, strictly: canonical bytes, known fields, right types."""
    value = from_canonical_bytes(data)
    if not isinstance(value, dict):
        raise InvalidInput("a record must be a JSON object", where="$")
    if set(value) != _FIELDS:
        missing, extra = sorted(_FIELDS - set(value)), sorted(set(value) - _FIELDS)
        raise InvalidInput(f"record fields wrong: missing {missing}, unknown {extra}", where="$")
    try:
        record_type = RecordType(_typed(value, "type", str))
    except ValueError as exc:
        raise InvalidInput(f"unknown record type {value['type']!r}", where="$.type") from exc
    return Record(
        type=record_type,
        author=_typed(value, "author", str),
        sequence=_typed(value, "sequence", int),
        claimed_at=_typed(value, "claimed_at", str),
        nonce=_typed(value, "nonce", str),
        content=_typed(value, "content", dict),
        references=tuple(
            _reference(item, i) for i, item in enumerate(_typed(value, "references", list))
        ),
        attachments=tuple(
            _attachment(item, i) for i, item in enumerate(_typed(value, "attachments", list))
        ),
        schema_version=_typed(value, "schema_version", int),
    )


def _typed(value: dict[str, Any], key: str, kind: type, path: str = "$") -> Any:
    item = value.get(key)
    if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
        raise InvalidInput(f"must be {kind.__name__}", where=f"{path}.{key}")
    return item


def _reference(item: Any, index: int) -> RecordRef:
    path = f"$.references[{index}]"
    if not isinstance(item, dict) or set(item) != {"log_index", "leaf_hash"}:
        raise InvalidInput("a reference is {log_index, leaf_hash}", where=path)
    return RecordRef(_typed(item, "log_index", int, path), _typed(item, "leaf_hash", str, path))


def _attachment(item: Any, index: int) -> Attachment:
    path = f"$.attachments[{index}]"
    if not isinstance(item, dict) or not {"sha256", "media_type", "size"} <= set(item) <= {
        "sha256",
        "media_type",
        "size",
        "name",
    }:
        raise InvalidInput("an attachment is {sha256, media_type, size[, name]}", where=path)
    name = _typed(item, "name", str, path) if "name" in item else None
    return Attachment(
        _typed(item, "sha256", str, path),
        _typed(item, "media_type", str, path),
        _typed(item, "size", int, path),
        name,
    )
