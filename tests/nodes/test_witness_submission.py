"""Submitting this node's checkpoints to a neutral C2SP witness, over real HTTP on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counterpart.cli import main
from counterpart.exchange.witness_client import WitnessClient
from counterpart.exchange.witnessing import WitnessClients, WitnessTask
from counterpart.ledger.note import NoteSigner
from counterpart.ledger.tree import root_hash
from counterpart.workflows.log_append import latest_cosigned_checkpoint, receive_cosignature
from counterpart.workflows.log_checkpoints import cosign_checkpoint, open_checkpoint
from counterpart.workflows.neutral_witnesses import add_witness
from counterpart.workflows.node_setup import add_peer
from counterpart.workflows.witness_submission import (
    Outcome,
    SubmissionPorts,
    WitnessResult,
    submit_to_witnesses,
)
from tests.exchange.harness import Node, app_client, make_node
from tests.nodes.stock_witness import StockWitness

NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.fixture
def node(tmp_path: Path, database_url: str) -> Iterator[Node]:
    made = make_node(tmp_path / "a", "us", database_url)
    yield made
    made.stores.close()


@pytest.fixture
def witness(node: Node) -> Iterator[StockWitness]:
    """A witness whose operator has added the node's log, registered on the node."""
    server = StockWitness()
    server.add_log(node.vkey)
    server.start()
    register(node, server)
    yield server
    server.stop()


def register(node: Node, server: StockWitness, name: str = "incb") -> None:
    add_witness(
        node.stores.witnesses, name=name, url=server.url, vkey=server.vkey, actor="cli", now=NOW
    )


def ports(node: Node, clients: WitnessClients) -> SubmissionPorts:
    return SubmissionPorts(
        own=node.stores.own,
        book=node.stores.book,
        registry=node.stores.witnesses,
        log_key=node.signer.verifier_key(),
        endpoint_for=clients.endpoint_for,
        # The cosignatures' dates are checked against the clock the witness signs with: the
        # real one (a fixed clock here failed every cosignature once real time passed it).
        clock=lambda: int(time.time()),
        now=lambda: NOW,
    )


def submit(node: Node, retries: int = 0) -> list[WitnessResult]:
    clients = WitnessClients(lambda url: WitnessClient(url, retries=retries, sleep=lambda _: None))
    try:
        return submit_to_witnesses(ports(node, clients))
    finally:
        clients.close()


def witness_lines(node: Node, size: int) -> list[str]:
    return [c.line for c in node.stores.own.cosignatures(size) if c.signer.startswith("witness")]


def submit_once(node: Node, server: StockWitness) -> WitnessResult:
    """Start `server`, register it, append a record and submit once; its one result."""
    server.start()
    register(node, server)
    node.append(1)
    try:
        (result,) = submit(node)
    finally:
        server.stop()
    return result


def test_first_submission_sends_old_0_then_a_proof_then_nothing(
    node: Node, witness: StockWitness
) -> None:
    node.append(3)
    assert submit(node) == [WitnessResult("incb", Outcome.COSIGNED, 3)]
    assert witness.requests == [(0, 0)]
    assert len(witness_lines(node, 3)) == 1
    assert node.stores.witnesses.witnesses()[0].cosigned_size == 3

    assert submit(node) == [WitnessResult("incb", Outcome.UP_TO_DATE, 3)]
    assert witness.requests == [(0, 0)]  # nothing sent for a checkpoint it cosigned

    node.append(4)
    assert submit(node) == [WitnessResult("incb", Outcome.COSIGNED, 7)]
    old, proof_lines = witness.requests[-1]
    assert old == 3 and proof_lines > 0
    assert witness.state["counterpart/us"] == (7, root_hash(node.stores.own, 7))
    row = node.stores.witnesses.witnesses()[0]
    assert (row.cosigned_size, row.last_error) == (7, None)


def test_a_409_is_retried_from_the_size_the_witness_knows(
    node: Node, witness: StockWitness
) -> None:
    node.append(5)
    # The witness cosigned size 2 of this log before (e.g. this node's database was restored).
    witness.state["counterpart/us"] = (2, root_hash(node.stores.own, 2))
    assert submit(node) == [WitnessResult("incb", Outcome.COSIGNED, 5)]
    assert witness.requests[0] == (0, 0)
    assert witness.requests[1][0] == 2 and witness.requests[1][1] > 0
    assert node.stores.book.alarms() == []


def test_an_unknown_log_says_what_the_witness_operator_must_add(node: Node) -> None:
    result = submit_once(node, StockWitness())  # its operator has not added the node's log
    assert result.outcome is Outcome.UNKNOWN_LOG
    assert result.error is not None
    assert "origin 'counterpart/us'" in result.error and node.vkey in result.error
    assert node.stores.witnesses.witnesses()[0].last_error == result.error
    assert witness_lines(node, 1) == []


def test_a_cosignature_by_another_key_is_refused_alarmed_and_not_kept(
    node: Node, witness: StockWitness
) -> None:
    witness.cosigner = Ed25519PrivateKey.generate()
    node.append(2)
    (result,) = submit(node)
    assert result.outcome is Outcome.ALARM
    assert witness_lines(node, 2) == []
    (alarm,) = node.stores.book.alarms()
    assert alarm.kind == "witness_cosignature_refused"
    assert alarm.said is not None and "nothing was kept" in alarm.message
    assert node.stores.witnesses.witnesses()[0].cosigned_size is None


