"""`counterpart audit` and `counterpart verify-proof`: exit codes and what they say."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from counterpart.cli import main
from counterpart.ledger.audit import ENTRIES_FILE, write_bundle
from counterpart.ledger.checkpoint import Checkpoint, sign_checkpoint
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import Note, NoteSigner
from counterpart.ledger.policy import bilateral_policy
from counterpart.ledger.proof import make_proof
from counterpart.ledger.tree import MemoryHashStore, hash_leaf, root_hash

LOG = NoteSigner.from_seed("example.org/log", b"L" * 32)
PEER = NoteSigner.from_seed("example.com/peer", b"P" * 32)
POLICY = bilateral_policy(LOG.verifier_key(), PEER.verifier_key())
ENTRIES = [json.dumps({"n": i}).encode() for i in range(20)]
STORE = MemoryHashStore(hash_leaf(entry) for entry in ENTRIES)


def _note(size: int, *cosigners: NoteSigner) -> Note:
    note = sign_checkpoint(Checkpoint("example.org/log", size, root_hash(STORE, size)), LOG)
    for cosigner in cosigners:
        note = note.with_signature(cosign_checkpoint(note, cosigner, 1_780_000_000 + size))
    return note


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_audit_of_a_sound_bundle_exits_0(tmp_path: Path) -> None:
    write_bundle(
        tmp_path / "b", ENTRIES, [_note(8, PEER).to_text(), _note(20, PEER).to_text()], POLICY
    )
    (tmp_path / "policy.txt").write_text(POLICY.to_text())
    code, out, _ = _run("audit", str(tmp_path / "b"), "--policy", str(tmp_path / "policy.txt"))
    assert (code, out) == (0, "sound: 20 entries, 2 checkpoints, verified up to size 20\n")


def test_audit_finds_an_edited_entry_and_exits_4(tmp_path: Path) -> None:
    write_bundle(tmp_path, ENTRIES, [_note(8, PEER).to_text(), _note(20, PEER).to_text()], POLICY)
    lines = (tmp_path / ENTRIES_FILE).read_text().splitlines()
    lines[12] = lines[12].replace('"data":"', '"data":"AAAA')
    (tmp_path / ENTRIES_FILE).write_text("\n".join(lines) + "\n")
    code, out, err = _run("audit", str(tmp_path))
    assert code == 4
    assert out.startswith("TAMPERED entries 8..19: the leaf hashes do not give checkpoint")
    assert out.endswith("tampering found: 1 finding(s) in 20 entries, 2 checkpoints\n")
    assert "trusting the keys in the bundle's policy.txt" in err


def test_audit_of_a_directory_that_is_not_a_bundle_exits_1(tmp_path: Path) -> None:
    code, _, err = _run("audit", str(tmp_path))
    assert code == 1
    assert "not an audit bundle" in err


def test_verify_proof_with_the_vkey_alone(tmp_path: Path) -> None:
    (tmp_path / "p.tlog-proof").write_text(make_proof(STORE, 5, _note(20)).to_text())
    (tmp_path / "leaf").write_bytes(ENTRIES[5])
    code, out, _ = _run(
        "verify-proof", str(tmp_path / "p.tlog-proof"), "--leaf", str(tmp_path / "leaf"),
        "--vkey", LOG.verifier_key().to_vkey(),
    )  # fmt: skip
    assert (code, out) == (
        0,
        "proof holds: entry 5 is in example.org/log at size 20; cosigned by: none required\n",
    )


def test_verify_proof_with_a_policy_requires_the_counterpart(tmp_path: Path) -> None:
    (tmp_path / "policy.txt").write_text(POLICY.to_text())
    (tmp_path / "leaf").write_bytes(ENTRIES[5])
    for name, note in (("bare", _note(20)), ("cosigned", _note(20, PEER))):
        (tmp_path / name).write_text(make_proof(STORE, 5, note).to_text())
    base = ["--leaf", str(tmp_path / "leaf"), "--policy", str(tmp_path / "policy.txt")]
    code, out, _ = _run("verify-proof", str(tmp_path / "cosigned"), *base)
    assert (code, out.split(";")[1]) == (0, " cosigned by: counterpart\n")
    code, _, err = _run("verify-proof", str(tmp_path / "bare"), *base)
    assert code == 4
    assert "quorum 'counterpart' not met (valid cosignatures from nobody)" in err


def test_verify_proof_for_other_bytes_does_not_hold(tmp_path: Path) -> None:
    (tmp_path / "p").write_text(make_proof(STORE, 5, _note(20)).to_text())
    (tmp_path / "leaf").write_bytes(ENTRIES[6])
    vkey = LOG.verifier_key().to_vkey()
    code, _, err = _run(
        "verify-proof", str(tmp_path / "p"), "--leaf", str(tmp_path / "leaf"), "--vkey", vkey
    )
    assert code == 4
    assert err.startswith("proof does not hold: inclusion of leaf 5 in tree size 20: computed")


def test_verify_proof_with_a_foreign_log_key_does_not_hold(tmp_path: Path) -> None:
    (tmp_path / "p").write_text(make_proof(STORE, 5, _note(20)).to_text())
    (tmp_path / "leaf").write_bytes(ENTRIES[5])
    forger = NoteSigner.from_seed("example.org/log", b"F" * 32).verifier_key().to_vkey()
    code, _, err = _run(
        "verify-proof", str(tmp_path / "p"), "--leaf", str(tmp_path / "leaf"), "--vkey", forger
    )
    assert code == 4
    assert "not signed by the log's key" in err


def test_verify_proof_needs_a_key(tmp_path: Path) -> None:
    (tmp_path / "p").write_text("x")
    code, _, err = _run("verify-proof", str(tmp_path / "p"), "--leaf", str(tmp_path / "p"))
    assert code == 2
    assert "--vkey" in err


def test_a_malformed_proof_is_an_error_with_the_line(tmp_path: Path) -> None:
    (tmp_path / "p").write_text("c2sp.org/tlog-proof@v1\nindex 01\n\nx\n")
    vkey = LOG.verifier_key().to_vkey()
    code, _, err = _run(
        "verify-proof", str(tmp_path / "p"), "--leaf", str(tmp_path / "p"), "--vkey", vkey
    )
    assert code == 1
    assert "proof line 2 is not 'index <N>'" in err


def test_audit_says_which_entries_no_checkpoint_covers(tmp_path: Path) -> None:
    write_bundle(tmp_path, ENTRIES, [_note(8, PEER).to_text()], POLICY)
    code, out, _ = _run("audit", str(tmp_path))
    assert (code, out) == (
        0,
        "note: entries 8..19 are not covered by a verified checkpoint\n"
        "sound: 20 entries, 1 checkpoints, verified up to size 8\n",
    )


def test_errors_in_a_policy_or_proof_file_name_the_file(tmp_path: Path) -> None:
    write_bundle(tmp_path / "b", ENTRIES, [_note(20, PEER).to_text()], POLICY)
    (tmp_path / "b" / "policy.txt").write_text("garbage\n")
    code, _, err = _run("audit", str(tmp_path / "b"))
    assert code == 1
    assert (
        err.splitlines()[-1]
        == f"error: {tmp_path / 'b' / 'policy.txt'}: policy line 1: cannot read 'garbage'"
    )
    (tmp_path / "leaf").write_bytes(ENTRIES[3])
    (tmp_path / "proof").write_text("not a proof\n")
    code, _, err = _run(
        "verify-proof",
        str(tmp_path / "proof"),
        "--leaf",
        str(tmp_path / "leaf"),
        "--vkey",
        LOG.verifier_key().to_vkey(),
    )
    assert code == 1 and err.startswith(f"error: {tmp_path / 'proof'}: ")
    good = make_proof(STORE, 3, _note(20, PEER))
    (tmp_path / "proof").write_text(good.to_text())
    code, _, err = _run(
        "verify-proof",
        str(tmp_path / "proof"),
        "--leaf",
        str(tmp_path / "leaf"),
        "--vkey",
        "not-a-vkey",
    )
    assert (code, err) == (1, "error: --vkey: vkey 'not-a-vkey' is not name+keyid+base64\n")
