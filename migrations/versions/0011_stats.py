"""stats: the daily headcount, dashboard sign-in links and sessions, indexes for period queries

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 04:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns): what the period queries of the figures filter on.
PERIOD_INDEXES = (
    ("ix_ideas_workspace_created", "ideas", ["workspace_id", "created_at"]),
    ("ix_cheers_workspace_created", "cheers", ["workspace_id", "created_at"]),
    ("ix_bookings_workspace_created", "bookings", ["workspace_id", "created_at"]),
    ("ix_draft_versions_created", "draft_versions", ["created_at"]),
    ("ix_post_engagements_created", "post_engagements", ["created_at"]),
)


def upgrade() -> None:
    op.create_table(
        "stats_headcounts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("enrolled", sa.Integer(), nullable=False),
        sa.Column("joined", sa.Integer(), nullable=False),
        sa.Column("departed", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_stats_headcounts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "day", name=op.f("pk_stats_headcounts")),
    )
    op.create_table(
        "dashboard_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_dashboard_tokens_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_dashboard_tokens_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_dashboard_tokens")),
    )
    op.create_index(
        op.f("ix_dashboard_tokens_member_id"), "dashboard_tokens", ["member_id"], unique=False
    )
    op.create_index(
        op.f("ix_dashboard_tokens_expires_at"), "dashboard_tokens", ["expires_at"], unique=False
    )
    for name, table, columns in PERIOD_INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(PERIOD_INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index(op.f("ix_dashboard_tokens_expires_at"), table_name="dashboard_tokens")
    op.drop_index(op.f("ix_dashboard_tokens_member_id"), table_name="dashboard_tokens")
    op.drop_table("dashboard_tokens")
    op.drop_table("stats_headcounts")
