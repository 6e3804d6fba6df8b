"""A database connection dropped under the node: one clear 503, then service resumes."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL
from tests.web.auth_node import open_web_node

pytestmark = pytest.mark.postgres


def test_a_dropped_connection_is_a_503_and_the_next_request_succeeds(
    tmp_path: Path, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("the server dropping a connection is PostgreSQL's")
    name = f"outage_{uuid.uuid4().hex[:12]}"
    url = f"{database_url}&application_name={name}"
    for web in open_web_node(tmp_path, url):
        client = web.token_client("viewer")
        assert client.get("/api/v1/me").status_code == 200
        admin = sa.create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            killed = connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = :name"
                ),
                {"name": name},
            ).all()
        admin.dispose()
        assert killed, "the node held no connection to drop"
        refused = client.get("/api/v1/me")
        assert refused.status_code == 503
        assert refused.json() == {
            "ok": False,
            "code": "unavailable",
            "error": "the database is unavailable; try again",
            "status": 503,
        }
        assert client.get("/api/v1/me").status_code == 200
