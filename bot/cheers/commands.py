"""Cheering a colleague."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef


@dataclass(frozen=True)
class CheerByReaction(Command):
    """The cheer emoji was put on a message: cheer its author (in the ambassador channel)."""

    author_id: str  # platform id of the message's author
    channel_id: str
    message_id: str  # the platform's id of the message (Slack ``ts``)


@dataclass(frozen=True)
class WithdrawReactionCheer(Command):
    """The cheer emoji was taken off a message again: the cheer it made goes too."""

    channel_id: str
    message_id: str


@dataclass(frozen=True)
class CheerPost(Command):
    """The Cheer button on a call: cheer the post's author."""

    number: int


@dataclass(frozen=True)
class GiveCheer(Command):
    """``/cheer @someone REASON``."""

    member: MemberRef
    reason: str


@dataclass(frozen=True)
class SetCheerVisibility(Command):
    """Whether cheers I receive are announced in the channel (I always get them privately)."""

    public: bool
