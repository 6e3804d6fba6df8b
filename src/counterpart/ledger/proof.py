"""C2SP tlog-proof offline proofs: make, format, parse strictly and verify against a policy.

c2sp.org/tlog-proof@v1
extra <base64>            (optional, unauthenticated)
index <N>
<base64 hash>             (zero or more: the inclusion proof, leaf's sibling first)

<the signed checkpoint note, verbatim>
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput
from counterpart.ledger.checkpoint import parse_checkpoint
from counterpart.ledger.note import Note, parse_note
from counterpart.ledger.policy import Policy, VerifiedCheckpoint, verify_checkpoint
from counterpart.ledger.tree import HASH_SIZE, HashStore, hash_leaf, prove_inclusion
from counterpart.ledger.verify import verify_inclusion

HEADER = "c2sp.org/tlog-proof@v1"
_INDEX = re.compile(r"index (0|[1-9][0-9]*)")


@dataclass(frozen=True, slots=True)
class TlogProof:
    index: int
    inclusion: tuple[bytes, ...]
    checkpoint: Note
    extra: bytes | None = None

    def to_text(self) -> str:
        lines = [HEADER]
        if self.extra is not None:
            lines.append(f"extra {base64.b64encode(self.extra).decode()}")
        lines.append(f"index {self.index}")
        lines += [base64.b64encode(node).decode() for node in self.inclusion]
        return "\n".join(lines) + "\n\n" + self.checkpoint.to_text()


def make_proof(
    store: HashStore, index: int, checkpoint: Note, extra: bytes | None = None
) -> TlogProof:
    """The tlog-proof of entry `index` against the signed `checkpoint` (its size and root)."""
    size = parse_checkpoint(checkpoint.text).size
    return TlogProof(index, tuple(prove_inclusion(store, index, size)), checkpoint, extra)


def parse_proof(text: str | bytes) -> TlogProof:
    """Parse a tlog-proof strictly; InvalidInput names the line that is wrong."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"proof is not UTF-8 (byte {exc.start})") from exc
    # A proof that went through a CRLF tool is read as Go's parser reads it; the signed note
    # cannot contain a CR, so this cannot make a forged note verify.
    text = text.replace("\r\n", "\n")
    head, blank, rest = text.partition("\n\n")
    if not blank:
        raise InvalidInput("proof has no blank line before its checkpoint")
    lines = head.split("\n")
    if lines[0] != HEADER:
        raise InvalidInput(f"proof line 1 is {lines[0][:40]!r}, not {HEADER!r}")
    extra = None
    position = 1
    if len(lines) > 1 and lines[1].startswith("extra "):
        extra = _decode(lines[1][len("extra ") :], "proof line 2 (extra)")
        position = 2
    if len(lines) <= position or not (match := _INDEX.fullmatch(lines[position])):
        raise InvalidInput(f"proof line {position + 1} is not 'index <N>'")
    nodes = []
    for number, line in enumerate(lines[position + 1 :], position + 2):
        node = _decode(line, f"proof line {number}")
        if len(node) != HASH_SIZE:
            raise InvalidInput(f"proof line {number}: hash of {len(node)} bytes, not 32")
        nodes.append(node)
    return TlogProof(int(match.group(1)), tuple(nodes), parse_note(rest), extra)


def _decode(value: str, where: str) -> bytes:
    """Strict base64: tlog-proof decoders must reject non-canonical encodings (RFC 4648 §3.5)."""
    try:
        decoded = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise InvalidInput(f"{where}: not base64") from exc
    if base64.b64encode(decoded).decode() != value:
        raise InvalidInput(f"{where}: base64 is not canonical (padding bits set)")
    return decoded


def verify_proof(proof: TlogProof, leaf: bytes, policy: Policy) -> VerifiedCheckpoint:
    """Check the checkpoint against `policy`, then the inclusion of `leaf`'s bytes in it."""
    verified = verify_checkpoint(proof.checkpoint, policy)
    checkpoint = verified.signed.checkpoint
    verify_inclusion(
        hash_leaf(leaf), proof.index, checkpoint.size, proof.inclusion, checkpoint.root_hash
    )
    return verified
