"""The role ladder and the party boundary that every workflow uses."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product

import pytest

from counterpart.domain.errors import InvalidInput, NotFound, PermissionDenied
from counterpart.workflows.access_model import (
    Credential,
    Locale,
    Principal,
    Role,
    User,
    to_username,
)
from counterpart.workflows.access_policy import (
    is_visible,
    require_own_party,
    require_role,
    require_visible,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _caller(role: Role, party: str = "US", token_role: Role | None = None) -> Principal:
    user = User(
        id="u1",
        username="li",
        display_name="Li",
        role=role,
        party=party,
        locale=Locale.EN,
        active=True,
        password_is_temporary=False,
        created_at=NOW,
        updated_at=NOW,
    )
    via = Credential.TOKEN if token_role else Credential.SESSION
    return Principal(user=user, role=token_role or role, via=via, credential_id="c1")


def test_the_ladder() -> None:
    order = [Role.VIEWER, Role.ANALYST, Role.APPROVER, Role.ADMIN]
    for held, needed in product(order, order):
        caller = _caller(held)
        if order.index(held) >= order.index(needed):
            require_role(caller, needed)
        else:
            with pytest.raises(PermissionDenied, match=f"needs the {needed.value} role"):
                require_role(caller, needed)


def test_a_scoped_token_says_so() -> None:
    with pytest.raises(PermissionDenied, match="this API token is scoped to viewer"):
        require_role(_caller(Role.ADMIN, token_role=Role.VIEWER), Role.ANALYST)


@pytest.mark.parametrize(
    ("author", "addressed_to", "sent", "visible"),
    [
        ("US", None, False, True),  # own draft
        ("US", "CN", True, True),  # own record sent to the counterpart
        ("CN", "US", True, True),  # what the counterpart sent us
        ("CN", "US", False, False),  # the counterpart's draft, even if addressed to us
        ("CN", None, False, False),  # the counterpart's local work
        ("CN", "MX", True, False),  # sent by the counterpart to a third party
    ],
)
def test_party_boundary(author: str, addressed_to: str | None, sent: bool, visible: bool) -> None:
    caller = _caller(Role.ADMIN)
    assert is_visible(caller, author_party=author, addressed_to=addressed_to, sent=sent) is visible
    if visible:
        require_visible(
            caller, what="record 7", author_party=author, addressed_to=addressed_to, sent=sent
        )
    else:
        with pytest.raises(NotFound, match="record 7 does not exist"):
            require_visible(
                caller, what="record 7", author_party=author, addressed_to=addressed_to, sent=sent
            )


def test_writes_only_for_ones_own_party() -> None:
    require_own_party(_caller(Role.ANALYST), party="US", what="the draft")
    with pytest.raises(PermissionDenied, match="belongs to party CN; you act for party US"):
        require_own_party(_caller(Role.ANALYST), party="CN", what="the draft")


def test_role_and_locale_parsing() -> None:
    assert Role.parse(" Approver ") is Role.APPROVER
    with pytest.raises(InvalidInput, match="use one of viewer, analyst, approver, admin"):
        Role.parse("root")
    assert Locale.parse("ZH") is Locale.ZH
    with pytest.raises(InvalidInput, match="use en or zh"):
        Locale.parse("fr")
    assert to_username("  Li.Wei ") == "li.wei"
