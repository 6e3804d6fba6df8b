"""The one error hierarchy; every adapter renders these in one shape.

    CounterpartError                 500 internal_error
    ├── InvalidInput                 422 invalid_input
    │   └── PayloadTooLarge          413 payload_too_large
    ├── Unauthenticated              401 unauthenticated
    ├── PermissionDenied             403 permission_denied
    ├── NotFound                     404 not_found
    ├── Conflict                     409 conflict
    │   └── TamperDetected           409 tamper_detected
    └── PeerUnavailable              503 peer_unavailable

A screening hit is a result, never an exception. `status` and `code` are class attributes so
that no call site can bind a wrong status by accident.
"""

from __future__ import annotations

from typing import Any, ClassVar

from counterpart.domain.messages import N_, Message, message, to_json


class CounterpartError(Exception):
    """Base of every error the product reports to a user.

    The message is English text, or a `Message` (kept as `said`) that a page can show in its
    reader's language; `message` is always the English text."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str | Message, *, where: str | None = None) -> None:
        text = message.english() if isinstance(message, Message) else message
        super().__init__(text)
        self.message = text
        self.said = message if isinstance(message, Message) else None
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_message(self) -> Message | str:
        """What `str(self)` says, as a message when the error was raised with one."""
        if self.said is None:
            return str(self)
        if self.where is None:
            return self.said
        return message(N_("%(where)s: %(message)s"), where=self.where, message=self.said)

    def to_dict(self) -> dict[str, Any]:
        """This error in the one JSON error shape (see `error_shape`)."""
        return error_shape(self.status, self.code, self.message, self.where, self.said)


def error_shape(
    status: int, code: str, message: str, where: str | None = None, said: Message | None = None
) -> dict[str, Any]:
    """The one JSON error shape: `{"ok": false, "code", "error", "status"}` (+ `where`, and
    `message`: the English `error` as a message id and parameters, when it was raised with one).

    Every adapter builds its error bodies here: the API's handlers, the middlewares that answer
    before the app runs, and pages that show an error beside a form.
    """
    body: dict[str, Any] = {"ok": False, "code": code, "error": message, "status": status}
    if where is not None:
        body["where"] = where
    if said is not None:
        body["message"] = to_json(said)
    return body


class InvalidInput(CounterpartError):
    """The input cannot be used as given; the message says what and where."""

    status = 422
    code = "invalid_input"


class PayloadTooLarge(InvalidInput):
    """An upload or a field is over its size limit."""

    status = 413
    code = "payload_too_large"


class Unauthenticated(CounterpartError):
    """No valid credentials were presented."""

    status = 401
    code = "unauthenticated"


class PermissionDenied(CounterpartError):
    """The caller is known but may not do this."""

    status = 403
    code = "permission_denied"


class NotFound(CounterpartError):
    """The thing asked for does not exist (or is not visible to the caller)."""

    status = 404
    code = "not_found"


class Conflict(CounterpartError):
    """The request contradicts the current state (a second reply, a stale size...)."""

    status = 409
    code = "conflict"


class TamperDetected(Conflict):
    """Stored or received log data does not verify: evidence, never silently repaired."""

    code = "tamper_detected"


class PeerUnavailable(CounterpartError):
    """The counterpart's node could not be reached or did not answer in time."""

    status = 503
    code = "peer_unavailable"
