"""Published posts and their engagement, and where they are kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Protocol

URL_MAX_CHARS = 2_000
# A post announced without a draft is linked to the member's newest pick from the content
# library made within this many days.
PICK_LINK_DAYS = 14


class Network(Enum):
    """Where a post was published, recognised from its URL."""

    LINKEDIN = "linkedin"
    X = "x"
    REDDIT = "reddit"
    MASTODON = "mastodon"
    YOUTUBE = "youtube"
    WEB = "web"


class Engagement(Enum):
    """What a member did for a colleague's post."""

    LIKED = "liked"
    COMMENTED = "commented"
    SHARED = "shared"


@dataclass(frozen=True)
class Post:
    """A published post announced with a like & comment call."""

    id: int
    workspace_id: int
    number: int
    author_id: int
    url: str
    network: Network
    created_at: datetime
    draft_id: int | None = None
    counts: dict[Engagement, int] = field(default_factory=dict)


@dataclass(frozen=True)
class NewPost:
    """A post about to be stored; ``url_key`` is the URL in the form duplicates share."""

    workspace_id: int
    author_id: int
    url: str
    url_key: str
    network: Network
    created_at: datetime
    draft_id: int | None = None


class PostRepository(Protocol):
    """Announced posts and the likes, comments and shares members report."""

    async def add(self, post: NewPost) -> Post | None:
        """Store a post under the next number; None if its URL was announced before."""
        ...

    async def by_number(self, workspace_id: int, number: int) -> Post | None: ...

    async def by_url_key(self, workspace_id: int, url_key: str) -> Post | None: ...

    async def engage(self, post_id: int, member_id: int, kind: Engagement, at: datetime) -> bool:
        """Count the member once per kind; False if they were counted already."""
        ...

    async def disengage(self, post_id: int, member_id: int, kind: Engagement) -> bool: ...

    async def published_between(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> list[Post]:
        """Posts announced in ``[start, end)``, oldest first."""
        ...
