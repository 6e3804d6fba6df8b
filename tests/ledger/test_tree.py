"""The tree: stored hashes, frontier appends, proofs for every index and size, bit flips."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterpart.domain.errors import InvalidInput, NotFound, TamperDetected
from counterpart.ledger.tree import (
    EMPTY_ROOT,
    Frontier,
    MemoryHashStore,
    hash_children,
    hash_leaf,
    prove_consistency,
    prove_inclusion,
    root_from_leaf_hashes,
    root_hash,
)
from counterpart.ledger.verify import verify_consistency, verify_inclusion

MAX_SIZE = 100


def _leaves(count: int) -> list[bytes]:
    return [hash_leaf(f"entry {i}".encode()) for i in range(count)]


def _reference_root(leaves: list[bytes]) -> bytes:
    """MTH straight from the RFC 9162 §2.1.1 recursive definition."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return hash_children(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


LEAVES = _leaves(MAX_SIZE)
STORE = MemoryHashStore(LEAVES)


def test_hashes_use_rfc9162_prefixes() -> None:
    assert hash_leaf(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert (
        hash_children(b"l" * 32, b"r" * 32)
        == hashlib.sha256(b"\x01" + b"l" * 32 + b"r" * 32).digest()
    )


def test_roots_match_the_recursive_definition_for_every_size() -> None:
    for size in range(MAX_SIZE + 1):
        expected = _reference_root(LEAVES[:size])
        assert root_hash(STORE, size) == expected
        assert root_from_leaf_hashes(LEAVES[:size]) == expected


def test_every_index_of_every_size_verifies() -> None:
    for size in range(1, MAX_SIZE + 1):
        root = root_hash(STORE, size)
        for index in range(size):
            verify_inclusion(LEAVES[index], index, size, prove_inclusion(STORE, index, size), root)


def test_every_older_size_is_consistent() -> None:
    for size2 in range(MAX_SIZE + 1):
        root2 = root_hash(STORE, size2)
        for size1 in range(size2 + 1):
            proof = prove_consistency(STORE, size1, size2)
            verify_consistency(size1, size2, proof, root_hash(STORE, size1), root2)


@given(st.data())
def test_a_flipped_bit_in_an_inclusion_proof_breaks_it(data: st.DataObject) -> None:
    size = data.draw(st.integers(2, MAX_SIZE))
    index = data.draw(st.integers(0, size - 1))
    proof = prove_inclusion(STORE, index, size)
    root = root_hash(STORE, size)
    target = data.draw(st.integers(0, len(proof) + 1))  # a proof node, the leaf or the root
    bit = data.draw(st.integers(0, 255))
    leaf, nodes = LEAVES[index], list(proof)
    if target < len(proof):
        nodes[target] = _flip(nodes[target], bit)
    elif target == len(proof):
        leaf = _flip(leaf, bit)
    else:
        root = _flip(root, bit)
    with pytest.raises(TamperDetected):
        verify_inclusion(leaf, index, size, nodes, root)


@given(st.data())
def test_a_flipped_bit_in_a_consistency_proof_breaks_it(data: st.DataObject) -> None:
    size2 = data.draw(st.integers(2, MAX_SIZE))
    size1 = data.draw(st.integers(1, size2 - 1))
    proof = prove_consistency(STORE, size1, size2)
    roots = [root_hash(STORE, size1), root_hash(STORE, size2)]
    target = data.draw(st.integers(0, len(proof) + 1))
    bit = data.draw(st.integers(0, 255))
    nodes = list(proof)
    if target < len(proof):
        nodes[target] = _flip(nodes[target], bit)
    else:
        roots[target - len(proof)] = _flip(roots[target - len(proof)], bit)
    with pytest.raises(TamperDetected):
        verify_consistency(size1, size2, nodes, roots[0], roots[1])


@given(st.integers(1, MAX_SIZE), st.data())
def test_wrong_index_or_size_is_rejected(size: int, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, size - 1))
    proof = prove_inclusion(STORE, index, size)
    root = root_hash(STORE, size)
    other = data.draw(st.integers(0, MAX_SIZE).filter(lambda i: i != index))
    with pytest.raises(TamperDetected):
        verify_inclusion(LEAVES[index], other, size, proof, root)


def _flip(value: bytes, bit: int) -> bytes:
    changed = bytearray(value)
    changed[bit // 8 % len(value)] ^= 1 << (bit % 8)
    return bytes(changed)


@settings(max_examples=50)
@given(st.lists(st.binary(max_size=40), max_size=70))
def test_frontier_agrees_with_the_store(entries: list[bytes]) -> None:
    store = MemoryHashStore()
    frontier = Frontier()
    for entry in entries:
        leaf = hash_leaf(entry)
        store.append(leaf)
        stored = frontier.append(leaf)
        assert stored[0].hash == leaf
        assert all(store.subtree_hash(s.level, s.index) == s.hash for s in stored)
        assert frontier.root() == store.root()
    rebuilt = Frontier.from_store(store)
    assert rebuilt.hashes == frontier.hashes


def test_append_stores_log_n_hashes_at_most() -> None:
    frontier = Frontier()
    counts = [len(frontier.append(leaf)) for leaf in _leaves(1024)]
    assert max(counts) == 11  # leaf 1023 completes subtrees of sizes 1, 2, ..., 1024
    assert sum(counts) == 2047  # every node of a perfect tree of 1024 leaves, once


def test_bad_requests_say_what_is_wrong() -> None:
    with pytest.raises(InvalidInput, match="leaf index 7 is outside the tree of size 7"):
        prove_inclusion(STORE, 7, 7)
    with pytest.raises(InvalidInput, match=r"tree size 101 is outside 0\.\.100"):
        prove_inclusion(STORE, 0, 101)
    with pytest.raises(InvalidInput, match=r"old size 9 is outside 0\.\.8"):
        prove_consistency(STORE, 9, 8)
    with pytest.raises(NotFound, match="level 3, index 99"):
        STORE.subtree_hash(3, 99)
    with pytest.raises(InvalidInput, match="needs 2 hashes"):
        Frontier(3, [EMPTY_ROOT])