def test_a_witness_that_saw_a_larger_log_is_an_alarm(node: Node, witness: StockWitness) -> None:
    node.append(3)
    witness.state["counterpart/us"] = (9, b"\x07" * 32)
    (result,) = submit(node)
    assert result.outcome is Outcome.ALARM
    (alarm,) = node.stores.book.alarms()
    assert alarm.kind == "witness_saw_larger_log"
    assert "size 9, larger than its latest checkpoint 3" in alarm.message
    assert witness.requests == [(0, 0)]  # no retry from a size above ours
    assert witness_lines(node, 3) == []


def test_a_witness_holding_another_root_rejects_the_proof_an_alarm(
    node: Node, witness: StockWitness
) -> None:
    node.append(4)
    witness.state["counterpart/us"] = (2, b"\x07" * 32)  # a root this log never had at 2
    (result,) = submit(node)
    assert result.outcome is Outcome.ALARM
    assert [a.kind for a in node.stores.book.alarms()] == ["witness_rejected_proof"]


def test_the_task_backs_off_while_the_witness_is_down_then_submits(node: Node) -> None:
    server = StockWitness()
    server.add_log(node.vkey)
    register(node, server)
    node.append(2)
    now = [0.0]
    clients = WitnessClients(lambda url: WitnessClient(url, retries=0, timeout=2))
    task = WitnessTask(
        lambda names: submit_to_witnesses(ports(node, clients), names),
        lambda: [w.name for w in node.stores.witnesses.witnesses()],
        interval=1.0,
        close=clients.close,
        clock=lambda: now[0],
    )
    try:
        assert [r.outcome for r in task.run_once()] == [Outcome.UNREACHABLE]
        assert "no answer" in (node.stores.witnesses.witnesses()[0].last_error or "")
        server.start()
        assert task.run_once() == []  # backing off: not tried again yet
        now[0] += 2.0
        assert task.run_once() == [WitnessResult("incb", Outcome.COSIGNED, 2)]
        assert node.stores.witnesses.witnesses()[0].last_error is None
    finally:
        task.stop()
        server.stop()


def test_every_checkpoint_it_lacks_is_submitted_in_turn(node: Node, witness: StockWitness) -> None:
    node.append(2)
    node.append(3)  # two checkpoints signed before the witness was ever asked
    assert submit(node) == [WitnessResult("incb", Outcome.COSIGNED, 5)]
    assert [old for old, _ in witness.requests] == [0, 2]
    assert (len(witness_lines(node, 2)), len(witness_lines(node, 5))) == (1, 1)


def test_the_status_api_shows_each_witness(node: Node, witness: StockWitness) -> None:
    node.append(2)
    submit(node)
    home = ["--home", str(node.settings.home), "--database-url", str(node.settings.database_url)]
    runner = CliRunner()
    runner.invoke(main, [*home, "user", "add", "ops", "--role", "viewer"])
    token = runner.invoke(main, [*home, "token", "create", "ops", "--name", "t"])
    bearer = {"Authorization": f"Bearer {token.output.strip().splitlines()[-1]}"}
    with app_client(node, "http://a.test") as app:
        shown = app.get("/api/v1/log/status", headers=bearer).json()
    app.app.state.engine.dispose()  # type: ignore[attr-defined]
    (listed,) = shown["witnesses"]
    assert (listed["name"], listed["url"], listed["vkey"]) == ("incb", witness.url, witness.vkey)
    assert (listed["cosigned_size"], listed["last_error"]) == (2, None)
    assert shown["cosigned_by"] == [witness.name]


def test_a_proof_uses_the_checkpoint_the_counterpart_cosigned(
    node: Node, witness: StockWitness, tmp_path: Path
) -> None:
    counterpart = NoteSigner.generate("counterpart/cn")
    add_peer(node.stores.book, "cn", "http://b.test", counterpart.verifier_key().to_vkey())
    node.append(2)
    note = node.stores.own.latest_checkpoint()
    assert note is not None
    opened = open_checkpoint(note.note, node.signer.verifier_key())
    line = cosign_checkpoint(counterpart, opened, int(NOW.timestamp()))
    own, key = node.stores.own, node.signer.verifier_key()
    receive_cosignature(
        own, key, counterpart.verifier_key(), size=2, line=line, now=int(NOW.timestamp())
    )
    node.append(1)  # checkpoint 3: the witness cosigns it before the counterpart has
    assert submit(node) == [WitnessResult("incb", Outcome.COSIGNED, 3)]
    assert latest_cosigned_checkpoint(own).size == 3
    assert latest_cosigned_checkpoint(own, "counterpart/cn").size == 2
    home = ["--home", str(node.settings.home), "--database-url", str(node.settings.database_url)]
    proof = CliRunner().invoke(main, [*home, "log", "prove", "1"])
    assert proof.exit_code == 0, proof.output
    assert "counterpart/us\n2\n" in proof.stdout
    assert witness.name in proof.stdout and "counterpart/cn" in proof.stdout


def test_a_403_names_the_vkey_the_witness_operator_must_configure(node: Node) -> None:
    server = StockWitness()
    other = NoteSigner.generate("counterpart/us")  # the operator configured a wrong key
    server.add_log(other.verifier_key().to_vkey())
    result = submit_once(node, server)
    assert result.outcome is Outcome.REFUSED
    assert result.error is not None
    assert "add-checkpoint: the witness answered 403: no valid signature by the log" in result.error
    assert result.error.endswith(f"which must be {node.vkey}")
    assert node.stores.book.alarms() == []
