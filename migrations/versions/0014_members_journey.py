"""members journey: segments with dated membership, networks, enrolments with a waiting
list and a seat count, mentors and pairings

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 04:36:42.363824
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "programme_seats",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.CheckConstraint("taken >= 0", name=op.f("ck_programme_seats_taken_not_negative")),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_programme_seats_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_programme_seats")),
    )
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_segments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
        sa.UniqueConstraint("workspace_id", "key", name=op.f("uq_segments_workspace_id_key")),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("onboarding_step", sa.Integer(), nullable=False),
        sa.Column("onboarding_done", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_enrolments_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_enrolments_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enrolments_workspace_status", ["workspace_id", "status"], unique=False
        )
        batch_op.create_index(
            "uq_enrolments_held",
            ["member_id"],
            unique=True,
            sqlite_where=sa.text("status <> 'left'"),
            postgresql_where=sa.text("status <> 'left'"),
        )

    op.create_table(
        "member_networks",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("network", sa.String(length=32), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_member_networks_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_member_networks_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "network", name=op.f("pk_member_networks")),
    )
    with op.batch_alter_table("member_networks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_networks_workspace_id"), ["workspace_id"], unique=False
        )

    op.create_table(
        "mentor_pairings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checkin_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("met", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mentee_id"],
            ["members.id"],
            name=op.f("fk_mentor_pairings_mentee_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["members.id"],
            name=op.f("fk_mentor_pairings_mentor_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_mentor_pairings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_pairings")),
    )
    with op.batch_alter_table("mentor_pairings", schema=None) as batch_op:
        batch_op.create_index("ix_mentor_pairings_pair", ["mentor_id", "mentee_id"], unique=False)
        batch_op.create_index(
            "ix_mentor_pairings_workspace", ["workspace_id", "ended_at"], unique=False
        )
        batch_op.create_index(
            "uq_mentor_pairings_open",
            ["mentee_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )

    op.create_table(
        "mentors",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_mentors_capacity_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_mentors_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_mentors_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_mentors")),
    )
    with op.batch_alter_table("mentors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentors_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "segment_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_segment_memberships_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_segment_memberships_segment_id_segments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_segment_memberships_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_memberships")),
    )
    with op.batch_alter_table("segment_memberships", schema=None) as batch_op:
        batch_op.create_index(
            "ix_segment_memberships_workspace_start", ["workspace_id", "started_at"], unique=False
        )
        batch_op.create_index(
            "uq_segment_memberships_open",
            ["member_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )


def downgrade() -> None:

    with op.batch_alter_table("segment_memberships", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_segment_memberships_open",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
        batch_op.drop_index("ix_segment_memberships_workspace_start")

    op.drop_table("segment_memberships")
    with op.batch_alter_table("mentors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentors_workspace_id"))

    op.drop_table("mentors")
    with op.batch_alter_table("mentor_pairings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_mentor_pairings_open",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
        batch_op.drop_index("ix_mentor_pairings_workspace")
        batch_op.drop_index("ix_mentor_pairings_pair")

    op.drop_table("mentor_pairings")
    with op.batch_alter_table("member_networks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_networks_workspace_id"))

    op.drop_table("member_networks")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_enrolments_held",
            sqlite_where=sa.text("status <> 'left'"),
            postgresql_where=sa.text("status <> 'left'"),
        )
        batch_op.drop_index("ix_enrolments_workspace_status")

    op.drop_table("enrolments")
    op.drop_table("segments")
    op.drop_table("programme_seats")
