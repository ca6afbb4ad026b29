"""What a handler or a job gets to work with: one :class:`Context` for both."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.commands import Actor
from bot.config import Programme
from bot.i18n import Translator
from bot.messages import Span, mention
from bot.model import Member, Workspace
from bot.ports import Clock, Directory, UnitOfWork


def mention_of(member: Member | None, *, former: str = "…") -> Span:
    """A mention of a member, or ``former`` (an ellipsis unless given) for one who was
    erased: their things may outlive them, their name does not."""
    if member is None:
        return Span(former)
    return mention(member.external_id, member.display_name)


@dataclass(frozen=True)
class FixedClock:
    """A clock that stands still: a job's fire time is its "now"."""

    moment: datetime

    def now(self) -> datetime:
        """The fixed moment."""
        return self.moment


# Draws the quarterly report as a PDF (``bot.report.build.QuarterReport`` → bytes); the
# composition root supplies it, since drawing PDFs is the web adapter's work.
ReportPdf = Callable[[Translator, Any], bytes]


@dataclass
class Context:
    """An open unit of work in one workspace, with a translator. A command's context also
    has the acting member (``tr`` is theirs); a job's has none (``tr`` is the channel's)."""

    uow: UnitOfWork
    workspace: Workspace
    programme: Programme
    clock: Clock
    tr: Translator
    actor: Actor | None = None
    acting: Member | None = None
    # Every scheduled job's name and what it does (a msgid), from the registry.
    jobs: Mapping[str, str] = field(default_factory=dict)
    report_pdf: ReportPdf | None = None
    # The platform's people, where the adapter offers them (commands only).
    directory: Directory | None = None

    @property
    def member(self) -> Member:
        """The member who typed the command (commands only: a job has no actor)."""
        if self.acting is None:
            raise RuntimeError("a job's context has no acting member")
        return self.acting

    @property
    def now(self) -> datetime:
        """Now, or the fire time of the job that runs."""
        return self.clock.now()

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
        return mention_of(
            await self.uow.members.get(member_id), former=self.tr._("a former member")
        )
