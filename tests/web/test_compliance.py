"""GET /api/v1/compliance and /gap on a real node app: JSON, CSV, sign-in required."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from counterpart.domain.records import Record, RecordType, encode_record, new_record
from counterpart.exchange.keys import create_key_file
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import NoteSigner, parse_note
from counterpart.ledger.tree import hash_leaf
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.log_append import append_entries, receive_cosignature, sign_checkpoint
from counterpart.workflows.log_ports import StoredCosignature
from counterpart.workflows.log_records import append_record
from counterpart.workflows.node_setup import add_peer, init_node
from counterpart.workflows.witness import mirror_log_name
from tests.domain.record_samples import notification_content
from tests.web.auth_node import WebNode, open_web_node

T0 = 1_773_532_800  # 2026-03-15 00:00 UTC: the US cosigns CN's notification
T1 = T0 + 7200  # CN cosigns the US reply two hours later


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_web_node(tmp_path, database_url)


def _seed(web: WebNode) -> None:
    """CN's notification in the mirror, the US reply in the own log, both cosigned."""
    settings = web.app.state.settings
    stores = open_node_stores(settings, web.app.state.engine)
    us = init_node(stores.book, "US-DEA", "US node", lambda o: create_key_file(settings, o))
    cn = NoteSigner.generate("counterpart/CN-NNCC")
    add_peer(stores.book, "cn", "http://cn.test", cn.verifier_key().to_vkey())
    mirror = stores.log_named(mirror_log_name("cn"))
    notification = new_record(
        RecordType.PRE_EXPORT_NOTIFICATION,
        "cn-nncc",
        1,
        notification_content(),
        claimed_at=datetime(2026, 3, 14, tzinfo=UTC),
    )
    append_entries(mirror, [encode_record(notification)])
    checkpoint = sign_checkpoint(mirror, cn)
    line = cosign_checkpoint(parse_note(checkpoint.note), us, T0).to_line()
    mirror.add_cosignature(StoredCosignature(1, checkpoint.root, us.name, line, T0))
    link = {"author": "cn-nncc", "log_index": 0, "leaf_hash": _leaf(notification)}
    reply = {"notification": link, "code": "objection", "reason": "Importer not registered"}
    claimed = datetime(2026, 3, 15, 0, 5, tzinfo=UTC)  # claims five minutes; evidence says 2 h
    append_record(stores.own, stores.book, RecordType.NOTIFICATION_REPLY,
                  json.dumps(reply | {"late": False, "late_reason": ""}).encode(),
                  lambda: claimed)  # fmt: skip
    own_checkpoint = sign_checkpoint(stores.own, us)
    cosigned = cosign_checkpoint(parse_note(own_checkpoint.note), cn, T1).to_line()
    receive_cosignature(
        stores.own, us.verifier_key(), cn.verifier_key(), size=1, line=cosigned, now=T1
    )
    web.clock.now = datetime(2026, 3, 16, tzinfo=UTC)


def _leaf(record: Record) -> str:
    return hash_leaf(encode_record(record)).hex()


def test_compliance_json_shows_evidence_and_claimed_times(web: WebNode) -> None:
    _seed(web)
    response = web.token_client("viewer").get("/api/v1/compliance")
    assert response.status_code == 200, response.text
    body = response.json()
    us = next(d for d in body["directions"] if d["party"] == "us-dea")
    replies = us["replies"]
    assert (replies["answered"], replies["median_seconds"], replies["p90_seconds"]) == (
        1,
        7200,
        7200,
    )
    [item] = replies["items"]
    assert item["answered_at"] == "2026-03-15T02:00:00Z"
    assert item["answered_claimed_at"] == "2026-03-15T00:05:00Z"
    assert (item["label"], item["within_deadline"]) == ("objection", True)
    assert body["problems"] == []


def test_compliance_csv_has_one_row_per_figure(web: WebNode) -> None:
    _seed(web)
    response = web.token_client("analyst").get("/api/v1/compliance", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    median = [
        r
        for r in rows
        if (r["party"], r["section"], r["figure"]) == ("us-dea", "replies", "median_seconds")
    ]
    assert [r["value"] for r in median] == ["7200"]
    outcomes = [r for r in rows if (r["party"], r["figure"]) == ("cn-nncc", "without_outcome")]
    assert [r["value"] for r in outcomes] == ["1"]


def test_gap_json_and_csv(web: WebNode) -> None:
    _seed(web)
    client = web.token_client("viewer")
    body = client.get("/api/v1/compliance/gap").json()
    assert (body["parties"], body["jurisdictions"]) == (["us-dea", "cn-nncc"], ["US", "CN"])
    [ap] = [s for s in body["substances"] if s["substance"] == "4-ap"]
    assert [(g["controlled_by"], g["not_by"], g["days"], g["open"]) for g in ap["gaps"]] == [
        ("UN", "CN", 648, False),
        ("US", "CN", 1570, False),
    ]
    text = client.get("/api/v1/compliance/gap", params={"format": "csv"}).text
    assert "4-ap,4-AP,23056-29-3,True,US,CN,2020-05-15,2024-09-01,1570,False" in text.splitlines()


def test_compliance_needs_a_signed_in_user_and_a_valid_format(web: WebNode) -> None:
    _seed(web)
    client = web.client()
    assert client.get("/api/v1/compliance").status_code == 401
    assert client.get("/api/v1/compliance/gap").json()["code"] == "unauthenticated"
    bad = web.token_client("viewer").get("/api/v1/compliance", params={"format": "xml"})
    assert bad.status_code == 422


def test_a_node_without_a_peer_says_so(web: WebNode) -> None:
    settings = web.app.state.settings
    stores = open_node_stores(settings, web.app.state.engine)
    init_node(stores.book, "US-DEA", "US node", lambda o: create_key_file(settings, o))
    response = web.token_client("viewer").get("/api/v1/compliance")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert "no counterpart node is registered" in response.json()["error"]
