"""The httpx client of a neutral witness's C2SP tlog-witness `add-checkpoint` endpoint.

A stock witness (litewitness, omniwitness, a sigsum witness) neither signs nor expects
signed requests: the request is the body alone, POSTed to `<submission prefix>/add-checkpoint`.
Each answer the spec defines becomes the error the submission workflow reads; transport
failures and 502/503/504 are retried with back-off, then PeerUnavailable.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from counterpart.domain.errors import (
    Conflict,
    CounterpartError,
    NotFound,
    PermissionDenied,
)
from counterpart.exchange.peer import Retries, send_with_retries
from counterpart.workflows.witness import BadWitnessRequest, ProofRejected, StaleOldSize

SIZE_MEDIA_TYPE = "text/x.tlog.size"
MAX_ANSWER_CHARS = 500  # of a refusal's body, in an error message
_ERRORS: dict[int, type[CounterpartError]] = {  # the spec's refusals; 409 is read apart
    400: BadWitnessRequest,
    403: PermissionDenied,
    404: NotFound,
    422: ProofRejected,
}


@dataclass
class WitnessClient:
    """Submits checkpoints to the witness whose submission prefix is `url`."""

    url: str
    transport: httpx.BaseTransport | None = None
    retries: int = 4
    backoff: float = 0.2
    timeout: float = 10.0
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = field(default=None, init=False, repr=False)

    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(transport=self.transport, timeout=self.timeout)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def add_checkpoint(self, old_size: int, proof: list[bytes], checkpoint: str) -> str:
        """WitnessEndpoint: the cosignature line(s) the witness answers with (200)."""
        lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
        body = ("\n".join(lines) + "\n\n" + checkpoint).encode()
        url = self.url + "/add-checkpoint"
        response = send_with_retries(
            lambda: self.client().post(url, content=body),
            Retries(self.retries, self.backoff, self.sleep),
            no_answer="the witness gave no answer",
            where=url,
        )
        return _read_answer(response)


def _read_answer(response: httpx.Response) -> str:
    status, where = response.status_code, str(response.url)
    if status == 200:
        return response.text
    said = response.text.strip()[:MAX_ANSWER_CHARS] or f"HTTP {status}"
    if status == 409:
        media = response.headers.get("content-type", "").split(";")[0].strip()
        size = response.text.strip()
        if media == SIZE_MEDIA_TYPE and size.isdigit():
            raise StaleOldSize(f"the witness last cosigned size {size}", int(size))
        raise Conflict(f"the witness answered 409 without its size: {said}", where=where)
    error = _ERRORS.get(status, CounterpartError)
    raise error(f"the witness answered {status}: {said}", where=where)
