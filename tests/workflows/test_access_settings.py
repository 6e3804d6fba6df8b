"""The session secret: placeholders refused outside development, a real one in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from counterpart.settings import Settings
from counterpart.storage.users import to_access_config

REAL = "k3Jd9-very-random-and-long-enough-0123456789"


@pytest.mark.parametrize("environment", ["test", "production"])
@pytest.mark.parametrize("secret", ["changethis", "secret", "CHANGE-ME", ""])
def test_placeholders_are_refused_outside_development(
    tmp_path: Path, environment: str, secret: str
) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(home=tmp_path, environment=environment, session_secret=secret)


def test_development_tolerates_a_placeholder(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, environment="development", session_secret="changethis")
    assert settings.session_secret.get_secret_value() == "changethis"


def test_production_needs_a_set_long_secret(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="needs COUNTERPART_SESSION_SECRET"):
        Settings(home=tmp_path, environment="production")
    with pytest.raises(ValidationError, match="under 32 characters"):
        Settings(
            home=tmp_path, environment="production", session_secret="short-but-not-placeholder"
        )
    settings = Settings(home=tmp_path, environment="production", session_secret=REAL)
    assert to_access_config(settings).session_secret == REAL
    assert REAL not in repr(settings)


def test_the_secret_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COUNTERPART_ENVIRONMENT", "production")
    monkeypatch.setenv("COUNTERPART_SESSION_SECRET", REAL)
    assert Settings(home=tmp_path).session_secret.get_secret_value() == REAL


def test_unset_outside_production_is_random_per_settings(tmp_path: Path) -> None:
    first = Settings(home=tmp_path, environment="test").session_secret.get_secret_value()
    second = Settings(home=tmp_path, environment="test").session_secret.get_secret_value()
    assert len(first) >= 32
    assert first != second
