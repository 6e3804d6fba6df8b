"""A real node app on a real database, with users of each role, for the HTTP access tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from counterpart.storage.users import to_access_config
from counterpart.web import create_app
from counterpart.web.auth import CSRF_HEADER, get_clock, get_secret_factory
from counterpart.workflows.access_model import Role
from counterpart.workflows.access_tokens import create_token
from tests.workflows.access_fixtures import (
    PASSWORD,
    AccessNode,
    SettableClock,
    make_settings,
)


@dataclass
class WebNode:
    """The app and, beside it, direct access to its database, clock and id factory."""

    app: FastAPI
    node: AccessNode

    @property
    def clock(self) -> SettableClock:
        return self.node.clock

    def client(self) -> TestClient:
        return TestClient(self.app, raise_server_exceptions=True)

    def sign_in(self, username: str, password: str = PASSWORD) -> tuple[TestClient, str]:
        """A client holding a session cookie, and that session's CSRF token."""
        client = self.client()
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        return client, response.json()["csrf_token"]

    def session_client(self, username: str) -> TestClient:
        """A signed-in client that sends its CSRF token with every request."""
        client, csrf = self.sign_in(username)
        client.headers[CSRF_HEADER] = csrf
        return client

    def token_client(self, username: str, role: Role | None = None) -> TestClient:
        """A client that presents a fresh API token of `username` and no cookie."""
        client = self.client()
        client.headers["Authorization"] = f"Bearer {self.issue_token(username, role)}"
        return client

    def issue_token(self, username: str, role: Role | None = None, days: int = 30) -> str:
        with self.node.begin() as ports:
            account = ports.store.get_account_by_username(username)
            assert account is not None
            issued = create_token(
                ports,
                actor="test",
                user=account.user,
                name="test",
                role=role,
                expires_in_days=days,
            )
        return issued.secret


def open_web_node(tmp_path: Path, database_url: str, **overrides: object) -> Iterator[WebNode]:
    """A node with users admin, approver, analyst, viewer (party US); disposed afterwards."""
    settings = make_settings(tmp_path / "home", database_url, **overrides)
    app = create_app(settings)
    node = AccessNode(engine=app.state.engine, config=to_access_config(settings))
    clock = node.clock
    secrets = node.secrets
    app.dependency_overrides[get_clock] = lambda: clock
    app.dependency_overrides[get_secret_factory] = lambda: secrets
    for role in Role:
        node.add_user(role.value, role)
    try:
        yield WebNode(app=app, node=node)
    finally:
        node.engine.dispose()
