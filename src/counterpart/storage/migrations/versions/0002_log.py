"""The node's log, its mirrors of the counterpart's log, peers and witness state.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _create_log_tables() -> None:
    op.create_table(
        "log_entry",
        sa.Column("log", sa.String(200), primary_key=True),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "log_hash",
        sa.Column("log", sa.String(200), primary_key=True),
        sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "log_checkpoint",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("log", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("log", "size", "root", "note", name="uq_log_checkpoint"),
    )
    op.create_index("ix_log_checkpoint_log_size", "log_checkpoint", ["log", "size"])
    op.create_table(
        "log_cosignature",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("log", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("signer", sa.String(200), nullable=False),
        sa.Column("line", sa.Text, nullable=False),
        sa.Column("timestamp", sa.BigInteger, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("log", "size", "line", name="uq_log_cosignature"),
    )
    op.create_table(
        "log_alarm",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("log", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    )


def upgrade() -> None:
    _create_log_tables()
    op.create_table(
        "peer",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("vkey", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "peer_nonce",
        sa.Column("key_name", sa.String(200), primary_key=True),
        sa.Column("nonce", sa.String(100), primary_key=True),
        sa.Column("created", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "witness_state",
        sa.Column("origin", sa.String(200), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("witness_state", "peer_nonce", "peer", "log_alarm", "log_cosignature"):
        op.drop_table(table)
    op.drop_index("ix_log_checkpoint_log_size", "log_checkpoint")
    for table in ("log_checkpoint", "log_hash", "log_entry"):
        op.drop_table(table)
