"""Stories whose summary lags their state: a cluster run that stops before describing the
stories it changed leaves them stale, and the next run describes them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stale", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_column("stale")
