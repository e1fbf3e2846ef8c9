"""Attention: alternatives to a change of owner, and checklist items owned by a client.

A review of a chosen alternative is a checklist item that belongs to the client rather
than to a transition, so ``checklist_item`` gains ``client_id`` (filled in from the
transition for existing items) and its ``transition_id`` may now be empty.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("checklist_item") as batch:
        batch.add_column(sa.Column("client_id", sa.Integer(), nullable=True))
        batch.alter_column("transition_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(
            "fk_checklist_item_client_id_client",
            "client",
            ["client_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_checklist_item_client_id", ["client_id"], unique=False)
    op.execute(
        'UPDATE checklist_item SET client_id = (SELECT client_id FROM "transition"'
        ' WHERE "transition".id = checklist_item.transition_id)'
    )
    op.create_table(
        "alternative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("chosen_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("review_item_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["review_item_id"], ["checklist_item.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alternative") as batch:
        batch.create_index("ix_alternative_client_id", ["client_id"], unique=False)
    with op.batch_alter_table("health_snapshot") as batch:
        batch.create_index("ix_health_snapshot_taken_on", ["taken_on"], unique=False)
    with op.batch_alter_table("interaction") as batch:
        batch.create_index("ix_interaction_occurred_on", ["occurred_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interaction") as batch:
        batch.drop_index("ix_interaction_occurred_on")
    with op.batch_alter_table("health_snapshot") as batch:
        batch.drop_index("ix_health_snapshot_taken_on")
    op.drop_table("alternative")
    op.execute("DELETE FROM checklist_item WHERE transition_id IS NULL")
    with op.batch_alter_table("checklist_item") as batch:
        batch.drop_index("ix_checklist_item_client_id")
        batch.drop_constraint("fk_checklist_item_client_id_client", type_="foreignkey")
        batch.alter_column("transition_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("client_id")
