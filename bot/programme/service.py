"""Themes, the ambassador channel, roles, languages and time zones."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.access import find_member, require_coordinator
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, StoreConflict, UsageError
from bot.i18n import LOCALES, N_, Translator, normalize_locale
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    Fields,
    Header,
    Message,
    Note,
    Reply,
    Section,
    Span,
    Text,
)
from bot.model import Role
from bot.programme.commands import (
    AddTheme,
    ListThemes,
    RemoveTheme,
    SetChannel,
    SetLanguage,
    SetRole,
    SetTimezone,
    ShowSettings,
)
from bot.programme.ports import RECOMMENDED_THEMES, THEME_MAX_CHARS, theme_key


async def list_themes(ctx: Context, _: ListThemes) -> Reply:
    """The themes, with the 5-10 recommendation for coordinators."""
    tr = ctx.tr
    themes = await ctx.uow.themes.list(ctx.workspace.id)
    blocks: list[Block]
    if themes:
        blocks = [
            Section(
                tr._t(
                    "The programme's themes: {themes}",
                    themes=", ".join(f"#{t.name}" for t in themes),
                )
            )
        ]
    else:
        blocks = [Section(tr._t("The programme has no themes yet."))]
    low, high = RECOMMENDED_THEMES
    if ctx.member.is_coordinator and not low <= len(themes) <= high:
        blocks.append(
            Note(
                tr._t(
                    "Programmes work best with {low} to {high} themes: the few things the company wants to be known for. You have {count}.",
                    low=low,
                    high=high,
                    count=len(themes),
                )
            )
        )
    return Reply.private(*blocks)


async def add_theme(ctx: Context, cmd: AddTheme) -> Reply:
    """Coordinators add a theme; the same name in other case or accents is the same theme."""
    require_coordinator(ctx)
    name = cmd.name.strip().lstrip("#")
    if len(name) > THEME_MAX_CHARS:
        raise UsageError(N_("A theme can be at most {limit} characters."), limit=THEME_MAX_CHARS)
    existing = [
        t
        for t in await ctx.uow.themes.list(ctx.workspace.id)
        if theme_key(t.name) == theme_key(name)
    ]
    if existing:
        raise Conflict(N_("The theme #{theme} already exists."), theme=existing[0].name)
    try:
        await ctx.uow.themes.add(ctx.workspace.id, name)
    except StoreConflict:
        raise Conflict(N_("The theme #{theme} already exists."), theme=name) from None
    reply = await list_themes(ctx, ListThemes())
    return Reply.private(
        Section(ctx.tr._t("Added the theme #{theme}.", theme=name)),
        Actions((Button(ctx.tr._("Undo"), f"chorus theme remove {name}"),)),
    ).with_messages(reply.messages)


async def remove_theme(ctx: Context, cmd: RemoveTheme) -> Reply:
    """Coordinators remove a theme; ideas keep their text and lose the tag."""
    require_coordinator(ctx)
    themes = await ctx.uow.themes.list(ctx.workspace.id)
    theme = next((t for t in themes if theme_key(t.name) == theme_key(cmd.name)), None)
    if theme is None:
        raise NotFound(
            N_("There is no theme #{theme}. /chorus theme list shows them."), theme=cmd.name
        )
    await ctx.uow.themes.remove(theme.id)
    return Reply.private(
        Section(
            ctx.tr._t(
                "Removed the theme #{theme}. Ideas tagged with it keep their text.",
                theme=theme.name,
            )
        ),
        Actions((Button(ctx.tr._("Undo"), f"chorus theme add {theme.name}"),)),
    )


async def set_channel(ctx: Context, cmd: SetChannel) -> Reply:
    """Coordinators make this channel the ambassador channel."""
    require_coordinator(ctx)
    channel = cmd.channel_id or (ctx.actor.channel_id if ctx.actor else None)
    if not channel:
        raise UsageError(N_("Type /chorus channel in the ambassador channel itself."))
    ctx.workspace.channel_id = channel
    await ctx.uow.workspaces.save(ctx.workspace)
    here = ctx.actor is not None and channel == ctx.actor.channel_id
    tr = ctx.channel_tr if here else ctx.tr  # said where the channel's members may read it
    return Reply.private(
        Section(
            tr._t("This is now the ambassador channel: new ideas, cheers and calls appear here.")
        ),
        shareable=here,  # news for everyone in that channel, where a platform can say it
    )


async def channel_lost_notes(ctx: Context) -> list[Message]:
    """The platform took the ambassador channel away (Chorus was removed from its team):
    a private note for every coordinator, who can add it back or choose another channel."""
    notes = []
    for coordinator in await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR):
        if coordinator.left_at is not None:
            continue
        tr = ctx.translator_for(coordinator)
        notes.append(
            Message(
                (
                    Section(
                        tr._t(
                            "Chorus was removed from the team of the ambassador channel, so it can no longer post there. Add Chorus to the team again, or choose another channel with /chorus channel."
                        )
                    ),
                ),
                Audience.MEMBER,
                recipient_id=coordinator.external_id,
                summary=tr._("Chorus lost the ambassador channel"),
            )
        )
    return notes


async def set_role(ctx: Context, cmd: SetRole) -> Reply:
    """Coordinators promote members to coordinator, or back to ambassador."""
    require_coordinator(ctx)
    target = await find_member(ctx, cmd.member)
    who = Text.plain("") + Text((await ctx.mention(target.id),))
    if target.external_id in ctx.programme.admins and cmd.role is not Role.COORDINATOR:
        raise NotAllowed(
            N_("{member} is a coordinator through the CHORUS_ADMINS setting; change it there."),
            member=who,
        )
    if target.id == ctx.member.id and cmd.role is not Role.COORDINATOR:
        others = [
            m
            for m in await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR)
            if m.id != target.id
        ]
        if not others:
            raise Conflict(
                N_(
                    "You are the only coordinator. Promote someone else first, so the programme keeps a coordinator."
                )
            )
    if target.role is cmd.role:
        msgid = (
            N_("{member} is already a coordinator.")
            if cmd.role is Role.COORDINATOR
            else N_("{member} is already an ambassador.")
        )
        return Reply.private(Section(ctx.tr._t(msgid, member=who)))
    target.role = cmd.role
    await ctx.uow.members.save(target)
    if cmd.role is Role.COORDINATOR:
        answer = ctx.tr._t("{member} is now a coordinator.", member=who)
        undo = f"chorus demote <@{target.external_id}>"
    else:
        answer = ctx.tr._t("{member} is now an ambassador.", member=who)
        undo = f"chorus promote <@{target.external_id}>"
    return Reply.private(Section(answer), Actions((Button(ctx.tr._("Undo"), undo),)))


async def set_language(ctx: Context, cmd: SetLanguage) -> Reply:
    """Choose my language, or (coordinators) the workspace's."""
    locale = normalize_locale(cmd.locale)
    if locale is None:
        raise UsageError(
            N_("I speak {locales}. For example: /chorus language da"), locales=", ".join(LOCALES)
        )
    if cmd.workspace:
        require_coordinator(ctx)
        ctx.workspace.locale = locale
        await ctx.uow.workspaces.save(ctx.workspace)
    else:
        ctx.member.locale = locale
        await ctx.uow.members.save(ctx.member)
    tr = Translator(locale, ctx.tr.timezone.key)
    if cmd.workspace:
        return Reply.private(
            Section(
                tr._t("The programme now speaks {language}.", language=tr.language_name(locale))
            )
        )
    return Reply.private(
        Section(
            tr._t(
                "I will speak {language} with you from now on.", language=tr.language_name(locale)
            )
        )
    )


