"""A programme written straight into the tables, for storage tests that need many facts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.models import MemberRow, WorkspaceRow


async def programme(c: AsyncConnection, members: int, at: datetime) -> tuple[int, list[int]]:
    """A Slack workspace in UTC with ``members`` ambassadors: its id and theirs."""
    ws = (
        await c.execute(
            insert(WorkspaceRow).returning(WorkspaceRow.id),
            [dict(platform="slack", external_id="T1", locale="en", timezone="UTC",
                  channel_id="C1", idea_seq=0, created_at=at)],
        )
    ).scalar_one()  # fmt: skip
    ids = (
        await c.execute(
            insert(MemberRow).returning(MemberRow.id),
            [
                dict(workspace_id=ws, external_id=f"U{n}", display_name=f"M{n}",
                     name_key=f"m{n}", role="ambassador", created_at=at, last_active_at=at)
                for n in range(members)
            ],
        )
    ).scalars()  # fmt: skip
    return int(ws), [int(member) for member in ids]
