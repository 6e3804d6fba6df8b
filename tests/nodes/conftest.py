"""Two initialised nodes, A (party us) and B (party cn), registered with each other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.nodes.harness import NodeProcess, run_cli


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
