"""Phone numbers an import could not verify: people and contacts get ``phone_unverified``.

An import (JSON, vCard) keeps a phone number in a format the app does not know as typed,
marked with this flag, instead of refusing the record or leaving the number blank; a form
that saves the number verifies it and clears the mark. Existing numbers are unmarked.

The column is added in place (``ALTER TABLE ... ADD COLUMN``), not by copying the table,
so the contact table keeps the full-text triggers of 0008 on SQLite.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("person", "contact")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table,
            sa.Column("phone_unverified", sa.Boolean(), nullable=False, server_default=sa.false()),
        )


def downgrade() -> None:
    for table in reversed(TABLES):
        # SQLite (3.35 and later) drops a column in place, keeping the triggers.
        op.drop_column(table, "phone_unverified")
