"""One Settings object, built once by the CLI group or `create_app` and passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Node configuration. Every field is read from `COUNTERPART_<NAME>`; see docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="COUNTERPART_", extra="forbid", frozen=True)

    home: Path = Field(
        default=Path(".counterpart"),
        description="The node's data directory: database, keys, uploaded files.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the node's database; unset means SQLite at HOME/counterpart.db. "
            "PostgreSQL: postgresql+psycopg://user@host:5432/dbname."
        ),
    )
    environment: Literal["development", "production", "test"] = Field(
        default="development",
        description="production refuses placeholder secrets and insecure defaults.",
    )
    host: str = Field(default="127.0.0.1", description="Address `counterpart serve` binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `counterpart serve` uses.")
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="Largest request body or uploaded file accepted, in bytes.",
    )
    max_batch_size: int = Field(
        default=10_000,
        ge=1,
        description="Most queries one HTTP screening request may carry.",
    )

    def resolved_database_url(self) -> str:
        """The database URL in force: the configured one, or SQLite inside the home."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'counterpart.db').resolve()}"
