"""Signed notes and vkeys: upstream known-answer vectors, round trips and strict parsing."""

from __future__ import annotations

import pytest

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.ledger.note import (
    SIG_COSIGNATURE_V1,
    Note,
    NoteSigner,
    parse_note,
    parse_skey,
    parse_vkey,
    verify_note,
)

# golang.org/x/mod/sumdb/note note_test.go (TestNewSigner, TestSign, TestOpen).
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
PETER_SIG = (
    "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngot"
    "pRZb6KE6RyyBwJnAM=\n"
)
ENOCH_SIG = (
    "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLo"
    "x33WWd1RvMc+QQ=\n"
)
# The c2sp.org/signed-note test vector (as used by the tlog_scales tests).
FOO_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
FOO_NOTE = (
    "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ON"
    "ncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)


def test_go_signer_known_answer() -> None:
    signer = parse_skey(PETER_SKEY)
    assert signer.verifier_key().to_vkey() == PETER_VKEY
    assert signer.to_skey() == PETER_SKEY
    assert Note(TEXT, (signer.sign(TEXT),)).to_text() == TEXT + "\n" + PETER_SIG


def test_go_open_verifies_known_keys_and_ignores_others() -> None:
    note = parse_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG)
    assert note.text == TEXT
    verified = verify_note(note, [parse_vkey(PETER_VKEY)])
    assert [key.name for key, _ in verified] == ["PeterNeumann"]
    both = verify_note(note, [parse_vkey(PETER_VKEY), parse_vkey(ENOCH_VKEY)])
    assert [key.name for key, _ in both] == ["PeterNeumann", "EnochRoot"]
    assert verify_note(note, []) == []


def test_c2sp_signed_note_vector() -> None:
    key = parse_vkey(FOO_VKEY)
    assert (
        key.public_key.hex() == "e932791ae6e7a840a46164c904786426d5e7821dd8b29a00d61cae72afdd4da4"
    )
    assert key.key_id == 0x530D903A
    assert len(verify_note(parse_note(FOO_NOTE), [key])) == 1


def test_a_corrupted_signature_from_a_known_key_rejects_the_note() -> None:
    bad = PETER_SIG[:60] + "ABCD" + PETER_SIG[64:]
    with pytest.raises(TamperDetected, match=r"invalid signature by PeterNeumann\+c74f20a3"):
        verify_note(parse_note(TEXT + "\n" + bad), [parse_vkey(PETER_VKEY)])


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        (TEXT, "no blank line"),
        (TEXT + "\n", "no signature lines"),
        (TEXT + "\n" + PETER_SIG[:-1], "no blank line"),
        ("\x01" + TEXT + "\n" + PETER_SIG, "control character 0x01 at 0"),
        (TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIA=\n", "signature line 1"),
        (TEXT + "\n" + PETER_SIG + "Unexpected line.\n", "signature line 2"),
        (TEXT + "\n" + PETER_SIG * 101, "101 signatures"),
        (TEXT + "\n" + "— PeterNeumann AAAA\n", "3 bytes"),
    ],
)
def test_malformed_notes_are_rejected_with_the_reason(message: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        parse_note(message)


def test_non_utf8_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="not UTF-8"):
        parse_note(b"\xff" + (TEXT + "\n" + PETER_SIG).encode())


def test_every_mangled_vkey_is_rejected() -> None:
    # As TestNewVerifier: every proper substring and every single-byte change fails.
    raw = PETER_VKEY.encode()
    for start in range(len(raw)):
        for end in range(start + 1, len(raw) + 1):
            if (start, end) != (0, len(raw)):
                with pytest.raises(InvalidInput):
                    parse_vkey(raw[start:end].decode())
    for position in range(len(raw)):
        changed = bytearray(raw)
        changed[position] += 1
        with pytest.raises(InvalidInput):
            parse_vkey(changed.decode())


def test_signer_round_trip_and_cosigner_key_id_differs() -> None:
    signer = NoteSigner.generate("example.org/log")
    key = parse_vkey(signer.verifier_key().to_vkey())
    text = "example.org/log\n1\nAAAA\n"
    note = Note(text, (signer.sign(text),))
    assert verify_note(parse_note(note.to_text()), [key])
    cosigner = key.as_type(SIG_COSIGNATURE_V1)
    assert cosigner.key_id != key.key_id
    assert verify_note(note, [cosigner]) == []
    assert parse_skey(signer.to_skey()).public_key == signer.public_key
