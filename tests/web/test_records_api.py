"""The records API on one node: drafts, sending, listing with filters, pages, export, bad input."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from counterpart.storage.records import evidence_file, record_draft, record_entry
from counterpart.web.ui.labels import RECORD_STATE
from counterpart.workflows.record_states import RECORD_STATES
from tests.domain.record_samples import incident_content, notification_content, request_content
from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_records_node(tmp_path, database_url)


def counts(web: WebNode) -> tuple[int, int, int]:
    with web.node.engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (record_draft, record_entry, evidence_file)
        )


def draft(client: TestClient, record_type: str, content: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/drafts", json={"type": record_type, "content": content})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_draft_edit_send_and_read_back(web: WebNode) -> None:
    analyst, approver = web.token_client("analyst"), web.token_client("approver")
    made = draft(analyst, "pre_export_notification", notification_content())
    assert (made["type_zh"], made["version"]) == ("出口前通知", 1)
    changed = notification_content(point_of_entry="Port of Long Beach")
    edited = analyst.put(f"/api/v1/drafts/{made['id']}", json={"content": changed, "version": 1})
    assert edited.json()["version"] == 2
    stale = analyst.put(f"/api/v1/drafts/{made['id']}", json={"content": changed, "version": 1})
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")

    sent = approver.post(f"/api/v1/drafts/{made['id']}/send")
    assert sent.status_code == 201, sent.text
    record = sent.json()["record"]
    assert (record["log"], record["index"], record["state"]) == ("self", 0, "awaiting_reply")
    assert record["content"]["point_of_entry"] == "Port of Long Beach"
    assert record["content"]["screening"]["flagged"] is True
    assert analyst.get(f"/api/v1/drafts/{made['id']}").status_code == 404
    detail = web.token_client("viewer").get("/api/v1/records/us/0").json()
    assert detail["record"]["leaf_hash"] == record["leaf_hash"]


def test_list_filters_pages_and_exports(web: WebNode) -> None:
    approver = web.token_client("approver")
    for n in range(3):
        body = {"type": "incident", "content": incident_content(place=f"Port {n}")}
        assert approver.post("/api/v1/records", json=body).status_code == 201
    body = {"type": "request_for_assistance", "content": request_content(evidence=[])}
    assert approver.post("/api/v1/records", json=body).status_code == 201
    viewer = web.token_client("viewer")
    incidents = viewer.get("/api/v1/records", params={"type": "incident"}).json()
    assert incidents["total"] == 3
    first = viewer.get("/api/v1/records", params={"limit": 2}).json()
    assert [i["index"] for i in first["items"]] == [3, 2]
    second = viewer.get("/api/v1/records", params={"limit": 2, "cursor": first["next_cursor"]})
    assert [i["index"] for i in second.json()["items"]] == [1, 0]
    by_offset = viewer.get("/api/v1/records", params={"limit": 2, "offset": 2}).json()
    assert [i["index"] for i in by_offset["items"]] == [1, 0]
    assert viewer.get("/api/v1/records", params={"state": "open"}).json()["total"] == 1
    empty = viewer.get("/api/v1/records", params={"since": "2026-03-02"}).json()
    assert empty["total"] == 0
    exported = viewer.get("/api/v1/records", params={"format": "csv", "type": "incident"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["index"] for r in rows] == ["2", "1", "0"] and rows[0]["state"] == "reported"
    due = viewer.get("/api/v1/due").json()
    assert [e["type"] for e in due["overdue"] + due["due_soon"]] == []  # due 2026-05-30


BAD = [
    ({"substances": [{"name": "x", "quantity": "3", "unit": "lbs"}]}, 422, "substances[0].unit"),
    ({"substances": [{"name": "x", "quantity": "-3", "unit": "kg"}]}, 422, "quantity"),
    ({"dispatch_date": "2026-03-10"}, 422, "$.content.dispatch_date"),
    ({"exporter": {"name": "\udcff", "country": "CN"}}, 422, "$.content.exporter.name"),
    ({"extra": 1}, 422, "$.content"),
]


@pytest.mark.parametrize(("changes", "status", "where"), BAD)
def test_bad_drafts_are_refused_with_where_and_nothing_stored(
    web: WebNode, changes: dict[str, Any], status: int, where: str
) -> None:
    analyst = web.token_client("analyst")
    content = notification_content(**changes)
    text = json.dumps({"type": "pre_export_notification", "content": content})  # \udcff escaped
    response = analyst.post(
        "/api/v1/drafts", content=text, headers={"content-type": "application/json"}
    )
    body = response.json()
    assert (response.status_code, body["ok"], body["code"]) == (status, False, "invalid_input")
    assert where in body["where"]
    assert counts(web) == (0, 0, 0)


def test_non_utf8_bytes_and_dates_in_the_wrong_order_are_refused(web: WebNode) -> None:
    analyst = web.token_client("analyst")
    raw = b'{"type": "incident", "content": {"place": "\xff\xfe"}}'
    response = analyst.post(
        "/api/v1/drafts", content=raw, headers={"content-type": "application/json"}
    )
    refusal = response.json()
    assert (response.status_code, refusal["code"]) == (422, "invalid_input")
    assert refusal["error"] == "JSON is not UTF-8 (byte 43)"
    viewer = web.token_client("viewer")
    backwards = viewer.get("/api/v1/records", params={"since": "2026-03-05", "until": "2026-03-01"})
    assert backwards.status_code == 422 and "after until" in backwards.json()["error"]
    assert counts(web) == (0, 0, 0)


def test_a_reply_to_a_record_that_does_not_exist_is_404(web: WebNode) -> None:
    approver = web.token_client("cn-approver")
    response = approver.post("/api/v1/records/us/5/reply", json={"code": "acknowledge"})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    ghost = {"author": "cn", "log_index": 0, "leaf_hash": "ab" * 32}
    body = {"type": "notification_reply", "content": {"notification": ghost, "code": "objection",
                                                       "reason": "x"}}  # fmt: skip
    filed = web.token_client("approver").post("/api/v1/records", json=body)
    assert (filed.status_code, filed.json()["code"]) == (404, "not_found")
    assert counts(web) == (0, 0, 0)


def test_evidence_over_the_size_limit_is_413_and_kept_files_are_cited(
    tmp_path: Path, database_url: str
) -> None:
    for web in open_records_node(tmp_path, database_url, max_evidence_bytes=1000):
        analyst = web.token_client("analyst")
        big = analyst.post("/api/v1/evidence", content=b"x" * 1001)
        assert (big.status_code, big.json()["code"]) == (413, "payload_too_large")
        assert counts(web) == (0, 0, 0)
        unknown = draft_status(analyst, request_content())
        assert unknown.status_code == 422 and "never uploaded" in unknown.json()["error"]
        kept = analyst.post(
            "/api/v1/evidence", content=b"%PDF-1.7 store", params={"media_type": "application/pdf"}
        ).json()
        assert (kept["size"], kept["stored"]) == (14, True)
        assert ("analyst", "evidence.upload") in web.node.audit_actions()
        made = draft_status(analyst, request_content(evidence=[kept["sha256"]]))
        assert made.status_code == 201, made.text


def draft_status(client: TestClient, content: dict[str, Any]) -> Any:
    return client.post(
        "/api/v1/drafts", json={"type": "request_for_assistance", "content": content}
    )


def test_vocabularies_carry_both_labels(web: WebNode) -> None:
    body = web.token_client("viewer").get("/api/v1/vocabularies").json()
    units = {u["value"]: u["label_zh"] for u in body["vocabularies"]["Unit"]}
    assert units["kg"] == "千克" and "lbs" not in units


def test_every_records_route_is_documented_and_secured(web: WebNode) -> None:
    spec = web.client().get("/openapi.json").json()
    prefixes = ("/api/v1/drafts", "/api/v1/records", "/api/v1/inbox", "/api/v1/due")
    others = ("/api/v1/evidence", "/api/v1/vocabularies")
    operations = [
        (path, method, operation)
        for path, item in spec["paths"].items()
        if path.startswith(prefixes) or path in others
        for method, operation in item.items()
    ]
    assert len(operations) == 18
    for path, method, operation in operations:
        schemes = {name for rule in operation.get("security", []) for name in rule}
        assert {"apiToken", "session"} <= schemes, (method, path)
        assert operation.get("summary") or operation.get("description"), (method, path)
    create = spec["paths"]["/api/v1/drafts"]["post"]["requestBody"]["content"]
    assert create["application/json"]["schema"]["required"] == ["type", "content"]


@pytest.mark.parametrize("path", ["/api/v1/records", "/api/v1/inbox"])
def test_an_unknown_state_filter_is_422_naming_the_parameter(web: WebNode, path: str) -> None:
    viewer = web.token_client("viewer")
    refused = viewer.get(path, params={"state": "awaiting"})
    body = refused.json()
    assert (refused.status_code, body["code"], body["where"]) == (
        422,
        "invalid_input",
        "query.state",
    )
    assert "unknown state 'awaiting'; the states are awaiting_reply, acknowledged," in body["error"]
    assert viewer.get(path, params={"state": "awaiting_reply"}).status_code == 200


def test_the_state_filter_lists_its_states_in_the_openapi(web: WebNode) -> None:
    spec = web.token_client("viewer").get("/openapi.json").json()
    parameters = spec["paths"]["/api/v1/records"]["get"]["parameters"]
    state = next(p for p in parameters if p["name"] == "state")
    assert "published" in state["schema"]["enum"] and "awaiting_reply" in state["schema"]["enum"]


def test_the_states_a_filter_knows_are_the_states_the_pages_label() -> None:
    assert sorted(RECORD_STATES) == sorted(RECORD_STATE)


def test_an_unknown_author_party_is_422_naming_the_parameter(web: WebNode) -> None:
    viewer = web.token_client("viewer")
    refused = viewer.get("/api/v1/records", params={"party": "fr"})
    body = refused.json()
    assert (refused.status_code, body["where"]) == (422, "query.party")
    assert body["error"] == "unknown party 'fr'; the parties are us, cn"
    assert viewer.get("/api/v1/records", params={"party": "CN"}).status_code == 200
