"""Parsers never crash: any input is either parsed or refused with InvalidInput."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpart.domain.errors import InvalidInput
from counterpart.ledger.checkpoint import Checkpoint, parse_checkpoint
from counterpart.ledger.note import Note, NoteSigner, VerifierKey, parse_note, parse_vkey
from counterpart.ledger.policy import Policy, parse_policy
from counterpart.ledger.proof import TlogProof, parse_proof

SIGNER = NoteSigner.from_seed("example.org/log", b"L" * 32)
LINE = st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=30)
TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
ROUND_TRIPS: list[tuple[Callable[[str], Any], Callable[[Any], str]]] = [
    (parse_note, Note.to_text),
    (parse_checkpoint, Checkpoint.to_text),
    (parse_proof, TlogProof.to_text),
    (parse_policy, Policy.to_text),
    (parse_vkey, VerifierKey.to_vkey),
]


@settings(max_examples=300)
@given(TEXT)
def test_any_text_is_parsed_or_refused(text: str) -> None:
    # Whatever parses must print back to an equivalent value; anything else is InvalidInput.
    for parse, show in ROUND_TRIPS:
        try:
            parsed = parse(text)
        except InvalidInput:
            continue
        assert parse(show(parsed)) == parsed


@given(st.binary(max_size=200))
def test_any_bytes_are_parsed_or_refused(data: bytes) -> None:
    for parse in (parse_note, parse_proof):
        try:
            parsed = parse(data)
        except InvalidInput:
            continue
        assert parsed.to_text().encode() == data.replace(b"\r\n", b"\n")


@given(st.lists(LINE.filter(lambda line: line.strip() != ""), min_size=1, max_size=5))
def test_signed_notes_round_trip(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    if any(ch < " " for ch in text.replace("\n", "")):
        with pytest.raises(InvalidInput):
            parse_note(Note(text, (SIGNER.sign(text),)).to_text())
        return
    note = Note(text, (SIGNER.sign(text),))
    assert parse_note(note.to_text()) == note


@given(
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20),
    st.integers(0, 2**63 - 1),
    st.binary(min_size=32, max_size=32),
)
def test_checkpoints_round_trip(origin: str, size: int, root: bytes) -> None:
    checkpoint = Checkpoint(origin, size, root)
    assert parse_checkpoint(checkpoint.to_text()) == checkpoint
