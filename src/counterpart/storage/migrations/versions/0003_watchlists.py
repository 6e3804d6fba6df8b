"""Watchlist snapshots, entry versions stored once by content hash, and their membership.

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchlist_snapshot",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("list_id", sa.String(200), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("source_format", sa.String(20), nullable=False),
        sa.Column("files", sa.JSON, nullable=False),
        sa.Column("files_digest", sa.String(64), nullable=False),
        sa.Column("entry_count", sa.Integer, nullable=False),
        sa.Column("error_count", sa.Integer, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("list_id", "as_of", name="uq_watchlist_snapshot_list_as_of"),
    )
    op.create_table(
        "watchlist_entry_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("list_id", sa.String(200), nullable=False),
        sa.Column("entry_id", sa.String(400), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("stated_listed", sa.Date, nullable=True),
        sa.Column("stated_delisted", sa.Date, nullable=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.UniqueConstraint(
            "list_id", "entry_id", "content_hash", name="uq_watchlist_entry_version_content"
        ),
    )
    op.create_table(
        "watchlist_snapshot_entry",
        sa.Column(
            "snapshot_id",
            sa.Integer,
            sa.ForeignKey("watchlist_snapshot.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "version_id",
            sa.Integer,
            sa.ForeignKey("watchlist_entry_version.id"),
            primary_key=True,
        ),
    )
    op.create_index(
        "ix_watchlist_snapshot_entry_version_id", "watchlist_snapshot_entry", ["version_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_watchlist_snapshot_entry_version_id", "watchlist_snapshot_entry")
    op.drop_table("watchlist_snapshot_entry")
    op.drop_table("watchlist_entry_version")
    op.drop_table("watchlist_snapshot")
