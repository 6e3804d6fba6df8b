"""Every setting is documented, and settings come only from what is passed or the env."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterpart.settings import Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [
        name for name in Settings.model_fields if f"`COUNTERPART_{name.upper()}`" not in text
    ]
    assert missing == []


def test_default_database_is_sqlite_in_home(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'counterpart.db'}"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COUNTERPART_HOME", str(tmp_path))
    monkeypatch.setenv("COUNTERPART_DATABASE_URL", "postgresql+psycopg://x@h/db")
    settings = Settings()
    assert settings.home == tmp_path
    assert settings.resolved_database_url() == "postgresql+psycopg://x@h/db"
