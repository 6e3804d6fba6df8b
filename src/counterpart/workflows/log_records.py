"""Appending a typed record to this node's log: the one way a record becomes a leaf."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from counterpart.domain.canonical import parse_json
from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import Record, RecordType, encode_record, new_record
from counterpart.workflows.log_append import append_entries
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


def append_record(
    log: EntryLog,
    book: NodeBook,
    record_type: RecordType,
    content: bytes,
    clock: Callable[[], datetime],
) -> tuple[int, Record]:
    """Encode the JSON object `content` as the next record of its type and append it."""
    require_origin(book)
    value = parse_json(content)
    if not isinstance(value, dict):
        raise InvalidInput("the record content must be a JSON object", where="$")
    meta = book.meta()
    key = f"sequence:{record_type.value}"
    sequence = int(meta.get(key, "0")) + 1
    record = new_record(record_type, meta["party"].lower(), sequence, value, claimed_at=clock())
    [index] = append_entries(log, [encode_record(record)])
    book.set_meta({key: str(sequence)})
    return index, record
