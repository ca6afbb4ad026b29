"""Announcing a published post and answering its like & comment call."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.posts.ports import Engagement


@dataclass(frozen=True)
class AnnouncePost(Command):
    """``/posted URL [N]``: announce a published post; the channel gets a like & comment call."""

    url: str
    draft_number: int | None = None
    confirmed: bool = False  # the member saw the private warning and announces anyway


@dataclass(frozen=True)
class ShowPost(Command):
    """One announced post's call, privately."""

    number: int


@dataclass(frozen=True)
class EngagePost(Command):
    """I liked, commented on or shared a colleague's post (or take it back)."""

    number: int
    kind: Engagement
    undo: bool = False
