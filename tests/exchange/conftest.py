"""Two nodes, A (on the parametrised store) and B (SQLite), each knowing the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.exchange.harness import Node, app_client, make_node, pair

A_URL = "http://a.test"
B_URL = "http://b.test"


@pytest.fixture
def node_a(tmp_path: Path, database_url: str) -> Iterator[Node]:
    node = make_node(tmp_path / "a", "us", database_url)
    yield node
    node.stores.close()


@pytest.fixture
def node_b(tmp_path: Path, node_a: Node) -> Iterator[Node]:
    node = make_node(tmp_path / "b", "cn")
    pair(node_a, A_URL, node, B_URL)
    yield node
    node.stores.close()


@pytest.fixture
def app_a(node_a: Node, node_b: Node) -> Iterator[TestClient]:
    with app_client(node_a, A_URL) as client:
        yield client
    # create_app opens the engine; the app does not own a shutdown hook that disposes it.
    client.app.state.engine.dispose()  # type: ignore[attr-defined]
