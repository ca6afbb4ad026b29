"""cheers: members recognising each other (reaction cheers today)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cheers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("giver_id", sa.Integer(), nullable=False),
        sa.Column("receiver_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source_ref", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["giver_id"],
            ["members.id"],
            name=op.f("fk_cheers_giver_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["receiver_id"],
            ["members.id"],
            name=op.f("fk_cheers_receiver_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_cheers_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cheers")),
        sa.UniqueConstraint("giver_id", "source_ref", name=op.f("uq_cheers_giver_id_source_ref")),
    )
    with op.batch_alter_table("cheers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cheers_workspace_receiver", ["workspace_id", "receiver_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("cheers", schema=None) as batch_op:
        batch_op.drop_index("ix_cheers_workspace_receiver")
    op.drop_table("cheers")
