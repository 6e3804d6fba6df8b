"""Two real nodes over HTTP: A appends, B mirrors and cosigns; faults on the way."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from counterpart.domain.errors import PeerUnavailable
from counterpart.domain.records import decode_record
from counterpart.exchange.keys import load_node_key
from counterpart.exchange.peer import PeerClient
from counterpart.ledger.audit import audit_bundle
from counterpart.ledger.note import parse_vkey
from counterpart.ledger.policy import bilateral_policy, verify_checkpoint
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.log_append import append_entries, recheck_log, sign_checkpoint
from counterpart.workflows.mirroring import MirrorPorts, mirror_once
from tests.nodes.harness import NodeProcess, run_cli, start_all, wait_for


def _status(node: NodeProcess) -> dict[str, object]:
    body: dict[str, object] = json.loads(run_cli(node.home, "log", "status", "--format", "json"))
    return body


@pytest.mark.slow
def test_a_appends_b_mirrors_and_cosigns(
    nodes: tuple[NodeProcess, NodeProcess], tmp_path: Path
) -> None:
    a, b = nodes
    start_all(a, b)
    for n in range(3):
        record = json.dumps({"summary": f"seizure {n}", "quantity": "12.5 kg"})
        run_cli(a.home, "log", "append", "--type", "incident", "-", input_text=record)
    wait_for(lambda: _status(a)["cosigned_size"] == 3, "B's cosignature of A's checkpoint 3")
    assert _status(a)["cosigned_by"] == ["counterpart/cn"]
    assert httpx.get(f"{a.url}/api/v1/log/status").status_code == 401  # operators sign in
    assert _status(b)["mirrors"] == {"us": 3}

    settings_b = Settings(home=b.home, environment="test")
    client = PeerClient(a.url, load_node_key(settings_b))
    note = client.fetch_checkpoint()
    client.close()
    vkey_a = parse_vkey(_vkey(a))
    policy = bilateral_policy(vkey_a, load_node_key(settings_b).verifier_key())
    assert verify_checkpoint(note, policy).signed.checkpoint.size == 3

    run_cli(a.home, "log", "export", str(tmp_path / "bundle"))
    report = audit_bundle(tmp_path / "bundle")
    assert (report.sound, report.entries) == (True, 3)
    proof = run_cli(a.home, "log", "prove", "1")
    assert proof.startswith("c2sp.org/tlog-proof@v1\nindex 1\n")
    (tmp_path / "proof.txt").write_text(proof)
    (tmp_path / "policy.txt").write_text(policy.to_text())
    stores_a = open_node_stores(Settings(home=a.home, environment="test"))
    (tmp_path / "leaf.json").write_bytes(stores_a.own.entries(1, 2)[0])
    stores_a.close()
    leaf = ("--leaf", str(tmp_path / "leaf.json"))
    policy_file = ("--policy", str(tmp_path / "policy.txt"))
    run_cli(a.home, "verify-proof", str(tmp_path / "proof.txt"), *leaf, *policy_file)

    mirrored = json.loads(run_cli(a.home, "mirror", "--once"))  # A mirrors B's (empty) log
    assert (mirrored["peer"], mirrored["size"], mirrored["alarm"]) == ("cn", 0, None)


def _vkey(node: NodeProcess) -> str:
    return load_node_key(Settings(home=node.home, environment="test")).verifier_key().to_vkey()


class _StopsThePeer:
    """B's view of A that stops A's process after `after` pages of entries."""

    def __init__(self, client: PeerClient, node: NodeProcess, after: int) -> None:
        self.client, self.node, self.after = client, node, after

    def fetch_checkpoint(self) -> str:
        return self.client.fetch_checkpoint()

    def fetch_entries(self, start: int, end: int) -> list[bytes]:
        if self.after == 0:
            self.node.stop(signal.SIGKILL)
        self.after -= 1
        return self.client.fetch_entries(start, end)

    def fetch_consistency(self, old_size: int, new_size: int) -> list[bytes]:
        return self.client.fetch_consistency(old_size, new_size)

    def send_cosignature(self, size: int, line: str) -> None:
        self.client.send_cosignature(size, line)


@pytest.mark.slow
def test_the_peer_stopped_mid_sync_then_restarted(nodes: tuple[NodeProcess, NodeProcess]) -> None:
    a, b = nodes
    settings_a = Settings(home=a.home, environment="test")
    stores_a = open_node_stores(settings_a)
    append_entries(stores_a.own, [f'{{"n":{i}}}'.encode() for i in range(2500)])
    sign_checkpoint(stores_a.own, load_node_key(settings_a))
    stores_a.close()
    start_all(a)
    settings_b = Settings(home=b.home, environment="test")
    stores_b, signer_b = open_node_stores(settings_b), load_node_key(settings_b)
    client = PeerClient(a.url, signer_b, retries=2, backoff=0.05)
    mirror = stores_b.log_named("peer:us")

    def ports(remote: object) -> MirrorPorts:
        return MirrorPorts(remote, stores_b.book, mirror, signer_b, lambda: int(time.time()))  # type: ignore[arg-type]

    with pytest.raises(PeerUnavailable):
        mirror_once("us", ports(_StopsThePeer(client, a, after=3)), chunk=400)
    assert mirror.size() == 1200  # three verified pages kept
    start_all(a)
    result = mirror_once("us", ports(client), chunk=400)
    assert (result.size, result.fetched, result.cosigned) == (2500, 1300, True)
    client.close()
    stores_b.close()
    assert _status(a)["cosigned_size"] == 2500


def _admin_token(home: Path) -> str:
    run_cli(home, "user", "add", "ops", "--role", "admin")
    return run_cli(home, "token", "create", "ops", "--name", "appends").strip().splitlines()[-1]


def _stream_records(url: str, token: str, worker: int, acked: dict[int, dict[str, int]]) -> None:
    """Append records until the node stops answering; note each acknowledged index."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        for n in range(100_000):
            content = {"worker": worker, "n": n}
            try:
                response = client.post(
                    "/api/v1/log/records", json={"type": "incident", "content": content}
                )
            except httpx.TransportError:
                return
            assert response.status_code == 201, response.text
            acked[response.json()["index"]] = content


@pytest.mark.slow
def test_sigkill_during_appends_loses_no_acknowledged_record(tmp_path: Path) -> None:
    node = NodeProcess(tmp_path / "a")
    run_cli(node.home, "init", "--party", "us", "--name", "US node")
    token = _admin_token(node.home)
    start_all(node)
    acked: dict[int, dict[str, int]] = {}
    workers = [
        threading.Thread(target=_stream_records, args=(node.url, token, w, acked)) for w in range(4)
    ]
    for worker in workers:
        worker.start()
    wait_for(lambda: len(acked) >= 150, "150 acknowledged appends")
    node.stop(signal.SIGKILL)
    for worker in workers:
        worker.join(timeout=20)
    settings = Settings(home=node.home, environment="test")
    stores = open_node_stores(settings)
    size = stores.own.size()
    assert len(acked) >= 150 and max(acked) < size
    entries = stores.own.entries(0, size)
    assert all(decode_record(entries[i]).content == content for i, content in acked.items())
    recheck_log(stores.own, size, None)
    assert sign_checkpoint(stores.own, load_node_key(settings)).size == size
    stores.close()
    start_all(node)  # the node restarts on the same log and goes on from where it was
    try:
        after = run_cli(node.home, "log", "append", "--type", "incident", "-", input_text="{}")
        assert json.loads(after) == {"index": size}
    finally:
        node.stop()
