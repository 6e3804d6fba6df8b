"""Appending a typed record to this node's log: the one way a record becomes a leaf."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from counterpart.domain.canonical import parse_json
from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import Record, RecordType, encode_record, new_record
from counterpart.workflows.access_audit import audit_event
from counterpart.workflows.access_model import AuditEvent
from counterpart.workflows.log_append import check_entry
from counterpart.workflows.log_ports import EntryLog, NodeBook
from counterpart.workflows.node_setup import require_origin


def parse_record_type(value: str) -> RecordType:
    """The RecordType named `value`; InvalidInput listing the known ones otherwise."""
    try:
        return RecordType(value)
    except ValueError as exc:
        known = ", ".join(t.value for t in RecordType)
        raise InvalidInput(
            f"unknown record type {value!r}; one of: {known}", where="--type"
        ) from exc


class NumberedLog(EntryLog, Protocol):
    """A log that appends an entry numbered by a counter in the same durable transaction."""

    def append_numbered(
        self,
        counter: str,
        make_entry: Callable[[int], bytes],
        *,
        audit: Callable[[int], AuditEvent] | None = None,
    ) -> int: ...


def append_record(
    log: NumberedLog,
    book: NodeBook,
    record_type: RecordType,
    content: bytes,
    clock: Callable[[], datetime],
    *,
    party: str | None = None,
    actor: str | None = None,
) -> tuple[int, Record]:
    """Encode the JSON object `content` as the next record of its type and append it.

    The per-type sequence number is taken in the append's own transaction, under the log's
    lock, so it is unique across threads and processes. `party` (the node's, when the caller
    knows it already) saves a read of the node metadata. With `actor` (an operator's append:
    `log append`, `POST /api/v1/log/records`) the audit row `log.append` commits with the
    entry; a filing is audited by its own workflow instead (`record.send`).
    """
    if party is None:
        require_origin(book)
        party = book.meta()["party"]
    make_entry, made = record_maker(record_type, party, content, clock)
    audit = None if actor is None else _appended(actor, record_type, clock)
    index = log.append_numbered(sequence_counter(record_type), make_entry, audit=audit)
    return index, made[0]


def _appended(
    actor: str, record_type: RecordType, clock: Callable[[], datetime]
) -> Callable[[int], AuditEvent]:
    def event(index: int) -> AuditEvent:
        detail = {"type": record_type.value}
        return audit_event(
            clock(), actor=actor, action="log.append", target=f"log:{index}", detail=detail
        )

    return event


def sequence_counter(record_type: RecordType) -> str:
    """The node metadata key that numbers the records of `record_type`."""
    return f"sequence:{record_type.value}"


def record_maker(
    record_type: RecordType, party: str, content: bytes, clock: Callable[[], datetime]
) -> tuple[Callable[[int], bytes], list[Record]]:
    """A function from a sequence number to the encoded record, and the list it leaves the
    record in (the number is only known inside the append's transaction)."""
    value = parse_json(content)
    if not isinstance(value, dict):
        raise InvalidInput("the record content must be a JSON object", where="$")
    made: list[Record] = []

    def make_entry(sequence: int) -> bytes:
        made[:] = [new_record(record_type, party.lower(), sequence, value, claimed_at=clock())]
        return check_entry(encode_record(made[0]), f"{record_type.value} record")

    return make_entry, made
