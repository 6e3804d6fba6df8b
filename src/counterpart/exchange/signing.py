"""RFC 9421 HTTP Message Signatures (Ed25519) over method, path, query and content digest.

Every request between nodes carries `Content-Digest` (RFC 9530), `Signature-Input` and
`Signature` with one signature labelled `sig1`, made with the sender's node key. The verifier
refuses a request that is unsigned, signed by an unknown key, wrongly signed, too old, or
whose nonce it has seen before (a replay).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from counterpart.domain.errors import Unauthenticated
from counterpart.exchange.keys import new_nonce
from counterpart.ledger.note import NoteSigner, VerifierKey

LABEL = "sig1"
COMPONENTS = ('"@method"', '"@path"', '"@query"', '"content-digest"')
MAX_AGE_SECONDS = 300
MAX_CLOCK_SKEW_SECONDS = 60
_INPUT = re.compile(r'^sig1=\(([^)]*)\)((?:;[a-z]+=(?:"[^"]*"|[0-9]+))*)$')
_PARAM = re.compile(r';([a-z]+)=("[^"]*"|[0-9]+)')
_SIGNATURE = re.compile(r"^sig1=:([A-Za-z0-9+/=]+):$")


class NonceStore(Protocol):
    """Remembers the nonces seen per key; `remember` is False when one comes back."""

    def remember(self, key_id: str, nonce: str, created: int) -> bool: ...


@dataclass(frozen=True)
class SignedRequest:
    """The parts of an HTTP request that the signature covers."""

    method: str
    path: str
    query: str
    body: bytes


def content_digest(body: bytes) -> str:
    """The RFC 9530 `Content-Digest` value of `body` (SHA-256)."""
    return f"sha-256=:{base64.b64encode(hashlib.sha256(body).digest()).decode()}:"


def _signature_base(request: SignedRequest, digest: str, params: str) -> bytes:
    lines = [
        f'"@method": {request.method.upper()}',
        f'"@path": {request.path}',
        f'"@query": ?{request.query}',
        f'"content-digest": {digest}',
        f'"@signature-params": ({" ".join(COMPONENTS)}){params}',
    ]
    return "\n".join(lines).encode()


def sign_request(request: SignedRequest, key: NoteSigner, now: int) -> dict[str, str]:
    """The headers that authenticate `request` as sent by `key` at `now` (Unix seconds)."""
    digest = content_digest(request.body)
    params = f';created={now};keyid="{key.name}";nonce="{new_nonce()}";alg="ed25519"'
    signature = key.sign_raw(_signature_base(request, digest, params))
    return {
        "Content-Digest": digest,
        "Signature-Input": f"{LABEL}=({' '.join(COMPONENTS)}){params}",
        "Signature": f"{LABEL}=:{base64.b64encode(signature).decode()}:",
    }


def _parse_input(value: str) -> tuple[str, dict[str, str]]:
    match = _INPUT.match(value.strip())
    if match is None:
        raise Unauthenticated("Signature-Input is missing or malformed", where="Signature-Input")
    if tuple(match.group(1).split()) != COMPONENTS:
        raise Unauthenticated(
            f"the signature must cover {' '.join(COMPONENTS)}", where="Signature-Input"
        )
    params = {name: raw.strip('"') for name, raw in _PARAM.findall(match.group(2))}
    for required in ("created", "keyid", "nonce", "alg"):
        if required not in params:
            raise Unauthenticated(f"the signature has no {required}", where="Signature-Input")
    if params["alg"] != "ed25519":
        raise Unauthenticated("only alg=ed25519 is accepted", where="Signature-Input")
    return match.group(2), params


def _parse_signature(value: str) -> bytes:
    match = _SIGNATURE.match(value.strip())
    if match is None:
        raise Unauthenticated("Signature is missing or malformed", where="Signature")
    try:
        return base64.b64decode(match.group(1), validate=True)
    except binascii.Error as exc:
        raise Unauthenticated("Signature is not base64", where="Signature") from exc


def _check_freshness(created: int, now: int) -> None:
    if created > now + MAX_CLOCK_SKEW_SECONDS:
        raise Unauthenticated("the signature was created in the future", where="Signature-Input")
    if now - created > MAX_AGE_SECONDS:
        raise Unauthenticated("the signature has expired", where="Signature-Input")


def verify_request(
    request: SignedRequest,
    headers: Mapping[str, str],
    resolve_key: Callable[[str], VerifierKey | None],
    nonces: NonceStore,
    now: int,
) -> VerifierKey:
    """The key that signed `request`, or Unauthenticated saying what is wrong."""
    raw_params, params = _parse_input(headers.get("signature-input", ""))
    signature = _parse_signature(headers.get("signature", ""))
    digest = headers.get("content-digest", "")
    if digest != content_digest(request.body):
        raise Unauthenticated("Content-Digest does not match the body", where="Content-Digest")
    _check_freshness(int(params["created"]), now)
    key = resolve_key(params["keyid"])
    if key is None:
        raise Unauthenticated(f"unknown key {params['keyid']!r}", where="Signature-Input")
    if not _is_valid(key, signature, _signature_base(request, digest, raw_params)):
        raise Unauthenticated("the signature does not verify", where="Signature")
    if not nonces.remember(key.name, params["nonce"], int(params["created"])):
        raise Unauthenticated("the request was replayed (nonce seen before)", where="Signature")
    return key


def _is_valid(key: VerifierKey, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, message)
    except InvalidSignature:
        return False
    return True
