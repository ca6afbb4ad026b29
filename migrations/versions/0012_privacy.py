"""privacy: erased and departed members, member exports (with one-time download links) and the erasure audit

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 04:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "member_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_exports_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_member_exports_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_exports")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_member_exports_token_hash")),
    )
    op.create_index(
        op.f("ix_member_exports_created_at"), "member_exports", ["created_at"], unique=False
    )
    op.create_index(
        "ix_member_exports_member_created",
        "member_exports",
        ["member_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "privacy_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("by_member_id", sa.Integer(), nullable=True),
        sa.Column("by_label", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_member_id"],
            ["members.id"],
            name=op.f("fk_privacy_audit_by_member_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_privacy_audit_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_audit")),
    )
    op.create_index(
        op.f("ix_privacy_audit_by_member_id"), "privacy_audit", ["by_member_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_privacy_audit_by_member_id"), table_name="privacy_audit")
    op.drop_table("privacy_audit")
    op.drop_index("ix_member_exports_member_created", table_name="member_exports")
    op.drop_index(op.f("ix_member_exports_created_at"), table_name="member_exports")
    op.drop_table("member_exports")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("left_at")
        batch.drop_column("erased_at")
