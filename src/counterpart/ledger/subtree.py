"""Subtree inclusion and consistency verification (draft-ietf-plants-merkle-tree-certs §4.3-4.4).

A subtree [start, end) is valid when start < end and start is a multiple of the smallest power
of two at least end - start; its hash is the MTH of those leaves. These proofs are what
ML-DSA subtree cosignatures (c2sp.org/tlog-cosignature) speak about; the ledger verifies them
so that the whole transparency-dev/merkle probe corpus is covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from counterpart.domain.errors import TamperDetected
from counterpart.domain.messages import N_, message
from counterpart.ledger.tree import EMPTY_ROOT, HASH_SIZE, hash_children
from counterpart.ledger.verify import require_equal_hashes, verify_inclusion


@dataclass(frozen=True, slots=True)
class Subtree:
    """The leaves [start, end) of a log."""

    start: int
    end: int


def is_valid_subtree(start: int, end: int) -> bool:
    """Whether [start, end) is a subtree: non-empty and aligned to its power-of-two width."""
    if not 0 <= start < end:
        return False
    width = 1 << (end - start - 1).bit_length()
    return start % width == 0


def verify_subtree_inclusion(
    leaf_hash: bytes, index: int, subtree: Subtree, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that leaf `index` is in `subtree`, whose hash is `root`."""
    start, end = subtree.start, subtree.end
    if not is_valid_subtree(start, end):
        raise TamperDetected(f"[{start}, {end}) is not a valid subtree")
    if not start <= index < end:
        raise TamperDetected(f"leaf index {index} is outside the subtree [{start}, {end})")
    verify_inclusion(leaf_hash, index - start, end - start, proof, root)


def verify_subtree_consistency(
    subtree: Subtree, size: int, proof: Sequence[bytes], subtree_root: bytes, root: bytes
) -> None:
    """Check that `subtree`, whose hash is `subtree_root`, is part of the tree with `root`."""
    start, end = subtree.start, subtree.end
    if start == end and 0 <= end <= size:  # the empty subtree is part of every tree
        if proof:
            raise TamperDetected("an empty subtree needs an empty proof")
        what = message(N_("hash of the empty subtree"))
        require_equal_hashes(subtree_root, EMPTY_ROOT, what)
        return
    if not is_valid_subtree(start, end) or end > size:
        raise TamperDetected(f"[{start}, {end}) is not a valid subtree of a tree of size {size}")
    if any(len(node) != HASH_SIZE for node in proof):
        raise TamperDetected("a subtree consistency proof hash is not 32 bytes")
    first, second = _roots_from_subtree_proof(subtree, size, proof, subtree_root)
    what = message(N_("subtree [%(start)s, %(end)s) hash"), start=start, end=end)
    require_equal_hashes(first, subtree_root, what)
    require_equal_hashes(second, root, message(N_("root at size %(size)s"), size=size))


def _roots_from_subtree_proof(
    subtree: Subtree, size: int, proof: Sequence[bytes], subtree_root: bytes
) -> tuple[bytes, bytes]:
    """Steps 2-8 of the draft's 'Verifying a Subtree Consistency Proof'."""
    start, end = subtree.start, subtree.end
    fn, sn, tn = start, end - 1, size - 1
    flush = sn == tn  # the subtree ends at the tree's right edge
    while fn != sn and (flush or sn & 1):
        fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
    rest = list(proof)
    if fn == sn:
        first = second = subtree_root
    elif rest:
        first = second = rest.pop(0)
    else:
        raise TamperDetected(f"subtree consistency proof for [{start}, {end}) is empty")
    for node in rest:
        if tn == 0:
            raise TamperDetected(f"subtree consistency proof is too long ({len(proof)} hashes)")
        if sn & 1 or sn == tn:
            if fn < sn:
                first = hash_children(node, first)
            second = hash_children(node, second)
            while not sn & 1:
                fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
        else:
            second = hash_children(second, node)
        fn, sn, tn = fn >> 1, sn >> 1, tn >> 1
    if tn != 0:
        raise TamperDetected(f"subtree consistency proof is too short ({len(proof)} hashes)")
    return first, second
