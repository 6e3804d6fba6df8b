"""The log read routes over HTTP: entries by range, proofs that verify, errors in one shape."""

from __future__ import annotations

import base64
import time

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from counterpart.domain.errors import InvalidInput
from counterpart.exchange.peer import PeerClient
from counterpart.exchange.signing import SignedRequest, sign_request
from counterpart.ledger.note import NoteSigner
from counterpart.ledger.tree import hash_leaf, root_hash
from counterpart.ledger.verify import verify_consistency, verify_inclusion
from tests.exchange.harness import Node, entry_bytes


def _get(client: TestClient, signer: NoteSigner, path: str, query: str) -> httpx.Response:
    headers = sign_request(SignedRequest("GET", path, query, b""), signer, int(time.time()))
    response: httpx.Response = client.get(f"{path}?{query}", headers=headers)
    return response


def _hashes(response: httpx.Response) -> list[bytes]:
    return [base64.b64decode(h) for h in response.json()["hashes"]]


def test_entries_and_proofs_served_to_the_peer_verify(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    node_a.append(1500)
    b = node_b.signer
    page = _get(app_a, b, "/peer/v1/log/entries", "start=10&end=1400").json()
    assert (page["version"], page["start"], len(page["entries"])) == (1, 10, 1000)
    assert base64.b64decode(page["entries"][0]) == entry_bytes("us", 10)
    root = root_hash(node_a.stores.own, 1500)
    inclusion = _get(app_a, b, "/peer/v1/log/proof/inclusion", "index=777&size=1500")
    verify_inclusion(hash_leaf(entry_bytes("us", 777)), 777, 1500, _hashes(inclusion), root)
    consistency = _get(app_a, b, "/peer/v1/log/proof/consistency", "old=1000&new=1500")
    old_root = root_hash(node_a.stores.own, 1000)
    verify_consistency(1000, 1500, _hashes(consistency), old_root, root)


def test_bad_ranges_are_refused_in_the_one_error_shape(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    node_a.append(5)
    b = node_b.signer
    past = _get(app_a, b, "/peer/v1/log/entries", "start=3&end=9")
    assert (past.status_code, past.json()["code"]) == (404, "not_found")
    empty = _get(app_a, b, "/peer/v1/log/entries", "start=3&end=3")
    assert (empty.status_code, empty.json()["where"]) == (422, "end")
    outside = _get(app_a, b, "/peer/v1/log/proof/inclusion", "index=5&size=5")
    assert (outside.status_code, outside.json()["ok"]) == (422, False)
    assert "outside" in outside.json()["error"]


def test_a_page_in_a_wire_version_this_node_does_not_speak_is_refused() -> None:
    future = FastAPI()

    @future.get("/peer/v1/log/entries")
    def entries() -> dict[str, object]:
        return {"version": 2, "start": 0, "entries": []}

    with TestClient(future, base_url="http://future.test") as http:
        client = PeerClient("http://future.test", NoteSigner.generate("counterpart/cn"), http=http)
        with pytest.raises(InvalidInput, match=r"malformed EntriesPage: .* at version"):
            client.fetch_entries(0, 1)
