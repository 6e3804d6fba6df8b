"""Users and API tokens pages (admins only): what they make works, and the twins agree."""

from __future__ import annotations

import re

from tests.web.auth_node import WebNode
from tests.web.ui.ui_node import browser


def test_an_added_user_signs_in_with_the_one_time_password_shown_once(web: WebNode) -> None:
    client, csrf = browser(web, "admin")
    form = {
        "username": "li.wei",
        "display_name": "李伟",
        "role": "analyst",
        "locale": "zh",
        "csrf_token": csrf,
    }
    page = client.post("/admin/users", data=form)
    assert page.status_code == 201
    [secret] = re.findall(r'<code id="one-time-password">([^<]+)</code>', page.text)
    twin = client.get("/admin/users.json").json()
    added = next(u for u in twin["users"] if u["username"] == "li.wei")
    assert added["role"] == "analyst" and added["locale"] == "zh" and added["password_is_temporary"]
    assert secret not in client.get("/admin/users").text
    assert [u["username"] for u in twin["users"]] == re.findall(
        r'<tr data-username="([^"]+)">', client.get("/admin/users").text
    )
    newcomer, _ = web.sign_in("li.wei", secret)
    assert newcomer.get("/api/v1/me").json()["user"]["display_name"] == "李伟"


def test_an_admin_changes_a_role_and_deactivates_a_user(web: WebNode) -> None:
    client, csrf = browser(web, "admin")
    target = next(
        u for u in client.get("/admin/users.json").json()["users"] if u["username"] == "viewer"
    )
    done = client.post(
        f"/admin/users/{target['id']}",
        data={"role": "analyst", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert (done.status_code, done.headers["location"]) == (303, "/admin/users")
    changed = next(
        u for u in client.get("/admin/users.json").json()["users"] if u["username"] == "viewer"
    )
    assert changed["role"] == "analyst" and changed["active"] is False


def test_a_token_issued_on_the_page_works_until_it_is_revoked(web: WebNode) -> None:
    client, csrf = browser(web, "admin")
    form = {
        "username": "analyst",
        "name": "customs feed",
        "role": "viewer",
        "days": "7",
        "csrf_token": csrf,
    }
    page = client.post("/admin/tokens", data=form)
    assert page.status_code == 201
    [secret] = re.findall(r'<code id="token-secret">([^<]+)</code>', page.text)
    api = web.client()
    api.headers["Authorization"] = f"Bearer {secret}"
    assert api.get("/api/v1/me").json()["role"] == "viewer"
    [token] = client.get("/admin/tokens.json").json()["tokens"]
    assert (token["username"], token["name"], token["role"]) == (
        "analyst",
        "customs feed",
        "viewer",
    )
    client.post(f"/admin/tokens/{token['id']}/revoke", data={"csrf_token": csrf})
    assert api.get("/api/v1/me").status_code == 401
    assert client.get("/admin/tokens.json").json()["tokens"][0]["revoked_at"] is not None


def test_a_bad_lifetime_is_an_error_page_that_says_where(web: WebNode) -> None:
    client, csrf = browser(web, "admin")
    form = {"username": "analyst", "name": "x", "days": "soon", "csrf_token": csrf}
    page = client.post("/admin/tokens", data=form)
    assert page.status_code == 422
    assert (
        'the lifetime <span translate="no">&#39;soon&#39;</span> is not a whole number of days'
        in page.text
    )
    assert "<code>days</code>" in page.text


def test_a_message_carrying_input_is_escaped_on_the_error_page(web: WebNode) -> None:
    client, csrf = browser(web, "admin")
    form = {"username": "analyst", "name": "x", "days": "<i>", "csrf_token": csrf}
    page = client.post("/admin/tokens", data=form).text
    assert 'the lifetime <span translate="no">&#39;&lt;i&gt;&#39;</span> is not' in page
    assert "<i>" not in page


def test_the_admin_pages_refuse_an_analyst(web: WebNode) -> None:
    client, csrf = browser(web, "analyst")
    assert client.get("/admin/tokens").status_code == 403
    assert (
        client.post(
            "/admin/users", data={"username": "x1", "role": "admin", "csrf_token": csrf}
        ).status_code
        == 403
    )
    assert "/admin/users" not in client.get("/").text
