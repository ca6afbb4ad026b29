"""the content library: items worth sharing and the picks members make

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 04:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "library_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_key", sa.String(length=2100), nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("suggested_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pinned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("title_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["suggested_by_id"],
            ["members.id"],
            name=op.f("fk_library_items_suggested_by_id_members"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_library_items_theme_id_themes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_library_items_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_items")),
        sa.UniqueConstraint(
            "workspace_id", "number", name=op.f("uq_library_items_workspace_id_number")
        ),
        sa.UniqueConstraint(
            "workspace_id", "url_key", name=op.f("uq_library_items_workspace_id_url_key")
        ),
    )
    with op.batch_alter_table("library_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_library_items_suggested_by_id"), ["suggested_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_library_items_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "library_picks",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_library_picks_draft_id_drafts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_items.id"],
            name=op.f("fk_library_picks_item_id_library_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_library_picks_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_library_picks_post_id_posts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("item_id", "member_id", name=op.f("pk_library_picks")),
    )
    with op.batch_alter_table("library_picks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_picks_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_picks_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_library_picks_post_id"), ["post_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("library_picks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_picks_post_id"))
        batch_op.drop_index(batch_op.f("ix_library_picks_member_id"))
        batch_op.drop_index(batch_op.f("ix_library_picks_draft_id"))

    op.drop_table("library_picks")
    with op.batch_alter_table("library_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_items_theme_id"))
        batch_op.drop_index(batch_op.f("ix_library_items_suggested_by_id"))

    op.drop_table("library_items")
