"""`counterpart demo`: two real nodes (a Chinese and a US authority) on loopback, seeded.

Each node gets its own home, SQLite database, Ed25519 key and users (one-time passwords are
generated and printed, never stored in the repository); each is registered as the other's
peer; both run `counterpart serve` in their own process, mirroring and cosigning each other.
The scenario (`workflows.demo_scenario`) is filed through each node's records API (with
one-day API tokens of its analyst and approver, made for the purpose); the command then
prints both URLs and the logins and keeps the nodes running until interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import click
import httpx

from counterpart.chemistry.registry import load_registry
from counterpart.cli.group import main
from counterpart.domain.errors import Conflict, PeerUnavailable
from counterpart.domain.record_fields import RecordLink
from counterpart.domain.records import RecordType
from counterpart.exchange.keys import create_key_file
from counterpart.settings import Settings
from counterpart.storage.log_node import NodeStores, open_node_stores
from counterpart.storage.users import open_access, to_access_config
from counterpart.workflows import access
from counterpart.workflows.access_model import Locale, Role
from counterpart.workflows.access_tokens import create_token
from counterpart.workflows.demo_scenario import Scenario, SeedReport, seed_scenario
from counterpart.workflows.node_setup import add_peer, init_node

USERS = (Role.ADMIN, Role.APPROVER, Role.ANALYST, Role.VIEWER)
READY_TIMEOUT = 60.0
SYNC_TIMEOUT = 60.0


@dataclass
class DemoNode:
    """One demo node: its party, home, port, key, logins and `serve` process."""

    party: str
    name: str
    locale: Locale
    home: Path
    port: int
    vkey: str = ""
    origin: str = ""
    logins: list[tuple[str, str]] = field(default_factory=list)
    tokens: dict[Role, str] = field(default_factory=dict)  # for seeding through the API
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def settings(self) -> Settings:
        return Settings(home=self.home, port=self.port)


def set_up_node(node: DemoNode) -> None:
    """`counterpart init` and `counterpart user add` for each role, in one go."""
    settings = node.settings
    if (node.home / "counterpart.db").exists():
        raise Conflict(f"{node.home} already holds a node; give `--home` an empty directory")
    node.home.mkdir(parents=True, exist_ok=True)
    stores = open_node_stores(settings)
    try:
        signer = init_node(
            stores.book, node.party, node.name, lambda o: create_key_file(settings, o)
        )
        node.vkey, node.origin = signer.verifier_key().to_vkey(), signer.name
        with open_access(stores.engine, to_access_config(settings)) as ports:
            for role in USERS:
                user, password = access.create_user(
                    ports, actor="demo", username=role.value, role=role, party=node.party,
                    display_name=f"{node.party} {role.value}", locale=node.locale,
                )  # fmt: skip
                node.logins.append((user.username, password or ""))
                if role in (Role.APPROVER, Role.ANALYST):
                    issued = create_token(
                        ports, actor="demo", user=user, name="demo seeding", expires_in_days=1
                    )
                    node.tokens[role] = issued.secret
    finally:
        stores.close()


def pair_nodes(first: DemoNode, second: DemoNode) -> None:
    """`counterpart peer add` on each side."""
    for node, peer in ((first, second), (second, first)):
        stores = open_node_stores(node.settings)
        try:
            add_peer(stores.book, peer.party.lower(), peer.url, peer.vkey)
        finally:
            stores.close()


def start_node(node: DemoNode, mirror_interval: float) -> None:
    """`counterpart serve` in its own process, its output in HOME/serve.log."""
    env = {**os.environ, "COUNTERPART_MIRROR_INTERVAL": str(mirror_interval)}
    command = [sys.executable, "-m", "counterpart", "--home", str(node.home), "serve"]
    with (node.home / "serve.log").open("ab") as log:
        # The command is this interpreter running this package, with paths the operator gave.
        node.process = subprocess.Popen(  # noqa: S603
            [*command, "--port", str(node.port)], env=env, stdout=log, stderr=log
        )


def wait_ready(node: DemoNode) -> None:
    """Until the node answers its health check; PeerUnavailable if it died or took too long."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if node.process is not None and node.process.poll() is not None:
            raise PeerUnavailable(f"node {node.party} exited; see {node.home / 'serve.log'}")
        try:
            if httpx.get(f"{node.url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise PeerUnavailable(f"node {node.party} did not answer at {node.url} in {READY_TIMEOUT}s")


def stop_node(node: DemoNode) -> None:
    if node.process is not None and node.process.poll() is None:
        node.process.send_signal(signal.SIGTERM)
        try:
            node.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            node.process.kill()
            node.process.wait()
    node.process = None


@dataclass
class HttpSender:
    """Files records through a node's records API: notifications as an analyst's draft sent by
    an approver, everything else filed directly by the approver."""

    party: str
    analyst: httpx.Client
    approver: httpx.Client

    def send(self, record_type: RecordType, content: Any) -> RecordLink:
        body = {"type": record_type.value, "content": content.to_content()}
        if record_type is RecordType.PRE_EXPORT_NOTIFICATION:
            draft = _require_ok(self.analyst.post("/api/v1/drafts", json=body), "draft")
            response = self.approver.post(f"/api/v1/drafts/{draft['id']}/send")
        else:
            response = self.approver.post("/api/v1/records", json=body)
        record = _require_ok(response, record_type.value)["record"]
        return RecordLink(record["author"], record["index"], record["leaf_hash"])

    def upload(self, data: bytes, media_type: str) -> str:
        response = self.analyst.post(
            "/api/v1/evidence", params={"media_type": media_type}, content=data
        )
        digest: str = _require_ok(response, "evidence file")["sha256"]
        return digest


def _require_ok(response: httpx.Response, what: str) -> dict[str, Any]:
    if response.status_code != 201:
        raise Conflict(f"the node refused the demo's {what}: {response.text}", where="demo")
    body: dict[str, Any] = response.json()
    return body


def _client(node: DemoNode, role: Role) -> httpx.Client:
    headers = {"Authorization": f"Bearer {node.tokens[role]}"}
    return httpx.Client(base_url=node.url, headers=headers, timeout=120)


def is_cosigned(stores: NodeStores, counterpart_origin: str) -> bool:
    """Whether the counterpart has mirrored and cosigned this node's whole log."""
    cosigned = [c.size for c in stores.own.cosignatures() if c.signer == counterpart_origin]
    return max(cosigned, default=0) == stores.own.size()


def wait_synced(pairs: list[tuple[NodeStores, str]]) -> None:
    """Until each node's log is cosigned by the other at its full size."""
    deadline = time.monotonic() + SYNC_TIMEOUT
    while not all(is_cosigned(stores, origin) for stores, origin in pairs):
        if time.monotonic() > deadline:
            raise PeerUnavailable(f"the nodes did not cosign each other in {SYNC_TIMEOUT}s")
        time.sleep(0.1)


def seed(cn: DemoNode, us: DemoNode, clock: Callable[[], datetime]) -> SeedReport:
    """Send the scenario through each node's log, waiting for cosignatures between rounds."""
    cn_stores, us_stores = open_node_stores(cn.settings), open_node_stores(us.settings)
    clients = [_client(node, role) for node in (cn, us) for role in (Role.ANALYST, Role.APPROVER)]
    try:
        pairs = [(cn_stores, us.origin), (us_stores, cn.origin)]
        scenario = Scenario(
            cn=HttpSender(cn.party.lower(), clients[0], clients[1]),
            us=HttpSender(us.party.lower(), clients[2], clients[3]),
            registry=load_registry(),
            today=clock().date(),
            sync=lambda: wait_synced(pairs),
        )
        return seed_scenario(scenario)
    finally:
        for client in clients:
            client.close()
        cn_stores.close()
        us_stores.close()


@contextmanager
def running(nodes: list[DemoNode], mirror_interval: float) -> Iterator[None]:
    """The nodes' processes, stopped on the way out (also on SIGTERM and Ctrl-C)."""
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        for node in nodes:
            start_node(node, mirror_interval)
        for node in nodes:
            wait_ready(node)
        yield
    finally:
        for node in nodes:
            stop_node(node)
        signal.signal(signal.SIGTERM, previous)


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def print_banner(nodes: list[DemoNode], report: SeedReport) -> None:
    for node in nodes:
        counts = report.sent.get(node.party.lower(), {})
        sent = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        click.echo(f"\n{node.name} ({node.party}): {node.url}/  home {node.home}")
        click.echo(f"  sent: {sent}")
        for username, password in node.logins:
            click.echo(f"  login {username:<9} one-time password {password}")
    click.echo("\nPasswords are one-time: each user sets a new one at first sign-in.")
    click.echo("Demo ready. Press Ctrl-C to stop both nodes.")


@main.command()
@click.option("--base-port", type=click.IntRange(1, 65534), default=8701, show_default=True,
              help="The Chinese node's port; the US node's is the next one.")  # fmt: skip
@click.option("--home", "home", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory for both nodes' homes (default: a new temporary one).")  # fmt: skip
@click.option("--mirror-interval", type=float, default=0.5, show_default=True,
              help="Seconds between mirroring rounds.")  # fmt: skip
def demo(base_port: int, home: Path | None, mirror_interval: float) -> None:
    """Start two seeded nodes, CN-NNCC and US-DEA, on 127.0.0.1; stop them with Ctrl-C.

    \b
    Example:
      counterpart demo --base-port 8701
    Exit codes: 0 stopped with Ctrl-C; 1 a node did not start or the seeding failed.
    """
    root = home or Path(tempfile.mkdtemp(prefix="counterpart-demo-"))
    cn = DemoNode("CN-NNCC", "China National Narcotics Control Commission", Locale.ZH,
                  root / "cn-nncc", base_port)  # fmt: skip
    us = DemoNode("US-DEA", "US Drug Enforcement Administration", Locale.EN,
                  root / "us-dea", base_port + 1)  # fmt: skip
    for node in (cn, us):
        set_up_node(node)
    pair_nodes(cn, us)
    click.echo(f"Starting {cn.url} and {us.url} (homes in {root})...")
    try:
        with running([cn, us], mirror_interval):
            report = seed(cn, us, lambda: datetime.now(UTC))
            print_banner([cn, us], report)
            while all(n.process is not None and n.process.poll() is None for n in (cn, us)):
                time.sleep(0.5)
            raise PeerUnavailable("a demo node stopped; see serve.log in its home")
    except KeyboardInterrupt:
        click.echo("\nStopped both nodes.")
