"""The handoff summary says what we did for the client: ``summary_work_done`` on the
transition, empty for existing plans.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "transition",
        sa.Column("summary_work_done", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("transition", "summary_work_done")
