"""parked workspaces: the app was uninstalled or its token revoked; delivery waits.
The Teams team of a channel conversation, so removing the bot from a team reaches all of
its channels. When a member's display name was last taken from the platform's directory.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 12:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("conversation_refs") as batch:
        batch.add_column(sa.Column("team_id", sa.String(length=255), nullable=True))
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("name_checked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("name_checked_at")
    with op.batch_alter_table("conversation_refs") as batch:
        batch.drop_column("team_id")
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("parked_at")
