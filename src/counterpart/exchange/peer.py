"""The httpx client of the counterpart's node: signed requests, retries with back-off.

The transport is injectable (httpx's one seam), so tests can drive a real ASGI app in-process
or a real server over a socket. A peer that cannot be reached after the retries is
PeerUnavailable; an answer in the error shape becomes the matching CounterpartError.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
from pydantic import ValidationError

from counterpart.domain.errors import (
    Conflict,
    CounterpartError,
    InvalidInput,
    NotFound,
    PeerUnavailable,
    PermissionDenied,
    TamperDetected,
    Unauthenticated,
)
from counterpart.exchange.signing import SignedRequest, sign_request
from counterpart.exchange.wire import (
    CosignatureMessage,
    EntriesPage,
    ProofMessage,
    WireMessage,
    from_base64,
)
from counterpart.ledger.note import NoteSigner

WireT = TypeVar("WireT", bound=WireMessage)
RETRIED_STATUSES = frozenset({502, 503, 504})
_ERRORS: dict[int, type[CounterpartError]] = {
    401: Unauthenticated,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    422: InvalidInput,
}


@dataclass(frozen=True)
class Retries:
    """How often to retry (after the first attempt) and how: `backoff` doubled each time."""

    retries: int
    backoff: float
    sleep: Callable[[float], None]


def send_with_retries(
    send: Callable[[], httpx.Response], retries: Retries, *, no_answer: str, where: str
) -> httpx.Response:
    """`send()`'s first answer other than 502/503/504, retrying those and transport failures
    with back-off; PeerUnavailable ("`no_answer` after N attempts (why)") when none came."""
    failure = ""
    for attempt in range(retries.retries + 1):
        try:
            response = send()
        except httpx.TransportError as exc:
            failure = f"{type(exc).__name__}: {exc}"
        else:
            if response.status_code not in RETRIED_STATUSES:
                return response
            failure = f"HTTP {response.status_code}"
        if attempt < retries.retries:
            retries.sleep(retries.backoff * 2**attempt)
    raise PeerUnavailable(
        f"{no_answer} after {retries.retries + 1} attempts ({failure})", where=where
    )


@dataclass
class PeerClient:
    """Talks to one peer node at `base_url`, signing every request with `signer`."""

    base_url: str
    signer: NoteSigner
    transport: httpx.BaseTransport | None = None
    retries: int = 4
    backoff: float = 0.2
    timeout: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    http: httpx.Client | None = None
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    def client(self) -> httpx.Client:
        """The httpx client: the one injected as `http`, else one built on `transport`."""
        if self.http is not None:
            return self.http
        if self._client is None:
            self._client = httpx.Client(
                base_url=self.base_url, transport=self.transport, timeout=self.timeout
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def request(
        self, method: str, path: str, params: dict[str, int] | None = None, body: bytes = b""
    ) -> httpx.Response:
        """Send a signed request, retrying transport failures and 502/503/504 with back-off.

        Each attempt is signed anew: a retried request must not replay the first one's nonce.
        """
        response = send_with_retries(
            lambda: self.client().send(self.signed_request(method, path, params, body)),
            Retries(self.retries, self.backoff, self.sleep),
            no_answer="no answer",
            where=self.base_url + path,
        )
        return _raise_for_error(response)

    def signed_request(
        self, method: str, path: str, params: dict[str, int] | None, body: bytes
    ) -> httpx.Request:
        """The request, with its RFC 9421 signature headers made now."""
        request = self.client().build_request(method, path, params=params, content=body)
        signed = SignedRequest(method, request.url.path, request.url.query.decode(), body)
        request.headers.update(sign_request(signed, self.signer, int(self.clock())))
        return request

    def fetch_checkpoint(self) -> str:
        """PeerLog: the peer's latest signed checkpoint with its cosignatures."""
        return self.request("GET", "/peer/v1/log/checkpoint").text

    def fetch_entries(self, start: int, end: int) -> list[bytes]:
        """PeerLog: entries [start, end), fetched page by page."""
        entries: list[bytes] = []
        while start + len(entries) < end:
            first = start + len(entries)
            response = self.request("GET", "/peer/v1/log/entries", {"start": first, "end": end})
            page = _parse(EntriesPage, response)
            if page.start != first or not page.entries:
                raise TamperDetected(
                    f"asked for entries from {first}, got a page from {page.start}"
                )
            entries.extend(from_base64(e, f"entry {first + i}") for i, e in enumerate(page.entries))
        return entries[: end - start]

    def fetch_consistency(self, old_size: int, new_size: int) -> list[bytes]:
        """PeerLog: the consistency proof between two sizes of the peer's log."""
        params = {"old": old_size, "new": new_size}
        response = self.request("GET", "/peer/v1/log/proof/consistency", params)
        proof = _parse(ProofMessage, response)
        return [from_base64(h, f"proof hash {i}") for i, h in enumerate(proof.hashes)]

    def send_cosignature(self, size: int, line: str) -> None:
        """PeerLog: hand the peer this node's cosignature of its checkpoint."""
        body = CosignatureMessage(size=size, line=line).model_dump_json().encode()
        self.request("POST", "/peer/v1/log/cosignatures", body=body)

    def add_checkpoint(self, old_size: int, proof: list[bytes], checkpoint: str) -> str:
        """C2SP tlog-witness add-checkpoint on the peer; its cosignature line."""
        lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
        body = ("\n".join(lines) + "\n\n" + checkpoint).encode()
        return self.request("POST", "/peer/v1/witness/add-checkpoint", body=body).text


def _parse(message: type[WireT], response: httpx.Response) -> WireT:
    """A wire message from the peer's answer; InvalidInput saying where it is malformed."""
    try:
        return message.model_validate_json(response.content)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise InvalidInput(
            f"the peer sent a malformed {message.__name__}: {problem['msg']} at {where}",
            where=str(response.url),
        ) from exc


def _raise_for_error(response: httpx.Response) -> httpx.Response:
    if response.is_success:
        return response
    error = _ERRORS.get(response.status_code, CounterpartError)
    try:
        message = str(response.json().get("error", response.text))
    except ValueError:
        message = response.text.strip() or f"HTTP {response.status_code}"
    raise error(f"the peer answered {response.status_code}: {message}", where=str(response.url))
