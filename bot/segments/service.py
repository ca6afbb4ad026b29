"""Segments with dated membership, and each member's networks."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

from bot.access import find_member, require_coordinator
from bot.config import localised
from bot.context import Context
from bot.errors import Conflict, NotFound, StoreConflict, UsageError
from bot.i18n import LOCALES, N_
from bot.messages import Actions, Block, Button, Header, Note, Reply, Section, Text
from bot.segments.commands import (
    AddSegment,
    ListSegments,
    RemoveSegment,
    SetNetworks,
    SetSegment,
)
from bot.segments.ports import SEGMENT_NAME_MAX_CHARS, Segment, segment_key

# What `/chorus segment set @name none` means "in no segment" in, in each language.
NO_SEGMENT = ("none", "ingen", "geen")


async def segments(ctx: Context) -> list[Segment]:
    """The workspace's segments; a programme that never had any starts with the programme
    file's (a removed segment counts as had, so removing them all sticks)."""
    every = await ctx.uow.segments.all(ctx.workspace.id, removed=True)
    if not every:
        for default in ctx.programme.segments:
            await ctx.uow.segments.add(ctx.workspace.id, default.key, dict(default.names))
        every = await ctx.uow.segments.all(ctx.workspace.id, removed=True)
    return [s for s in every if not s.removed]


