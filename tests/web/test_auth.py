"""Sign-in, sessions, CSRF, API tokens and lockout over real HTTP against a real database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from counterpart.web.auth import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE
from counterpart.workflows.access_model import Role
from tests.web.auth_node import WebNode, open_web_node
from tests.workflows.access_fixtures import PASSWORD


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_web_node(tmp_path, database_url)


def _error_shape(body: dict[str, object], status: int, code: str) -> None:
    assert body["ok"] is False
    assert (body["status"], body["code"]) == (status, code)
    assert isinstance(body["error"], str) and body["error"]


def test_login_sets_a_hardened_cookie_and_me_answers(web: WebNode) -> None:
    client = web.client()
    response = client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # a test node on 127.0.0.1 over plain HTTP
    assert "Max-Age=3600" in cookie
    me = client.get("/api/v1/me").json()
    assert (me["user"]["username"], me["role"], me["via"]) == ("analyst", "analyst", "session")
    assert me["csrf_token"] == response.json()["csrf_token"]
    assert ("analyst", "auth.login") in web.node.audit_actions()


def test_cookie_is_secure_in_production(tmp_path: Path, database_url: str) -> None:
    overrides = {"environment": "production", "session_secret": "p" * 40}
    for web in open_web_node(tmp_path, database_url, **overrides):
        response = web.client().post(
            "/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_and_unknown_user_get_the_same_401(web: WebNode) -> None:
    client = web.client()
    wrong = client.post("/api/v1/auth/login", json={"username": "viewer", "password": "x" * 20})
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x" * 20})
    assert wrong.status_code == unknown.status_code == 401
    _error_shape(wrong.json(), 401, "unauthenticated")
    assert wrong.json()["error"] == unknown.json()["error"] == "wrong username or password"
    assert SESSION_COOKIE not in client.cookies
    failed = [a for a in web.node.audit_actions() if a[1] == "auth.login_failed"]
    assert failed == [("viewer", "auth.login_failed"), ("nobody", "auth.login_failed")]


def test_login_refuses_a_form_post(web: WebNode) -> None:
    response = web.client().post(
        "/api/v1/auth/login", data={"username": "viewer", "password": PASSWORD}
    )
    assert response.status_code == 422
    _error_shape(response.json(), 422, "invalid_input")


def test_cookie_write_without_csrf_token_is_refused(web: WebNode) -> None:
    client, csrf = web.sign_in("analyst")
    before = web.node.audit_actions()
    missing = client.post("/api/v1/tokens", json={"name": "laptop"})
    wrong = client.post("/api/v1/tokens", json={"name": "laptop"}, headers={CSRF_HEADER: "0" * 64})
    for response in (missing, wrong):
        assert response.status_code == 403
        _error_shape(response.json(), 403, "permission_denied")
        assert "CSRF" in response.json()["error"]
    assert web.node.audit_actions() == before
    assert client.get("/api/v1/tokens").json()["items"] == []
    accepted = client.post("/api/v1/tokens", json={"name": "laptop"}, headers={CSRF_HEADER: csrf})
    assert accepted.status_code == 201
    assert web.node.audit_actions() == [*before, ("analyst", "token.create")]


def test_csrf_token_from_a_form_field_is_accepted(web: WebNode) -> None:
    client, csrf = web.sign_in("viewer")
    refused = client.post("/api/v1/auth/logout", data={CSRF_FIELD: "forged"})
    assert refused.status_code == 403
    response = client.post("/api/v1/auth/logout", data={CSRF_FIELD: csrf})
    assert response.status_code == 200
    assert client.get("/api/v1/me").status_code == 401


def test_csrf_token_of_another_session_is_refused(web: WebNode) -> None:
    client, _ = web.sign_in("viewer")
    _, other_csrf = web.sign_in("viewer")
    response = client.post("/api/v1/tokens", json={"name": "x"}, headers={CSRF_HEADER: other_csrf})
    assert response.status_code == 403


def test_token_calls_are_exempt_from_csrf(web: WebNode) -> None:
    client = web.token_client("analyst")
    response = client.post("/api/v1/tokens", json={"name": "ci"})
    assert response.status_code == 201
    assert client.get("/api/v1/me").json()["via"] == "token"


def test_logout_ends_the_session_even_if_the_cookie_is_replayed(web: WebNode) -> None:
    client, csrf = web.sign_in("approver")
    key = client.cookies[SESSION_COOKIE]
    assert client.post("/api/v1/auth/logout", headers={CSRF_HEADER: csrf}).status_code == 200
    replay = web.client()
    replay.cookies.set(SESSION_COOKIE, key)
    response = replay.get("/api/v1/me")
    assert response.status_code == 401
    assert "ended" in response.json()["error"]
    assert ("approver", "auth.logout") in web.node.audit_actions()


def test_session_expires(web: WebNode) -> None:
    client, _ = web.sign_in("viewer")
    web.clock.advance(minutes=59)
    assert client.get("/api/v1/me").status_code == 200
    web.clock.advance(minutes=1)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "expired" in response.json()["error"]


def test_forged_credentials_are_401(web: WebNode) -> None:
    forged_cookie = web.client()
    forged_cookie.cookies.set(SESSION_COOKIE, "not-a-session")
    cases = [
        (web.client(), {}),
        (forged_cookie, {}),
        (web.client(), {"Authorization": "Bearer cpt_AAAAAAAAAAAA_nope"}),
        (web.client(), {"Authorization": "Bearer garbage"}),
        (web.client(), {"Authorization": "Basic dmlld2VyOnB3"}),
    ]
    for client, headers in cases:
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401, headers
        _error_shape(response.json(), 401, "unauthenticated")


def test_expired_and_revoked_tokens_are_refused(web: WebNode) -> None:
    short = web.issue_token("analyst", days=1)
    revoked = web.issue_token("analyst")
    client = web.client()
    bearer = {"Authorization": f"Bearer {revoked}"}
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    owner = web.session_client("analyst")
    listed = owner.get("/api/v1/tokens").json()["items"]
    revoked_id = next(t["id"] for t in listed if t["prefix"] == revoked.split("_")[1])
    assert owner.delete(f"/api/v1/tokens/{revoked_id}").status_code == 200
    response = client.get("/api/v1/me", headers=bearer)
    assert (response.status_code, response.json()["error"]) == (401, "this API token was revoked")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {short}"}).status_code == 200
    web.clock.advance(days=1)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {short}"})
    assert response.status_code == 401
    assert "expired" in response.json()["error"]
    assert ("analyst", "token.revoke") in web.node.audit_actions()


def test_token_scope_caps_the_role_and_follows_demotion(web: WebNode) -> None:
    scoped = web.token_client("admin", role=Role.VIEWER)
    response = scoped.get("/api/v1/users")
    assert response.status_code == 403
    assert "scoped to viewer" in response.json()["error"]
    assert scoped.post("/api/v1/tokens", json={"name": "up", "role": "admin"}).status_code == 403
    web.node.add_user("admin2", Role.ADMIN)
    full = web.token_client("admin2")
    assert full.get("/api/v1/users").status_code == 200
    admin = web.token_client("admin")
    user_id = next(
        u["id"] for u in admin.get("/api/v1/users").json()["items"] if u["username"] == "admin2"
    )
    assert admin.patch(f"/api/v1/users/{user_id}", json={"role": "analyst"}).status_code == 200
    assert full.get("/api/v1/users").status_code == 403
    assert full.get("/api/v1/me").json()["role"] == "analyst"


def test_deactivation_ends_sessions_and_tokens(web: WebNode) -> None:
    session, _ = web.sign_in("analyst")
    token = web.token_client("analyst")
    admin = web.session_client("admin")
    user_id = session.get("/api/v1/me").json()["user"]["id"]
    assert admin.patch(f"/api/v1/users/{user_id}", json={"active": False}).status_code == 200
    assert session.get("/api/v1/me").status_code == 401
    assert token.get("/api/v1/me").status_code == 401
    again = web.client().post(
        "/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}
    )
    assert again.status_code == 401
    assert "deactivated" in again.json()["error"]


def test_lockout_after_repeated_failures_then_release(web: WebNode) -> None:
    client = web.client()
    for _ in range(3):
        response = client.post(
            "/api/v1/auth/login", json={"username": "viewer", "password": "wrong password!"}
        )
        assert response.status_code == 401
    assert "locked until" in response.json()["error"]
    locked = client.post("/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD})
    assert locked.status_code == 401
    assert "locked until 2026-03-01T09:15:00" in locked.json()["error"]
    web.clock.advance(minutes=15)
    assert (
        client.post(
            "/api/v1/auth/login", json={"username": "viewer", "password": PASSWORD}
        ).status_code
        == 200
    )
    failures = [a for a in web.node.audit_actions() if a == ("viewer", "auth.login_failed")]
    assert len(failures) == 4


def test_last_admin_cannot_be_demoted(web: WebNode) -> None:
    admin = web.session_client("admin")
    me = admin.get("/api/v1/me").json()["user"]["id"]
    response = admin.patch(f"/api/v1/users/{me}", json={"role": "viewer"})
    assert response.status_code == 409
    _error_shape(response.json(), 409, "conflict")
    assert admin.get("/api/v1/me").json()["role"] == "admin"


def test_new_user_gets_a_one_time_password_that_signs_in(web: WebNode) -> None:
    admin = web.session_client("admin")
    response = admin.post(
        "/api/v1/users",
        json={"username": "li.wei", "role": "analyst", "display_name": "Li Wei", "locale": "zh"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["party"] == "US"
    assert body["user"]["password_is_temporary"] is True
    client, csrf = web.sign_in("li.wei", body["one_time_password"])
    changed = client.post(
        "/api/v1/me/password",
        json={
            "current_password": body["one_time_password"],
            "new_password": "a much longer passphrase",
        },
        headers={CSRF_HEADER: csrf},
    )
    assert changed.status_code == 200
    assert changed.json()["password_is_temporary"] is False
    web.sign_in("li.wei", "a much longer passphrase")
    duplicate = admin.post("/api/v1/users", json={"username": "li.wei", "role": "viewer"})
    assert duplicate.status_code == 409


def test_bad_user_input_is_422_with_where(web: WebNode) -> None:
    admin = web.session_client("admin")
    cases = [
        ({"username": "Bad Name!", "role": "viewer"}, "username"),
        ({"username": "short", "role": "viewer", "password": "tiny"}, "password"),
        ({"username": "empty", "role": "viewer", "password": ""}, "password"),
        ({"username": "okname", "role": "superuser"}, "body.role"),
    ]
    for body, where in cases:
        response = admin.post("/api/v1/users", json=body)
        assert response.status_code == 422, body
        assert response.json()["where"] == where
    assert (
        admin.post("/api/v1/tokens", json={"name": "x", "expires_in_days": 31}).status_code == 422
    )


def test_audit_read_filters_and_pages(web: WebNode) -> None:
    admin = web.session_client("admin")
    for name in ("a1", "a2", "a3"):
        assert (
            admin.post("/api/v1/users", json={"username": name, "role": "viewer"}).status_code
            == 201
        )
    page = admin.get(
        "/api/v1/audit", params={"action": "user.create", "actor": "admin", "limit": 2}
    ).json()
    assert page["total"] == 3
    assert [e["detail"]["username"] for e in page["items"]] == ["a3", "a2"]
    rest = admin.get(
        "/api/v1/audit", params={"action": "user.create", "actor": "admin", "limit": 2, "offset": 2}
    ).json()
    assert [e["detail"]["username"] for e in rest["items"]] == ["a1"]
    later = admin.get("/api/v1/audit", params={"since": "2026-03-01T09:00:01Z"}).json()
    assert later["total"] == 0
    bad = admin.get("/api/v1/audit", params={"limit": 0})
    assert bad.status_code == 422
    misspelt = admin.get("/api/v1/audit", params={"actr": "admin"})
    assert (misspelt.status_code, misspelt.json()["where"]) == (422, "query.actr")
    reset = admin.post(f"/api/v1/users/{_user_id(admin, 'a1')}/reset-password").json()
    trail = str(admin.get("/api/v1/audit", params={"limit": 500}).json())
    assert reset["one_time_password"] not in trail
    assert "argon2" not in trail


def _user_id(admin: TestClient, username: str) -> str:
    users = admin.get("/api/v1/users").json()["items"]
    return str(next(u["id"] for u in users if u["username"] == username))


def test_users_set_their_own_name_and_language_but_not_their_role(web: WebNode) -> None:
    client = web.session_client("viewer")
    response = client.patch("/api/v1/me", json={"display_name": "  Wang   Fang ", "locale": "zh"})
    assert response.status_code == 200
    assert (response.json()["display_name"], response.json()["locale"]) == ("Wang Fang", "zh")
    escalate = client.patch("/api/v1/me", json={"role": "admin", "active": True})
    assert escalate.status_code == 422
    assert client.get("/api/v1/me").json()["role"] == "viewer"
    assert web.node.audit_actions()[-1] == ("viewer", "user.update")
