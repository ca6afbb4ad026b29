"""Library items, the picks members make, and where they are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

from bot.posts.ports import Network

NOTE_MAX_CHARS = 500
# Coordinators pin at most this many items as the week's picks.
MAX_PINS = 3


class ContentKind(Enum):
    """Whose content an item is: the company's own, or the industry's (external)."""

    COMPANY = "company"
    EXTERNAL = "external"


@dataclass(frozen=True)
class LibraryItem:
    """Something worth sharing. ``number`` is what members type; ids stay internal."""

    id: int
    workspace_id: int
    number: int
    url: str
    network: Network
    created_at: datetime
    suggested_by_id: int | None = None
    note: str | None = None
    theme: str | None = None
    kind: ContentKind | None = None
    expires_at: datetime | None = None
    pinned_at: datetime | None = None
    picks: int = 0
    title: str | None = None  # the page's title, when the programme turns previews on

    def expired(self, now: datetime) -> bool:
        """Whether the item has gone stale."""
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True)
class NewLibraryItem:
    """An item about to be stored; ``url_key`` is the URL in the form duplicates share."""

    workspace_id: int
    url: str
    url_key: str
    network: Network
    created_at: datetime
    suggested_by_id: int
    note: str | None = None
    theme_id: int | None = None


@dataclass(frozen=True)
class Pick:
    """A member's "I'll share this", and the draft and post that came of it."""

    item_id: int
    member_id: int
    created_at: datetime
    draft_id: int | None = None
    post_id: int | None = None


@dataclass(frozen=True)
class SharedPost:
    """A post announced from a library item: what the balance counts."""

    post_id: int
    network: Network
    kind: ContentKind | None
    author_id: int  # who announced it: the mix per segment and network


class LibraryRepository(Protocol):
    """The content library and its picks."""

    async def add(self, item: NewLibraryItem) -> LibraryItem | None:
        """Store an item under the next number; None if its URL is in the library already."""
        ...

    async def get(self, item_id: int) -> LibraryItem | None: ...

    async def by_number(self, workspace_id: int, number: int) -> LibraryItem | None: ...

    async def by_url_key(self, workspace_id: int, url_key: str) -> LibraryItem | None: ...

    async def fresh(
        self,
        workspace_id: int,
        now: datetime,
        *,
        theme_id: int | None = None,
        kind: ContentKind | None = None,
        created_after: datetime | None = None,
        limit: int,
        offset: int = 0,
    ) -> tuple[list[LibraryItem], int]:
        """A page of unexpired items (pinned first, then most picked, then newest) and
        the total that match."""
        ...

    async def pinned(self, workspace_id: int, now: datetime) -> list[LibraryItem]:
        """Unexpired pinned items, earliest pinned first."""
        ...

    async def set_kind(self, item_id: int, kind: ContentKind | None) -> None: ...

    async def set_expiry(self, item_id: int, expires_at: datetime | None) -> None: ...

    async def set_pinned(self, item_id: int, pinned_at: datetime | None) -> None: ...

    async def fill_in(self, item_id: int, *, theme_id: int | None, note: str | None) -> bool:
        """Give the item a theme or note where it has none; True if anything changed."""
        ...

    async def awaiting_preview(self, limit: int) -> list[LibraryItem]:
        """Items, in any workspace, whose title was never looked up; oldest first."""
        ...

    async def set_title(self, item_id: int, title: str | None, at: datetime) -> None:
        """Record the page title looked up at ``at`` (None: the page gave none)."""
        ...

    async def pick(self, item_id: int, member_id: int, at: datetime) -> bool:
        """Record the member's intent once; False if they had picked it already."""
        ...

    async def pick_of(self, item_id: int, member_id: int) -> Pick | None: ...

    async def set_pick_draft(self, item_id: int, member_id: int, draft_id: int) -> None: ...

    async def pick_for_draft(self, draft_id: int) -> Pick | None:
        """The pick a draft was started from."""
        ...

    async def open_picks(self, member_id: int, since: datetime) -> list[Pick]:
        """The member's picks since then that no post was linked to yet, newest first."""
        ...

    async def link_post(self, item_id: int, member_id: int, post_id: int) -> None:
        """Record that the member's post came from the item they picked."""
        ...

    async def item_of_post(self, post_id: int) -> LibraryItem | None: ...

    async def shared_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[SharedPost]:
        """Posts announced in ``[start, end)`` that came from the library."""
        ...
