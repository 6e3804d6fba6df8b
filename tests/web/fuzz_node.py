"""A node set up as an operator does (`counterpart init`, `user add`, `token create`), seeded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from counterpart.cli import main
from counterpart.ledger.note import NoteSigner
from counterpart.web import create_app
from counterpart.workflows.access_model import Role
from tests.domain.record_samples import incident_content
from tests.workflows.access_fixtures import make_settings

# As `make_settings`: cheap Argon2, so that the fuzzer's sign-ins do not dominate the run.
ENVIRONMENT = {
    "COUNTERPART_ENVIRONMENT": "test",
    "COUNTERPART_SESSION_SECRET": "fuzz-secret-" + "x" * 32,
    "COUNTERPART_PASSWORD_HASH_TIME_COST": "1",
    "COUNTERPART_PASSWORD_HASH_MEMORY_KIB": "1024",
}


@dataclass
class FuzzNode:
    """The app, an API token per role, and the ids of real rows for path parameters."""

    app: FastAPI
    tokens: dict[Role, str]
    path_values: dict[str, list[object]] = field(default_factory=dict)

    def headers(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def run_cli(home: Path, database_url: str, *args: str) -> str:
    """One `counterpart` command on this home; its standard output, or an error naming it."""
    result = CliRunner(env=ENVIRONMENT).invoke(
        main, ["--home", str(home), "--database-url", database_url, *args]
    )
    assert result.exit_code == 0, f"counterpart {' '.join(args)}: {result.output}"
    return result.stdout.strip()


def open_fuzz_node(home: Path, database_url: str) -> Iterator[FuzzNode]:
    """Node `us` with peer `cn`, a user and a token of each role, a few records and drafts."""
    run_cli(home, database_url, "init", "--party", "us", "--name", "US fuzz node")
    peer_key = NoteSigner.generate("counterpart/cn").verifier_key().to_vkey()
    run_cli(home, database_url, "peer", "add", "cn", "http://cn.test", peer_key)
    tokens: dict[Role, str] = {}
    for role in Role:
        user = f"fuzz-{role.value}"
        run_cli(home, database_url, "user", "add", user, "--role", role.value)
        tokens[role] = run_cli(home, database_url, "token", "create", user, "--name", "fuzz")
    settings = make_settings(home, database_url)
    node = FuzzNode(app=create_app(settings), tokens=tokens)
    try:
        seed_records(node)
        yield node
    finally:
        node.app.state.engine.dispose()


def seed_records(node: FuzzNode) -> None:
    """Three sent records and two drafts, so that ids in paths also hit real rows."""
    client = TestClient(node.app, headers=node.headers(Role.ADMIN))
    indices: list[object] = []
    for body in (
        {"type": "incident", "content": incident_content()},
        {"type": "incident", "content": incident_content(place="Port of Oakland")},
        {"type": "incident", "content": incident_content(place="Port of Long Beach")},
    ):
        response = client.post("/api/v1/records", json=body)
        assert response.status_code == 201, response.text
        indices.append(response.json()["record"]["index"])
    drafts: list[object] = []
    for _ in range(2):
        response = client.post(
            "/api/v1/drafts", json={"type": "incident", "content": incident_content()}
        )
        assert response.status_code == 201, response.text
        drafts.append(response.json()["id"])
    node.path_values = {"author": ["us", "US"], "index": indices, "draft_id": drafts}
