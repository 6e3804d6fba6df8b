"""Canonical JSON: the RFC 8785 reference files byte for byte, and Counterpart's extra rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterpart.domain.canonical import (
    MAX_SAFE_INTEGER,
    from_canonical_bytes,
    jcs,
    parse_json,
    to_canonical_bytes,
)
from counterpart.domain.errors import InvalidInput, PayloadTooLarge

JCS = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "jcs"
JCS_NAMES = sorted(path.stem for path in (JCS / "input").glob("*.json"))


def test_reference_files_are_present() -> None:
    assert JCS_NAMES == ["arrays", "french", "structures", "unicode", "values", "weird"]


@pytest.mark.parametrize("name", JCS_NAMES)
def test_jcs_reference_output_byte_for_byte(name: str) -> None:
    produced = jcs(parse_json((JCS / "input" / f"{name}.json").read_bytes()))
    assert produced == (JCS / "output" / f"{name}.json").read_bytes()
    hex_text = (JCS / "outhex" / f"{name}.txt").read_text()
    assert produced == bytes.fromhex("".join(hex_text.split()))


def test_strings_are_normalised_to_nfc() -> None:
    assert to_canonical_bytes({"name": "Cafe\u0301"}) == '{"name":"Café"}'.encode()
    assert to_canonical_bytes({"e\u0301": 1}) == '{"é":1}'.encode()


@pytest.mark.parametrize(
    ("value", "where", "reason"),
    [
        ({"q": 1.5}, "$.q", "floats are not allowed"),
        ({"a": [0, MAX_SAFE_INTEGER + 1]}, r"\$.a\[1\]", "outside"),
        ({"a": [-MAX_SAFE_INTEGER - 1]}, r"\$.a\[0\]", "outside"),
        ({"a": {"b": b"raw"}}, "$.a.b", "bytes is not a JSON value"),
        ({"a": {1: "x"}}, "$.a", "key 1 is not a string"),
        ({"\u00e9": 1, "e\u0301": 2}, "$", "duplicate key 'é' after NFC"),
    ],
)
def test_values_a_leaf_may_not_hold_say_where(value: object, where: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason) as caught:
        to_canonical_bytes(value)
    assert caught.value.where is not None
    assert caught.value.where.replace("\\", "") == where.replace("\\", "")


def test_largest_integers_are_allowed() -> None:
    assert (
        to_canonical_bytes([MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER])
        == b"[9007199254740991,-9007199254740991]"
    )


def test_leaves_must_be_under_64_kib() -> None:
    assert len(to_canonical_bytes({"t": "x" * 65000})) < 65536
    with pytest.raises(PayloadTooLarge, match="under 64 KiB"):
        to_canonical_bytes({"t": "x" * 65536})


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"a":{"b":1,"b":2}}', r"\$\.a: duplicate key 'b'"),
        (b'{"a":NaN}', "NaN is not JSON"),
        (b'{"b":1,"a":2}', "not in canonical"),
        (b'{"a": 1}', "not in canonical"),
        ('{"a":"e\u0301"}'.encode(), r"\$\.a: string is not in Unicode NFC"),
        (b'{"a":1.0}', r"\$\.a: floats are not allowed"),
        (b'{"a":', "invalid JSON at line 1 column 6"),
        (b'\xff{"a":1}', "not UTF-8"),
    ],
)
def test_decoding_accepts_only_canonical_bytes(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        from_canonical_bytes(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_canonical_bytes_round_trip_and_are_stable(value: object) -> None:
    data = to_canonical_bytes(value)
    assert to_canonical_bytes(from_canonical_bytes(data)) == data


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(InvalidInput, match="nested deeper than 64 levels"):
        from_canonical_bytes(b"[" * 5000 + b"]" * 5000)
    with pytest.raises(InvalidInput, match="nested deeper than 64 levels"):
        from_canonical_bytes(b"[" * 100 + b"]" * 100)
    deep: list[object] = []
    for _ in range(100):
        deep = [deep]
    with pytest.raises(InvalidInput, match="nested deeper than 64 levels"):
        to_canonical_bytes(deep)
