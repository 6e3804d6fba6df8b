"""Appending a typed record to this node's log: the one way a record becomes a leaf."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from counterpart.domain.canonical import parse_json
from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import Record, RecordType, encode_record, new_record
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

    def append_numbered(self, counter: str, make_entry: Callable[[int], bytes]) -> int: ...


def append_record(
    log: NumberedLog,
    book: NodeBook,
    record_type: RecordType,
    content: bytes,
    clock: Callable[[], datetime],
    *,
    party: str | None = None,
) -> tuple[int, Record]:
    """Encode the JSON object `content` as the next record of its type and append it.

    The per-type sequence number is taken in the append's own transaction, under the log's
    lock, so it is unique across threads and processes. `party` (the node's, when the caller
    knows it already) saves a read of the node metadata.
    """
    value = parse_json(content)
    if not isinstance(value, dict):
        raise InvalidInput("the record content must be a JSON object", where="$")
    if party is None:
        require_origin(book)
        party = book.meta()["party"]
    made: list[Record] = []

    def make_entry(sequence: int) -> bytes:
        made[:] = [new_record(record_type, party.lower(), sequence, value, claimed_at=clock())]
        return check_entry(encode_record(made[0]), f"{record_type.value} record")

    index = log.append_numbered(f"sequence:{record_type.value}", make_entry)
    return index, made[0]
