"""Two real nodes and a neutral C2SP witness: A's checkpoints cosigned by B and the witness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterpart.cli import main
from counterpart.exchange.keys import load_node_key
from counterpart.exchange.peer import PeerClient
from counterpart.ledger.note import parse_vkey
from counterpart.ledger.policy import bilateral_policy, verify_checkpoint
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from tests.nodes.harness import NodeProcess, run_cli, start_all, wait_for
from tests.nodes.stock_witness import StockWitness


def _status(node: NodeProcess) -> dict[str, object]:
    body: dict[str, object] = json.loads(run_cli(node.home, "log", "status", "--format", "json"))
    return body


def _witnessed(node: NodeProcess, size: int) -> bool:
    status = _status(node)
    witnesses = status["witnesses"]
    assert isinstance(witnesses, list)
    return status["cosigned_size"] == size and witnesses[0]["cosigned_size"] == size


def _append(node: NodeProcess, count: int) -> None:
    for n in range(count):
        record = json.dumps({"summary": f"seizure {n}", "quantity": "1.5 kg"})
        run_cli(node.home, "log", "append", "--type", "incident", "-", input_text=record)


def _key(node: NodeProcess) -> str:
    return load_node_key(Settings(home=node.home, environment="test")).verifier_key().to_vkey()


@pytest.mark.slow
def test_serve_submits_each_checkpoint_and_the_bundle_and_proof_meet_both(
    nodes: tuple[NodeProcess, NodeProcess], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = nodes
    witness = StockWitness()
    witness.add_log(_key(a))
    witness.start()
    monkeypatch.setenv("COUNTERPART_WITNESS_INTERVAL", "0.2")  # the served nodes inherit it
    try:
        run_cli(a.home, "witness", "add", "incb", witness.url, witness.vkey)
        start_all(a, b)
        _append(a, 2)
        wait_for(lambda: _witnessed(a, 2), "B's and the witness's cosignatures of 2")
        _append(a, 3)
        wait_for(lambda: _witnessed(a, 5), "B's and the witness's cosignatures of 5")
    finally:
        witness.stop()
    cosigners = _status(a)["cosigned_by"]
    assert isinstance(cosigners, list)
    assert sorted(cosigners) == sorted(["counterpart/cn", witness.name])

    # The checkpoint served to B carries the witness's cosignature, and meets "both".
    both = bilateral_policy(
        parse_vkey(_key(a)), parse_vkey(_key(b)), parse_vkey(witness.vkey), require_witness=True
    )
    client = PeerClient(a.url, load_node_key(Settings(home=b.home, environment="test")))
    try:
        assert verify_checkpoint(client.fetch_checkpoint(), both).signed.checkpoint.size == 5
    finally:
        client.close()

    bundle = tmp_path / "bundle"
    env = {"COUNTERPART_REQUIRE_NEUTRAL_WITNESS": "true"}
    exported = CliRunner().invoke(
        main, ["--home", str(a.home), "log", "export", str(bundle)], env=env
    )
    assert exported.exit_code == 0, exported.output
    exported_policy = (bundle / "policy.txt").read_text()
    assert f"witness incb {witness.vkey} {witness.url}\n" in exported_policy
    assert exported_policy.endswith("quorum both\n")
    (tmp_path / "both.txt").write_text(both.to_text())
    audited = run_cli(a.home, "audit", str(bundle), "--policy", str(tmp_path / "both.txt"))
    assert "TAMPERED" not in audited
    run_cli(a.home, "audit", str(bundle))  # the exported policy holds too

    proof = run_cli(a.home, "log", "prove", "3")
    assert witness.name in proof
    (tmp_path / "proof.txt").write_text(proof)
    stores = open_node_stores(Settings(home=a.home, environment="test"))
    try:
        (tmp_path / "leaf.json").write_bytes(stores.own.entries(3, 4)[0])
    finally:
        stores.close()
    leaf = ("--leaf", str(tmp_path / "leaf.json"))
    run_cli(
        a.home,
        "verify-proof",
        str(tmp_path / "proof.txt"),
        *leaf,
        "--policy",
        str(tmp_path / "both.txt"),
    )
