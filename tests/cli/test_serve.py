"""`counterpart serve`: several worker processes sharing one configuration, and Nagle off."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from pydantic import SecretStr
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from counterpart.cli import main
from counterpart.cli.serve import to_environment
from counterpart.settings import Settings
from counterpart.web.http_protocol import NoDelayH11Protocol
from tests.nodes.harness import free_port, run_cli, wait_for


def test_the_environment_of_a_worker_rebuilds_the_same_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Settings(
        home=tmp_path,
        database_url="postgresql+psycopg://x@h/db",
        environment="test",
        workers=3,
        access_log=True,
        node_key=None,
        reply_deadline_days={"listed_precursor": 9},
        mirror_interval=0.5,
    )
    for name, value in to_environment(settings).items():
        monkeypatch.setenv(name, value)
    rebuilt = Settings()
    assert rebuilt == settings
    # The random session secret of the parent is every worker's: CSRF tokens hold in each.
    assert isinstance(rebuilt.session_secret, SecretStr)
    assert rebuilt.session_secret.get_secret_value() == settings.session_secret.get_secret_value()


def _nodelay_of_accepted(protocol: type[H11Protocol]) -> int:
    """TCP_NODELAY on a connection `protocol` accepted from a socket bound as uvicorn binds
    it for several workers (protocol number 0, so asyncio leaves Nagle on)."""

    async def run() -> int:
        config = uvicorn.Config(app=lambda scope, receive, send: None, log_level="warning")
        config.load()
        made: list[H11Protocol] = []

        def make() -> H11Protocol:
            made.append(protocol(config=config, server_state=ServerState(), app_state={}))
            return made[-1]

        listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn
        listening.bind(("127.0.0.1", 0))
        server = await asyncio.get_running_loop().create_server(make, sock=listening)
        try:
            _reader, writer = await asyncio.open_connection(*listening.getsockname())
            for _ in range(500):  # the accept may come after the connect returns
                if made:
                    break
                await asyncio.sleep(0.01)
            accepted = made[0].transport
            value: int = accepted.get_extra_info("socket").getsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY
            )
            accepted.close()
            writer.close()
            return value
        finally:
            server.close()

    return asyncio.run(run())


def test_connections_have_nagle_off_even_on_a_socket_bound_for_workers() -> None:
    assert _nodelay_of_accepted(H11Protocol) == 0  # why the subclass exists
    assert _nodelay_of_accepted(NoDelayH11Protocol) == 1


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    """`counterpart serve --workers 2` on a fresh node; its URL, its log and a password."""
    home = tmp_path / "node"
    run_cli(home, "init", "--party", "us", "--name", "US node")
    added = run_cli(home, "user", "add", "vera", "--role", "viewer")
    password = added.strip().splitlines()[-1].split(": ", 1)[1]
    port = free_port()
    env = {**os.environ, "COUNTERPART_ENVIRONMENT": "test"}
    command = [sys.executable, "-m", "counterpart", "--home", str(home), "serve"]
    with (tmp_path / "serve.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "--port", str(port), "--workers", "2"], env=env, stdout=log, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(url), f"{url} to answer", timeout=90)
        yield url, tmp_path / "serve.log", password
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@pytest.mark.slow
def test_two_workers_serve_one_node_and_honour_each_others_sessions(
    served: tuple[str, Path, str],
) -> None:
    url, log, password = served
    started = "Started server process"  # one line per worker
    wait_for(lambda: log.read_text().count(started) == 2, "both workers to start", timeout=90)
    # A new connection per request, so sign-in and sign-out land on either worker.
    fresh = httpx.Limits(max_keepalive_connections=0)
    for _ in range(12):
        with httpx.Client(base_url=url, limits=fresh, timeout=10) as client:
            login = client.post(
                "/api/v1/auth/login", json={"username": "vera", "password": password}
            )
            assert login.status_code == 200, login.text
            csrf = login.json()["csrf_token"]
            out = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
            assert out.status_code in (200, 204), out.text


@pytest.mark.parametrize("port", ["0", "65536", "99999", "-1"])
def test_a_port_outside_1_to_65535_is_a_usage_error(tmp_path: Path, port: str) -> None:
    result = CliRunner().invoke(main, ["--home", str(tmp_path), "serve", "--port", port])
    assert result.exit_code == 2
    assert f"Invalid value for '--port': {port} is not in the range 1<=x<=65535" in result.stderr


def test_a_host_that_does_not_resolve_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["--home", str(tmp_path), "serve", "--host", "no such host!", "--port", "8123"]
    )
    assert result.exit_code == 2
    assert "'no such host!' is neither an IP address nor a host name" in result.stderr
    assert "internal error" not in result.stderr


def test_an_address_that_is_not_this_machines_is_an_error_before_the_app_starts(
    tmp_path: Path,
) -> None:
    home = tmp_path / "node"
    run_cli(home, "init", "--party", "us", "--name", "US node")
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    args = ["--home", str(home), "serve", "--host", "192.0.2.1", "--port", "8123"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert (
        result.stderr == "error: cannot listen on 192.0.2.1:8123: Cannot assign requested address\n"
    )


def test_a_port_in_use_is_an_error_before_the_app_starts(tmp_path: Path) -> None:
    home = tmp_path / "node"
    run_cli(home, "init", "--party", "us", "--name", "US node")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["--home", str(home), "serve", "--host", "127.0.0.1", "--port", str(port)]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
