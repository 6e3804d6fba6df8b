"""The operator's writes to the log and the peer list leave audit rows, committed with them."""

from __future__ import annotations

import sqlalchemy as sa

from counterpart.ledger.note import NoteSigner
from counterpart.storage.tables import audit_event
from counterpart.workflows.node_setup import origin_for
from tests.web.auth_node import WebNode
from tests.web.ui.ui_node import run_cli, settings_of


def _rows(web: WebNode, prefix: str) -> list[tuple[str, str, str, object]]:
    with web.node.engine.connect() as connection:
        rows = connection.execute(sa.select(audit_event).order_by(audit_event.c.id)).all()
    return [(r.actor, r.action, r.target, r.detail) for r in rows if r.action.startswith(prefix)]


def test_log_append_by_cli_and_api_and_peer_add_are_audited(web: WebNode) -> None:
    settings = settings_of(web)
    run_cli(settings, "init", "--party", "us", "--name", "US node")
    run_cli(settings, "log", "append", "--type", "incident", "-", input_text='{"n": 1}')
    admin = web.token_client("admin")
    appended = admin.post("/api/v1/log/records", json={"type": "incident", "content": {"n": 2}})
    assert appended.status_code == 201, appended.text
    assert _rows(web, "log.") == [
        ("cli", "log.append", "log:0", {"type": "incident"}),
        ("admin", "log.append", "log:1", {"type": "incident"}),
    ]

    vkey = NoteSigner.generate(origin_for("cn")).verifier_key().to_vkey()
    run_cli(settings, "peer", "add", "cn", "http://cn.test/", vkey)
    assert _rows(web, "peer.") == [
        ("cli", "peer.add", "peer:cn", {"url": "http://cn.test", "vkey": vkey})
    ]


def test_a_refused_append_writes_no_audit_row(web: WebNode) -> None:
    run_cli(settings_of(web), "init", "--party", "us", "--name", "US node")
    admin = web.token_client("admin")
    refused = admin.post("/api/v1/log/records", json={"type": "incident", "content": []})
    assert refused.status_code == 422
    viewer = web.token_client("viewer")
    forbidden = viewer.post("/api/v1/log/records", json={"type": "incident", "content": {}})
    assert forbidden.status_code == 403
    assert _rows(web, "log.") == []
