"""delivery limits: the 429s platforms answered, per workspace, for /chorus deliveries.

Revision ID: 0021_delivery
Revises: 0020_award_runners
Create Date: 2026-11-29 14:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_delivery"
down_revision: str | None = "0020_award_runners"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_limits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("limited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_delivery_limits_workspace", "delivery_limits", ["workspace_id", "limited_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_delivery_limits_workspace", table_name="delivery_limits")
    op.drop_table("delivery_limits")
