"""A serving app: its long-lived objects out of the collector's way, its threads few."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient

from counterpart.settings import Settings
from counterpart.web import create_app


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite builds many apps: their heaps must stay collectable


def test_a_serving_app_freezes_what_it_built_once_started(
    settings: Settings, unfrozen: None
) -> None:
    app = create_app(settings, settle_heap=True)
    assert gc.get_freeze_count() == 0
    with TestClient(app) as client:  # runs the lifespan, as uvicorn does
        assert gc.get_freeze_count() > 10_000
        assert client.get("/api/v1/health").status_code == 200


def test_an_app_built_for_a_test_leaves_the_heap_alone(settings: Settings, unfrozen: None) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/v1/health").status_code == 200
    assert gc.get_freeze_count() == 0


def test_the_app_runs_blocking_work_on_as_many_threads_as_the_setting_says(
    tmp_path: Path,
) -> None:
    settings = Settings(home=tmp_path / "home", environment="test", threads=3)

    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(create_app(settings)) as client:
        assert client.portal is not None
        assert client.portal.call(tokens) == 3