def _suggestion(typed: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(typed, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else ""


async def find_segment(ctx: Context, name: str) -> Segment:
    """The segment called ``name`` in any language; a did-you-mean answer otherwise."""
    key = segment_key(name)
    known = await segments(ctx)
    for segment in known:
        if key in segment.spellings():
            return segment
    names = [s.name(ctx.tr.locale) for s in known]
    guess = _suggestion(name.casefold(), names)
    if guess:
        raise NotFound(
            N_("There is no segment {name}. Did you mean {guess}? The segments: {segments}"),
            name=name,
            guess=guess,
            segments=", ".join(names),
        )
    raise NotFound(
        N_("There is no segment {name}. The segments: {segments}"),
        name=name,
        segments=", ".join(names) or "—",
    )


async def segment_of(ctx: Context, member_id: int) -> Segment | None:
    """The segment a member is in now."""
    current = await ctx.uow.segments.current(member_id)
    if current is None:
        return None
    every = await ctx.uow.segments.all(ctx.workspace.id, removed=True)
    return next((s for s in every if s.id == current), None)


async def place_newcomer(ctx: Context, member_id: int) -> None:
    """Put a member who just joined in the programme's joining segment, unless they are in
    one already."""
    if ctx.programme.join_segment is None or await ctx.uow.segments.current(member_id):
        return
    for segment in await segments(ctx):
        if segment.key == ctx.programme.join_segment:
            await ctx.uow.segments.assign(ctx.workspace.id, member_id, segment.id, ctx.now)


def post_types(ctx: Context, segment: Segment | None, locale: str) -> list[str]:
    """The post types the programme file asks of a segment's members, in ``locale``."""
    if segment is None:
        return []
    for default in ctx.programme.segments:
        if default.key == segment.key:
            return [localised(t, locale) for t in default.post_types]
    return []


async def list_segments(ctx: Context, _: ListSegments) -> Reply:
    """The segments and how many members are in each now."""
    require_coordinator(ctx)
    tr = ctx.tr
    known = await segments(ctx)
    counts = Counter((await ctx.uow.segments.at(ctx.workspace.id, ctx.now)).values())
    blocks: list[Block] = [Header(tr._("Segments"))]
    if not known:
        blocks.append(
            Section(tr._t("There are no segments. Add one with /chorus segment add NAME."))
        )
    for segment in known:
        blocks.append(
            Section(
                tr._t(
                    "{name}: {members}",
                    name=segment.name(tr.locale),
                    members=Text.plain(tr._n("{n} member", "{n} members", counts[segment.id])),
                )
            )
        )
    blocks.append(
        Note(
            tr._t(
                "Move a member with /chorus segment set @name NAME. Numbers for a past period use the segment each member was in then."
            )
        )
    )
    return Reply.private(*blocks)


async def add_segment(ctx: Context, cmd: AddSegment) -> Reply:
    """Coordinators add a segment (named the same in every language)."""
    require_coordinator(ctx)
    name = " ".join(cmd.name.split())
    key = segment_key(name)
    if len(name) > SEGMENT_NAME_MAX_CHARS or not key or key in NO_SEGMENT:
        raise UsageError(
            N_("A segment's name is a few words of at most {limit} characters."),
            limit=SEGMENT_NAME_MAX_CHARS,
        )
    for segment in await segments(ctx):
        if key in segment.spellings():
            raise Conflict(
                N_("The segment {name} already exists."), name=segment.name(ctx.tr.locale)
            )
    try:
        await ctx.uow.segments.add(ctx.workspace.id, key, dict.fromkeys(LOCALES, name))
    except StoreConflict:
        raise Conflict(N_("The segment {name} already exists."), name=name) from None
    return Reply.private(
        Section(ctx.tr._t("Added the segment {name}.", name=name)),
        Actions((Button(ctx.tr._("Undo"), f"chorus segment remove {key}"),)),
    )


async def remove_segment(ctx: Context, cmd: RemoveSegment) -> Reply:
    """Coordinators retire a segment: its members are in none from now on, and numbers for
    past periods keep it."""
    require_coordinator(ctx)
    segment = await find_segment(ctx, cmd.name)
    await ctx.uow.segments.remove(segment.id, ctx.now)
    return Reply.private(
        Section(
            ctx.tr._t(
                "Removed the segment {name}. Its members are in no segment now; numbers for past periods still show it.",
                name=segment.name(ctx.tr.locale),
            )
        )
    )


async def set_segment(ctx: Context, cmd: SetSegment) -> Reply:
    """Coordinators move a member into a segment from now on."""
    require_coordinator(ctx)
    target = await find_member(ctx, cmd.member)
    who = Text((await ctx.mention(target.id),))
    if segment_key(cmd.name) in NO_SEGMENT:
        await ctx.uow.segments.assign(ctx.workspace.id, target.id, None, ctx.now)
        return Reply.private(Section(ctx.tr._t("{member} is in no segment now.", member=who)))
    segment = await find_segment(ctx, cmd.name)
    if await ctx.uow.segments.current(target.id) == segment.id:
        return Reply.private(
            Section(
                ctx.tr._t(
                    "{member} is already in the segment {name}.",
                    member=who,
                    name=segment.name(ctx.tr.locale),
                )
            )
        )
    await ctx.uow.segments.assign(ctx.workspace.id, target.id, segment.id, ctx.now)
    return Reply.private(
        Section(
            ctx.tr._t(
                "{member} is in the segment {name} from now on.",
                member=who,
                name=segment.name(ctx.tr.locale),
            )
        )
    )


async def set_networks(ctx: Context, cmd: SetNetworks) -> Reply:
    """Choose the networks I post on (only those the programme lists), or see mine."""
    tr = ctx.tr
    allowed = ctx.programme.networks
    listed = ", ".join(allowed)
    if cmd.clear:
        await ctx.uow.networks.set(ctx.workspace.id, ctx.member.id, ())
        return Reply.private(Section(tr._t("You have no networks chosen now.")))
    if not cmd.networks:
        mine = await ctx.uow.networks.of(ctx.member.id)
        text = (
            tr._t("You post on: {networks}.", networks=", ".join(mine))
            if mine
            else tr._t("You have not chosen your networks yet.")
        )
        return Reply.private(
            Section(text),
            Note(
                tr._t(
                    "Choose from {networks}, for example: /chorus networks linkedin reddit",
                    networks=listed,
                )
            ),
        )
    chosen: list[str] = []
    for name in cmd.networks:
        if name not in allowed:
            guess = _suggestion(name, allowed)
            if guess:
                raise UsageError(
                    N_(
                        "I don't know the network {name}. Did you mean {guess}? Choose from {networks}."
                    ),
                    name=name,
                    guess=guess,
                    networks=listed,
                )
            raise UsageError(
                N_("I don't know the network {name}. Choose from {networks}."),
                name=name,
                networks=listed,
            )
        if name not in chosen:
            chosen.append(name)
    await ctx.uow.networks.set(ctx.workspace.id, ctx.member.id, chosen)
    return Reply.private(
        Section(tr._t("Noted: you post on {networks}.", networks=", ".join(sorted(chosen)))),
        Note(tr._t("Tips and prompts will have these in mind. /chorus networks none clears them.")),
    )
