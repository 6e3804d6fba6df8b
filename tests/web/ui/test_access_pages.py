"""Signing in and out of the UI, the language switch, error pages and the dashboard's twin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from counterpart.web.auth import SESSION_COOKIE
from counterpart.web.ui.i18n import LOCALE_COOKIE
from tests.web.auth_node import WebNode
from tests.web.ui.ui_node import BROWSER_HEADERS, browser, fill_log
from tests.workflows.access_fixtures import PASSWORD


def _anonymous(web: WebNode) -> TestClient:
    client = web.client()
    client.headers.update(BROWSER_HEADERS)
    return client


def test_a_page_sends_a_signed_out_reader_to_the_sign_in_form_and_back(web: WebNode) -> None:
    client = _anonymous(web)
    response = client.get("/log?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Flog%3Fx%3D1"
    form = client.get(response.headers["location"])
    assert 'name="next" value="/log?x=1"' in form.text
    signed_in = client.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "next": "/log?x=1"},
        follow_redirects=False,
    )
    assert (signed_in.status_code, signed_in.headers["location"]) == (303, "/log?x=1")
    assert SESSION_COOKIE in signed_in.cookies


def test_a_wrong_password_shows_the_form_again_with_the_reason(web: WebNode) -> None:
    response = _anonymous(web).post("/login", data={"username": "analyst", "password": "nope"})
    assert response.status_code == 401
    assert 'role="alert">wrong username or password<' in response.text
    assert 'value="analyst"' in response.text


def test_an_open_redirect_is_refused(web: WebNode) -> None:
    response = _anonymous(web).post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_sign_out_needs_the_csrf_token_and_ends_the_session(web: WebNode) -> None:
    client, csrf = browser(web, "viewer")
    refused = client.post("/logout", data={})
    assert refused.status_code == 403 and "CSRF" in refused.text
    done = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/login")
    again = client.get("/", follow_redirects=False)
    assert again.status_code == 303


def test_the_language_is_a_cookie_before_sign_in_and_a_preference_after(web: WebNode) -> None:
    client = _anonymous(web)
    switched = client.post(
        "/language", data={"locale": "zh", "next": "/login"}, follow_redirects=False
    )
    assert switched.cookies[LOCALE_COOKIE] == "zh"
    page = client.get("/login")
    assert '<html lang="zh-Hans">' in page.text and "登录" in page.text

    client, csrf = browser(web, "viewer")
    assert '<html lang="en">' in client.get("/").text
    client.post("/language", data={"locale": "zh", "next": "/", "csrf_token": csrf})
    with web.node.begin() as ports:
        account = ports.store.get_account_by_username("viewer")
    assert account is not None and account.user.locale == "zh"
    fresh, _ = browser(web, "viewer")  # a new session, no cookie: the preference decides
    fresh.cookies.delete(LOCALE_COOKIE)
    assert '<html lang="zh-Hans">' in fresh.get("/").text


def test_switching_language_while_signed_in_needs_the_csrf_token(web: WebNode) -> None:
    client, _ = browser(web, "viewer")
    response = client.post("/language", data={"locale": "zh", "next": "/"})
    assert response.status_code == 403


def test_errors_are_html_pages_for_browsers_and_the_one_shape_for_twins(web: WebNode) -> None:
    client, _ = browser(web, "viewer")
    page = client.get("/admin/users")
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "<code>permission_denied</code>" in page.text
    assert "this needs the admin role or higher; your role is viewer" in page.text
    twin = client.get("/admin/users.json")
    assert twin.status_code == 403
    assert twin.json() == {
        "ok": False,
        "code": "permission_denied",
        "error": "this needs the admin role or higher; your role is viewer",
        "status": 403,
    }
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "<code>not_found</code>" in missing.text


def test_the_dashboard_and_its_twin_show_the_same_alarms_and_lists(web: WebNode) -> None:
    fill_log(web, records=2)
    client, _ = browser(web, "analyst")
    twin = client.get("/dashboard.json").json()
    page = client.get("/").text
    assert twin["log"]["size"] == 2 and twin["log"]["alarms"] == []
    assert "No alarm has been raised." in page
    assert re.search(r"<dt>Records</dt><dd>2</dd>", page)
    assert twin["me"] == {"username": "analyst", "role": "analyst", "party": "US"}
    assert twin == client.get("/?format=json").json()


def test_pages_load_nothing_from_another_origin(web: WebNode) -> None:
    client, _ = browser(web, "viewer")
    page = client.get("/")
    assert page.headers["content-security-policy"].startswith("default-src 'self';")
    assert re.findall(r'(?:src|href|action)="(?:https?:)?//', page.text) == []
    script = client.get("/static/htmx-2.0.11.min.js")
    assert script.status_code == 200 and script.text.startswith("var htmx=")


def test_a_one_time_password_is_changed_on_the_account_page(web: WebNode) -> None:
    admin, csrf = browser(web, "admin")
    made = admin.post(
        "/admin/users", data={"username": "new.user", "role": "viewer", "csrf_token": csrf}
    )
    [one_time] = re.findall(r'<code id="one-time-password">([^<]+)</code>', made.text)
    client, _ = web.sign_in("new.user", one_time)
    client.headers.update(BROWSER_HEADERS)
    csrf = client.get("/api/v1/me").json()["csrf_token"]
    assert client.get("/account.json").json()["account"]["password_is_temporary"] is True
    assert 'href="/account">' in client.get("/").text
    differ = {
        "current_password": one_time,
        "new_password": "a long new secret",
        "confirm_password": "another one",
        "csrf_token": csrf,
    }
    refused = client.post("/account/password", data=differ)
    assert refused.status_code == 422 and "The two new passwords differ." in refused.text
    wrong = {**differ, "current_password": "not it", "confirm_password": "a long new secret"}
    assert "the current password is wrong" in client.post("/account/password", data=wrong).text
    good = {**wrong, "current_password": one_time}
    changed = client.post("/account/password", data=good)
    assert changed.status_code == 200 and "Your password was changed." in changed.text
    assert client.get("/account.json").json()["account"]["password_is_temporary"] is False
    web.sign_in("new.user", "a long new secret")


def test_an_error_page_keeps_the_navigation_of_a_signed_in_reader(web: WebNode) -> None:
    client, _ = browser(web, "analyst")
    page = client.get("/log/records/3")
    assert page.status_code == 404
    assert 'href="/screen/substance"' in page.text and "Sign out" in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/login",
        "/dashboard",
        "/account",
        "/screen/substance",
        "/screen/party",
        "/log",
        "/admin/users",
        "/admin/tokens",
    ],
)
def test_each_page_has_a_json_twin_at_both_addresses(web: WebNode, path: str) -> None:
    client, _ = browser(web, "admin")
    twin = client.get(f"{path}.json")
    assert twin.status_code == 200 and twin.json()["ok"] is True
    page_path = "/" if path == "/dashboard" else path
    assert client.get(f"{page_path}?format=json").json() == twin.json()
    if path != "/login":  # a signed-in reader is sent on from the sign-in form
        assert client.get(page_path).headers["content-type"].startswith("text/html")


def test_a_sign_in_form_posted_from_another_site_is_refused(web: WebNode) -> None:
    client = _anonymous(web)
    form = {"username": "analyst", "password": PASSWORD}
    foreign = client.post("/login", data=form, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and SESSION_COOKIE not in foreign.cookies
    cross = client.post(
        "/language", data={"locale": "zh"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403
    same = client.post(
        "/login", data=form, headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert same.status_code == 303 and SESSION_COOKIE in same.cookies
