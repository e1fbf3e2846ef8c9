"""The stakeholder map: a contact's decision role, seniority and sentiment, and who on
our side holds the relationship.

Roles (decision maker, influencer, champion, user, gatekeeper), seniority (executive,
senior, manager, staff) and sentiment (positive, neutral, negative) are vocabulary words,
empty when not known; existing contacts get none. ``relationship_holder_id`` names a
person (people are archived, never deleted, as for a client's owner).

Columns are added in place (``ALTER TABLE ... ADD COLUMN``), not by copying the table,
so the contact table keeps the full-text triggers of 0008 on SQLite.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WORDS = ("decision_role", "seniority", "sentiment")


def upgrade() -> None:
    for name in WORDS:
        op.add_column(
            "contact", sa.Column(name, sa.String(length=40), nullable=False, server_default="")
        )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in place; Alembic would ask for a
        # separate constraint, which SQLite cannot add without copying the table.
        op.execute(
            "ALTER TABLE contact ADD COLUMN relationship_holder_id INTEGER REFERENCES person (id)"
        )
    else:
        op.add_column("contact", sa.Column("relationship_holder_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_contact_relationship_holder_id_person",
            "contact",
            "person",
            ["relationship_holder_id"],
            ["id"],
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_contact_relationship_holder_id_person", "contact")
    # SQLite (3.35 and later) drops a column in place, keeping the triggers, but not one
    # that references a table: that one goes with a copy of the table.
    if op.get_bind().dialect.name == "sqlite":
        from handover_tui.db.fresh import name_index

        with op.batch_alter_table("contact") as batch:
            batch.drop_column("relationship_holder_id")
        # The copy lost the triggers that keep 0008's contact index current.
        for statement in name_index("contact_fts", "contact", ("name", "email")):
            if statement.startswith("CREATE TRIGGER"):
                op.execute(statement)
    else:
        op.drop_column("contact", "relationship_holder_id")
    for name in reversed(WORDS):
        op.drop_column("contact", name)
