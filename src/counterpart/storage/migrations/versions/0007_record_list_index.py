"""Record lists count and page by type and visible party from one narrow index.

The list's total (`count(*)` over the caller's party's records of a type) was a sequential
scan of the projection, whose rows carry the record content; the index on (record_type,
author, addressed_to) answers it by an index-only scan. It leads with record_type, so the
single-column index on record_type is dropped.

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_record_entry_type_parties", "record_entry", ["record_type", "author", "addressed_to"]
    )
    op.drop_index("ix_record_entry_record_type", "record_entry")


def downgrade() -> None:
    op.create_index("ix_record_entry_record_type", "record_entry", ["record_type"])
    op.drop_index("ix_record_entry_type_parties", "record_entry")
