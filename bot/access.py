"""Who may do what: coordinator checks and finding the member a command names."""

from __future__ import annotations

from bot.commands import MemberRef
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound
from bot.i18n import N_
from bot.model import Member


def require_coordinator(ctx: Context) -> None:
    """Coordinator-only commands stop here for everyone else."""
    if not ctx.member.is_coordinator:
        raise NotAllowed(N_("Only coordinators can do that. /chorus help shows what you can do."))


async def find_member(ctx: Context, ref: MemberRef) -> Member:
    """The member a mention or ``@name`` points at, in this workspace."""
    if ref.user_id:
        member = await ctx.uow.members.by_external_id(ctx.workspace.id, ref.user_id)
        if member is not None:
            return member
    if ref.name:
        matches = await ctx.uow.members.by_name(ctx.workspace.id, ref.name)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise Conflict(
                N_("Several members are called {name}. Mention the one you mean with @."),
                name=ref.name,
            )
    raise NotFound(
        N_(
            "I don't know {name} yet. Members join Chorus the first time they use a command or press a button."
        ),
        name=ref.name or ref.user_id or "?",
    )
