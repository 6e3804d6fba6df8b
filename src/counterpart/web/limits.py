"""Input limits at the edge: body size, integers a database column holds, no NUL characters."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counterpart.domain.errors import PayloadTooLarge, error_shape
from counterpart.domain.messages import N_
from counterpart.domain.messages import message as say

# The largest PostgreSQL INTEGER: record positions (cursors), versions, and LIMIT/OFFSET, which
# SQLAlchemy binds as INTEGER there. A larger one would be a 500 on PostgreSQL, not on SQLite.
MAX_INTEGER = 2**31 - 1
# The largest BIGINT (and SQLite integer): log indices and tree sizes.
MAX_BIGINT = 2**63 - 1
# A JSON string escape of NUL: an even run of backslashes (escaped ones) before `\u0000`.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class BodySizeLimit:
    """ASGI middleware: a body over `max_bytes` gets 413 in the one error shape."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        refused = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    refused = True
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            if refused:
                await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        said = say(N_("request body is over the limit of %(limit)s bytes"), limit=self.max_bytes)
        body = error_shape(413, "payload_too_large", said.english(), said=said)
        # A page (a form's upload) gets the HTML error page in its reader's language, when the
        # UI installed one on the app (`app.state.error_page`); anything else the JSON shape.
        error_page = getattr(getattr(scope.get("app"), "state", None), "error_page", None)
        if error_page is not None:
            page: Response | None = await error_page(Request(scope, receive), body)
            if page is not None:
                await page(scope, receive, send)
                return
        await send_body(send, 413, body)


class RefuseNul:
    """ASGI middleware: a NUL in the URL, a JSON body or a form body gets 422, naming where.

    PostgreSQL's text and JSONB refuse NUL, so without this a NUL would be a 500 there and
    stored as is on SQLite. Put it inside `BodySizeLimit`: it reads a JSON body whole.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = _find_nul_in_url(scope)
        if where is not None:
            message = f"{where} has a NUL character (%00), which no text field may hold"
            await send_error(send, 422, "invalid_input", message, where)
            return
        content_type = dict(scope.get("headers", [])).get(b"content-type", b"").lower()
        is_json = b"json" in content_type
        if not is_json and b"application/x-www-form-urlencoded" not in content_type:
            await self.app(scope, receive, send)
            return
        messages = await _read_body(receive)
        body = b"".join(message.get("body", b"") for message in messages)
        where = _find_nul_in_body(body, is_json)
        if where is not None:
            kind = "JSON body" if is_json else "form"
            message = f"the {kind} has a NUL character in {where}, which no text field may hold"
            await send_error(send, 422, "invalid_input", message, where)
            return
        await self.app(scope, _replay(messages, receive), send)


async def read_body_within(request: Request, limit: int, setting: str) -> bytes:
    """The request body as it streams in, refused (413) as soon as it passes `limit` bytes.

    A declared Content-Length over the limit is refused before a byte is read; a body that
    declares less (or nothing, chunked) is never held beyond `limit` + one chunk.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(
            f"the body is {declared} bytes, over the {limit}-byte limit ({setting})", where="body"
        )
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            message = f"the body is over the {limit}-byte limit ({setting})"
            raise PayloadTooLarge(message, where="body")
    return bytes(body)


def _find_nul_in_body(body: bytes, is_json: bool) -> str | None:
    """`body` or `form.NAME` where a JSON or urlencoded form body holds a NUL, else None."""
    if is_json:
        return "body" if b"\x00" in body or _JSON_NUL.search(body) else None
    for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return f"form.{name.replace(chr(0), '%00')}"
    return None


def _find_nul_in_url(scope: Scope) -> str | None:
    """`path` or `query.NAME` where the URL holds a NUL (raw or percent-encoded), else None."""
    if "\x00" in scope.get("path", ""):
        return "path"
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return f"query.{name.replace(chr(0), '%00')}"
    return None


async def _read_body(receive: Receive) -> list[Message]:
    messages = [await receive()]
    while messages[-1]["type"] == "http.request" and messages[-1].get("more_body", False):
        messages.append(await receive())
    return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A `receive` that hands out the messages already read, then the live channel."""
    pending = list(messages)

    async def replaying_receive() -> Message:
        return pending.pop(0) if pending else await receive()

    return replaying_receive


async def send_error(
    send: Send, status: int, code: str, message: str, where: str | None = None
) -> None:
    """The one error shape, sent from a middleware (outside the app's exception handlers)."""
    await send_body(send, status, error_shape(status, code, message, where))


async def send_body(send: Send, status: int, shape: dict[str, object]) -> None:
    """An error body already in the one shape, sent from a middleware."""
    body = json.dumps(shape).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
