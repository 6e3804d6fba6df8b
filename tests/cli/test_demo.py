"""`counterpart demo`: two real nodes start, the scenario is seeded, both views agree."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import IO, Any

import httpx
import pytest
from click.testing import CliRunner

from counterpart.cli import main


def _free_pair() -> int:
    """A port p with p + 1 free too (the US node's)."""
    for _ in range(20):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port
    raise AssertionError("no two consecutive free ports")


def _read_lines(stream: IO[str], lines: Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def _wait_ready(process: subprocess.Popen[str], lines: Queue[str], timeout: float) -> str:
    """The demo's output up to its "Demo ready" line."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except Empty:
            assert process.poll() is None, "".join(seen)
            continue
        seen.append(line)
        if line.startswith("Demo ready"):
            return "".join(seen)
    raise AssertionError(f"the demo was not ready in {timeout}s:\n{''.join(seen)}")


def _compliance(home: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["--home", str(home), "compliance", "--format", "json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _direction(report: dict[str, Any], party: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [d for d in report["directions"] if d["party"] == party]
    assert len(found) == 1
    return found[0]


@pytest.mark.slow
def test_demo_starts_two_nodes_seeds_and_both_views_agree(tmp_path: Path) -> None:
    port = _free_pair()
    command = [sys.executable, "-m", "counterpart", "demo", "--home", str(tmp_path)]
    process = subprocess.Popen(
        [*command, "--base-port", str(port)], stdout=subprocess.PIPE, text=True
    )
    lines: Queue[str] = Queue()
    assert process.stdout is not None
    reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    try:
        output = _wait_ready(process, lines, timeout=90)
        cn_view = _compliance(tmp_path / "cn-nncc")
        us_view = _compliance(tmp_path / "us-dea")
        health = httpx.get(f"http://127.0.0.1:{port + 1}/api/v1/health", timeout=5)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        reader.join(timeout=10)
        process.stdout.close()
    assert health.status_code == 200
    assert f"http://127.0.0.1:{port}/" in output and f"http://127.0.0.1:{port + 1}/" in output
    assert (
        len(re.findall(r"login (admin|approver|analyst|viewer) +one-time password \S{16,}", output))
        == 8
    )
    _check_views_agree(cn_view, us_view)
    for node_port in (port, port + 1):  # both nodes were stopped with the demo
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{node_port}/api/v1/health", timeout=2)


def _check_views_agree(cn_view: dict[str, Any], us_view: dict[str, Any]) -> None:
    us_replies = [_direction(view, "us-dea")["replies"] for view in (cn_view, us_view)]
    assert us_replies[0] == us_replies[1]  # the same reply times, seen from either node
    replies = us_replies[0]
    assert (replies["requests"], replies["answered"], replies["within_deadline"]) == (2, 2, 2)
    assert sorted(item["label"] for item in replies["items"]) == ["no_objection", "objection"]
    assert all(item["seconds"] >= 0 for item in replies["items"])
    for view in (cn_view, us_view):
        cn, us = _direction(view, "cn-nncc"), _direction(view, "us-dea")
        assert (cn["assistance"]["answered"], cn["commitments"]["delivered_on_time"]) == (1, 1)
        assert (cn["outcomes"]["notifications"], cn["outcomes"]["with_outcome"]) == (2, 2)
        assert (us["incidents"]["linked_to_notification"], us["commitments"]["open"]) == (1, 1)
        assert view["problems"] == []


def test_a_home_that_already_holds_a_node_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cn-nncc").mkdir()
    (tmp_path / "cn-nncc" / "counterpart.db").write_bytes(b"")
    result = CliRunner().invoke(main, ["demo", "--home", str(tmp_path), "--base-port", "1"])
    assert result.exit_code == 1
    assert "already holds a node; give `--home` an empty directory" in result.stderr


@pytest.mark.slow
def test_a_node_that_cannot_start_stops_the_demo_and_the_other_node(tmp_path: Path) -> None:
    port = _free_pair()
    with socket.socket() as taken:  # the Chinese node's port is in use
        taken.bind(("127.0.0.1", port))
        taken.listen()
        command = [sys.executable, "-m", "counterpart", "demo", "--home", str(tmp_path)]
        result = subprocess.run(
            [*command, "--base-port", str(port)],
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert f"node CN-NNCC exited; see {tmp_path / 'cn-nncc' / 'serve.log'}" in result.stderr
    with pytest.raises(httpx.TransportError):  # the US node was stopped too
        httpx.get(f"http://127.0.0.1:{port + 1}/api/v1/health", timeout=2)
