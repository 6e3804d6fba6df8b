"""End to end over HTTP between two real nodes (`counterpart serve` processes, mirroring on).

An analyst on A (us) drafts and an approver sends a pre-export notification; B (cn) sees it,
screened, in its inbox and objects; A sees the objection. Each side uses only the JSON API.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.domain.record_samples import notification_content
from tests.nodes.harness import NodeProcess, run_cli, start_all, wait_for


def token(node: NodeProcess, username: str, role: str) -> httpx.Client:
    """A client of `node` holding a fresh API token of a new user with `role`."""
    run_cli(node.home, "user", "add", username, "--role", role)
    secret = run_cli(node.home, "token", "create", username, "--name", "e2e").strip().splitlines()
    headers = {"Authorization": f"Bearer {secret[-1]}"}
    return httpx.Client(base_url=node.url, headers=headers, timeout=30)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[NodeProcess, NodeProcess]]:
    a, b = NodeProcess(tmp_path / "a"), NodeProcess(tmp_path / "b")
    vkey_a = run_cli(a.home, "init", "--party", "us", "--name", "US node").strip()
    vkey_b = run_cli(b.home, "init", "--party", "cn", "--name", "CN node").strip()
    run_cli(a.home, "peer", "add", "cn", b.url, vkey_b)
    run_cli(b.home, "peer", "add", "us", a.url, vkey_a)
    yield a, b
    a.stop()
    b.stop()


def inbox(client: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/api/v1/inbox").json()["items"]
    return items


@pytest.mark.slow
def test_notification_drafted_sent_screened_objected_and_seen(
    nodes: tuple[NodeProcess, NodeProcess],
) -> None:
    a, b = nodes
    clients = [
        token(a, "analyst-a", "analyst"),
        token(a, "approver-a", "approver"),
        token(b, "viewer-b", "viewer"),
        token(b, "approver-b", "approver"),
    ]
    analyst_a, approver_a, viewer_b, approver_b = clients
    start_all(a, b)
    try:
        dispatch = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
        content = notification_content(dispatch_date=dispatch)
        del content["reply_deadline"]  # the node sets it: 15 days for a listed precursor
        body = {"type": "pre_export_notification", "content": content}
        draft = analyst_a.post("/api/v1/drafts", json=body)
        assert draft.status_code == 201, draft.text
        assert analyst_a.post(f"/api/v1/drafts/{draft.json()['id']}/send").status_code == 403
        sent = approver_a.post(f"/api/v1/drafts/{draft.json()['id']}/send")
        assert sent.status_code == 201, sent.text

        wait_for(lambda: len(inbox(viewer_b)) == 1, "B to mirror A's notification", timeout=60)
        [seen] = inbox(viewer_b)
        assert (seen["author"], seen["state"], seen["flagged"]) == ("us", "awaiting_reply", True)
        detail = viewer_b.get(f"/api/v1/records/us/{seen['index']}").json()["record"]
        verdicts = detail["content"]["screening"]["substances"][0]["verdicts"]
        assert {"jurisdiction": "CN", "status": "controlled", "rule": "4-ap"} in verdicts
        assert detail["leaf_hash"] == sent.json()["record"]["leaf_hash"]

        objection = {"code": "objection", "reason": "the importer holds no DEA registration"}
        replied = approver_b.post(f"/api/v1/records/us/{seen['index']}/reply", json=objection)
        assert replied.status_code == 201, replied.text
        again = approver_b.post(f"/api/v1/records/us/{seen['index']}/reply", json=objection)
        assert again.status_code == 409

        wait_for(lambda: len(inbox(approver_a)) == 1, "A to mirror B's objection", timeout=60)
        [answer] = inbox(approver_a)
        assert (answer["type"], answer["author"]) == ("notification_reply", "cn")
        mine = approver_a.get("/api/v1/records/us/0").json()
        assert mine["record"]["state"] == "objected"
        assert mine["answered_by"][0]["content"]["reason"] == objection["reason"]
    finally:
        for client in clients:
            client.close()