async def set_timezone(ctx: Context, cmd: SetTimezone) -> Reply:
    """Choose my time zone, or (coordinators) the workspace's."""
    zone = _zone(cmd.timezone)
    if cmd.workspace:
        require_coordinator(ctx)
        ctx.workspace.timezone = zone
        await ctx.uow.workspaces.save(ctx.workspace)
    else:
        ctx.member.timezone = zone
        await ctx.uow.members.save(ctx.member)
    tr = Translator(ctx.tr.locale, zone)
    return Reply.private(
        Section(
            tr._t(
                "Time zone set to {zone}. It is {now} there now.",
                zone=zone,
                now=tr.datetime(ctx.clock.now()),
            )
        )
    )


def _zone(name: str) -> str:
    candidate = name.strip()
    try:
        ZoneInfo(candidate)
        return candidate
    except (ZoneInfoNotFoundError, ValueError):
        folded = {z.casefold(): z for z in available_timezones()}
        if candidate.casefold() in folded:
            return folded[candidate.casefold()]
        raise UsageError(
            N_(
                "I don't know the time zone {zone}. Use a name like Europe/Copenhagen or Europe/Amsterdam."
            ),
            zone=candidate,
        ) from None


async def show_settings(ctx: Context, _: ShowSettings) -> Reply:
    """The programme's settings and the member's own."""
    tr = ctx.tr
    ws = ctx.workspace
    themes = await ctx.uow.themes.list(ws.id)
    coordinators = await ctx.uow.members.with_role(ws.id, Role.COORDINATOR)
    channel = (
        Text.plain(tr._("set")) if ws.channel_id else Text.plain(tr._("not set (/chorus channel)"))
    )
    names: list[Span] = []
    for coordinator in coordinators:
        if names:
            names.append(Span(", "))
        names.append(await ctx.mention(coordinator.id))
    return Reply.private(
        Header(tr._("Settings")),
        Fields(
            (
                (tr._("Ambassador channel"), channel),
                (tr._("Programme language"), Text.plain(tr.language_name(ws.locale))),
                (tr._("Programme time zone"), Text.user(ws.timezone)),
                (tr._("Themes"), Text.user(", ".join(f"#{t.name}" for t in themes) or "—")),
                (tr._("Coordinators"), Text(tuple(names))),
                (
                    tr._("Your role"),
                    Text.plain(
                        tr._("coordinator") if ctx.member.is_coordinator else tr._("ambassador")
                    ),
                ),
                (tr._("Your language"), Text.plain(tr.language_name(tr.locale))),
                (tr._("Your time zone"), Text.user(tr.timezone.key)),
            )
        ),
    )
