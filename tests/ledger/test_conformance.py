"""Conformance: the transparency-dev/merkle probe corpus and the RFC 6962 reference vectors."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from counterpart.domain.errors import TamperDetected
from counterpart.ledger.subtree import (
    Subtree,
    verify_subtree_consistency,
    verify_subtree_inclusion,
)
from counterpart.ledger.tree import (
    EMPTY_ROOT,
    MemoryHashStore,
    hash_leaf,
    prove_consistency,
    prove_inclusion,
    root_hash,
)
from counterpart.ledger.verify import verify_consistency, verify_inclusion

# The eight leaves and roots of the Certificate Transparency reference tests (RFC 6962 test
# vectors as kept in transparency-dev/merkle testonly/constants.go and the C++ merkletree
# tests): MTH of the first n leaves for n = 1..8.
RFC6962_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
RFC6962_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# Reference consistency proofs from the same test suites.
RFC6962_CONSISTENCY = {
    (1, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}


def _probe_files(kind: str) -> list[Path]:
    root = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "merkle" / kind
    return sorted(root.rglob("*.json"))


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value) if value is not None else b""


def _load(path: Path) -> dict[str, Any]:
    probe: dict[str, Any] = json.loads(path.read_text())
    return probe


def test_probe_corpus_is_present() -> None:
    assert len(_probe_files("inclusion")) == 98
    assert len(_probe_files("consistency")) == 98
    assert len(_probe_files("subtreeinclusion")) == 204
    assert len(_probe_files("subtreeconsistency")) == 118


@pytest.mark.parametrize(
    "path", _probe_files("inclusion"), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_inclusion_probe(path: Path) -> None:
    probe = _load(path)
    proof = [_b64(node) for node in probe["proof"] or []]
    args = (
        _b64(probe["leafHash"]),
        probe["leafIdx"],
        probe["treeSize"],
        proof,
        _b64(probe["root"]),
    )
    if probe["wantErr"]:
        with pytest.raises(TamperDetected):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize(
    "path", _probe_files("consistency"), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_consistency_probe(path: Path) -> None:
    probe = _load(path)
    proof = [_b64(node) for node in probe["proof"] or []]
    args = (probe["size1"], probe["size2"], proof, _b64(probe["root1"]), _b64(probe["root2"]))
    if probe["wantErr"]:
        with pytest.raises(TamperDetected):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


@pytest.mark.parametrize(
    "path", _probe_files("subtreeinclusion"), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_subtree_inclusion_probe(path: Path) -> None:
    probe = _load(path)
    proof = [_b64(node) for node in probe["proof"] or []]
    leaf, root = _b64(probe["leafHash"]), _b64(probe["root"])
    args = (leaf, probe["leafIdx"], Subtree(probe["start"], probe["end"]), proof, root)
    if probe["wantErr"]:
        with pytest.raises(TamperDetected):
            verify_subtree_inclusion(*args)
    else:
        verify_subtree_inclusion(*args)


@pytest.mark.parametrize(
    "path", _probe_files("subtreeconsistency"), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_subtree_consistency_probe(path: Path) -> None:
    probe = _load(path)
    proof = [_b64(node) for node in probe["proof"] or []]
    roots = (_b64(probe["root1"]), _b64(probe["root2"]))
    args = (Subtree(probe["start"], probe["end"]), probe["size"], proof, *roots)
    if probe["wantErr"]:
        with pytest.raises(TamperDetected):
            verify_subtree_consistency(*args)
    else:
        verify_subtree_consistency(*args)


def test_rfc6962_reference_roots() -> None:
    store = MemoryHashStore(hash_leaf(leaf) for leaf in RFC6962_LEAVES)
    assert EMPTY_ROOT.hex() == RFC6962_ROOTS[0]
    assert [root_hash(store, size).hex() for size in range(9)] == RFC6962_ROOTS


@pytest.mark.parametrize(("size1", "size2"), sorted(RFC6962_CONSISTENCY))
def test_rfc6962_reference_consistency_proofs(size1: int, size2: int) -> None:
    store = MemoryHashStore(hash_leaf(leaf) for leaf in RFC6962_LEAVES)
    proof = prove_consistency(store, size1, size2)
    assert [node.hex() for node in proof] == RFC6962_CONSISTENCY[(size1, size2)]
    root1, root2 = bytes.fromhex(RFC6962_ROOTS[size1]), bytes.fromhex(RFC6962_ROOTS[size2])
    verify_consistency(size1, size2, proof, root1, root2)


def test_rfc6962_reference_inclusion_of_leaf_5() -> None:
    # From the C++/Go reference tests: leaf 5 ("@ABC") of 8.
    store = MemoryHashStore(hash_leaf(leaf) for leaf in RFC6962_LEAVES)
    proof = prove_inclusion(store, 5, 8)
    assert [node.hex() for node in proof] == [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ]
