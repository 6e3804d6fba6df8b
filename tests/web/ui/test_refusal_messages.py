"""Refusals in the reader's language: a record's anomaly, a form's error, the error page.

The JSON shapes keep the English text and carry the message beside it (`anomaly_message`,
the error shape's `message`) so that a client can translate too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from counterpart.domain.records import RecordType, encode_record, new_record
from counterpart.storage.records import open_records
from counterpart.workflows.record_projection import Parties, project_entry
from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node
from tests.web.ui.refusals import HASH, reply
from tests.web.ui.test_record_forms import commitment_of
from tests.web.ui.test_records_pages import NOTIFICATION_FORM, save_draft, send
from tests.web.ui.ui_node import BROWSER_HEADERS


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_records_node(tmp_path, database_url)


def reader(web: WebNode, username: str, locale: str) -> tuple[TestClient, str]:
    client, csrf = web.sign_in(username)
    client.headers.update(BROWSER_HEADERS)
    client.post("/language", data={"locale": locale, "next": "/", "csrf_token": csrf})
    return client, csrf


def receive(web: WebNode, index: int, content: dict[str, Any]) -> None:
    """A reply of the counterpart (cn) projected from its log, as mirroring projects it."""
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    record = new_record(RecordType.NOTIFICATION_REPLY, "cn", index + 1, content, claimed_at=moment)
    with open_records(web.node.engine) as book:
        project_entry(book, "peer:cn", index, encode_record(record), Parties("us", "cn"))


def text_of(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def test_a_records_anomalies_read_in_chinese_and_the_twin_carries_them(web: WebNode) -> None:
    receive(web, 0, reply())  # answers a notification us never filed
    receive(web, 1, reply("maybe"))  # not a reply code
    client, _csrf = reader(web, "viewer", "zh")
    missing, unparsed = (client.get(f"/records/cn/{index}").text for index in (0, 1))
    assert '在日志序号 <span translate="no">0</span> 处没有叶哈希为' in missing
    assert "no record of" not in missing
    assert text_of(unparsed).count("不是已知的") == 1
    assert "is not a known" not in unparsed
    twin = client.get("/records/cn/1.json").json()["record"]
    assert twin["anomaly"].startswith("$.content.code: 'maybe' is not a known ReplyCode")
    assert twin["anomaly_message"]["id"] == "%(where)s: %(message)s"
    inner = twin["anomaly_message"]["params"]["message"]
    assert (inner["id"], inner["params"]["value"]) == (
        "%(value)s is not a known %(vocabulary)s (one of: %(choices)s)",
        "'maybe'",
    )
    english, _csrf = reader(web, "viewer", "en")
    assert twin["anomaly"] in text_of(english.get("/records/cn/1").text).replace("&#39;", "'")


def test_an_anomaly_stored_without_its_message_shows_the_english_text(web: WebNode) -> None:
    receive(web, 0, reply())
    with web.node.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE record_entry SET anomaly_message = NULL")
    client, _csrf = reader(web, "viewer", "zh")
    page = client.get("/records/cn/0").text
    assert f'<span translate="no">no record of us at log index 0 with leaf hash {HASH[:12]}' in page
    assert client.get("/records/cn/0.json").json()["record"]["anomaly_message"] is None


def test_a_refused_draft_form_says_why_in_chinese(web: WebNode) -> None:
    client, csrf = reader(web, "analyst", "zh")
    form = {**NOTIFICATION_FORM, "substance_quantity": ["25,5", "", ""], "csrf_token": csrf}
    refused = client.post("/drafts", data=form)
    assert refused.status_code == 422
    assert '数量 <span translate="no">&#39;25,5&#39;</span> 不是形如“25.5”的十进制字符串' in (
        refused.text
    )
    assert "is not a decimal string" not in refused.text
    later = {**NOTIFICATION_FORM, "dispatch_date": "2020-01-01", "csrf_token": csrf}
    assert '发运日期 <span translate="no">2020-01-01</span> 早于 回复期限' in (
        client.post("/drafts", data=later).text
    )
    twin = client.post("/drafts.json", data=form).json()
    assert twin["error"] == "quantity '25,5' is not a decimal string like '25.5'"
    assert twin["message"] == {
        "id": "quantity %(value)s is not a decimal string like '25.5'",
        "params": {"value": "'25,5'"},
    }


def test_a_filed_records_screening_problem_reads_in_chinese(web: WebNode) -> None:
    analyst, csrf = reader(web, "analyst", "en")
    record = send(web, save_draft(analyst, csrf, substance_cas=["1234-56-6", "", ""]))
    twin = analyst.get(f"{record}.json").json()
    [check] = twin["record"]["content"]["screening"]["substances"]
    assert check["error"].startswith("CAS 1234-56-6 is valid but not in the registry")
    assert check["error_message"]["params"] == {"cas": "1234-56-6"}
    client, _csrf = reader(web, "viewer", "zh")
    page = client.get(record).text
    assert 'CAS 号 <span translate="no">1234-56-6</span> 有效' in page
    assert "is valid but not in the registry" not in page


def test_a_refused_answer_form_says_why_in_chinese(web: WebNode) -> None:
    commitment = commitment_of(web)
    client, csrf = reader(web, "approver", "zh")
    never = {"description": "Draft rule", "evidence": HASH, "csrf_token": csrf}
    refused = client.post(f"{commitment}/evidence", data=never)
    assert refused.status_code == 422 and 'id="evidence-error"' in refused.text
    assert f'证据文件 <span translate="no">{HASH}</span> 从未上传' in refused.text
    assert "was never uploaded" not in refused.text


def test_the_error_page_says_why_in_chinese(web: WebNode) -> None:
    client, _csrf = reader(web, "approver", "zh")
    page = client.get("/records/us/7")
    assert page.status_code == 404
    assert '日志 <span translate="no">self</span> 中不存在记录 <span translate="no">7</span>' in (
        page.text
    )
    assert "does not exist" not in page.text
    draft = client.get("/drafts/d0")
    assert draft.status_code == 404 and '草稿 <span translate="no">d0</span> 不存在' in draft.text
    kind = client.get("/records?type=notice")
    assert kind.status_code == 422
    assert '<span translate="no">&#39;notice&#39;</span> 不是记录类型（可选值：' in kind.text
    assert "is not a record type" not in kind.text
    api = client.get("/api/v1/records/us/7", headers={"Accept": "application/json"}).json()
    assert (api["error"], api["message"]["id"]) == (
        "record 7 of log self does not exist",
        "record %(index)s of log %(log)s does not exist",
    )


def test_an_error_without_a_message_keeps_the_one_shape(web: WebNode) -> None:
    client, _csrf = reader(web, "viewer", "zh")
    body = client.get("/api/v1/records?limit=0", headers={"Accept": "application/json"}).json()
    assert (body["code"], body["where"]) == ("invalid_input", "query.limit")
    assert set(body) == {"ok", "code", "error", "status", "where"}
