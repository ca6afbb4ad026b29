"""What privacy needs from the store: one member's data gathered, erased, and the exports
and erasures it keeps a record of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.config import Retention

Value = str | int | bool | None
Record = dict[str, Value]
# Kind of data (a file in the export) → its records, in a stable order.
MemberData = dict[str, list[Record]]


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, in counts only (the audit keeps no identity)."""

    deleted: int  # rows of the member's own content removed
    anonymised: int  # rows they gave others, kept for "a former member"
    superseded: int  # undelivered messages for or about them that will not be sent
    # Channel posts already sent that showed them: of things now deleted (their keys, such
    # as "idea:3" or "cheer:12"), and things kept that named them, to be updated in place.
    withdrawn: tuple[str, ...] = ()
    renamed_ideas: tuple[int, ...] = ()
    renamed_cafes: tuple[int, ...] = ()  # cafés they host, by number
    renamed_cheers: tuple[int, ...] = ()  # announced cheers they gave (kept), by id
    renamed_awards: tuple[str, ...] = ()  # announced quarters that mentioned them as runner-up


class PrivacyRepository(Protocol):
    """One member's data across every table, and the record of exports and erasures."""

    async def collect(self, member_id: int) -> MemberData:
        """Everything about one member, kind by kind (the fields of ``KINDS``)."""
        ...

    async def erase(self, member_id: int, *, now: datetime) -> Erasure:
        """Delete the member's own content, keep what they gave others without their name,
        supersede undelivered messages that name them, and take their name and platform id
        out of ``members``."""
        ...

    async def mark_left(self, member_id: int, *, now: datetime) -> int:
        """The member left the workspace: mark them and supersede the messages waiting for
        them. Returns how many messages will not be sent."""
        ...

    async def last_export(self, member_id: int) -> datetime | None:
        """When the member last asked for an export."""
        ...

    async def record_export(
        self,
        workspace_id: int,
        member_id: int,
        now: datetime,
        *,
        token_hash: str | None = None,
        content: bytes | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        """Remember an export; with a token hash, keep the ZIP for one download."""
        ...

    async def forget_last_export(self, member_id: int) -> bool:
        """Forget the member's newest export that had no download link (the platform did
        not take the file), so asking again does not wait; False if there was none."""
        ...

    async def take_download(self, token_hash: str, now: datetime) -> bytes | None:
        """The ZIP behind a download link, once: None when unknown, used or expired."""
        ...

    async def forget_expired(self, workspace_id: int, retention: Retention, now: datetime) -> int:
        """Remove what is past its retention time: the workspace's delivered messages,
        discarded drafts and export records, and (for everyone) old platform event ids and
        Slack install links. Returns how many rows went."""
        ...

    async def audit(
        self, workspace_id: int, action: str, by_member_id: int | None, by_label: str, now: datetime
    ) -> None:
        """Record that an erasure happened and who did it (never whom)."""
        ...
