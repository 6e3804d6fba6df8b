"""One error handler: every failure leaves the node in the one JSON error shape."""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from counterpart.domain.errors import CounterpartError, InvalidInput, error_shape
from counterpart.domain.messages import Message

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    503: "unavailable",
}


class ErrorBody(BaseModel):
    """The one error shape, as OpenAPI declares it for every 4xx of every API route."""

    ok: bool = Field(description="Always false.")
    code: str = Field(description="A stable code, e.g. invalid_input, not_found, conflict.")
    error: str = Field(description="What is wrong, in words.")
    status: int = Field(description="The HTTP status, repeated.")
    where: str | None = Field(default=None, description="Where in the input, when known.")
    message: dict[str, Any] | None = Field(
        default=None,
        description="The error as a message id (its English template, `%(name)s` placeholders) "
        "and parameters, `{id, params}`, when the node composed it: a client can translate it.",
    )


# Every API router declares this, so the OpenAPI names the one shape for every refusal.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    "4XX": {"model": ErrorBody, "description": "Refused: the one error shape."}
}

# The same for a route whose success is plain text (FastAPI would file the model under it).
PLAIN_TEXT_ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    "4XX": {
        "description": "Refused: the one error shape.",
        "content": {"application/json": {"schema": ErrorBody.model_json_schema()}},
    }
}


def error_response(
    status: int, code: str, message: str, where: str | None = None, said: Message | None = None
) -> JSONResponse:
    """The one JSON error shape as a response (see `counterpart.domain.errors.error_shape`)."""
    return JSONResponse(error_shape(status, code, message, where, said), status_code=status)


def _describe_validation(exc: RequestValidationError) -> tuple[str, str | None]:
    errors = exc.errors()
    if not errors:
        return "the request is not valid", None
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "invalid value"))
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return message, where or None


def describe_unparsable_body(cause: BaseException) -> str:
    """What was wrong with a body FastAPI could not parse (JSON or form)."""
    if isinstance(cause, UnicodeDecodeError):
        return f"the body is not UTF-8: byte {cause.start} ({cause.reason})"
    detail = str(cause) or type(cause).__name__
    return f"the body could not be parsed: {detail}"


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception the app can raise to the one error shape."""

    @app.exception_handler(CounterpartError)
    async def on_counterpart_error(_request: Request, exc: CounterpartError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.where, exc.said)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        message, where = _describe_validation(exc)
        return error_response(InvalidInput.status, InvalidInput.code, message, where)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.__cause__ is not None:
            # FastAPI's "There was an error parsing the body": say what was wrong with it.
            message = describe_unparsable_body(exc.__cause__)
            return error_response(InvalidInput.status, InvalidInput.code, message, "body")
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # The outermost edge: anything unforeseen is logged with its trace for the operator
        # and reported to the caller in the one shape, without internals.
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "internal error; the operator has the details")

    @app.exception_handler(sa.exc.DBAPIError)
    async def on_database_error(_request: Request, exc: sa.exc.DBAPIError) -> JSONResponse:
        # The pool does not ping a connection before each use (a round trip per request):
        # a connection the server dropped (a restart, an idle timeout) fails the one request
        # that meets it, SQLAlchemy discards the pool's older connections, and the next
        # request gets a fresh one.
        if exc.connection_invalidated or isinstance(exc, sa.exc.OperationalError):
            log.warning("database unavailable: %s", exc.orig)
            message = "the database is unavailable; try again"
            return error_response(503, "unavailable", message)
        return await on_unexpected(_request, exc)
