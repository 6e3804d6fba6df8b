"""POST /api/v1/evidence: the body is read as it streams in and bounded, the storing runs off
the event loop, so the node keeps answering while an upload is being stored."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from counterpart.storage.records import evidence_file
from tests.web.auth_node import WebNode
from tests.web.records_node import open_records_node

LIMIT = 1000
LOCK_GUARD_SECONDS = 30  # the lock is released by then whatever happens: a failure, not a hang


@pytest.fixture
def web(tmp_path: Path, database_url: str) -> Iterator[WebNode]:
    yield from open_records_node(tmp_path, database_url, max_evidence_bytes=LIMIT)


def client_of(web: WebNode, username: str = "analyst") -> httpx.AsyncClient:
    """An async client over the app's ASGI interface: one event loop, as under uvicorn."""
    headers = {"Authorization": f"Bearer {web.issue_token(username)}"}
    transport = httpx.ASGITransport(app=web.app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)


def stored_files(web: WebNode) -> int:
    with web.node.engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(evidence_file))
        return int(count.scalar_one())


def test_a_body_declared_over_the_limit_is_refused_before_it_is_read(web: WebNode) -> None:
    sent: list[bytes] = []

    async def body() -> AsyncIterator[bytes]:
        for _ in range(3):
            sent.append(b"x" * 600)
            yield sent[-1]

    async def upload() -> httpx.Response:
        async with client_of(web) as client:
            headers = {"content-length": "1800"}
            return await client.post("/api/v1/evidence", content=body(), headers=headers)

    response = asyncio.run(upload())
    assert response.status_code == 413
    assert response.json() == {
        "ok": False,
        "code": "payload_too_large",
        "error": "the body is 1800 bytes, over the 1000-byte limit (max_evidence_bytes)",
        "status": 413,
        "where": "body",
    }
    assert sent == [] and stored_files(web) == 0


def test_a_streamed_body_is_refused_once_it_passes_the_limit(web: WebNode) -> None:
    sent: list[bytes] = []

    async def body() -> AsyncIterator[bytes]:
        for _ in range(10):
            sent.append(b"x" * 400)
            yield sent[-1]

    async def upload() -> httpx.Response:
        async with client_of(web) as client:  # no Content-Length: chunked
            return await client.post("/api/v1/evidence", content=body())

    response = asyncio.run(upload())
    assert (response.status_code, response.json()["code"]) == (413, "payload_too_large")
    assert "over the 1000-byte limit (max_evidence_bytes)" in response.json()["error"]
    assert len(sent) == 3  # 1,200 bytes passed the limit: the other 2,800 were never read
    assert stored_files(web) == 0


def test_a_streamed_body_within_the_limit_is_kept_whole(web: WebNode) -> None:
    async def body() -> AsyncIterator[bytes]:
        for part in (b"%PDF-1.7 ", b"evidence ", b"in parts"):
            yield part

    async def upload() -> httpx.Response:
        async with client_of(web) as client:
            params = {"media_type": "application/pdf"}
            return await client.post("/api/v1/evidence", content=body(), params=params)

    response = asyncio.run(upload())
    assert response.status_code == 201, response.text
    kept = response.json()
    assert (kept["size"], kept["media_type"], kept["stored"]) == (26, "application/pdf", True)
    assert stored_files(web) == 1


def test_the_node_answers_while_an_upload_is_being_stored(web: WebNode) -> None:
    """The upload is held inside its storing (the evidence table is locked by another
    connection); a health request made meanwhile is answered before the upload ends."""
    engine = web.node.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("a lock on one table is PostgreSQL's; SQLite's would also stall sign-in")
    locked, release = threading.Event(), threading.Event()

    def hold_the_table() -> None:
        with engine.begin() as connection:
            connection.execute(sa.text("LOCK TABLE evidence_file IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(LOCK_GUARD_SECONDS)

    def is_upload_waiting() -> bool:
        query = sa.text(
            "SELECT count(*) FROM pg_locks "
            "WHERE NOT granted AND relation = 'evidence_file'::regclass"
        )
        with engine.connect() as connection:
            return bool(connection.execute(query).scalar_one())

    async def scenario() -> tuple[bool, int, httpx.Response]:
        async with client_of(web) as client:
            upload = asyncio.create_task(
                client.post("/api/v1/evidence", content=b"a scanned customs form")
            )
            for _ in range(500):
                if await asyncio.to_thread(is_upload_waiting):
                    break
                await asyncio.sleep(0.01)
            health = await client.get("/api/v1/health")
            upload_was_pending = not upload.done()
            release.set()
            return upload_was_pending, health.status_code, await upload

    holder = threading.Thread(target=hold_the_table)
    holder.start()
    try:
        assert locked.wait(LOCK_GUARD_SECONDS)
        upload_was_pending, health_status, uploaded = asyncio.run(scenario())
    finally:
        release.set()
        holder.join()
    assert health_status == 200
    assert upload_was_pending, "the health request waited for the upload's storing"
    assert uploaded.status_code == 201, uploaded.text
    assert stored_files(web) == 1
