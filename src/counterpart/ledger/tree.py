"""RFC 9162 Merkle tree hashing and proof generation from stored subtree hashes.

Hashes follow RFC 9162 §2.1.1 (the same as RFC 6962): SHA-256, a leaf hash is
`SHA-256(0x00 || bytes)`, an interior node is `SHA-256(0x01 || left || right)`, the empty tree
is `SHA-256("")`. Indices are 0-based.

Proofs are built from *stored hashes*: the hash of every perfect subtree that is complete,
addressed by `(level, index)` where the subtree covers leaves
`[index * 2**level, (index + 1) * 2**level)` (the addressing of C2SP tlog-tiles). A store
answers these in O(1), so a proof costs O(log n) lookups and never rereads the leaves; the
only hashing is for the one incomplete subtree at the right edge of the tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from counterpart.domain.errors import InvalidInput, NotFound

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256


def hash_leaf(data: bytes) -> bytes:
    """The RFC 9162 leaf hash of one entry's bytes."""
    return _sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    """The RFC 9162 hash of an interior node."""
    return _sha256(b"\x01" + left + right).digest()


@dataclass(frozen=True, slots=True)
class StoredHash:
    """The hash of the complete subtree at `level` and `index` (see the module docstring)."""

    level: int
    index: int
    hash: bytes


class HashStore(Protocol):
    """Serves stored subtree hashes; the node keeps them in its database, tests in memory."""

    def tree_size(self) -> int:
        """The number of leaves stored."""
        ...

    def subtree_hash(self, level: int, index: int) -> bytes:
        """The hash of the complete subtree at (`level`, `index`); raises NotFound if absent."""
        ...


class Frontier:
    """The compact range of a tree: the roots of its perfect subtrees, largest first.

    Appending a leaf costs O(log n) and returns the new complete subtree hashes to store.
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != size.bit_count():
            raise InvalidInput(
                f"a frontier of size {size} needs {size.bit_count()} hashes, got {len(hashes)}"
            )
        self._size = size
        self._hashes = list(hashes)

    @classmethod
    def from_store(cls, store: HashStore, size: int | None = None) -> Frontier:
        """The frontier of the first `size` leaves of `store` (default: all of them)."""
        size = store.tree_size() if size is None else size
        return cls(size, [store.subtree_hash(lvl, idx) for lvl, idx in _perfect_cover(0, size)])

    @property
    def size(self) -> int:
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        return tuple(self._hashes)

    def append(self, leaf_hash: bytes) -> list[StoredHash]:
        """Add one leaf; return the subtree hashes that became complete (the leaf first)."""
        index = self._size
        new = [StoredHash(0, index, leaf_hash)]
        node = leaf_hash
        level = 0
        hashes = self._hashes
        while (index >> level) & 1:
            node = hash_children(hashes.pop(), node)
            level += 1
            new.append(StoredHash(level, index >> level, node))
        hashes.append(node)
        self._size = index + 1
        return new

    def root(self) -> bytes:
        """The root hash of the tree so far."""
        if not self._hashes:
            return EMPTY_ROOT
        node = self._hashes[-1]
        for left in reversed(self._hashes[:-1]):
            node = hash_children(left, node)
        return node


class MemoryHashStore:
    """A HashStore held in lists, one per level; used by tests, the bench and the audit."""

    __slots__ = ("_frontier", "_levels")

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = [[]]
        self._frontier = Frontier()
        for leaf in leaf_hashes:
            self.append(leaf)

    def append(self, leaf_hash: bytes) -> None:
        """Append one leaf hash, storing every subtree hash that became complete."""
        levels = self._levels
        for stored in self._frontier.append(leaf_hash):
            if stored.level == len(levels):
                levels.append([])
            levels[stored.level].append(stored.hash)

    def tree_size(self) -> int:
        return self._frontier.size

    def subtree_hash(self, level: int, index: int) -> bytes:
        try:
            return self._levels[level][index]
        except IndexError:
            raise NotFound(f"no stored hash at level {level}, index {index}") from None

    def root(self) -> bytes:
        return self._frontier.root()


def root_from_leaf_hashes(leaf_hashes: Iterable[bytes]) -> bytes:
    """The Merkle tree hash (MTH) of a sequence of leaf hashes."""
    frontier = Frontier()
    for leaf in leaf_hashes:
        frontier.append(leaf)
    return frontier.root()


def _perfect_cover(start: int, end: int) -> list[tuple[int, int]]:
    """The (level, index) of the perfect subtrees that tile [start, end), largest first.

    `start` must be aligned so that each piece is a stored subtree; RFC 9162 ranges are.
    """
    cover = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        cover.append((level, start >> level))
        start += 1 << level
    return cover


def range_hash(store: HashStore, start: int, end: int) -> bytes:
    """MTH(D[start:end]) from stored hashes: one lookup per perfect piece, folded right to left."""
    pieces = [store.subtree_hash(level, index) for level, index in _perfect_cover(start, end)]
    node = pieces[-1]
    for left in reversed(pieces[:-1]):
        node = hash_children(left, node)
    return node


def root_hash(store: HashStore, size: int) -> bytes:
    """The root of the tree of the first `size` leaves of `store`."""
    _check_size(store, size)
    return EMPTY_ROOT if size == 0 else range_hash(store, 0, size)


def _check_size(store: HashStore, size: int) -> None:
    if size < 0 or size > store.tree_size():
        raise InvalidInput(f"tree size {size} is outside 0..{store.tree_size()}")


def prove_inclusion(store: HashStore, index: int, size: int) -> list[bytes]:
    """The RFC 9162 §2.1.3.1 inclusion proof of leaf `index` in the tree of `size` leaves."""
    _check_size(store, size)
    if not 0 <= index < size:
        raise InvalidInput(f"leaf index {index} is outside the tree of size {size}")
    inner = (index ^ (size - 1)).bit_length()
    proof = []
    for level in range(inner):
        sibling = (index >> level) ^ 1
        start = sibling << level
        end = min(start + (1 << level), size)
        if end - start == 1 << level:
            proof.append(store.subtree_hash(level, sibling))
        else:
            proof.append(range_hash(store, start, end))
    for level in range(inner, index.bit_length()):
        if (index >> level) & 1:
            proof.append(store.subtree_hash(level, (index >> level) ^ 1))
    return proof


def prove_consistency(store: HashStore, size1: int, size2: int) -> list[bytes]:
    """The RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` (empty if equal or 0)."""
    _check_size(store, size2)
    if not 0 <= size1 <= size2:
        raise InvalidInput(f"old size {size1} is outside 0..{size2}")
    if size1 in (0, size2):
        return []
    # SUBPROOF(m, D[lo:hi], whole) of §2.1.4.1, unrolled: walk down, then emit leaf-first.
    m, lo, hi, whole = size1, 0, size2, True
    ranges: list[tuple[int, int]] = []
    while m != hi - lo:
        k = 1 << ((hi - lo - 1).bit_length() - 1)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            m, lo, whole = m - k, lo + k, False
    proof = [] if whole else [_node_hash(store, lo, hi)]
    proof.extend(_node_hash(store, start, end) for start, end in reversed(ranges))
    return proof


def _node_hash(store: HashStore, start: int, end: int) -> bytes:
    """MTH(D[start:end]): one lookup when the range is a stored subtree, else a fold."""
    width = end - start
    if width & (width - 1) == 0:  # a perfect, aligned subtree (RFC 9162 ranges are aligned)
        level = width.bit_length() - 1
        return store.subtree_hash(level, start >> level)
    return range_hash(store, start, end)
