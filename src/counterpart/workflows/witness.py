"""C2SP tlog-witness `add-checkpoint`: cosign a peer log's checkpoint that extends the last one.

The request is `old N`, the consistency proof lines, a blank line, then the signed checkpoint.
The answers: 404 unknown origin, 403 not signed by the log's key, 400 malformed or old size
above the checkpoint's, 409 old size not the one this witness last cosigned (the body carries
the size it did), 422 consistency proof that does not verify. The witness state moves only with
a compare-and-set on the old size, so two concurrent requests never both succeed.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from counterpart.domain.errors import Conflict, InvalidInput, NotFound, TamperDetected
from counterpart.domain.messages import Message
from counterpart.ledger.note import NoteSigner, VerifierKey, parse_vkey
from counterpart.ledger.tree import EMPTY_ROOT
from counterpart.ledger.verify import verify_consistency
from counterpart.workflows.log_checkpoints import (
    OpenedCheckpoint,
    cosign_checkpoint,
    open_checkpoint,
    origin_of,
)
from counterpart.workflows.log_ports import EntryLog, NodeBook, StoredCosignature

MAX_PROOF_LINES = 63


class BadWitnessRequest(InvalidInput):
    """The add-checkpoint request is malformed, or its old size is above the checkpoint's."""

    status = 400
    code = "bad_request"


class ProofRejected(InvalidInput):
    """The consistency proof does not verify: the checkpoint does not extend the old one."""

    status = 422
    code = "proof_rejected"


class StaleOldSize(Conflict):
    """The old size is not what this witness last cosigned; `size` is what it did cosign."""

    code = "stale_old_size"

    def __init__(self, message: str, size: int) -> None:
        super().__init__(message)
        self.size = size


@dataclass(frozen=True)
class AddCheckpoint:
    """A parsed add-checkpoint request."""

    old_size: int
    proof: list[bytes]
    checkpoint: str


def parse_add_checkpoint(body: bytes) -> AddCheckpoint:
    """Parse the request body; BadWitnessRequest says what is malformed."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadWitnessRequest("the request is not UTF-8") from exc
    head, sep, checkpoint = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or not lines[0].startswith("old ") or not lines[0][4:].isdigit():
        raise BadWitnessRequest("the request must start with 'old N', proof lines, a blank line")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise BadWitnessRequest(f"the proof has more than {MAX_PROOF_LINES} lines")
    try:
        proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
    except binascii.Error as exc:
        raise BadWitnessRequest("a proof line is not base64") from exc
    return AddCheckpoint(int(lines[0][4:]), proof, checkpoint)


def log_key_for(book: NodeBook, origin: str) -> tuple[str, VerifierKey]:
    """(peer name, log key) of the peer whose log has `origin`; NotFound otherwise."""
    for peer in book.peers():
        key = parse_vkey(peer.vkey)
        if key.name == origin:
            return peer.name, key
    raise NotFound(f"this witness does not know the log {origin!r}")


def mirror_log_name(peer_name: str) -> str:
    """The name under which a peer's log is mirrored."""
    return f"peer:{peer_name}"


def add_checkpoint(
    request: AddCheckpoint, book: NodeBook, mirror: EntryLog, signer: NoteSigner, now: int
) -> str:
    """Cosign the checkpoint if it extends what was last cosigned; the cosignature line."""
    _, key = log_key_for(book, origin_of(request.checkpoint))
    try:
        checkpoint = open_checkpoint(request.checkpoint, key)
    except InvalidInput as exc:
        raise BadWitnessRequest(f"the checkpoint is malformed: {exc.message}") from exc
    if request.old_size > checkpoint.size:
        raise BadWitnessRequest(f"old size {request.old_size} is above {checkpoint.size}")
    size, root = book.witness_state(checkpoint.origin) or (0, EMPTY_ROOT)
    if request.old_size != size:
        raise StaleOldSize(f"this witness last cosigned size {size}", size)
    try:
        verify_consistency(size, checkpoint.size, request.proof, root, checkpoint.root)
    except TamperDetected as exc:
        if size == checkpoint.size:
            keep_evidence(book, mirror, checkpoint, "forked_checkpoint", exc.to_message())
            raise TamperDetected(f"two different checkpoints of size {size}: {exc}") from exc
        keep_evidence(book, mirror, checkpoint, "consistency_proof_rejected", exc.to_message())
        raise ProofRejected(f"the consistency proof does not verify: {exc}") from exc
    return cosign_and_advance(book, mirror, signer, checkpoint, old_size=size, now=now)


def cosign_and_advance(
    book: NodeBook,
    mirror: EntryLog,
    signer: NoteSigner,
    checkpoint: OpenedCheckpoint,
    *,
    old_size: int,
    now: int,
) -> str:
    """Move the witness state to the checkpoint (compare-and-set), keep it, and cosign it."""
    try:
        book.advance_witness_state(checkpoint.origin, old_size, checkpoint.size, checkpoint.root)
    except Conflict as exc:
        current = book.witness_state(checkpoint.origin)
        raise StaleOldSize(str(exc), current[0] if current else 0) from exc
    mirror.add_checkpoint(checkpoint.size, checkpoint.root, checkpoint.text, "ok")
    line = cosign_checkpoint(signer, checkpoint, now)
    mirror.add_cosignature(
        StoredCosignature(checkpoint.size, checkpoint.root, signer.name, line, now)
    )
    return line


def keep_evidence(
    book: NodeBook,
    mirror: EntryLog,
    checkpoint: OpenedCheckpoint,
    kind: str,
    message: Message | str,
) -> None:
    """Keep a checkpoint that must not be cosigned, and raise an alarm that shows it."""
    mirror.add_checkpoint(checkpoint.size, checkpoint.root, checkpoint.text, "inconsistent")
    book.raise_alarm(mirror.log, kind, message, checkpoint.text)
