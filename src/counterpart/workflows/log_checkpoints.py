"""Checkpoints as the node's workflows use them: sign, open (log signature checked), cosign.

Thin over `ledger.checkpoint` and `ledger.cosignature`; what it adds is the node's answer
when a signature is wrong: PermissionDenied (403), as the tlog-witness contract wants.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput, PermissionDenied, TamperDetected
from counterpart.ledger import checkpoint as ledger_checkpoint
from counterpart.ledger import cosignature as ledger_cosignature
from counterpart.ledger.checkpoint import Checkpoint
from counterpart.ledger.note import Note, NoteSignature, NoteSigner, VerifierKey, parse_note


@dataclass(frozen=True)
class OpenedCheckpoint:
    """A checkpoint whose log signature verified, with its whole signed note."""

    origin: str
    size: int
    root: bytes
    note: Note

    @property
    def text(self) -> str:
        return self.note.to_text()


def sign_checkpoint_note(signer: NoteSigner, size: int, root: bytes) -> str:
    """The signed note of this log's checkpoint (`signer.name` is the origin)."""
    return ledger_checkpoint.sign_checkpoint(Checkpoint(signer.name, size, root), signer).to_text()


def origin_of(text: str) -> str:
    """The origin line of a signed checkpoint, read before any verification."""
    return text.split("\n", 1)[0]


def open_checkpoint(text: str, log_key: VerifierKey) -> OpenedCheckpoint:
    """Parse a signed checkpoint (InvalidInput if malformed) and require the log's signature."""
    try:
        signed = ledger_checkpoint.open_checkpoint(text, [log_key])
    except TamperDetected as exc:
        raise PermissionDenied(exc.to_message()) from exc
    body = signed.checkpoint
    return OpenedCheckpoint(body.origin, body.size, body.root_hash, signed.note)


def parse_signature_line(line: str) -> NoteSignature:
    """One `— name base64` signature line; InvalidInput when malformed."""
    return parse_note(f"x\n\n{line.rstrip()}\n").signatures[0]


def cosign_checkpoint(signer: NoteSigner, checkpoint: OpenedCheckpoint, timestamp: int) -> str:
    """A `cosignature/v1` line by `signer` over the checkpoint, dated `timestamp`."""
    return ledger_cosignature.cosign_checkpoint(checkpoint.note, signer, timestamp).to_line()


def check_cosignature(checkpoint: OpenedCheckpoint, line: str, cosigner: VerifierKey) -> int:
    """The timestamp of `cosigner`'s cosignature line over this checkpoint, else refuse (403)."""
    try:
        signature = parse_signature_line(line)
    except InvalidInput as exc:
        raise InvalidInput(f"the cosignature line is malformed: {exc}") from exc
    try:
        cosignature = ledger_cosignature.check_cosignature(checkpoint.note, signature, cosigner)
    except TamperDetected as exc:
        raise PermissionDenied(str(exc)) from exc
    return cosignature.timestamp
