"""Strict RFC 9162 §2.1.3.2 and §2.1.4.2 verification of inclusion and consistency proofs.

Every check that fails raises TamperDetected with the reason; nothing is silently accepted:
hashes must be exactly 32 bytes, indices inside the tree, proofs exactly as long as the
algorithm consumes, and the roots equal (compared in constant time).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from counterpart.domain.errors import TamperDetected
from counterpart.domain.messages import N_, Message, message
from counterpart.ledger.tree import EMPTY_ROOT, HASH_SIZE

NEW_ROOT_HASH = N_("new root hash")


def _require_hash(value: bytes, what: Message) -> None:
    if len(value) != HASH_SIZE:
        text = N_("%(what)s is %(length)s bytes, not %(size)s")
        raise TamperDetected(message(text, what=what, length=len(value), size=HASH_SIZE))


def _require_hashes(proof: Sequence[bytes]) -> None:
    if all(len(node) == HASH_SIZE for node in proof):
        return
    for position, node in enumerate(proof):
        _require_hash(node, message(N_("proof hash %(position)s"), position=position))


def require_equal_hashes(computed: bytes, expected: bytes, what: Message) -> None:
    """Compare in constant time; TamperDetected shows both hashes."""
    if not hmac.compare_digest(computed, expected):
        text = N_("%(what)s: computed %(computed)s, expected %(expected)s")
        said = message(text, what=what, computed=computed.hex(), expected=expected.hex())
        raise TamperDetected(said)


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The root that `proof` implies for `leaf_hash` at `index` in a tree of `size` leaves."""
    _require_hash(leaf_hash, message(N_("leaf hash")))
    _require_hashes(proof)
    if not 0 <= index < size:
        text = N_("leaf index %(index)s is outside the tree of size %(size)s")
        raise TamperDetected(message(text, index=index, size=size))
    fn, sn, node = index, size - 1, leaf_hash
    sha256, prefix = hashlib.sha256, b"\x01"  # hash_children, inlined: this loop is hot
    for sibling in proof:
        if sn == 0:
            text = N_("inclusion proof is too long (%(count)s hashes)")
            raise TamperDetected(message(text, count=len(proof)))
        if fn & 1 or fn == sn:
            node = sha256(prefix + sibling + node).digest()
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            node = sha256(prefix + node + sibling).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        text = N_("inclusion proof is too short (%(count)s hashes)")
        raise TamperDetected(message(text, count=len(proof)))
    return node


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that `leaf_hash` is leaf `index` of the tree of `size` leaves with `root`."""
    _require_hash(root, message(N_("root hash")))
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof)
    what = message(N_("inclusion of leaf %(index)s in tree size %(size)s"), index=index, size=size)
    require_equal_hashes(computed, root, what)


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree (`size1`, `root1`) is a prefix of the tree (`size2`, `root2`)."""
    if not 0 <= size1 <= size2:
        text = N_("old size %(old)s is not within 0..%(new)s")
        raise TamperDetected(message(text, old=size1, new=size2))
    if size1 in (0, size2):
        # Nothing to prove: a tree is consistent with itself (equal roots) and every tree
        # extends the empty one (whose root is fixed), so any proof hash is surplus.
        if proof:
            text = N_(
                "consistency proof from %(old)s to %(new)s must be empty, has %(count)s hashes"
            )
            raise TamperDetected(message(text, old=size1, new=size2, count=len(proof)))
        if size1 == 0:
            require_equal_hashes(root1, EMPTY_ROOT, message(N_("root of the empty tree")))
        if size1 == size2:
            what = message(N_("roots of two trees of size %(size)s"), size=size1)
            require_equal_hashes(root2, root1, what)
        else:
            _require_hash(root2, message(NEW_ROOT_HASH))
        return
    _require_hash(root1, message(N_("old root hash")))
    _require_hash(root2, message(NEW_ROOT_HASH))
    _require_hashes(proof)
    old, new = _roots_from_consistency_proof(size1, size2, proof, root1)
    require_equal_hashes(old, root1, message(N_("old root at size %(size)s"), size=size1))
    require_equal_hashes(new, root2, message(N_("new root at size %(size)s"), size=size2))


def _roots_from_consistency_proof(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> tuple[bytes, bytes]:
    """The (old, new) roots that a consistency proof implies (RFC 9162 §2.1.4.2 steps 1-6)."""
    if not proof:
        text = N_("consistency proof from %(old)s to %(new)s is empty")
        raise TamperDetected(message(text, old=size1, new=size2))
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is the first node
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old = new = path[0]
    sha256, prefix = hashlib.sha256, b"\x01"  # hash_children, inlined: this loop is hot
    for node in path[1:]:
        if sn == 0:
            text = N_("consistency proof is too long (%(count)s hashes)")
            raise TamperDetected(message(text, count=len(proof)))
        if fn & 1 or fn == sn:
            old = sha256(prefix + node + old).digest()
            new = sha256(prefix + node + new).digest()
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            new = sha256(prefix + new + node).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        text = N_("consistency proof is too short (%(count)s hashes)")
        raise TamperDetected(message(text, count=len(proof)))
    return old, new
