"""Mirroring the counterpart's log: fetch, rebuild from the entry bytes, verify, store, cosign.

Each chunk of entries is checked before it is stored: the tree rebuilt from the bytes (never
from hashes the peer sends) must be consistent with the peer's signed checkpoint, so a mirror
stopped half-way resumes from the last stored entry. A checkpoint that does not extend what
was seen before is kept as evidence with an alarm, and never cosigned.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from counterpart.domain.errors import InvalidInput, PermissionDenied, TamperDetected
from counterpart.domain.messages import N_, message
from counterpart.ledger.note import SIG_COSIGNATURE_V1, NoteSigner, parse_vkey
from counterpart.ledger.tree import hash_leaf
from counterpart.ledger.verify import verify_consistency
from counterpart.workflows.log_checkpoints import OpenedCheckpoint, open_checkpoint
from counterpart.workflows.log_ports import EntryLog, NodeBook, PeerLog
from counterpart.workflows.witness import cosign_and_advance, keep_evidence

CHUNK = 500


@dataclass(frozen=True)
class MirrorResult:
    """What one mirroring round did."""

    peer: str
    size: int
    fetched: int
    cosigned: bool
    alarm: str | None = None


@dataclass(frozen=True)
class MirrorPorts:
    """What a mirroring round works with."""

    remote: PeerLog
    book: NodeBook
    mirror: EntryLog
    signer: NoteSigner
    clock: Callable[[], int]
    progress: Callable[[int, int], None] | None = None  # (mirrored, checkpoint size) per page


def mirror_once(peer_name: str, ports: MirrorPorts, chunk: int = CHUNK) -> MirrorResult:
    """One round: bring the mirror up to the peer's checkpoint and cosign it."""
    book, mirror = ports.book, ports.mirror
    key = parse_vkey(book.require_peer(peer_name).vkey)
    text = ports.remote.fetch_checkpoint()
    try:
        checkpoint = open_checkpoint(text, key)
    except (InvalidInput, PermissionDenied) as exc:
        book.raise_alarm(mirror.log, "unsigned_checkpoint", exc.to_message(), text)
        raise
    try:
        _check_my_cosignatures(checkpoint, ports.signer)
        _check_against_state(book, ports.remote, checkpoint)
        fetched = _catch_up(ports, checkpoint, chunk)
    except TamperDetected as exc:
        keep_evidence(book, mirror, checkpoint, "inconsistent_checkpoint", exc.to_message())
        return MirrorResult(peer_name, mirror.size(), 0, False, str(exc))
    line = _cosign(book, mirror, ports.signer, checkpoint, ports.clock())
    if line is None:
        return MirrorResult(peer_name, checkpoint.size, fetched, False)
    ports.remote.send_cosignature(checkpoint.size, line)
    return MirrorResult(peer_name, checkpoint.size, fetched, True)


def _check_my_cosignatures(checkpoint: OpenedCheckpoint, signer: NoteSigner) -> None:
    """A line under this node's name must be this node's valid cosignature of this body."""
    mine = signer.verifier_key(SIG_COSIGNATURE_V1)
    for signature in checkpoint.note.signatures:
        if signature.name == signer.name and not mine.verify(checkpoint.note.text, signature):
            text = N_(
                "checkpoint %(size)s carries a cosignature under %(name)s that this node did "
                "not make over it (replayed or foreign)"
            )
            raise TamperDetected(message(text, size=checkpoint.size, name=signer.name))


def _check_against_state(book: NodeBook, remote: PeerLog, checkpoint: OpenedCheckpoint) -> None:
    """The checkpoint must extend the last one this node cosigned (by a verified proof)."""
    state = book.witness_state(checkpoint.origin)
    if state is None:
        return
    size, root = state
    if checkpoint.size < size:
        text = N_("the log shrank: checkpoint %(size)s after cosigning size %(cosigned)s")
        raise TamperDetected(message(text, size=checkpoint.size, cosigned=size))
    proof = [] if checkpoint.size == size else remote.fetch_consistency(size, checkpoint.size)
    verify_consistency(size, checkpoint.size, proof, root, checkpoint.root)


def _catch_up(ports: MirrorPorts, checkpoint: OpenedCheckpoint, chunk: int) -> int:
    """Fetch, verify and store entries up to the checkpoint; how many were stored.

    `ports.progress` hears of each stored page, from the first one (not when nothing is new).
    """
    remote, mirror, progress = ports.remote, ports.mirror, ports.progress
    frontier = mirror.frontier()
    start = frontier.size
    if start > checkpoint.size:
        text = N_("the log shrank: checkpoint %(size)s, mirrored %(mirrored)s")
        raise TamperDetected(message(text, size=checkpoint.size, mirrored=start))
    while frontier.size < checkpoint.size:
        begin = frontier.size
        end = min(begin + chunk, checkpoint.size)
        entries = remote.fetch_entries(begin, end)
        if len(entries) != end - begin:
            text = N_("asked for entries [%(begin)s, %(end)s), got %(count)s")
            raise TamperDetected(message(text, begin=begin, end=end, count=len(entries)))
        for entry in entries:
            frontier.append(hash_leaf(entry))
        if end < checkpoint.size:
            proof = remote.fetch_consistency(end, checkpoint.size)
            verify_consistency(end, checkpoint.size, proof, frontier.root(), checkpoint.root)
        mirror.append(entries)
        if progress is not None:
            progress(end, checkpoint.size)
    if not hmac.compare_digest(frontier.root(), checkpoint.root):
        text = N_("the tree rebuilt from the entries has another root than checkpoint %(size)s")
        raise TamperDetected(message(text, size=checkpoint.size))
    return checkpoint.size - start


def _cosign(
    book: NodeBook, mirror: EntryLog, signer: NoteSigner, checkpoint: OpenedCheckpoint, now: int
) -> str | None:
    """This node's cosignature of the checkpoint: made once, then re-sent as it was."""
    state = book.witness_state(checkpoint.origin)
    if state is not None and state[0] == checkpoint.size:
        made = [c.line for c in mirror.cosignatures(checkpoint.size) if c.signer == signer.name]
        return made[-1] if made else None
    old_size = 0 if state is None else state[0]
    return cosign_and_advance(book, mirror, signer, checkpoint, old_size=old_size, now=now)
