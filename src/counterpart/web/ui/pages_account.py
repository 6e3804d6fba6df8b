"""The reader's own account: who they are, and changing their password (a one-time one too)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from counterpart.domain.errors import InvalidInput
from counterpart.web.auth import AccessDep, CurrentUser
from counterpart.web.ui.labels import N_
from counterpart.web.ui.rendering import Page, render
from counterpart.workflows import access
from counterpart.workflows.access_model import User

router = APIRouter(include_in_schema=False)
TITLE = N_("Your account")
CHANGED = N_("Your password was changed.")
NOT_CONFIRMED = N_("The two new passwords differ.")


def _account_page(
    request: Request, user: User, *, done: str | None = None, error: InvalidInput | None = None
) -> Page:
    data: dict[str, Any] = {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "party": user.party,
            "locale": user.locale,
            "password_is_temporary": user.password_is_temporary,
        },
        "password_min_length": request.app.state.settings.password_min_length,
        "done": done,
        "error": error.to_dict() if error else None,
    }
    return Page("account.html", TITLE, data, status=error.status if error else 200)


@router.get("/account")
@router.get("/account.json")
def show_account(request: Request, caller: CurrentUser) -> Response:
    """Who the reader is on this node."""
    return render(request, _account_page(request, caller.user), caller)


@router.post("/account/password")
def change_own_password(
    request: Request,
    *,
    caller: CurrentUser,
    gate: AccessDep,
    current_password: Annotated[str, Form(max_length=4096)] = "",
    new_password: Annotated[str, Form(max_length=4096)] = "",
    confirm_password: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    """Replace the reader's password; a refusal is shown on the form with its reason."""
    try:
        if new_password != confirm_password:
            raise InvalidInput(NOT_CONFIRMED, where="confirm_password")
        with gate.begin() as ports:
            user = access.change_password(
                ports,
                user_id=caller.user.id,
                current_password=current_password,
                new_password=new_password,
            )
    except InvalidInput as exc:
        return render(request, _account_page(request, caller.user, error=exc), caller)
    return render(request, _account_page(request, user, done=CHANGED), caller)
