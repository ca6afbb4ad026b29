"""bookings: drop-in slots and series, writing cafés, bookings, calendar links

One active booking per slot and one active or waiting booking per member and café are
partial unique indexes; a café's seat counter is held within its capacity by a check.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 23:45:06.529934
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "booking_counters",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_booking_counters_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "kind", name=op.f("pk_booking_counters")),
    )
    op.create_table(
        "cafes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.Text(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cancel_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_cafes_capacity_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_cafes_ends_after_start")),
        sa.CheckConstraint(
            "seats_taken >= 0 AND seats_taken <= capacity", name=op.f("ck_cafes_seats_within")
        ),
        sa.ForeignKeyConstraint(
            ["host_id"], ["members.id"], name=op.f("fk_cafes_host_id_members"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_cafes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cafes")),
        sa.UniqueConstraint("workspace_id", "number", name=op.f("uq_cafes_workspace_id_number")),
    )
    with op.batch_alter_table("cafes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cafes_host_id"), ["host_id"], unique=False)
        batch_op.create_index(
            "ix_cafes_workspace_status_start", ["workspace_id", "status", "starts_at"], unique=False
        )

    op.create_table(
        "slot_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["members.id"],
            name=op.f("fk_slot_series_coordinator_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_slot_series_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_series")),
        sa.UniqueConstraint(
            "workspace_id", "number", name=op.f("uq_slot_series_workspace_id_number")
        ),
    )
    with op.batch_alter_table("slot_series", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slot_series_coordinator_id"), ["coordinator_id"], unique=False
        )

    op.create_table(
        "slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("coordinator_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cancel_note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_slots_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["members.id"],
            name=op.f("fk_slots_coordinator_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["slot_series.id"],
            name=op.f("fk_slots_series_id_slot_series"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_slots_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slots")),
        sa.UniqueConstraint("workspace_id", "number", name=op.f("uq_slots_workspace_id_number")),
    )
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_slots_coordinator_start", ["coordinator_id", "starts_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_slots_series_id"), ["series_id"], unique=False)
        batch_op.create_index(
            "ix_slots_workspace_status_start", ["workspace_id", "status", "starts_at"], unique=False
        )

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("cafe_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("draft", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(slot_id IS NULL AND cafe_id IS NOT NULL) OR (slot_id IS NOT NULL AND cafe_id IS NULL)",
            name=op.f("ck_bookings_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["cafe_id"], ["cafes.id"], name=op.f("fk_bookings_cafe_id_cafes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_bookings_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["slots.id"], name=op.f("fk_bookings_slot_id_slots"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_bookings_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index("ix_bookings_cafe_status", ["cafe_id", "status"], unique=False)
        batch_op.create_index("ix_bookings_member_status", ["member_id", "status"], unique=False)
        batch_op.create_index(
            "uq_bookings_active_slot",
            ["slot_id"],
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        )
        batch_op.create_index(
            "uq_bookings_member_cafe",
            ["cafe_id", "member_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('active', 'waiting')"),
            postgresql_where=sa.text("status IN ('active', 'waiting')"),
        )

    op.create_table(
        "calendar_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_calendar_tokens_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_calendar_tokens_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_calendar_tokens")),
    )
    with op.batch_alter_table("calendar_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_tokens_booking_id"), ["booking_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_calendar_tokens_member_id"), ["member_id"], unique=False
        )


def downgrade() -> None:
    for table in (
        "calendar_tokens",
        "bookings",
        "slots",
        "slot_series",
        "cafes",
        "booking_counters",
    ):
        op.drop_table(table)
