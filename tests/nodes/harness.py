"""Real nodes for the two-node tests: `counterpart serve` processes on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import httpx
from click.testing import CliRunner

from counterpart.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run_cli(home: Path, *args: str, input_text: str | None = None) -> str:
    """Run a `counterpart` command on the node at `home`; its stdout (exit 0 required)."""
    result = CliRunner().invoke(main, ["--home", str(home), *args], input=input_text)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@dataclass
class NodeProcess:
    """A node's home and port, and its `counterpart serve` process while it runs."""

    home: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log: BinaryIO | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, mirror_interval: float = 0.2) -> None:
        """Start `counterpart serve` (returns at once; see `wait_ready`)."""
        env = {
            **os.environ,
            "COUNTERPART_ENVIRONMENT": "test",
            "COUNTERPART_MIRROR_INTERVAL": str(mirror_interval),
        }
        self.log = (self.home / "serve.log").open("ab")
        command = [sys.executable, "-m", "counterpart", "--home", str(self.home), "serve"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def wait_ready(self) -> None:
        wait_for(lambda: _is_up(self.url), f"{self.url} to answer", timeout=60)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=20)
        self.process = None
        if self.log is not None:
            self.log.close()
            self.log = None


def _is_up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def wait_for(condition: object, what: str, timeout: float = 20) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def start_all(*nodes: NodeProcess) -> None:
    """Start several nodes at once (their imports overlap) and wait until each answers."""
    for node in nodes:
        node.start()
    for node in nodes:
        node.wait_ready()
