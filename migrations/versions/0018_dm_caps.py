"""notes to colleagues: one feedback request per reviewer and draft version, and a record
of the notes sent on a member's behalf (the hourly cap, "tell the author once").

Revision ID: 0018_dm_caps
Revises: 0017
Create Date: 2026-12-01 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_dm_caps"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft_feedback_requests",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_feedback_requests_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["members.id"],
            name=op.f("fk_draft_feedback_requests_reviewer_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "draft_id", "version", "reviewer_id", name=op.f("pk_draft_feedback_requests")
        ),
    )
    op.create_index(
        op.f("ix_draft_feedback_requests_reviewer_id"),
        "draft_feedback_requests",
        ["reviewer_id"],
    )
    op.create_table(
        "notes_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("about", sa.String(length=100), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_notes_sent_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["members.id"],
            name=op.f("fk_notes_sent_sender_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes_sent")),
    )
    op.create_index(op.f("ix_notes_sent_workspace_id"), "notes_sent", ["workspace_id"])
    op.create_index(op.f("ix_notes_sent_sent_at"), "notes_sent", ["sent_at"])
    op.create_index("ix_notes_sent_sender_at", "notes_sent", ["sender_id", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_notes_sent_sender_at", table_name="notes_sent")
    op.drop_index(op.f("ix_notes_sent_sent_at"), table_name="notes_sent")
    op.drop_index(op.f("ix_notes_sent_workspace_id"), table_name="notes_sent")
    op.drop_table("notes_sent")
    op.drop_index(
        op.f("ix_draft_feedback_requests_reviewer_id"), table_name="draft_feedback_requests"
    )
    op.drop_table("draft_feedback_requests")
