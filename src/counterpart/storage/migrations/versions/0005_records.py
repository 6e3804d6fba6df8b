"""Coordination records: drafts, the projection of both logs, its cursors, evidence files.

Revision ID: 0005
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_draft",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("record_type", sa.String(40), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_record_draft_party", "record_draft", ["party"])
    op.create_table(
        "record_entry",
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("log", sa.String(200), nullable=False),
        sa.Column("idx", sa.BigInteger, nullable=False),
        sa.Column("leaf_hash", sa.String(64), nullable=False),
        sa.Column("record_type", sa.String(40), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("addressed_to", sa.String(64), nullable=False),
        sa.Column("sequence", sa.BigInteger, nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("waiting_on", sa.String(64), nullable=True),
        sa.Column("flagged", sa.Boolean, nullable=False),
        sa.Column("target_log", sa.String(200), nullable=True),
        sa.Column("target_idx", sa.BigInteger, nullable=True),
        sa.Column("anomaly", sa.Text, nullable=True),
        sa.UniqueConstraint("log", "idx", name="uq_record_entry_log_idx"),
    )
    op.create_index("ix_record_entry_leaf_hash", "record_entry", ["leaf_hash"])
    op.create_index("ix_record_entry_record_type", "record_entry", ["record_type"])
    op.create_index("ix_record_entry_state", "record_entry", ["state"])
    op.create_index("ix_record_entry_deadline", "record_entry", ["deadline"])
    op.create_index("ix_record_entry_target", "record_entry", ["target_log", "target_idx"])
    op.create_table(
        "record_cursor",
        sa.Column("log", sa.String(200), primary_key=True),
        sa.Column("next_idx", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "evidence_file",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("party", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("evidence_file")
    op.drop_table("record_cursor")
    for name in ("target", "deadline", "state", "record_type", "leaf_hash"):
        op.drop_index(f"ix_record_entry_{name}", "record_entry")
    op.drop_table("record_entry")
    op.drop_index("ix_record_draft_party", "record_draft")
    op.drop_table("record_draft")
