"""Node identity and setup through the CLI: key file, environment key, peers, appends."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from counterpart.cli import main
from counterpart.domain.errors import InvalidInput, NotFound, PeerUnavailable
from counterpart.exchange.keys import key_path, load_node_key
from counterpart.exchange.mirror import MirrorTask
from counterpart.exchange.peer import PeerClient
from counterpart.ledger.note import NoteSigner, parse_vkey
from counterpart.settings import Settings
from counterpart.workflows.mirroring import MirrorResult


def _cli(home: Path, *args: str, env: dict[str, str] | None = None, stdin: str = "") -> Result:
    return CliRunner().invoke(main, ["--home", str(home), *args], input=stdin, env=env)


def test_init_writes_a_0600_key_and_prints_its_vkey(tmp_path: Path) -> None:
    home = tmp_path / "node"
    result = _cli(home, "init", "--party", "us", "--name", "US node")
    assert result.exit_code == 0, result.output
    vkey = parse_vkey(result.stdout.strip())
    assert vkey.name == "counterpart/us"
    settings = Settings(home=home)
    assert stat.S_IMODE(key_path(settings).stat().st_mode) == 0o600
    assert load_node_key(settings).verifier_key() == vkey
    again = _cli(home, "init", "--party", "us", "--name", "US node")
    assert again.exit_code == 1 and "already initialised" in again.output


def test_a_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "node"
    _cli(home, "init", "--party", "us", "--name", "US node")
    settings = Settings(home=home)
    key_path(settings).chmod(0o644)
    with pytest.raises(InvalidInput, match="owner only"):
        load_node_key(settings)
    with pytest.raises(NotFound, match="counterpart init"):
        load_node_key(Settings(home=tmp_path / "nowhere"))


def test_the_key_can_come_from_the_environment(tmp_path: Path) -> None:
    signer = NoteSigner.generate("counterpart/cn")
    env = {"COUNTERPART_NODE_KEY": signer.to_skey()}
    result = _cli(tmp_path / "n", "init", "--party", "cn", "--name", "CN node", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == signer.verifier_key().to_vkey()
    assert not key_path(Settings(home=tmp_path / "n")).exists()
    wrong = _cli(tmp_path / "m", "init", "--party", "us", "--name", "US", env=env)
    assert wrong.exit_code == 1 and "origin is 'counterpart/us'" in wrong.output
    bad = Settings(home=tmp_path, node_key="PRIVATE+KEY+nope")
    with pytest.raises(InvalidInput, match="COUNTERPART_NODE_KEY"):
        load_node_key(bad)


def test_peers_and_appends_are_checked(tmp_path: Path) -> None:
    home = tmp_path / "node"
    _cli(home, "init", "--party", "us", "--name", "US node")
    other = NoteSigner.generate("counterpart/cn").verifier_key().to_vkey()
    assert _cli(home, "peer", "add", "cn", "ftp://x", other).exit_code == 1
    assert "is not name+keyid+base64" in _cli(home, "peer", "add", "cn", "http://x", "junk").output
    assert _cli(home, "peer", "add", "cn", "http://127.0.0.1:9", other).exit_code == 0

    record = '{"summary": "seizure of 4-AP", "quantity": "12.5 kg"}'
    appended = _cli(home, "log", "append", "--type", "incident", "-", stdin=record)
    assert json.loads(appended.output) == {"index": 0}
    unknown = _cli(home, "log", "append", "--type", "gossip", "-", stdin=record)
    assert unknown.exit_code == 2 and "'gossip' is not one of" in unknown.output
    duplicate = _cli(home, "log", "append", "--type", "incident", "-", stdin='{"a":1,"a":2}')
    assert duplicate.exit_code == 1 and "duplicate" in duplicate.output.lower()
    status = json.loads(_cli(home, "log", "status", "--format", "json").output)
    assert (status["size"], status["mirrors"], status["alarms"]) == (1, {"cn": 0}, [])


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed again: connections are refused


def test_an_unreachable_peer_is_retried_with_back_off_then_unavailable() -> None:
    sleeps: list[float] = []
    client = PeerClient(
        f"http://127.0.0.1:{_closed_port()}",
        NoteSigner.generate("counterpart/us"),
        retries=3,
        backoff=0.1,
        sleep=sleeps.append,
    )
    with pytest.raises(PeerUnavailable, match="no answer after 4 attempts"):
        client.fetch_checkpoint()
    client.close()
    assert sleeps == [0.1, 0.2, 0.4]


def test_the_mirror_task_backs_off_while_the_peer_is_down() -> None:
    outcomes: list[MirrorResult | PeerUnavailable] = [
        PeerUnavailable("down"),
        PeerUnavailable("down"),
        MirrorResult("us", 3, 3, True),
    ]

    def run_round() -> MirrorResult:
        outcome = outcomes.pop(0)
        if isinstance(outcome, PeerUnavailable):
            raise outcome
        return outcome

    task = MirrorTask(run_round, interval=1.0)
    delays, delay = [], 1.0
    for _ in range(3):
        delay = task.next_delay(delay, failed=not task.run_once())
        delays.append(delay)
    assert delays == [2.0, 4.0, 1.0]
    assert task.last == MirrorResult("us", 3, 3, True)
