"""C2SP tlog-cosignature `cosignature/v1` (type 0x04): timestamped Ed25519 cosigning.

The cosigned message is `cosignature/v1\\ntime <T>\\n` followed by the whole checkpoint text,
and the signature is the 8-byte big-endian timestamp followed by the Ed25519 signature. The
time is passed in (POSIX seconds): nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.ledger.checkpoint import parse_checkpoint
from counterpart.ledger.note import (
    SIG_COSIGNATURE_V1,
    Note,
    NoteSignature,
    NoteSigner,
    VerifierKey,
    cosigned_message,
)

MAX_TIMESTAMP = (1 << 63) - 1


@dataclass(frozen=True, slots=True)
class Cosignature:
    """A verified cosignature: who made it and when they say they saw the checkpoint."""

    cosigner: str
    timestamp: int
    signature: NoteSignature


def cosigner_key(key: VerifierKey) -> VerifierKey:
    """The cosignature/v1 form of a key (a type 0x01 vkey is accepted, as Go's verifier does)."""
    return key.as_type(SIG_COSIGNATURE_V1)


def cosign_checkpoint(note: Note, signer: NoteSigner, timestamp: int) -> NoteSignature:
    """A cosignature/v1 signature line over the checkpoint in `note`, dated `timestamp`."""
    parse_checkpoint(note.text)  # cosign only well-formed checkpoints
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise InvalidInput(f"cosignature timestamp {timestamp} is outside 0..2^63-1")
    signature = signer.sign_raw(cosigned_message(timestamp, note.text))
    key_id = signer.verifier_key(SIG_COSIGNATURE_V1).key_id
    return NoteSignature(signer.name, key_id, timestamp.to_bytes(8, "big") + signature)


def check_cosignature(
    note: Note, signature: NoteSignature, key: VerifierKey, *, now: int | None = None
) -> Cosignature:
    """Verify one cosignature over the checkpoint in `note` made by `key`, with the reason if not.

    A cosignature made for another checkpoint (another origin, size or root) does not verify over
    this one's text; an older timestamp over the same checkpoint text is valid (the cosigner saw
    it earlier). With `now`, a timestamp in the future is refused.
    """
    key = cosigner_key(key)
    checkpoint = parse_checkpoint(note.text)
    expected = f"{key.name}+{key.key_id:08x}"
    if not key.matches(signature):
        raise TamperDetected(
            f"{checkpoint.describe()}: cosignature by {signature.name}+{signature.key_id:08x} "
            f"is not from the expected cosigner {expected}"
        )
    if signature.timestamp is None:
        raise TamperDetected(f"{checkpoint.describe()}: cosignature by {expected} is malformed")
    if not key.verify(note.text, signature):
        raise TamperDetected(
            f"{checkpoint.describe()}: cosignature by {expected} does not verify over this "
            "checkpoint (made for another origin, size or root, or forged)"
        )
    if now is not None and signature.timestamp > now:
        raise TamperDetected(
            f"{checkpoint.describe()}: cosignature by {expected} is dated in the future "
            f"({signature.timestamp} > {now})"
        )
    return Cosignature(key.name, signature.timestamp, signature)


def find_cosignatures(note: Note, keys: list[VerifierKey]) -> list[Cosignature]:
    """The valid cosignatures in `note` by any of `keys`; a bad one from a known key raises."""
    found = []
    for key in map(cosigner_key, keys):
        for signature in note.signatures:
            if key.matches(signature):
                found.append(check_cosignature(note, signature, key))
    return found
