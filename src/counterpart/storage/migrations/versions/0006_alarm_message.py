"""An alarm's message as a message id and parameters (JSON), beside its English text.

Revision ID: 0006
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: alarms raised before keep only their English text, which the pages show.
    op.add_column("log_alarm", sa.Column("message_json", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("log_alarm") as batch:
        batch.drop_column("message_json")
