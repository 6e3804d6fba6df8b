"""Appending to this node's log, signing its checkpoints and collecting their cosignatures."""

from __future__ import annotations

import hmac
from collections.abc import Sequence

from counterpart.domain.errors import InvalidInput, NotFound, PermissionDenied, TamperDetected
from counterpart.ledger.note import NoteSigner, VerifierKey, parse_note
from counterpart.ledger.tree import Frontier, hash_leaf, root_hash
from counterpart.workflows.log_checkpoints import (
    check_cosignature,
    open_checkpoint,
    parse_signature_line,
    sign_checkpoint_note,
)
from counterpart.workflows.log_ports import EntryLog, StoredCheckpoint, StoredCosignature

MAX_ENTRY_BYTES = 64 * 1024
RECHECK_BATCH = 5000
CLOCK_SKEW_SECONDS = 300


def append_entries(log: EntryLog, entries: Sequence[bytes]) -> list[int]:
    """Store entries durably in one transaction; their indices once committed."""
    for position, entry in enumerate(entries):
        check_entry(entry, f"entry {position}")
    first = log.append(entries)
    return list(range(first, first + len(entries)))


def check_entry(entry: bytes, where: str) -> bytes:
    """`entry`, once known to be neither empty nor over MAX_ENTRY_BYTES."""
    if not entry:
        raise InvalidInput("an entry is empty", where=where)
    if len(entry) > MAX_ENTRY_BYTES:
        raise InvalidInput(f"an entry is {len(entry)} bytes, over {MAX_ENTRY_BYTES}", where=where)
    return entry


def recheck_log(log: EntryLog, size: int, signed: StoredCheckpoint | None) -> bytes:
    """The root of the first `size` entries, recomputed from their stored bytes.

    Every recomputed leaf hash must equal the stored one, the root must equal the one the
    stored subtree hashes give (proofs are served from those), and the tree must extend the
    last signed checkpoint. Anything else is TamperDetected, saying where.
    """
    if signed is not None and signed.size > size:
        raise TamperDetected(
            f"the log has {size} entries but checkpoint {signed.size} was signed", where=log.log
        )
    frontier = Frontier()
    for start in range(0, size, RECHECK_BATCH):
        end = min(size, start + RECHECK_BATCH)
        stored = log.stored_leaf_hashes(start, end)
        for index, (data, kept) in enumerate(zip(log.entries(start, end), stored, strict=True)):
            leaf = hash_leaf(data)
            if not hmac.compare_digest(leaf, kept):
                raise TamperDetected(
                    "the entry bytes do not match the stored leaf hash",
                    where=f"entry {start + index}",
                )
            frontier.append(leaf)
            if signed is not None and frontier.size == signed.size:
                _require_same(frontier.root(), signed.root, f"checkpoint {signed.size}", log.log)
    root = frontier.root()
    _require_same(root, root_hash(log, size), "the stored subtree hashes", log.log)
    return root


def _require_same(computed: bytes, expected: bytes, what: str, where: str) -> None:
    if not hmac.compare_digest(computed, expected):
        raise TamperDetected(
            f"the root recomputed from the entries differs from {what}", where=where
        )


def sign_checkpoint(log: EntryLog, signer: NoteSigner) -> StoredCheckpoint:
    """Sign a checkpoint of the whole log after recomputing its root from the stored bytes."""
    signed = log.latest_checkpoint()
    size = log.size()
    if signed is not None and signed.size == size:
        return signed
    root = recheck_log(log, size, signed)
    log.add_checkpoint(size, root, sign_checkpoint_note(signer, size, root), "ok")
    latest = log.latest_checkpoint()
    assert latest is not None
    return latest


def require_checkpoint(log: EntryLog, size: int | None = None) -> StoredCheckpoint:
    """The signed checkpoint of `size` (default: the latest); NotFound if never signed."""
    kept = log.checkpoints("ok")
    chosen = [c for c in kept if size is None or c.size == size]
    if not chosen:
        raise NotFound(f"no signed checkpoint of size {size}" if size else "no signed checkpoint")
    return max(chosen, key=lambda c: c.size)


def latest_cosigned_checkpoint(log: EntryLog, cosigner: str | None = None) -> StoredCheckpoint:
    """The largest signed checkpoint that carries a cosignature (else the largest signed).

    With `cosigner` (the counterpart's key name), only its cosignatures count: a neutral
    witness may cosign a checkpoint before the counterpart has, and a proof against that one
    would not meet a policy that requires the counterpart.
    """
    signed = log.checkpoints("ok")
    if not signed:
        raise NotFound("no signed checkpoint yet", where=log.log)
    origin = signed[0].note.split("\n", 1)[0]
    cosigned = {
        (c.size, c.root)
        for c in log.cosignatures()
        if c.signer != origin and cosigner in (None, c.signer)
    }
    chosen = [c for c in signed if (c.size, c.root) in cosigned] or signed
    return max(chosen, key=lambda c: c.size)


def cosigned_note(log: EntryLog, checkpoint: StoredCheckpoint) -> str:
    """The checkpoint's signed note with every cosignature received for it (latest per key)."""
    note = parse_note(checkpoint.note)
    for kept in log.cosignatures(checkpoint.size):
        if kept.root == checkpoint.root:
            note = note.with_signature(parse_signature_line(kept.line))
    return note.to_text()


def receive_cosignature(
    log: EntryLog, own_key: VerifierKey, cosigner: VerifierKey, *, size: int, line: str, now: int
) -> StoredCosignature:
    """Check a peer's cosignature line against the checkpoint this node signed, and keep it.

    Refused (PermissionDenied) when it is by another key, over another checkpoint body (a
    replay onto a newer checkpoint), or older than a cosignature the same key already gave.
    """
    checkpoint = require_checkpoint(log, size)
    opened = open_checkpoint(checkpoint.note, own_key)
    timestamp = check_cosignature(opened, line, cosigner)
    if timestamp > now + CLOCK_SKEW_SECONDS:
        raise InvalidInput(
            f"the cosignature is dated {timestamp}, in the future", where="cosignature"
        )
    earlier = [
        c.timestamp for c in log.cosignatures() if c.signer == cosigner.name and c.size < size
    ]
    if earlier and timestamp < max(earlier):
        raise PermissionDenied(
            f"the cosignature of checkpoint {size} is dated before one {cosigner.name} already gave"
        )
    kept = StoredCosignature(
        size, checkpoint.root, cosigner.name, line.rstrip("\n") + "\n", timestamp
    )
    log.add_cosignature(kept)
    return kept
