"""The authorisation matrix: every caller against every access and screening endpoint, 0
unauthorised calls.

Each caller (anonymous, forged credentials, and each role by session and by API token) makes
every request; the answer must be the expected one, an allowed write must add exactly one
audit row by that caller, and a refused request must change nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from counterpart.storage.tables import audit_event
from counterpart.storage.users import api_token, app_user, user_session
from counterpart.web.auth import SESSION_COOKIE
from counterpart.workflows.access_model import Role
from tests.web.auth_node import WebNode, open_web_node
from tests.workflows.access_fixtures import PASSWORD


@dataclass
class Caller:
    name: str
    client: TestClient
    role: Role | None  # None: not signed in
    via: str  # "session", "token" or "none"
    spare_token_id: str | None = None


@dataclass(frozen=True)
class Case:
    method: str
    path: Callable[[Caller, dict[str, str]], str]
    minimum: Role
    body: Callable[[Caller], dict[str, object]] | None = None
    write: bool = True
    refused_status: int = 403  # for a signed-in caller below `minimum`
    success: int = 200
    session_only: bool = False  # an API token gets 422: it has no session


FENTANYL_KEY = "PJMPHNIQZUBGLI-UHFFFAOYSA-N"
SCREENED_PAIR = {
    "id": "1",
    "a": {"schema": "Person", "properties": {"name": ["Chou Wen-mei"]}},
    "b": {"schema": "Person", "properties": {"name": ["周文美"]}},
}
CASES = [
    Case("GET", lambda c, ids: "/api/v1/me", Role.VIEWER, write=False),
    Case("GET", lambda c, ids: "/api/v1/tokens", Role.VIEWER, write=False),
    Case(
        "POST",
        lambda c, ids: "/api/v1/tokens",
        Role.VIEWER,
        lambda c: {"name": "matrix"},
        success=201,
    ),
    Case("DELETE", lambda c, ids: f"/api/v1/tokens/{c.spare_token_id or 'none'}", Role.VIEWER),
    Case(
        "DELETE",
        lambda c, ids: f"/api/v1/tokens/{ids['victim_token']}",
        Role.ADMIN,
        refused_status=404,
    ),
    Case("GET", lambda c, ids: "/api/v1/users", Role.ADMIN, write=False),
    Case(
        "POST",
        lambda c, ids: "/api/v1/users",
        Role.ADMIN,
        lambda c: {"username": f"new-{c.name}", "role": "viewer"},
        success=201,
    ),
    Case(
        "PATCH",
        lambda c, ids: f"/api/v1/users/{ids['target']}",
        Role.ADMIN,
        lambda c: {"role": "analyst", "display_name": f"changed by {c.name}"},
    ),
    Case("POST", lambda c, ids: f"/api/v1/users/{ids['target']}/reset-password", Role.ADMIN),
    Case("GET", lambda c, ids: "/api/v1/audit", Role.ADMIN, write=False),
    Case(
        "PATCH",
        lambda c, ids: "/api/v1/me",
        Role.VIEWER,
        lambda c: {"display_name": f"{c.name} renamed", "locale": "zh"},
    ),
    Case(
        "POST",
        lambda c, ids: "/api/v1/me/password",
        Role.VIEWER,
        lambda c: {"current_password": PASSWORD, "new_password": "another long passphrase"},
    ),
    # Screening is the analyst's (issue 5): the API and the screening pages' JSON twins. A
    # depiction draws a registry entry and screens nothing: any signed-in user.
    Case(
        "POST",
        lambda c, ids: "/api/v1/screen/substances",
        Role.ANALYST,
        lambda c: {"queries": ["fentanyl"]},
        write=False,
    ),
    Case(
        "POST",
        lambda c, ids: "/api/v1/screen/parties",
        Role.ANALYST,
        lambda c: {"queries": ["Zheng Fujing"]},
        write=False,
    ),
    Case(
        "POST",
        lambda c, ids: "/api/v1/compare/parties",
        Role.ANALYST,
        lambda c: {"pairs": [SCREENED_PAIR]},
        write=False,
    ),
    Case("GET", lambda c, ids: "/screen/substance.json", Role.ANALYST, write=False),
    Case("GET", lambda c, ids: "/screen/party.json", Role.ANALYST, write=False),
    Case(
        "GET",
        lambda c, ids: f"/api/v1/substances/{FENTANYL_KEY}/depiction.svg",
        Role.VIEWER,
        write=False,
    ),
    # Last: it ends the session callers' sessions.
    Case("POST", lambda c, ids: "/api/v1/auth/logout", Role.VIEWER, session_only=True),
]


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_web_node(tmp_path, database_url)


def _callers(web: WebNode) -> list[Caller]:
    forged_cookie = web.client()
    forged_cookie.cookies.set(SESSION_COOKIE, "forged")
    forged_token = web.client()
    forged_token.headers["Authorization"] = "Bearer cpt_AAAAAAAAAAAA_forged"
    callers = [
        Caller("anonymous", web.client(), None, "none"),
        Caller("forged-cookie", forged_cookie, None, "none"),
        Caller("forged-token", forged_token, None, "none"),
    ]
    for role in Role:
        for via in ("session", "token"):
            name = f"{role.value}-{via}"
            web.node.add_user(name, role)
            client = web.session_client(name) if via == "session" else web.token_client(name)
            web.issue_token(name)  # a spare token, for the caller to revoke
            caller = Caller(name, client, role, via, _own_token_ids(web, name)[-1])
            callers.append(caller)
    return callers


def _own_token_ids(web: WebNode, username: str) -> list[str]:
    with web.node.engine.connect() as connection:
        rows = connection.execute(
            sa.select(api_token.c.id)
            .join(app_user, app_user.c.id == api_token.c.user_id)
            .where(app_user.c.username == username)
            .order_by(api_token.c.id)
        )
        return [row.id for row in rows]


def _state(web: WebNode) -> tuple[object, ...]:
    """Everything a write could change (token last-use times excepted: not a write)."""
    with web.node.engine.connect() as connection:
        users = connection.execute(sa.select(app_user).order_by(app_user.c.id)).all()
        tokens = connection.execute(
            sa.select(api_token.c.id, api_token.c.revoked_at).order_by(api_token.c.id)
        ).all()
        sessions = connection.execute(sa.select(user_session).order_by(user_session.c.id)).all()
        audit = connection.execute(sa.select(sa.func.count()).select_from(audit_event)).scalar()
    return (tuple(users), tuple(tokens), tuple(sessions), audit)


def _expected(caller: Caller, case: Case) -> int:
    if caller.role is None:
        return 401
    if not caller.role.includes(case.minimum):
        return case.refused_status
    if case.session_only and caller.via == "token":
        return 422
    return case.success


def test_every_role_against_every_endpoint(web: WebNode) -> None:
    target = web.node.add_user("target", Role.VIEWER)
    web.node.add_user("victim", Role.ANALYST)
    callers = _callers(web)
    mismatches: list[str] = []
    allowed_writes = 0
    for caller in callers:
        web.issue_token("victim")  # each caller gets a live token of someone else to attack
        ids = {"target": target.id, "victim_token": _own_token_ids(web, "victim")[-1]}
        for case in CASES:
            path = case.path(caller, ids)
            before_state, before_audit = _state(web), web.node.audit_actions()
            body = case.body(caller) if case.body else None
            response = caller.client.request(case.method, path, json=body)
            expected = _expected(caller, case)
            if response.status_code != expected:
                mismatches.append(
                    f"{caller.name} {case.method} {path}: {response.status_code} != {expected}"
                )
                continue
            added = web.node.audit_actions()[len(before_audit) :]
            if response.status_code >= 400:
                assert response.json()["status"] == response.status_code
                if _state(web) != before_state:
                    mismatches.append(
                        f"{caller.name} {case.method} {path}: refused but changed state"
                    )
            elif case.write:
                allowed_writes += 1
                if len(added) != 1 or added[0][0] != caller.name:
                    mismatches.append(f"{caller.name} {case.method} {path}: audit rows {added}")
            elif added:
                mismatches.append(f"{caller.name} {case.method} {path}: a read wrote {added}")
    assert mismatches == []
    # 8 signed-in callers x 5 writes open to all, less logout for the 4 token callers,
    # plus 2 admins x 4 admin-only writes.
    assert allowed_writes == 8 * 5 - 4 + 2 * 4


def test_admin_cannot_touch_a_user_of_another_party(web: WebNode) -> None:
    stranger = web.node.add_user("stranger", Role.ADMIN, party="CN")
    admin = web.session_client("admin")
    before = web.node.audit_actions()
    for method, path, body in (
        ("PATCH", f"/api/v1/users/{stranger.id}", {"active": False}),
        ("POST", f"/api/v1/users/{stranger.id}/reset-password", None),
        ("POST", "/api/v1/tokens", {"name": "x", "username": "stranger"}),
    ):
        response = admin.request(method, path, json=body)
        assert response.status_code == 404, path
    listed = [u["username"] for u in admin.get("/api/v1/users").json()["items"]]
    assert "stranger" not in listed
    assert web.node.audit_actions() == before
