"""RFC 9421 interoperability: an independent implementation (the `http-message-signatures`
package) verifies the signatures this node makes, and this node verifies the ones it makes."""

from __future__ import annotations

import datetime
import time

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from http_message_signatures import (
    HTTPMessageSigner,
    HTTPMessageVerifier,
    MappingKeyResolver,
    algorithms,
)

from counterpart.exchange.peer import PeerClient
from counterpart.exchange.signing import COMPONENTS, SignedRequest, verify_request
from counterpart.ledger.note import NoteSigner
from tests.exchange.test_signing import Nonces

BODY = b'{"version":1,"size":3,"line":"x"}'


def test_an_independent_verifier_accepts_this_node_signatures() -> None:
    signer = NoteSigner.generate("counterpart/us")
    client = PeerClient("http://a.test", signer)
    request = client.signed_request("POST", "/peer/v1/log/cosignatures", {"size": 3}, BODY)
    public = Ed25519PublicKey.from_public_bytes(signer.public_key)
    resolver = MappingKeyResolver(public_keys={"counterpart/us": public}, private_keys={})
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=resolver)
    components = [c.strip('"') for c in COMPONENTS]
    [result] = verifier.verify(request, body=BODY, require_components=components)
    assert result.label == "sig1"
    assert result.parameters["keyid"] == "counterpart/us"
    client.close()


def test_this_node_accepts_an_independent_signer() -> None:
    private = Ed25519PrivateKey.generate()
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.ED25519,
        key_resolver=MappingKeyResolver(public_keys={}, private_keys={"counterpart/cn": private}),
    )
    request = httpx.Request("POST", "http://a.test/peer/v1/log/cosignatures?size=3", content=BODY)
    signer.sign(
        request,
        key_id="counterpart/cn",
        created=datetime.datetime.now(datetime.UTC),
        nonce="interop-nonce-1",
        label="sig1",
        covered_component_ids=[c.strip('"') for c in COMPONENTS],
        body=BODY,
    )
    key = NoteSigner("counterpart/cn", private).verifier_key()
    signed = SignedRequest("POST", "/peer/v1/log/cosignatures", "size=3", BODY)
    headers = {name.lower(): value for name, value in request.headers.items()}
    verified = verify_request(signed, headers, {key.name: key}.get, Nonces(), int(time.time()))
    assert verified.name == "counterpart/cn"
