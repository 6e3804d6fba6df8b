"""Trust policies (tlog-policy) and offline proofs (tlog-proof): quorum, format, rejection."""

from __future__ import annotations

import base64

import pytest

from counterpart.domain.errors import InvalidInput, TamperDetected
from counterpart.ledger.checkpoint import Checkpoint, sign_checkpoint
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import NoteSigner
from counterpart.ledger.policy import Policy, bilateral_policy, parse_policy, verify_checkpoint
from counterpart.ledger.proof import make_proof, parse_proof, verify_proof
from counterpart.ledger.tree import MemoryHashStore, hash_leaf, root_hash

LOG = NoteSigner.from_seed("example.org/log", b"L" * 32)
PEER = NoteSigner.from_seed("example.com/peer", b"P" * 32)
NEUTRAL = NoteSigner.from_seed("incb.example/witness", b"N" * 32)
T0 = 1_780_000_000
ENTRIES = [f'{{"n":{i}}}'.encode() for i in range(13)]
STORE = MemoryHashStore(hash_leaf(entry) for entry in ENTRIES)


def _checkpoint(*cosigners: NoteSigner, size: int = 13):  # type: ignore[no-untyped-def]
    note = sign_checkpoint(Checkpoint("example.org/log", size, root_hash(STORE, size)), LOG)
    for cosigner in cosigners:
        note = note.with_signature(cosign_checkpoint(note, cosigner, T0))
    return note


def test_policy_text_round_trip() -> None:
    policy = bilateral_policy(
        LOG.verifier_key(), PEER.verifier_key(), NEUTRAL.verifier_key(), require_witness=True
    )
    assert parse_policy(policy.to_text()) == policy
    assert policy.to_text().splitlines()[-2:] == ["group both 2 counterpart neutral", "quorum both"]


def test_policy_with_groups_and_comments() -> None:
    text = f"""
    # two organisations
    log {LOG.verifier_key().to_vkey()} https://log.example.org/
    witness X1 {PEER.verifier_key().to_vkey()}
    witness Y1 {NEUTRAL.verifier_key().to_vkey()}
    group X any X1
    group XY all X Y1
    quorum XY
    """
    policy = parse_policy(text)
    assert policy.is_met({"X1", "Y1"})
    assert not policy.is_met({"X1"})
    assert policy.log_urls == ("https://log.example.org/",)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("quorum X\n", "line 1: quorum 'X' is not defined"),
        ("log nonsense\nquorum none\n", "line 1: vkey"),
        ("witness none {peer}\nquorum none\n", "reserved"),
        ("witness A {peer}\ngroup G 2 A\nquorum G\n", r"threshold '2' not in 1\.\.1"),
        ("witness A {peer}\ngroup G any A A\nquorum G\n", "undefined or repeated"),
        ("witness A {peer}\nwitness B {peer}\nquorum A\n", "repeats another witness"),
        ("quorum none\nquorum none\n", "second quorum"),
        ("log {log}\n", "no quorum line"),
        ("frobnicate\nquorum none\n", "cannot read"),
    ],
)
def test_bad_policies_name_the_line(text: str, reason: str) -> None:
    text = text.format(peer=PEER.verifier_key().to_vkey(), log=LOG.verifier_key().to_vkey())
    with pytest.raises(InvalidInput, match=reason):
        parse_policy(text)


def test_quorum_requires_the_counterpart() -> None:
    policy = bilateral_policy(LOG.verifier_key(), PEER.verifier_key(), NEUTRAL.verifier_key())
    verified = verify_checkpoint(_checkpoint(PEER), policy)
    assert set(verified.cosignatures) == {"counterpart"}
    with pytest.raises(
        TamperDetected, match=r"quorum 'counterpart' not met \(valid cosignatures from neutral\)"
    ):
        verify_checkpoint(_checkpoint(NEUTRAL), policy)


def test_proof_round_trip_and_verification() -> None:
    policy = bilateral_policy(LOG.verifier_key(), PEER.verifier_key())
    proof = make_proof(STORE, 7, _checkpoint(PEER), extra=b"context")
    text = proof.to_text()
    assert text.startswith("c2sp.org/tlog-proof@v1\nextra Y29udGV4dA==\nindex 7\n")
    parsed = parse_proof(text)
    assert parsed == proof
    verify_proof(parsed, ENTRIES[7], policy)
    with pytest.raises(TamperDetected, match="inclusion of leaf 7"):
        verify_proof(parsed, ENTRIES[8], policy)


def test_proof_of_the_only_entry_has_no_hashes() -> None:
    store = MemoryHashStore([hash_leaf(b"only")])
    note = sign_checkpoint(Checkpoint("example.org/log", 1, root_hash(store, 1)), LOG)
    text = make_proof(store, 0, note).to_text()
    assert text.startswith("c2sp.org/tlog-proof@v1\nindex 0\n\nexample.org/log\n1\n")
    verify_proof(parse_proof(text), b"only", Policy((LOG.verifier_key(),)))


def test_the_c2sp_example_layout_parses() -> None:
    # The layout of the example in c2sp.org/tlog-proof (hashes shortened to real 32-byte ones).
    nodes = [base64.b64encode(bytes([i]) * 32).decode() for i in range(5)]
    signed = _checkpoint(PEER).to_text()
    text = "c2sp.org/tlog-proof@v1\nextra YWdl\nindex 73894\n" + "\n".join(nodes) + "\n\n" + signed
    proof = parse_proof(text)
    assert (proof.index, len(proof.inclusion), proof.extra) == (73894, 5, b"age")
    assert proof.to_text() == text


@pytest.mark.parametrize(
    ("mangle", "reason"),
    [
        (lambda t: t.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"), "line 1"),
        (lambda t: t.replace("index 7", "index 07"), "line 2 is not 'index <N>'"),
        (lambda t: t.replace("index 7", "idx 7"), "line 2 is not 'index <N>'"),
        (lambda t: t.replace("\n\n", "\n"), "no blank line"),
        (lambda t: t.replace("index 7\n", "index 7\nAAAA\n"), "line 3: hash of 3 bytes"),
        (lambda t: t.replace("index 7\n", "index 7\n!!!!\n"), "line 3: not base64"),
        (
            lambda t: t.replace(
                "index 7\n", "index 7\nypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLt=\n"
            ),
            "line 3: base64 is not canonical",
        ),
        (
            lambda t: t.replace("index 7\n", "extra YR==\nindex 7\n"),
            "line 2 .extra.: base64 is not",
        ),
    ],
)
def test_malformed_proofs_are_rejected(mangle, reason) -> None:  # type: ignore[no-untyped-def]
    text = make_proof(STORE, 7, _checkpoint(PEER)).to_text()
    with pytest.raises(InvalidInput, match=reason):
        parse_proof(mangle(text))


def test_a_proof_with_crlf_line_ends_is_read_as_go_reads_it() -> None:
    proof = make_proof(STORE, 7, _checkpoint(PEER))
    parsed = parse_proof(proof.to_text().replace("\n", "\r\n"))
    assert parsed == proof
    verify_proof(parsed, ENTRIES[7], bilateral_policy(LOG.verifier_key(), PEER.verifier_key()))
