"""Communication plan: how often each kind of contact should happen during a transition.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CADENCES = [
    "every_status_meeting",
    "every_knowledge_transfer",
    "every_client_update",
    "every_check_in",
]


def upgrade() -> None:
    with op.batch_alter_table("transition") as batch:
        for name in CADENCES:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("transition") as batch:
        for name in reversed(CADENCES):
            batch.drop_column(name)
