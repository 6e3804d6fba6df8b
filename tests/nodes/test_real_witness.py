"""This node's witness client against a real third-party C2SP witness: `aics-witness`.

`aics-witness` 0.1.0 (PyPI, Apache-2.0) implements c2sp.org/tlog-witness v1.1.0 with its own
notes, proofs and cosignatures (`aics-tlog`), sharing no code with ours. It declares Python
3.12 but runs on 3.11; the Makefile installs it (`--no-deps --ignore-requires-python`). The
stand-in witness of `stock_witness.py` covers the answers a real witness cannot be made to
give on demand (a foreign key, a fork); this covers what a real one gives.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from counterpart.cli import main
from counterpart.exchange.keys import load_node_key
from counterpart.ledger.note import NoteSigner
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.log_append import sign_checkpoint
from tests.nodes.harness import free_port, wait_for

AICS_WITNESS = Path(sys.executable).parent / "aics-witness"


@dataclass
class RealWitness:
    url: str
    vkey: str


def _cli(home: Path, *args: str, input_text: str | None = None) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *args], input=input_text)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@pytest.fixture
def node(tmp_path: Path) -> Path:
    home = tmp_path / "node"
    _cli(home, "init", "--party", "us", "--name", "US node")
    return home


@pytest.fixture
def witness(tmp_path: Path, node: Path) -> Iterator[RealWitness]:
    if not AICS_WITNESS.exists():
        message = f"aics-witness is not installed ({AICS_WITNESS}); `make setup` installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    state = tmp_path / "witness"
    state.mkdir()
    env = os.environ | {"AICS_WITNESS_CONFIG": str(state / "witness.json")}

    def run(*args: str) -> str:
        done = subprocess.run(
            [str(AICS_WITNESS), *args], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    vkey = run("init", "--name", "witness.test/w1").split()[-1]
    node_vkey = _node_key(node).verifier_key().to_vkey()
    run("add-log", "--origin", "counterpart/us", "--vkey", node_vkey)
    port = free_port()
    log = (state / "serve.log").open("wb")
    server = subprocess.Popen(
        [str(AICS_WITNESS), "serve", "--listen", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _healthy(url), f"aics-witness at {url}", timeout=30)
        yield RealWitness(url, vkey)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _node_key(home: Path) -> NoteSigner:
    return load_node_key(Settings(home=home, environment="test"))


def _append_and_sign(home: Path, numbers: range) -> None:
    for n in numbers:
        _cli(home, "log", "append", "--type", "incident", "-", input_text=f'{{"n": {n}}}')
    settings = Settings(home=home, environment="test")
    stores = open_node_stores(settings)
    try:
        sign_checkpoint(stores.own, load_node_key(settings))
    finally:
        stores.close()


def test_a_real_witness_cosigns_each_checkpoint_and_the_bundle_audits(
    node: Path, witness: RealWitness, tmp_path: Path
) -> None:
    _cli(node, "witness", "add", "aics", witness.url, witness.vkey)
    _append_and_sign(node, range(3))
    assert _cli(node, "witness", "submit") == "aics: cosigned checkpoint 3\n"  # old 0
    _append_and_sign(node, range(3, 5))
    # old 3 with a consistency proof to 5, which the witness verified with its own code
    assert _cli(node, "witness", "submit") == "aics: cosigned checkpoint 5\n"
    assert _cli(node, "witness", "submit") == "aics: up_to_date checkpoint 5\n"

    # Forgotten here, known there: checkpoint 3 from old 0 gets the witness's 409 naming 5, so
    # 3 is skipped and 5 is sent from old 5 (no proof), which the witness cosigns again.
    _cli(node, "witness", "remove", "aics")
    _cli(node, "witness", "add", "aics", witness.url, witness.vkey)
    assert _cli(node, "witness", "submit") == "aics: cosigned checkpoint 5\n"

    bundle = tmp_path / "bundle"
    _cli(node, "log", "export", str(bundle))
    policy = tmp_path / "policy.txt"
    own = _node_key(node).verifier_key().to_vkey()
    policy.write_text(f"log {own}\nwitness aics {witness.vkey}\nquorum aics\n")
    audited = CliRunner().invoke(main, ["audit", str(bundle), "--policy", str(policy)])
    assert audited.exit_code == 0, audited.output  # both checkpoints carry its cosignature
