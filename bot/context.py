"""What a service gets to work with for one command."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Actor
from bot.config import Programme
from bot.i18n import Translator
from bot.messages import Span, mention
from bot.model import Member, Workspace
from bot.ports import Clock, UnitOfWork


@dataclass
class Context:
    """The acting member, their workspace, an open unit of work and a translator for them."""

    uow: UnitOfWork
    actor: Actor
    member: Member
    workspace: Workspace
    programme: Programme
    clock: Clock
    tr: Translator  # the acting member's language and time zone

    @property
    def channel_tr(self) -> Translator:
        """Translator for posts everyone in the channel reads: the workspace's language."""
        return Translator(self.workspace.locale, self.workspace.timezone)

    def translator_for(self, member: Member) -> Translator:
        """Translator for a private note to another member."""
        return Translator(
            member.locale or self.workspace.locale, member.timezone or self.workspace.timezone
        )

    async def mention(self, member_id: int) -> Span:
        """A mention of a member by internal id."""
        member = await self.uow.members.get(member_id)
        if member is None:  # erased member: their things may outlive them, their name not
            return Span("…")
        return mention(member.external_id, member.display_name)
