"""Transition plans: status reasons, roles per side, templates used, override, signatories.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TEXT_COLUMNS = [
    "status_reason",
    "roles_outgoing",
    "roles_incoming",
    "roles_client",
    "completion_override",
]


def upgrade() -> None:
    with op.batch_alter_table("transition") as batch:
        for name in TEXT_COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("template_name", sa.String(200), nullable=False, server_default="")
        )
    # Phases now follow from the dates; the stored status says only whether it runs.
    op.execute(
        "UPDATE transition SET status = 'active' WHERE status IN "
        "('planned', 'preparation', 'execution', 'support', 'review')"
    )
    with op.batch_alter_table("sign_off") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.create_foreign_key("fk_sign_off_person_id", "person", ["person_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("sign_off") as batch:
        batch.drop_constraint("fk_sign_off_person_id", type_="foreignkey")
        batch.drop_column("required")
        batch.drop_column("person_id")
    with op.batch_alter_table("transition") as batch:
        batch.drop_column("template_name")
        for name in reversed(TEXT_COLUMNS):
            batch.drop_column(name)
