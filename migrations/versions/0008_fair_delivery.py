"""fair delivery: outbox priorities and deadlines, Retry-After blocks, learned send rates,
server heartbeats

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("priority", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "ix_outbox_lane", ["status", "workspace_id", "target", "priority", "id"], unique=False
        )
    with op.batch_alter_table("delivery_gates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "delivery_rates",
        sa.Column("scope", sa.String(length=400), nullable=False),
        sa.Column("per_minute", sa.Float(), nullable=False),
        sa.Column("limited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_delivery_rates")),
    )
    op.create_table(
        "server_heartbeats",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_server_heartbeats")),
    )
    with op.batch_alter_table("server_heartbeats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_heartbeats_beat_at"), ["beat_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("server_heartbeats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_heartbeats_beat_at"))
    op.drop_table("server_heartbeats")
    op.drop_table("delivery_rates")
    with op.batch_alter_table("delivery_gates", schema=None) as batch_op:
        batch_op.drop_column("blocked_until")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_lane")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("priority")
