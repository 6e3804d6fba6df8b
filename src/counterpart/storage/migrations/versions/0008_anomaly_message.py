"""A record's anomaly as a message id and parameters (JSON), beside its English text.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: records projected before keep only their English anomaly, which the pages show.
    op.add_column("record_entry", sa.Column("anomaly_message", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_entry") as batch:
        batch.drop_column("anomaly_message")
