"""The log page: checkpoints with the counterpart's cosignature, records, verification and the
offline proof, which `counterpart verify-proof` accepts; each page's JSON twin."""

from __future__ import annotations

import re
from pathlib import Path

from counterpart.domain.records import decode_record
from counterpart.exchange.keys import load_node_key
from counterpart.ledger.proof import parse_proof
from counterpart.workflows.node_setup import origin_for
from tests.web.auth_node import WebNode
from tests.web.ui.ui_node import browser, fill_log, run_cli, settings_of


def test_log_page_shows_checkpoints_cosignatures_and_records(web: WebNode) -> None:
    fill_log(web, records=3)
    client, _ = browser(web, "viewer")
    page = client.get("/log")
    twin = client.get("/log.json").json()
    assert page.status_code == 200
    assert twin["log"]["size"] == 3
    assert twin["log"]["cosigned_by"] == [origin_for("cn")]
    [checkpoint] = twin["checkpoints"]
    assert checkpoint["size"] == 3
    assert [c["signer"] for c in checkpoint["cosignatures"]] == twin["log"]["cosigned_by"]
    assert f'data-size="{checkpoint["size"]}"' in page.text
    assert checkpoint["root"] in page.text
    assert all(f'class="cosigner">{c["signer"]}<' in page.text for c in checkpoint["cosignatures"])
    assert [r["index"] for r in twin["records"]] == [2, 1, 0]
    assert all(r["type"] == "incident" for r in twin["records"])
    assert re.findall(r'<tr data-index="(\d+)">', page.text) == ["2", "1", "0"]
    assert "Incident" in page.text


def test_verify_a_record_and_its_proof_holds_offline(web: WebNode, tmp_path: Path) -> None:
    fill_log(web, records=2)
    client, _ = browser(web, "viewer")
    response = client.get("/log/verify?index=1", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/log/records/1")
    page = client.get("/log/records/1")
    twin = client.get("/log/records/1.json").json()
    assert twin["holds"] is True and twin["checkpoint_size"] == 2
    assert twin["cosigners"] == ["counterpart"]  # the policy's name for the peer's key
    assert twin["counterpart_required"] is True
    assert 'data-holds="true"' in page.text and "The proof holds." in page.text
    assert twin["record"]["leaf_hash"] in page.text

    proof = client.get("/log/records/1/proof")
    entry = client.get("/log/records/1/entry")
    assert proof.headers["content-disposition"] == 'attachment; filename="record-1.tlog-proof"'
    assert parse_proof(proof.text).index == 1
    assert decode_record(entry.content).content["number"] == 1
    (tmp_path / "p").write_text(proof.text)
    (tmp_path / "leaf").write_bytes(entry.content)
    vkey = load_node_key(settings_of(web)).verifier_key().to_vkey()
    out = run_cli(
        settings_of(web),
        "verify-proof",
        str(tmp_path / "p"),
        "--leaf",
        str(tmp_path / "leaf"),
        "--vkey",
        vkey,
    )
    assert out.startswith("proof holds: entry 1")


def test_a_record_past_the_log_is_an_html_404_and_a_json_404(web: WebNode) -> None:
    fill_log(web, records=1)
    client, _ = browser(web, "viewer")
    page = client.get("/log/records/7")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert (
        'the log has no record <span translate="no">7</span> '
        '(it holds <span translate="no">1</span>)' in page.text
    )
    twin = client.get("/log/records/7.json")
    assert twin.status_code == 404
    assert twin.json() == {
        "ok": False,
        "code": "not_found",
        "status": 404,
        "error": "the log has no record 7 (it holds 1)",
        "where": "index",
        "message": {  # the same, for a client to translate
            "id": "the log has no record %(index)s (it holds %(size)s)",
            "params": {"index": 7, "size": 1},
        },
    }


def test_an_uncosigned_checkpoint_is_said_to_be_so(web: WebNode) -> None:
    fill_log(web, records=1, cosign=False)
    client, _ = browser(web, "viewer")
    twin = client.get("/log/records/0.json").json()
    assert twin["holds"] is True and twin["cosigners"] == []
    assert twin["counterpart_required"] is False
    assert "has not cosigned this checkpoint yet" in client.get("/log/records/0").text


def test_log_page_before_init_says_so(web: WebNode) -> None:
    client, _ = browser(web, "viewer")
    assert client.get("/log.json").json() == {
        "ok": True,
        "log": None,
        "checkpoints": [],
        "records": [],
    }
    assert "This node is not initialised yet" in client.get("/log").text
