"""The tlog-witness add-checkpoint contract of B's node: 200, 404, 403, 400, 409, 422."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from counterpart.exchange.signing import SignedRequest, sign_request
from counterpart.ledger.checkpoint import Checkpoint, sign_checkpoint
from counterpart.ledger.cosignature import check_cosignature
from counterpart.ledger.note import NoteSigner, parse_note
from counterpart.ledger.tree import prove_consistency, root_hash
from counterpart.workflows.log_append import require_checkpoint
from counterpart.workflows.witness import StaleOldSize, add_checkpoint, parse_add_checkpoint
from tests.exchange.conftest import B_URL
from tests.exchange.harness import Node, app_client

PATH = "/peer/v1/witness/add-checkpoint"


@pytest.fixture
def app_b(node_a: Node, node_b: Node) -> Iterator[TestClient]:
    with app_client(node_b, B_URL) as client:
        yield client
    client.app.state.engine.dispose()  # type: ignore[attr-defined]


def _post(client: TestClient, signer: NoteSigner, body: str) -> httpx.Response:
    headers = sign_request(SignedRequest("POST", PATH, "", body.encode()), signer, int(time.time()))
    response: httpx.Response = client.post(PATH, content=body.encode(), headers=headers)
    return response


def _body(old: int, proof: list[bytes], checkpoint: str) -> str:
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    return "\n".join(lines) + "\n\n" + checkpoint


def test_the_witness_cosigns_extensions_and_refuses_the_rest(
    node_a: Node, node_b: Node, app_b: TestClient
) -> None:
    a = node_a
    a.append(5)
    five = require_checkpoint(a.stores.own).note
    ok = _post(app_b, a.signer, _body(0, [], five))
    assert ok.status_code == 200
    cosig = parse_note(five + ok.text).signatures[-1]
    check_cosignature(parse_note(five), cosig, node_b.signer.verifier_key())

    stale = _post(app_b, a.signer, _body(0, [], five))
    assert (stale.status_code, stale.text, stale.headers["content-type"]) == (
        409,
        "5\n",
        "text/x.tlog.size",
    )

    a.append(3)
    eight = require_checkpoint(a.stores.own).note
    good_proof = prove_consistency(a.stores.own, 5, 8)
    bad_proof = [good_proof[0][::-1], *good_proof[1:]]
    rejected = _post(app_b, a.signer, _body(5, bad_proof, eight))
    assert (rejected.status_code, rejected.json()["code"]) == (422, "proof_rejected")
    alarm = node_b.stores.book.alarms()[-1]
    assert alarm.kind == "consistency_proof_rejected"
    assert alarm.said is not None and alarm.said.english() == alarm.message  # for the pages

    above = _post(app_b, a.signer, _body(9, [], eight))
    assert (above.status_code, above.json()["code"]) == (400, "bad_request")
    assert _post(app_b, a.signer, "not a request").status_code == 400

    impostor = NoteSigner.generate(a.signer.name)
    forged = sign_checkpoint(Checkpoint(a.signer.name, 8, root_hash(a.stores.own, 8)), impostor)
    assert _post(app_b, a.signer, _body(5, good_proof, forged.to_text())).status_code == 403

    stranger = NoteSigner.generate("counterpart/zz")
    unknown = sign_checkpoint(Checkpoint("counterpart/zz", 1, b"\x01" * 32), stranger)
    assert _post(app_b, a.signer, _body(0, [], unknown.to_text())).status_code == 404

    assert _post(app_b, a.signer, _body(5, good_proof, eight)).status_code == 200
    assert node_b.stores.book.witness_state(a.signer.name) == (8, root_hash(a.stores.own, 8))


def test_two_concurrent_requests_from_one_old_size_cosign_once(node_a: Node, node_b: Node) -> None:
    node_a.append(4)
    text = require_checkpoint(node_a.stores.own).note
    request = parse_add_checkpoint(_body(0, [], text).encode())
    mirror = node_b.stores.log_named("peer:us")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def cosign() -> None:
        start.wait()
        try:
            add_checkpoint(request, node_b.stores.book, mirror, node_b.signer, int(time.time()))
            outcomes.append("cosigned")
        except StaleOldSize as exc:
            outcomes.append(f"stale {exc.size}")

    threads = [threading.Thread(target=cosign) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["cosigned", "stale 4"]
