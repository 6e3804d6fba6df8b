"""How long `log export`, `audit` and `mirror --once` take on a log of many entries (SQLite).

A node's log gets `--entries` incident records (batched appends) and a signed checkpoint;
a second node mirrors it over HTTP from `counterpart serve` and cosigns; then it is exported
and the bundle audited. Each command runs in this process
through click, and its time is set against the baseline measured in the same run over the
same entries: reading them back from the store and hashing each as a leaf, the least any of
the three must do. A command over ~2 s is worth a progress bar (issue: CLI acceptance pass).

    .venv/bin/python bench/bench_log_tools.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from click.testing import CliRunner

from counterpart.cli import main
from counterpart.domain.records import RecordType, encode_record, new_record
from counterpart.exchange.keys import load_node_key
from counterpart.ledger.tree import hash_leaf
from counterpart.settings import Settings
from counterpart.storage.log_node import open_node_stores
from counterpart.workflows.log_append import sign_checkpoint

BATCH = 2000
READ_BATCH = 5000


def cli(home: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--home", str(home), *args])
    if result.exit_code != 0:
        raise SystemExit(f"counterpart {' '.join(args)}: {result.output}")
    return result.stdout


def init_node(home: Path, party: str) -> str:
    """A fresh node; its verifier key."""
    return cli(home, "init", "--party", party, "--name", f"{party} node").strip().splitlines()[-1]


def fill_log(home: Path, count: int) -> None:
    """`count` incident records in the node's own log, and a checkpoint of them signed."""
    settings = Settings(home=home)
    stores = open_node_stores(settings)
    signer = load_node_key(settings)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        for first in range(0, count, BATCH):
            batch = [
                encode_record(
                    new_record(
                        RecordType.INCIDENT,
                        "us",
                        n + 1,
                        {"kind": "seizure", "place": "Port of Los Angeles", "n": n},
                        claimed_at=start + timedelta(seconds=n),
                    )
                )
                for n in range(first, min(count, first + BATCH))
            ]
            stores.own.append(batch)
        sign_checkpoint(stores.own, signer)  # the one the counterpart cosigns when it mirrors
    finally:
        stores.close()


def baseline(home: Path) -> float:
    """Seconds to read every entry of the node's log back and hash it as a leaf."""
    stores = open_node_stores(Settings(home=home))
    try:
        size = stores.own.size()
        began = time.perf_counter()
        for start in range(0, size, READ_BATCH):
            for entry in stores.own.entries(start, min(size, start + READ_BATCH)):
                hash_leaf(entry)
        return time.perf_counter() - began
    finally:
        stores.close()


def timed(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(home: Path, log: Path) -> Iterator[str]:
    """`counterpart serve` on the node at `home`, until the block ends; its URL."""
    port = free_port()
    env = {**os.environ, "COUNTERPART_ENVIRONMENT": "test"}
    command = [sys.executable, "-m", "counterpart", "--home", str(home), "serve"]
    with log.open("wb") as out:
        process = subprocess.Popen([*command, "--port", str(port)], env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"{url} did not answer; see {log}")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    entries = parser.parse_args().entries
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        a, b = root / "a", root / "b"
        vkey_a, vkey_b = init_node(a, "us"), init_node(b, "cn")
        filled = timed(lambda: fill_log(a, entries))
        print(f"log of {entries:,} entries filled in {filled:.1f} s")
        floor = baseline(a)
        print(f"baseline (read back and hash every entry): {floor:.2f} s")
        figures: dict[str, float] = {}
        cli(a, "peer", "add", "cn", "http://127.0.0.1:9", vkey_b)  # B is never called back
        with serving(a, root / "serve.log") as url:
            cli(b, "peer", "add", "us", url, vkey_a)
            figures["mirror --once"] = timed(lambda: cli(b, "mirror", "--once"))
        # Exported once B's cosignature is in: the bundle's policy names B as A's witness.
        figures["log export"] = timed(lambda: cli(a, "log", "export", str(root / "bundle")))
        figures["audit"] = timed(lambda: cli(root, "audit", str(root / "bundle")))
        for name, seconds in figures.items():
            print(f"{name:<14} {seconds:6.2f} s  ({seconds / floor:5.1f}x baseline)")


if __name__ == "__main__":
    main_bench()
