"""Speed at scale: an index for every roster filter and sort, and for the audit trail's
time.

The roster sorts by name and owner ignoring case, so those two are indexes on
``lower(name)`` (an expression index, which SQLite and PostgreSQL both build); stage,
renewal date and annual value get plain ones (status and owner had theirs). The activity
views list the newest entries first: ``activity.at``.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_client_lifecycle_stage", "client", ["lifecycle_stage"], unique=False)
    op.create_index("ix_client_renewal_date", "client", ["renewal_date"], unique=False)
    op.create_index("ix_client_annual_value", "client", ["annual_value"], unique=False)
    op.create_index("ix_client_lower_name", "client", [sa.text("lower(name)")], unique=False)
    op.create_index("ix_person_lower_name", "person", [sa.text("lower(name)")], unique=False)
    op.create_index("ix_activity_at", "activity", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_activity_at", table_name="activity")
    op.drop_index("ix_person_lower_name", table_name="person")
    op.drop_index("ix_client_lower_name", table_name="client")
    op.drop_index("ix_client_annual_value", table_name="client")
    op.drop_index("ix_client_renewal_date", table_name="client")
    op.drop_index("ix_client_lifecycle_stage", table_name="client")
