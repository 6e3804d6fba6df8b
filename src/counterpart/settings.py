"""One Settings object, built once by the CLI group or `create_app` and passed down."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset(
    {"", "changethis", "change-me", "changeme", "secret", "password", "placeholder", "xxx"}
)
MIN_SECRET_LENGTH = 32


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
    workers: int = Field(
        default=1, ge=1, le=64, description="Worker processes of `counterpart serve` (uvicorn)."
    )
    threads: int = Field(
        default=8,
        ge=1,
        le=256,
        description="Threads per serving process that run the blocking work of requests.",
    )
    access_log: bool = Field(
        default=False, description="`counterpart serve` logs one line per request (uvicorn)."
    )
    session_secret: SecretStr = Field(
        default_factory=lambda: SecretStr(secrets.token_urlsafe(32)),
        description=(
            "Key of the CSRF tokens of browser sessions, 32 characters or more. Unset means a "
            "random one per process (sessions end on restart): refused in production."
        ),
    )
    session_ttl_minutes: int = Field(
        default=480, ge=5, le=43200, description="Minutes a browser session lasts after sign-in."
    )
    password_min_length: int = Field(
        default=12, ge=8, le=256, description="Fewest characters a password may have."
    )
    login_max_failures: int = Field(
        default=5, ge=1, description="Failed sign-ins in a row that lock an account."
    )
    login_lockout_minutes: int = Field(
        default=15, ge=1, description="Minutes an account stays locked after too many failures."
    )
    token_ttl_days: int = Field(
        default=90, ge=1, le=3650, description="Default and longest lifetime of an API token, days."
    )
    password_hash_time_cost: int = Field(
        default=3, ge=1, description="Argon2id passes; hashes made otherwise are redone at sign-in."
    )
    password_hash_memory_kib: int = Field(
        default=65536,
        ge=1024,
        description="Argon2id memory in KiB; changing it rehashes at sign-in.",
    )
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
    node_key: SecretStr | None = Field(
        default=None,
        description=(
            "The node's Ed25519 private key as PRIVATE+KEY+name+keyid+base64; "
            "unset means the 0600 file HOME/node.key made by `counterpart init`."
        ),
    )
    mirror_interval: float = Field(
        default=10.0,
        gt=0,
        description="Seconds between two mirroring rounds of the counterpart's log.",
    )
    witness_interval: float = Field(
        default=10.0,
        gt=0,
        description=(
            "Seconds between two rounds that submit the latest checkpoint to the neutral "
            "witnesses (a round sends nothing to a witness that already cosigned it)."
        ),
    )
    require_neutral_witness: bool = Field(
        default=False,
        description=(
            "The exported trust policy requires a neutral witness's cosignature besides "
            "the counterpart's (quorum both); otherwise neutral witnesses are optional."
        ),
    )
    party_match_threshold: float = Field(
        default=0.85,
        gt=0,
        le=1,
        description="Party screening: a score at or above this is a `match`.",
    )
    party_possible_threshold: float = Field(
        default=0.7,
        gt=0,
        le=1,
        description="Party screening: a score from this up to the match one is `possible`.",
    )

    reply_deadline_days: dict[str, int] = Field(
        default_factory=lambda: {
            "controlled_substance": 15,
            "listed_precursor": 15,
            "non_scheduled_chemical": 5,
        },
        description=(
            "Days a pre-export notification of each kind gives the importing authority to "
            "reply, when the draft sets no reply_deadline (JSON object kind -> days)."
        ),
    )
    due_soon_days: int = Field(
        default=3, ge=0, le=365, description="Days ahead in which a pending deadline is due soon."
    )
    max_evidence_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1,
        description="Largest evidence file (attachment) a record may reference, in bytes.",
    )

    def resolved_database_url(self) -> str:
        """The database URL in force: the configured one, or SQLite inside the home."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'counterpart.db').resolve()}"

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        """Outside development a placeholder secret is refused; production needs a real one."""
        if self.environment == "development":
            return self
        secret = self.session_secret.get_secret_value()
        if secret.strip().lower() in PLACEHOLDER_SECRETS:
            raise ValueError(
                f"session_secret is a placeholder; set a random one in {self.environment}"
            )
        if self.environment == "production":
            if "session_secret" not in self.model_fields_set:
                raise ValueError("production needs COUNTERPART_SESSION_SECRET set")
            if len(secret) < MIN_SECRET_LENGTH:
                raise ValueError(f"session_secret has under {MIN_SECRET_LENGTH} characters")
        return self
