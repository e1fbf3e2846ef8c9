"""Relationship fit: how demanding each client is, and what each owner brings.

A client's complexity weight (1 to 5, what it counts for against its owner's capacity)
and the four answers it is derived from (technical intricacy, organisation, geographic
spread, customisation; each 1 to 5, empty when not answered). Existing clients weigh 1
and have no answers, so every load stays as it was.

Profiles: a person's department, skills, industries and languages (comma-separated, as
typed) and time zone (an IANA name); a client's languages and time zone (its
headquarters'). All empty for existing rows.

Columns are added in place (``ALTER TABLE ... ADD COLUMN``), not by copying the table,
so the client table keeps the full-text triggers of 0008 on SQLite.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ANSWERS = (
    "complexity_technical",
    "complexity_organisation",
    "complexity_geography",
    "complexity_customisation",
)
PROFILE = {
    "person": ("department", "skills", "industries", "languages"),
    "client": ("languages",),
}
ZONED = ("person", "client")


def upgrade() -> None:
    op.add_column(
        "client", sa.Column("complexity", sa.Integer(), nullable=False, server_default="1")
    )
    for name in ANSWERS:
        op.add_column("client", sa.Column(name, sa.Integer(), nullable=True))
    for table, names in PROFILE.items():
        for name in names:
            op.add_column(
                table, sa.Column(name, sa.String(length=200), nullable=False, server_default="")
            )
    for table in ZONED:
        op.add_column(
            table, sa.Column("time_zone", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade() -> None:
    # SQLite (3.35 and later) drops a column without references in place.
    for table in reversed(ZONED):
        op.drop_column(table, "time_zone")
    for table, names in reversed(PROFILE.items()):
        for name in reversed(names):
            op.drop_column(table, name)
    for name in reversed(ANSWERS):
        op.drop_column("client", name)
    op.drop_column("client", "complexity")
