"""Checkpoints and cosignatures: a real witnessed checkpoint, round trips, and rejections."""

from __future__ import annotations

import pytest

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.ledger.checkpoint import (
    Checkpoint,
    open_checkpoint,
    parse_checkpoint,
    sign_checkpoint,
)
from counterpart.ledger.cosignature import check_cosignature, cosign_checkpoint, find_cosignatures
from counterpart.ledger.note import NoteSigner, parse_note, parse_vkey
from counterpart.ledger.tree import EMPTY_ROOT, hash_leaf

# A checkpoint of the transparency.dev staging CT log with real witness cosignatures
# (cosignature/v1 from remora.n621.de), as kept in the tlog_scales test suite.
REAL_CHECKPOINT = """arche2025h1.staging.ct.transparency.dev
1432088532
U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=

— arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=
— arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=
— transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==
— witness1.smartit.nu/witness1 pIyCDwAAAABqEiEghIp82KWebrw7/oHQwlTAm3g2RKS4+eebl8eO0WH+/iEcxZ75W3u5hNI7TOQtmJbqmNWVuE0tgh0XwzdZsDsUAQ==
— remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==
— witness.stagemole.eu Z/euoAAAAABqEiEgw0i+7g2ENfDAWHmtRzCfKTHSDwYDJA2NmKeGi9Y8FtEyOUvVr+AJmIY/2TUFucgKi7lI7cUiOvKFYe/TmN9DAg==
"""  # noqa: E501
ARCHE_VKEY = (
    "arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f"
)
REMORA_VKEY = "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"

LOG = NoteSigner.from_seed("example.org/log", b"L" * 32)
PEER = NoteSigner.from_seed("example.com/peer", b"P" * 32)
STRANGER = NoteSigner.from_seed("example.com/peer", b"S" * 32)
T0 = 1_780_000_000


def _signed(size: int) -> tuple[Checkpoint, str]:
    checkpoint = Checkpoint("example.org/log", size, hash_leaf(str(size).encode()))
    return checkpoint, sign_checkpoint(checkpoint, LOG).to_text()


def test_real_witnessed_checkpoint_verifies() -> None:
    signed = open_checkpoint(REAL_CHECKPOINT, [parse_vkey(ARCHE_VKEY)])
    assert signed.checkpoint.size == 1432088532
    [cosignature] = find_cosignatures(signed.note, [parse_vkey(REMORA_VKEY)])
    assert cosignature.cosigner == "remora.n621.de"
    assert cosignature.timestamp == 1779573024


def test_real_checkpoint_with_a_changed_size_fails() -> None:
    forged = REAL_CHECKPOINT.replace("1432088532", "1432088533")
    with pytest.raises(TamperDetected, match="invalid signature"):
        open_checkpoint(forged, [parse_vkey(ARCHE_VKEY)])


def test_checkpoint_round_trip() -> None:
    checkpoint = Checkpoint("example.org/log", 12, EMPTY_ROOT, ("ext one",))
    assert parse_checkpoint(checkpoint.to_text()) == checkpoint
    note = sign_checkpoint(checkpoint, LOG)
    assert open_checkpoint(note.to_text(), [LOG.verifier_key()]).checkpoint == checkpoint


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("origin\n012\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "not a plain decimal"),
        ("origin\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "not a plain decimal"),
        ("origin\n1\nnot base64!\n", "not base64"),
        ("origin\n1\nAAAA\n", "3 bytes, not 32"),
        ("origin\n1\n", "needs origin, size and root"),
        ("origin\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "newline"),
        ("\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "origin"),
    ],
)
def test_malformed_checkpoints_are_rejected(text: str, reason: str) -> None:
    with pytest.raises(InvalidInput, match=reason):
        parse_checkpoint(text)


def test_checkpoint_from_an_unknown_log_is_rejected() -> None:
    _, note = _signed(3)
    with pytest.raises(TamperDetected, match="not signed by the log's key"):
        open_checkpoint(note, [STRANGER.verifier_key().__class__("example.org/log", 1, b"x" * 32)])
    with pytest.raises(TamperDetected, match="no trusted log has this origin"):
        open_checkpoint(note, [PEER.verifier_key()])


def test_cosignature_round_trip_keeps_the_timestamp() -> None:
    _, text = _signed(5)
    note = parse_note(text)
    line = cosign_checkpoint(note, PEER, T0)
    cosigned = parse_note(note.with_signature(line).to_text())
    [found] = find_cosignatures(cosigned, [PEER.verifier_key()])
    assert (found.cosigner, found.timestamp) == ("example.com/peer", T0)


def test_cosignature_over_another_checkpoint_is_rejected() -> None:
    _, five = _signed(5)
    _, six = _signed(6)
    line = cosign_checkpoint(parse_note(five), PEER, T0)
    with pytest.raises(TamperDetected, match="does not verify over this checkpoint"):
        check_cosignature(parse_note(six), line, PEER.verifier_key())


def test_cosignature_for_another_origin_is_rejected() -> None:
    other = NoteSigner.from_seed("example.org/other", b"L" * 32)
    checkpoint = Checkpoint("example.org/other", 5, hash_leaf(b"5"))
    line = cosign_checkpoint(sign_checkpoint(checkpoint, other), PEER, T0)
    _, five = _signed(5)
    with pytest.raises(TamperDetected, match="made for another origin"):
        check_cosignature(parse_note(five), line, PEER.verifier_key())


def test_cosignature_by_a_foreign_key_is_rejected() -> None:
    _, five = _signed(5)
    line = cosign_checkpoint(parse_note(five), STRANGER, T0)
    with pytest.raises(TamperDetected, match="is not from the expected cosigner"):
        check_cosignature(parse_note(five), line, PEER.verifier_key())


def test_an_older_cosignature_of_the_same_checkpoint_is_valid() -> None:
    _, five = _signed(5)
    note = parse_note(five)
    old = check_cosignature(note, cosign_checkpoint(note, PEER, T0 - 3600), PEER.verifier_key())
    assert old.timestamp == T0 - 3600


def test_a_cosignature_from_the_future_is_rejected_when_now_is_given() -> None:
    _, five = _signed(5)
    note = parse_note(five)
    line = cosign_checkpoint(note, PEER, T0 + 60)
    with pytest.raises(TamperDetected, match="dated in the future"):
        check_cosignature(note, line, PEER.verifier_key(), now=T0)


def test_a_changed_timestamp_breaks_the_cosignature() -> None:
    _, five = _signed(5)
    note = parse_note(five)
    line = cosign_checkpoint(note, PEER, T0)
    forged = line.__class__(
        line.name, line.key_id, (T0 + 1).to_bytes(8, "big") + line.signature[8:]
    )
    with pytest.raises(TamperDetected, match="does not verify"):
        check_cosignature(note, forged, PEER.verifier_key())
