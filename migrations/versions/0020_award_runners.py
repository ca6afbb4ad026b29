"""runner-up mentions of the ambassador of the quarter

Revision ID: 0020_award_runners
Revises: 0019_stats_daily
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_award_runners"
down_revision: str | None = "0019_stats_daily"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "award_runners_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=8), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_award_runners_up_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_award_runners_up_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_runners_up")),
        sa.UniqueConstraint(
            "workspace_id",
            "quarter",
            "member_id",
            name=op.f("uq_award_runners_up_workspace_id_quarter_member_id"),
        ),
    )
    op.create_index(
        op.f("ix_award_runners_up_member_id"), "award_runners_up", ["member_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_award_runners_up_member_id"), table_name="award_runners_up")
    op.drop_table("award_runners_up")
