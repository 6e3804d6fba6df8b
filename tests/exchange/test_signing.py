"""RFC 9421 request signatures: peer requests that are unsigned, wrong, old or replayed get 401."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from counterpart.domain.errors import Unauthenticated
from counterpart.exchange.signing import SignedRequest, sign_request, verify_request
from counterpart.ledger.note import NoteSigner, VerifierKey
from tests.exchange.harness import Node

REQUEST = SignedRequest("POST", "/peer/v1/log/cosignatures", "", b'{"size":1}')


class Nonces:
    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def remember(self, key_id: str, nonce: str, created: int) -> bool:
        if (key_id, nonce) in self.seen:
            return False
        self.seen.add((key_id, nonce))
        return True


def _verify(
    headers: dict[str, str], key: VerifierKey, nonces: Nonces, request: SignedRequest = REQUEST
) -> VerifierKey:
    lowered = {name.lower(): value for name, value in headers.items()}
    return verify_request(request, lowered, {key.name: key}.get, nonces, 1_000_000)


def test_a_signed_request_verifies_once() -> None:
    signer = NoteSigner.generate("counterpart/us")
    headers = sign_request(REQUEST, signer, 1_000_000)
    nonces = Nonces()
    assert _verify(headers, signer.verifier_key(), nonces).name == "counterpart/us"
    with pytest.raises(Unauthenticated, match="replayed"):
        _verify(headers, signer.verifier_key(), nonces)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (SignedRequest("POST", "/peer/v1/log/cosignatures", "", b'{"size":2}'), "Content-Digest"),
        (SignedRequest("GET", "/peer/v1/log/cosignatures", "", b'{"size":1}'), "does not verify"),
        (SignedRequest("POST", "/peer/v1/log/entries", "", b'{"size":1}'), "does not verify"),
        (SignedRequest("POST", "/peer/v1/log/cosignatures", "a=1", b'{"size":1}'), "not verify"),
    ],
)
def test_a_changed_request_is_refused(change: SignedRequest, reason: str) -> None:
    signer = NoteSigner.generate("counterpart/us")
    headers = sign_request(REQUEST, signer, 1_000_000)
    with pytest.raises(Unauthenticated, match=reason):
        _verify(headers, signer.verifier_key(), Nonces(), change)


def test_another_key_an_old_signature_and_missing_headers_are_refused() -> None:
    signer, other = NoteSigner.generate("counterpart/us"), NoteSigner.generate("counterpart/us")
    with pytest.raises(Unauthenticated, match="does not verify"):
        _verify(sign_request(REQUEST, other, 1_000_000), signer.verifier_key(), Nonces())
    with pytest.raises(Unauthenticated, match="expired"):
        _verify(sign_request(REQUEST, signer, 1_000_000 - 301), signer.verifier_key(), Nonces())
    with pytest.raises(Unauthenticated, match="future"):
        _verify(sign_request(REQUEST, signer, 1_000_000 + 61), signer.verifier_key(), Nonces())
    with pytest.raises(Unauthenticated, match="Signature-Input is missing"):
        _verify({}, signer.verifier_key(), Nonces())
    unknown = NoteSigner.generate("counterpart/zz")
    with pytest.raises(Unauthenticated, match="unknown key"):
        _verify(sign_request(REQUEST, unknown, 1_000_000), signer.verifier_key(), Nonces())


def test_the_node_answers_401_in_the_one_error_shape(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    node_a.append(1)
    unsigned = app_a.get("/peer/v1/log/checkpoint")
    assert unsigned.status_code == 401
    assert unsigned.json()["code"] == "unauthenticated"
    request = SignedRequest("GET", "/peer/v1/log/checkpoint", "", b"")
    headers = sign_request(request, node_b.signer, int(time.time()))
    assert app_a.get("/peer/v1/log/checkpoint", headers=headers).status_code == 200
    replayed = app_a.get("/peer/v1/log/checkpoint", headers=headers)
    assert (replayed.status_code, replayed.json()["ok"]) == (401, False)
    assert "replayed" in replayed.json()["error"]
    stranger = NoteSigner.generate("counterpart/zz")
    foreign = sign_request(request, stranger, int(time.time()))
    assert app_a.get("/peer/v1/log/checkpoint", headers=foreign).status_code == 401
