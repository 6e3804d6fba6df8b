"""The records API's authorisation matrix: every caller against every endpoint.

Callers: anonymous, and each role of party US (the node's party) and of party CN, by API
token. A caller below an endpoint's role gets 403, an anonymous one 401, and neither changes
anything; a CN caller never reads or edits a US draft (404) and never sends from the US node
(403). The count of unauthorised reads or writes must be 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from counterpart.storage.records import evidence_file, record_draft, record_entry
from counterpart.workflows.access_model import Role
from tests.domain.record_samples import incident_content, notification_content
from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node


@dataclass(frozen=True)
class Case:
    method: str
    path: Callable[[WebNode], str]
    minimum: Role
    body: dict[str, Any] | None = None
    us: int = 200  # the answer to a US caller with the role
    cn: int = 200  # the answer to a CN caller with the role
    raw: bytes | None = None


def fresh_draft(web: WebNode) -> str:
    content = {"type": "incident", "content": incident_content()}
    response = web.token_client("analyst").post("/api/v1/drafts", json=content)
    assert response.status_code == 201
    draft_id: str = response.json()["id"]
    return draft_id


NOTICE = {"type": "incident", "content": incident_content()}
REPLY = {"code": "acknowledge"}
CASES = [
    Case("GET", lambda w: "/api/v1/drafts", Role.VIEWER),
    Case("GET", lambda w: f"/api/v1/drafts/{fresh_draft(w)}", Role.VIEWER, cn=404),
    Case("GET", lambda w: "/api/v1/records", Role.VIEWER),
    Case("GET", lambda w: "/api/v1/records?format=csv", Role.VIEWER),
    Case("GET", lambda w: "/api/v1/inbox", Role.VIEWER),
    Case("GET", lambda w: "/api/v1/records/us/0", Role.VIEWER),  # CN: it was sent to CN
    Case("GET", lambda w: "/api/v1/due", Role.VIEWER),
    Case("GET", lambda w: "/api/v1/vocabularies", Role.VIEWER),
    Case("POST", lambda w: "/api/v1/drafts", Role.ANALYST, NOTICE, us=201, cn=201),
    Case(
        "PUT",
        lambda w: f"/api/v1/drafts/{fresh_draft(w)}",
        Role.ANALYST,
        {"content": incident_content(place="Elsewhere"), "version": 1},
        cn=404,
    ),
    Case("DELETE", lambda w: f"/api/v1/drafts/{fresh_draft(w)}", Role.ANALYST, us=204, cn=404),
    Case("POST", lambda w: "/api/v1/evidence", Role.ANALYST, us=201, cn=201, raw=b"a file"),
    Case("POST", lambda w: f"/api/v1/drafts/{fresh_draft(w)}/send", Role.APPROVER, us=201, cn=404),
    Case("POST", lambda w: "/api/v1/records", Role.APPROVER, NOTICE, us=201, cn=403),
    Case("POST", lambda w: "/api/v1/records/us/0/reply", Role.APPROVER, REPLY, us=409, cn=403),
    Case(
        "POST",
        lambda w: "/api/v1/records/us/0/outcome",
        Role.APPROVER,
        {"outcome": "shipped", "occurred_on": "2026-04-01"},
        us=409,
        cn=403,
    ),
    Case(
        "POST",
        lambda w: "/api/v1/records/us/0/response",
        Role.APPROVER,
        {"outcome": "no_findings"},
        us=409,
        cn=403,
    ),
    Case(
        "POST",
        lambda w: "/api/v1/records/us/0/evidence",
        Role.APPROVER,
        {"description": "notice"},
        us=409,
        cn=403,
    ),
    Case(
        "POST",
        lambda w: "/api/v1/records/us/0/status",
        Role.APPROVER,
        {"status": "delivered", "as_of": "2026-03-01"},
        us=409,
        cn=403,
    ),
]


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    for node in open_records_node(tmp_path, database_url):
        body = {"type": "pre_export_notification", "content": notification_content()}
        sent = node.token_client("approver").post("/api/v1/records", json=body)
        assert sent.status_code == 201, sent.text
        yield node


def state(web: WebNode) -> list[Any]:
    with web.node.engine.connect() as connection:
        return [
            sorted(tuple(row) for row in connection.execute(sa.select(table)))
            for table in (record_draft, record_entry, evidence_file)
        ]


def call(client: TestClient, path: str, case: Case) -> int:
    if case.raw is not None:
        response = client.request(case.method, path, content=case.raw)
    else:
        response = client.request(case.method, path, json=case.body)
    status: int = response.status_code
    return status


@pytest.mark.slow
def test_every_caller_against_every_records_endpoint(web: WebNode) -> None:
    callers: list[tuple[str, TestClient, Role | None, str]] = [
        ("anonymous", web.client(), None, "")
    ]
    for party, prefix in (("us", ""), ("cn", "cn-")):
        for each in Role:
            client = web.token_client(f"{prefix}{each.value}")
            callers.append((f"{party} {each.value}", client, each, party))
    wrong: list[str] = []
    for case in CASES:
        for name, client, role, party in callers:
            if role is None:
                expected = 401
            elif not role.includes(case.minimum):
                expected = 403
            else:
                expected = case.us if party == "us" else case.cn
            path = case.path(web)  # may make a fresh draft, before the snapshot
            before = state(web)
            status = call(client, path, case)
            if status != expected:
                wrong.append(f"{name} {case.method} {path}: {status} != {expected}")
            if expected in (401, 403, 404, 409) and state(web) != before:
                wrong.append(f"{name} {case.method} {path}: a refused request changed data")
    assert wrong == []
