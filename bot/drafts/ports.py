"""Drafts, their versions and feedback, and where they are kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Protocol

DRAFT_MAX_CHARS = 10_000


FEEDBACK_MAX_CHARS = 3_000


DISCARD_KEEP_DAYS = 30


class DraftStatus(Enum):
    """A draft is being written, was set aside (recoverable for a while), or is out."""

    ACTIVE = "active"
    DISCARDED = "discarded"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Draft:
    """A private draft; its text lives in versions, the newest being ``text``."""

    id: int
    workspace_id: int
    number: int
    author_id: int
    status: DraftStatus
    created_at: datetime
    text: str
    version: int  # the newest version's number (1, 2, ...)
    idea_id: int | None = None
    idea_number: int | None = None  # the idea it was started from, as members see it
    discarded_at: datetime | None = None
    feedback_requested_at: datetime | None = None
    first_feedback_at: datetime | None = None


@dataclass(frozen=True)
class DraftVersion:
    """One saved text of a draft: nothing is ever overwritten."""

    draft_id: int
    version: int
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Feedback:
    """What a reviewer wrote about one exact version of a draft."""

    id: int
    draft_id: int
    version: int
    reviewer_id: int
    text: str
    created_at: datetime


class DraftRepository(Protocol):
    """Private drafts and their versions, reviewers and feedback."""

    async def add(
        self, workspace_id: int, author_id: int, text: str, at: datetime, *, idea_id: int | None
    ) -> Draft:
        """Store a new draft (version 1) under the workspace's next draft number."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Draft | None: ...

    async def get(self, draft_id: int) -> Draft | None: ...

    async def by_idea(self, idea_id: int, author_id: int) -> Draft | None:
        """The author's active draft started from this idea, if any."""
        ...

    async def add_version(self, draft_id: int, text: str, at: datetime) -> int:
        """Save a new version (never overwriting one); returns its number."""
        ...

    async def version(self, draft_id: int, version: int) -> DraftVersion | None: ...

    async def of_author(
        self, workspace_id: int, author_id: int | None, statuses: Sequence[DraftStatus]
    ) -> list[Draft]:
        """Drafts (of one author, or everyone's with None), newest first."""
        ...

    async def set_status(self, draft_id: int, status: DraftStatus, at: datetime) -> None: ...

    async def add_reviewer(self, draft_id: int, member_id: int) -> None: ...

    async def is_reviewer(self, draft_id: int, member_id: int) -> bool: ...

    async def mark_feedback_requested(self, draft_id: int, at: datetime) -> None:
        """Record the first request for feedback (later requests keep the first time)."""
        ...

    async def ask_for_feedback(
        self, draft_id: int, version: int, reviewer_id: int, at: datetime
    ) -> bool:
        """Record that the reviewer was asked about this version; False if they were
        asked about it before (nothing changes then)."""
        ...

    async def asked_for_feedback(self, draft_id: int, version: int) -> list[int]:
        """The reviewers asked about this version, in the order they were asked."""
        ...

    async def add_feedback(
        self, draft_id: int, version: int, reviewer_id: int, text: str, at: datetime
    ) -> Feedback:
        """Store feedback; the draft's first feedback time is recorded with the first."""
        ...

    async def feedback(self, draft_id: int) -> list[Feedback]:
        """All feedback on a draft, oldest first."""
        ...
