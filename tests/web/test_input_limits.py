"""What the schema fuzzer found, fixed at the edge: each refusal is a 422 saying what and where."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from counterpart.workflows.access_model import Role
from tests.web.fuzz_node import FuzzNode, open_fuzz_node


@pytest.fixture
def node(tmp_path: Path, database_url: str) -> Iterator[FuzzNode]:
    yield from open_fuzz_node(tmp_path / "home", database_url)


def admin(node: FuzzNode) -> TestClient:
    return TestClient(node.app, headers=node.headers(Role.ADMIN))


def assert_refused(response: httpx.Response, where: str | None, words: str) -> None:
    assert response.status_code == 422, response.json()
    body = response.json()
    assert body["ok"] is False and body["code"] == "invalid_input" and body["status"] == 422
    assert body.get("where") == where and words in body["error"], body


def test_a_non_utf8_body_is_422_saying_so(node: FuzzNode) -> None:
    response = admin(node).post(
        "/api/v1/screen/substances",
        content=b'{"items": [{"name": "caf\xe9"}]}',
        headers={"content-type": "application/json"},
    )
    assert_refused(response, "body", "not UTF-8: byte 24")


TOO_LARGE = [
    ("/api/v1/records?cursor=2147483648", "query.cursor"),
    ("/api/v1/records?offset=99999999999999999999", "query.offset"),
    ("/api/v1/drafts?offset=2147483648", "query.offset"),
    ("/api/v1/audit?offset=2147483648", "query.offset"),
    ("/api/v1/records/us/9223372036854775808", "path.index"),
    ("/api/v1/records/us/-1", "path.index"),
]
LARGEST = [
    ("/api/v1/records?cursor=2147483647", 200),  # a position: PostgreSQL INTEGER
    ("/api/v1/records?offset=2147483647", 200),  # OFFSET is bound as INTEGER
    ("/api/v1/drafts?offset=2147483647", 200),
    ("/api/v1/audit?offset=2147483647", 200),
    ("/api/v1/records/us/9223372036854775807", 404),  # a log index: BIGINT
]
WITH_NUL = [
    ("/api/v1/records?state=a%00b", "query.state"),
    ("/api/v1/audit?actor=x%00", "query.actor"),
    ("/api/v1/drafts/a%00b", "path"),
    ("/api/v1/records/u%00s/0", "path"),
]


def test_an_integer_past_what_the_database_holds_is_422(node: FuzzNode) -> None:
    client = admin(node)
    for path, where in TOO_LARGE:
        assert_refused(client.get(path), where, "Input should be")


def test_the_largest_integer_the_database_holds_is_still_a_question(node: FuzzNode) -> None:
    client = admin(node)
    for path, status in LARGEST:
        response = client.get(path)
        assert response.status_code == status, (path, response.json())


def test_a_nul_in_the_url_is_422_naming_where(node: FuzzNode) -> None:
    client = admin(node)
    for path, where in WITH_NUL:
        assert_refused(client.get(path), where, "NUL character")


def test_a_nul_in_a_json_body_is_422_and_nothing_is_stored(node: FuzzNode) -> None:
    client = admin(node)
    before = client.get("/api/v1/users").json()
    body = b'{"username": "nul", "role": "viewer", "display_name": "a\\u0000b"}'
    response = client.post(
        "/api/v1/users", content=body, headers={"content-type": "application/json"}
    )
    assert_refused(response, "body", "NUL character")
    assert client.get("/api/v1/users").json() == before


def test_an_escaped_backslash_before_u0000_is_not_a_nul(node: FuzzNode) -> None:
    body = b'{"queries": ["a\\\\u0000"]}'  # the text a\u0000, no NUL in it
    response = admin(node).post(
        "/api/v1/screen/substances", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.json()


def test_openapi_declares_the_one_error_shape_for_every_operation(tmp_path: Path) -> None:
    for node in open_fuzz_node(tmp_path / "home", f"sqlite:///{tmp_path / 'spec.db'}"):
        spec = TestClient(node.app).get("/openapi.json").json()
    error = spec["components"]["schemas"]["ErrorBody"]
    assert set(error["required"]) == {"ok", "code", "error", "status"}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            refusal = operation["responses"].get("4XX")
            assert refusal is not None, f"{method.upper()} {path} declares no 4XX"
            assert "application/json" in refusal["content"], f"{method.upper()} {path}"
            assert "422" not in operation["responses"], f"{method.upper()} {path}: FastAPI's 422"


def test_an_integer_of_thousands_of_digits_in_a_record_is_422(node: FuzzNode) -> None:
    body = b'{"type": "incident", "content": {"kind": "seizure", "count": ' + b"9" * 5000 + b"}}"
    response = admin(node).post(
        "/api/v1/drafts", content=body, headers={"content-type": "application/json"}
    )
    assert_refused(response, None, "(5000 digits) is outside")


def test_records_until_the_last_date_there_is_are_all_records(node: FuzzNode) -> None:
    client = admin(node)
    everything = client.get("/api/v1/records").json()["total"]
    response = client.get("/api/v1/records?since=0001-01-01&until=9999-12-31")
    assert response.status_code == 200, response.json()
    assert response.json()["total"] == everything == 3


def test_a_nul_in_a_form_body_is_422_naming_the_field(node: FuzzNode) -> None:
    response = TestClient(node.app).post(
        "/login",
        content=b"username=ad%00min&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert_refused(response, "form.username", "NUL character")


def test_a_form_body_without_nul_reaches_the_page(node: FuzzNode) -> None:
    response = TestClient(node.app).post(
        "/login",
        content=b"username=admin&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 401  # a wrong password, told by the sign-in page itself
    assert "text/html" in response.headers["content-type"]


def test_a_log_index_in_a_body_past_bigint_is_422_naming_the_field(node: FuzzNode) -> None:
    """The fuzzer's find: a countersigned log index past BIGINT was a 500 on SQLite."""
    body = {"status": "delivered", "as_of": "2026-01-01", "countersigns": -(2**69)}
    response = admin(node).post("/api/v1/records/us/0/status", json=body)
    assert_refused(response, "body.countersigns", "greater than or equal to 0")
    body["countersigns"] = 2**63
    response = admin(node).post("/api/v1/records/us/0/status", json=body)
    assert_refused(response, "body.countersigns", "less than or equal to 9223372036854775807")
