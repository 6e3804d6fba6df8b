"""Tampering with A's log is caught twice: by B's mirror (alarm, no cosignature) and by the
offline audit of A's export. A row edited, a truncated log, a forked checkpoint, a replayed
cosignature and a foreign one, each on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from counterpart.cli import main
from counterpart.domain.errors import PermissionDenied
from counterpart.ledger.audit import audit_bundle
from counterpart.ledger.checkpoint import Checkpoint, sign_checkpoint
from counterpart.ledger.cosignature import cosign_checkpoint
from counterpart.ledger.note import NoteSigner, parse_note
from counterpart.storage.log_tables import log_checkpoint, log_entry, log_hash
from counterpart.workflows.log_append import require_checkpoint
from counterpart.workflows.log_export import export_log
from counterpart.workflows.log_ports import StoredCosignature
from counterpart.workflows.mirroring import MirrorResult
from tests.exchange.harness import Node, app_client, peer_client
from tests.exchange.test_mirroring import mirror


def _edit_row(a: Node, b: Node, app_a: TestClient) -> str:
    with a.stores.engine.begin() as connection:
        connection.execute(
            log_entry.update().where(log_entry.c.idx == 7).values(data=b'{"edited":true}')
        )
    return "checkpoint"


def _truncate(a: Node, b: Node, app_a: TestClient) -> str:
    assert mirror(b, a, app_a).size == 10
    with a.stores.engine.begin() as connection:
        connection.execute(log_entry.delete().where(log_entry.c.idx >= 8))
    return "truncated log"


def _fork_at(a: Node, size: int) -> None:
    """A second checkpoint of `size`, signed by A's own key, over another root."""
    forked = sign_checkpoint(Checkpoint(a.signer.name, size, b"\x07" * 32), a.signer)
    a.stores.own.add_checkpoint(size, b"\x07" * 32, forked.to_text(), "ok")


def _fork(a: Node, b: Node, app_a: TestClient) -> str:
    assert mirror(b, a, app_a).size == 10
    _fork_at(a, 10)
    return "000000000010-2.txt"  # the second checkpoint of size 10


def _attach(a: Node, line: str) -> None:
    ten = require_checkpoint(a.stores.own, 10)
    a.stores.own.add_cosignature(StoredCosignature(10, ten.root, "counterpart/cn", line, 1))


def _replay(a: Node, b: Node, app_a: TestClient) -> str:
    six = a.stores.own.cosignatures(6)
    line = next(c.line for c in six if c.signer == "counterpart/cn")
    with pytest.raises(PermissionDenied, match="does not verify"):
        peer_client(b, app_a).send_cosignature(10, line)
    _attach(a, line)
    return "counterpart/cn"


def _foreign(a: Node, b: Node, app_a: TestClient) -> str:
    impostor = NoteSigner.generate("counterpart/cn")
    note = parse_note(require_checkpoint(a.stores.own, 10).note)
    line = cosign_checkpoint(note, impostor, int(time.time())).to_line()
    with pytest.raises(PermissionDenied, match="not from the expected cosigner"):
        peer_client(b, app_a).send_cosignature(10, line)
    _attach(a, line)
    return "counterpart"


Tamper = Callable[[Node, Node, TestClient], str]
MIRROR_SAYS = {
    "_edit_row": "the tree rebuilt from the entries has another root than checkpoint 10",
    "_truncate": "the log shrank: checkpoint 8 after cosigning size 10",
    "_fork": "roots of two trees of size 10",
    "_replay": "did not make over it (replayed or foreign)",
    "_foreign": "did not make over it (replayed or foreign)",
}


@pytest.mark.parametrize(
    "tamper", [_edit_row, _truncate, _fork, _replay, _foreign], ids=lambda f: f.__name__[1:]
)
def test_tampering_is_caught_by_the_mirror_and_by_the_audit(
    node_a: Node, node_b: Node, app_a: TestClient, tmp_path: Path, tamper: Tamper
) -> None:
    a, b = node_a, node_b
    a.append(6)
    assert mirror(b, a, app_a).cosigned
    a.append(4)
    audit_says = tamper(a, b, app_a)

    bundle = tmp_path / "bundle"
    export_log(a.stores.own, a.stores.book, a.signer.verifier_key(), bundle)
    report = audit_bundle(bundle)
    assert not report.sound
    assert any(audit_says in str(finding) for finding in report.findings), report.findings

    if tamper is _truncate:  # the next step of a truncation: re-sign the shorter log
        with a.stores.engine.begin() as connection:
            connection.execute(log_checkpoint.delete().where(log_checkpoint.c.size >= 8))
            connection.execute(log_hash.delete().where(log_hash.c.idx >= 8, log_hash.c.level == 0))
    before = b.stores.book.witness_state(a.signer.name)
    result: MirrorResult = mirror(b, a, app_a)
    assert result.alarm is not None and not result.cosigned
    assert MIRROR_SAYS[tamper.__name__] in result.alarm
    assert b.stores.book.alarms()[-1].kind == "inconsistent_checkpoint"
    assert b.stores.book.witness_state(a.signer.name) == before
    kept = b.stores.log_named("peer:us").checkpoints("inconsistent")
    assert len(kept) == 1 and kept[0].note.startswith("counterpart/us\n")
    alarms = len(b.stores.book.alarms())
    assert mirror(b, a, app_a).alarm == result.alarm  # the next round refuses again...
    assert len(b.stores.book.alarms()) == alarms  # ...without a second alarm for it


def test_the_alarm_shows_in_the_cli_and_the_api(
    node_a: Node, node_b: Node, app_a: TestClient
) -> None:
    a, b = node_a, node_b
    a.append(3)
    assert mirror(b, a, app_a).cosigned
    _fork_at(a, 3)
    assert mirror(b, a, app_a).alarm is not None
    home = ["--home", str(b.settings.home)]
    runner = CliRunner()
    status = runner.invoke(main, [*home, "log", "status"])
    assert "ALARM" in status.output and "inconsistent_checkpoint" in status.output
    runner.invoke(main, [*home, "user", "add", "ops", "--role", "viewer"])
    token = runner.invoke(main, [*home, "token", "create", "ops", "--name", "t"])
    bearer = {"Authorization": f"Bearer {token.output.strip().splitlines()[-1]}"}
    with app_client(b, "http://b.test") as app_b:
        shown = app_b.get("/api/v1/log/status", headers=bearer).json()
    app_b.app.state.engine.dispose()  # type: ignore[attr-defined]
    assert [alarm["kind"] for alarm in shown["alarms"]] == ["inconsistent_checkpoint"]
    assert shown["mirrors"] == {"us": 3}
