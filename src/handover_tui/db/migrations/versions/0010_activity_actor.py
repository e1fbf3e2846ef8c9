"""The person behind a change: the audit trail gets ``actor`` beside ``os_user``.

``os_user`` stays what the operating system says (on a shared server, the login that
made the change); ``actor`` is the name the user configured (``name`` in config.toml),
empty when none was set. Existing entries keep their OS user and get no name.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "activity",
        sa.Column("actor", sa.String(length=200), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("activity", "actor")
