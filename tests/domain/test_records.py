"""Records: the envelope, its canonical encoding, and strict decoding."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpart.domain.canonical import to_canonical_bytes
from counterpart.domain.errors import InvalidInput
from counterpart.domain.records import (
    Attachment,
    Record,
    RecordRef,
    RecordType,
    decode_record,
    encode_record,
    new_record,
)

WHEN = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
LEAF = "ab" * 32


def _nonces() -> Callable[[], str]:
    counter = iter(range(1, 1000))
    return lambda: f"{next(counter):032x}"


def _notification() -> Record:
    return new_record(
        RecordType.PRE_EXPORT_NOTIFICATION,
        "cn",
        7,
        {"substance": "4-AP", "quantity": "25.000 kg", "notes": "Cafe\u0301"},
        claimed_at=WHEN,
        references=(RecordRef(3, LEAF),),
        attachments=(Attachment("cd" * 32, "application/pdf", 1234, "licence.pdf"),),
        nonce_factory=_nonces(),
    )


def test_encoding_is_the_exact_canonical_envelope() -> None:
    data = encode_record(_notification())
    assert (
        data
        == (
            '{"attachments":[{"media_type":"application/pdf","name":"licence.pdf","sha256":"'
            + "cd" * 32
            + '","size":1234}],"author":"cn","claimed_at":"2026-03-01T08:30:00Z","content":'
            '{"notes":"Café","quantity":"25.000 kg","substance":"4-AP"},"nonce":"'
            + "0" * 31
            + '1","references":[{"leaf_hash":"'
            + LEAF
            + '","log_index":3}],"schema_version":1,"sequence":7,"type":"pre_export_notification"}'
        ).encode()
    )


def test_round_trip() -> None:
    record = _notification()
    assert decode_record(encode_record(record)) == record


def test_record_types_are_those_of_the_exchange_doc() -> None:
    assert [t.value for t in RecordType] == [
        "pre_export_notification",
        "notification_reply",
        "shipment_outcome",
        "incident",
        "request_for_assistance",
        "assistance_response",
        "list_notice",
        "commitment",
        "commitment_evidence",
        "commitment_status",
    ]


def test_claimed_time_is_utc_with_z() -> None:
    beijing = timezone(timedelta(hours=8))
    record = new_record(
        RecordType.INCIDENT,
        "cn",
        1,
        {},
        claimed_at=datetime(2026, 3, 1, 16, 30, 0, 5, tzinfo=beijing),
    )
    assert record.claimed_at == "2026-03-01T08:30:00.000005Z"
    with pytest.raises(InvalidInput, match="timezone-aware"):
        new_record(RecordType.INCIDENT, "cn", 1, {}, claimed_at=datetime(2026, 3, 1))


def test_default_nonces_are_fresh_128_bit_hex() -> None:
    one = new_record(RecordType.INCIDENT, "us", 1, {}, claimed_at=WHEN)
    two = new_record(RecordType.INCIDENT, "us", 1, {}, claimed_at=WHEN)
    assert len(one.nonce) == 32 and one.nonce != two.nonce
    assert encode_record(one) != encode_record(two)


def test_floats_in_content_are_refused_with_their_path() -> None:
    with pytest.raises(InvalidInput, match="floats") as caught:
        new_record(RecordType.INCIDENT, "us", 1, {"seized": [{"kg": 2.5}]}, claimed_at=WHEN)
    assert caught.value.where == "$.content.seized[0].kg"


def _mangled(**changes: object) -> bytes:
    body = json.loads(encode_record(_notification()))
    body.update(changes)
    for key, value in list(body.items()):
        if value is None:
            del body[key]
    return to_canonical_bytes(body)


@pytest.mark.parametrize(
    ("data", "where", "reason"),
    [
        (_mangled(type="memo"), "$.type", "unknown record type 'memo'"),
        (_mangled(extra=1), "$", r"unknown \['extra'\]"),
        (_mangled(nonce=None), "$", r"missing \['nonce'\]"),
        (_mangled(nonce="00"), "$.nonce", "128 bits"),
        (_mangled(sequence=0), "$.sequence", "must be positive"),
        (_mangled(sequence=True), "$.sequence", "must be int"),
        (_mangled(author="Not A Party"), "$.author", "party id"),
        (_mangled(claimed_at="2026-03-01 08:30:00"), "$.claimed_at", "RFC 3339"),
        (_mangled(claimed_at="2026-02-30T08:30:00Z"), "$.claimed_at", "not a real date"),
        (_mangled(content=[]), "$.content", "must be dict"),
        (_mangled(references=[{"log_index": 1}]), "$.references[0]", "log_index, leaf_hash"),
        (
            _mangled(references=[{"log_index": 1, "leaf_hash": "AB"}]),
            "$.references",
            "64 lowercase",
        ),
        (_mangled(attachments=[{"sha256": "x"}]), "$.attachments[0]", "sha256, media_type"),
        (_mangled(schema_version=2), None, "schema version 2"),
    ],
)
def test_decoding_is_strict(data: bytes, where: str | None, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as caught:
        decode_record(data)
    assert caught.value.where == where


def test_non_canonical_bytes_are_refused() -> None:
    pretty = json.dumps(json.loads(encode_record(_notification())), indent=2).encode()
    with pytest.raises(InvalidInput, match="not in canonical"):
        decode_record(pretty)


@given(
    st.dictionaries(st.text(max_size=10), st.text(max_size=30) | st.integers(0, 10**9), max_size=6)
)
def test_any_json_content_round_trips(content: dict[str, object]) -> None:
    record = new_record(RecordType.LIST_NOTICE, "us", 3, content, claimed_at=WHEN)
    assert decode_record(encode_record(record)) == record


def test_a_record_built_directly_is_normalised_and_checked() -> None:
    base = _notification()
    record = Record(
        type=base.type,
        author=base.author,
        sequence=base.sequence,
        claimed_at=base.claimed_at,
        nonce=base.nonce,
        content={"name": "Cafe\u0301"},
    )
    assert record.content == {"name": "Café"}
    assert hash(record) == hash(decode_record(encode_record(record)))
    with pytest.raises(InvalidInput, match="floats") as caught:
        Record(base.type, "cn", 1, base.claimed_at, base.nonce, {"kg": 1.5})
    assert caught.value.where == "$.content.kg"
