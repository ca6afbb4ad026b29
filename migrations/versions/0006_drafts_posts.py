"""drafts (versions, reviewers, feedback), posts and their engagement, guidelines, cheer opt-outs

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guideline_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("term_key", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_guideline_terms_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guideline_terms")),
        sa.UniqueConstraint(
            "workspace_id",
            "kind",
            "term_key",
            name=op.f("uq_guideline_terms_workspace_id_kind_term_key"),
        ),
    )
    op.create_table(
        "guidelines",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_guidelines_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_guidelines")),
    )
    op.create_table(
        "cheer_opt_outs",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_cheer_opt_outs_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_cheer_opt_outs")),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("feedback_requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_feedback_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_drafts_author_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_drafts_idea_id_ideas"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_drafts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("workspace_id", "number", name=op.f("uq_drafts_workspace_id_number")),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_idea_id"), ["idea_id"], unique=False)
        batch_op.create_index(
            "ix_drafts_workspace_author_status",
            ["workspace_id", "author_id", "status"],
            unique=False,
        )

    op.create_table(
        "draft_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_feedback_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["members.id"],
            name=op.f("fk_draft_feedback_reviewer_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_feedback")),
    )
    with op.batch_alter_table("draft_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_feedback_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_draft_feedback_reviewer_id"), ["reviewer_id"], unique=False
        )

    op.create_table(
        "draft_reviewers",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_reviewers_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_draft_reviewers_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("draft_id", "member_id", name=op.f("pk_draft_reviewers")),
    )
    with op.batch_alter_table("draft_reviewers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_reviewers_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "draft_versions",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_versions_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("draft_id", "version", name=op.f("pk_draft_versions")),
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_key", sa.String(length=2100), nullable=False),
        sa.Column("network", sa.String(length=16), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["members.id"],
            name=op.f("fk_posts_author_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["drafts.id"], name=op.f("fk_posts_draft_id_drafts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_posts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
        sa.UniqueConstraint("workspace_id", "number", name=op.f("uq_posts_workspace_id_number")),
        sa.UniqueConstraint("workspace_id", "url_key", name=op.f("uq_posts_workspace_id_url_key")),
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_posts_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_posts_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(
            "ix_posts_workspace_created", ["workspace_id", "created_at"], unique=False
        )

    op.create_table(
        "post_engagements",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_post_engagements_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"],
            ["posts.id"],
            name=op.f("fk_post_engagements_post_id_posts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", "member_id", "kind", name=op.f("pk_post_engagements")),
    )
    with op.batch_alter_table("post_engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_post_engagements_member_id"), ["member_id"], unique=False
        )

    with op.batch_alter_table("cheers", schema=None) as batch_op:
        batch_op.create_index("ix_cheers_giver_created", ["giver_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cheers", schema=None) as batch_op:
        batch_op.drop_index("ix_cheers_giver_created")

    with op.batch_alter_table("post_engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_engagements_member_id"))

    op.drop_table("post_engagements")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_workspace_created")
        batch_op.drop_index(batch_op.f("ix_posts_draft_id"))
        batch_op.drop_index(batch_op.f("ix_posts_author_id"))

    op.drop_table("posts")
    op.drop_table("draft_versions")
    with op.batch_alter_table("draft_reviewers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_reviewers_member_id"))

    op.drop_table("draft_reviewers")
    with op.batch_alter_table("draft_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_feedback_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_draft_feedback_draft_id"))

    op.drop_table("draft_feedback")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_drafts_workspace_author_status")
        batch_op.drop_index(batch_op.f("ix_drafts_idea_id"))

    op.drop_table("drafts")
    op.drop_table("cheer_opt_outs")
    op.drop_table("guidelines")
    op.drop_table("guideline_terms")
