"""The one canonical byte encoding both parties compute: RFC 8785 (JCS) plus Counterpart's rules.

JCS fixes key order, whitespace, string escaping and number form. On top of it a log leaf must:
have every string (keys included) in Unicode NFC, no duplicate keys, integers within
±(2^53 - 1), no floats (quantities are decimal strings with units), and fit under 64 KiB.
Every error names the JSON path of the offending value (`$.content.substances[2].quantity`).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import rfc8785

from counterpart.domain.errors import InvalidInput, PayloadTooLarge
from counterpart.domain.messages import N_, message

MAX_SAFE_INTEGER = 2**53 - 1
MAX_LEAF_BYTES = 64 * 1024
MAX_DEPTH = 64  # nesting levels; records need a handful, and Python's recursion is finite


def jcs(value: Any) -> bytes:
    """The RFC 8785 canonical JSON of `value` (any JSON value; floats as ECMAScript numbers)."""
    try:
        return rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as exc:
        raise InvalidInput(f"cannot canonicalize: {exc}") from exc


class _Pairs(list[tuple[str, Any]]):
    """An object's members as parsed, before duplicates are checked with their path."""


def _build(value: Any, path: str, depth: int = 0) -> Any:
    if depth > MAX_DEPTH:
        raise InvalidInput(f"JSON nested deeper than {MAX_DEPTH} levels", where=path)
    if isinstance(value, _Pairs):
        result: dict[str, Any] = {}
        for key, item in value:
            if key in result:
                raise InvalidInput(f"duplicate key {key!r}", where=path)
            result[key] = _build(item, f"{path}.{key}", depth + 1)
        return result
    if isinstance(value, list):
        return [_build(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
    return value


def _reject_constant(name: str) -> Any:
    raise InvalidInput(f"{name} is not JSON")


def _parse_int(text: str) -> int:
    # Before int(): Python refuses to convert over 4,300 digits with a bare ValueError.
    if len(text.lstrip("-")) > len(str(MAX_SAFE_INTEGER)):
        raise InvalidInput(f"integer {text[:20]}... ({len(text)} digits) is outside ±(2^53-1)")
    return int(text)


def parse_json(data: bytes | str) -> Any:
    """Parse JSON strictly: UTF-8, no duplicate keys, no NaN or Infinity."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"JSON is not UTF-8 (byte {exc.start})") from exc
    try:
        parsed = json.loads(
            data, object_pairs_hook=_Pairs, parse_constant=_reject_constant, parse_int=_parse_int
        )
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError as exc:
        raise InvalidInput(f"JSON nested deeper than {MAX_DEPTH} levels") from exc
    return _build(parsed, "$")


def normalize(value: Any, path: str = "$", depth: int = 0) -> Any:
    """`value` with every string in NFC, after checking it holds only what a leaf may hold."""
    if depth > MAX_DEPTH:
        raise InvalidInput(f"nested deeper than {MAX_DEPTH} levels", where=path)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise InvalidInput(f"integer {value} is outside ±(2^53-1)", where=path)
        return value
    if isinstance(value, float):
        raise InvalidInput("floats are not allowed; write a decimal string with a unit", where=path)
    if isinstance(value, Mapping):
        return _normalize_object(value, path, depth)
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [normalize(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
    raise InvalidInput(f"{type(value).__name__} is not a JSON value", where=path)


def _normalize_object(value: Mapping[Any, Any], path: str, depth: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in value.items():
        if not isinstance(key, str):
            raise InvalidInput(f"object key {key!r} is not a string", where=path)
        nfc = unicodedata.normalize("NFC", key)
        if nfc in result:
            raise InvalidInput(f"duplicate key {nfc!r} after NFC normalisation", where=path)
        result[nfc] = normalize(item, f"{path}.{nfc}", depth + 1)
    return result


def to_canonical_bytes(value: Any) -> bytes:
    """The leaf bytes of `value`: normalised, RFC 8785 encoded, and under 64 KiB."""
    data = jcs(normalize(value))
    if len(data) >= MAX_LEAF_BYTES:
        said = message(
            N_("canonical JSON is %(size)s bytes; a leaf must be under 64 KiB"), size=len(data)
        )
        raise PayloadTooLarge(said)
    return data


def from_canonical_bytes(data: bytes) -> Any:
    """Parse leaf bytes, refusing anything that is not exactly its own canonical form."""
    if len(data) >= MAX_LEAF_BYTES:
        raise PayloadTooLarge(f"leaf is {len(data)} bytes; a leaf must be under 64 KiB")
    value = parse_json(data)
    _require_nfc(value, "$")
    if to_canonical_bytes(value) != data:
        raise InvalidInput("bytes are valid JSON but not in canonical (RFC 8785) form")
    return value


def _require_nfc(value: Any, path: str) -> None:
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        raise InvalidInput("string is not in Unicode NFC", where=path)
    if isinstance(value, dict):
        for key, item in value.items():
            if not unicodedata.is_normalized("NFC", key):
                raise InvalidInput(f"key {key!r} is not in Unicode NFC", where=path)
            _require_nfc(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _require_nfc(item, f"{path}[{index}]")
