"""Fixtures of the UI tests: a real node app on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.auth_node import WebNode, open_web_node


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_web_node(tmp_path, database_url)
