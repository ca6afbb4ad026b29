"""Who may do what: coordinator checks and finding the member a command names."""

from __future__ import annotations

from bot.commands import MemberRef
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound
from bot.i18n import N_, normalize_locale
from bot.model import Member, Role, clean_name
from bot.ports import Person


def require_coordinator(ctx: Context) -> None:
    """Coordinator-only commands stop here for everyone else."""
    if not ctx.member.is_coordinator:
        raise NotAllowed(N_("Only coordinators can do that. /chorus help shows what you can do."))


async def find_member(ctx: Context, ref: MemberRef, *, meet: bool = False) -> Member:
    """The member a mention or ``@name`` points at, in this workspace. With ``meet``, a
    colleague the platform knows but Chorus has not met yet becomes a member now."""
    if ref.user_id:
        member = await ctx.uow.members.by_external_id(ctx.workspace.id, ref.user_id)
        if member is not None:
            return member
        if meet and ctx.directory is not None:
            person = await ctx.directory.person(ref.user_id)
            if person is not None:
                return await _meet(ctx, person)
    if ref.name:
        matches = await ctx.uow.members.by_name(ctx.workspace.id, ref.name)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise Conflict(
                N_("Several members are called {name}. Mention the one you mean with @."),
                name=ref.name,
            )
        if meet and not ref.user_id and ctx.directory is not None:
            person = await ctx.directory.named(ref.name)
            if person is not None:
                member = await ctx.uow.members.by_external_id(ctx.workspace.id, person.user_id)
                return member if member is not None else await _meet(ctx, person)
    raise NotFound(
        N_(
            "I don't know {name} yet. Members join Chorus the first time they use a command or press a button."
        ),
        name=ref.name or ref.user_id or "?",
    )


async def _meet(ctx: Context, person: Person) -> Member:
    """Register a colleague the platform vouches for, with their name and language hint."""
    role = Role.COORDINATOR if person.user_id in ctx.programme.admins else Role.AMBASSADOR
    member = await ctx.uow.members.add(
        ctx.workspace.id, person.user_id, clean_name(person.display_name), role
    )
    member.name_checked_at = ctx.clock.now()
    locale = normalize_locale(person.locale)
    if locale is not None and locale != ctx.workspace.locale:
        member.locale = locale
    await ctx.uow.members.save(member)
    return member
