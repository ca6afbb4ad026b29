"""The App Home: a member's ideas, drafts, bookings and cheers."""

from __future__ import annotations

from bot.bookings.booking import list_my_bookings
from bot.bookings.commands import ListMyBookings
from bot.context import Context
from bot.drafts.ports import DraftStatus
from bot.home.commands import ShowHome
from bot.ideas.ports import Idea, IdeaStatus
from bot.library.views import picks_blocks, week_picks
from bot.membership.ports import EnrolmentStatus
from bot.membership.seats import position
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Header,
    Note,
    Reply,
    Section,
    Text,
)

HOME_IDEAS = 10


HOME_CHEERS = 5


HOME_EXCERPT_CHARS = 200


async def show_home(ctx: Context, _: ShowHome) -> Reply:
    """The member's ideas (written or claimed), drafts, newest cheers and next bookings."""
    tr = ctx.tr
    blocks: list[Block] = [Header(tr._("Your Chorus"))]
    blocks.extend(await _programme(ctx))
    blocks.extend(await _ideas(ctx))
    blocks.append(Divider())
    blocks.extend(await _drafts(ctx))
    blocks.append(Divider())
    picks = picks_blocks(tr, await week_picks(ctx, ctx.clock.now()))
    if picks:
        blocks.extend(picks)
        blocks.append(Divider())
    blocks.extend(await _cheers(ctx))
    blocks.append(Divider())
    blocks.extend(await _bookings(ctx))
    blocks.append(Divider())
    blocks.append(
        Actions(
            (
                Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY),
                Button(tr._("Open ideas"), "idea list open"),
                Button(tr._("Help"), "chorus help"),
            )
        )
    )
    return Reply.private(*blocks)


async def _programme(ctx: Context) -> list[Block]:
    """Where the member stands with the programme, with a Join button if they are not in."""
    tr = ctx.tr
    enrolment = await ctx.uow.enrolments.current(ctx.member.id)
    if enrolment is None:
        return [
            Section(
                tr._t(
                    "You are not in the ambassador programme yet. Join to get a mentor and your first steps."
                )
            ),
            Actions((Button(tr._("Join the programme"), "chorus join", ButtonStyle.PRIMARY),)),
            Divider(),
        ]
    if enrolment.status is EnrolmentStatus.OFFERED:
        return [
            Section(tr._t("A seat in the programme is waiting for you.")),
            Actions(
                (
                    Button(tr._("Accept"), "chorus join accept", ButtonStyle.PRIMARY),
                    Button(tr._("Decline"), "chorus join decline"),
                )
            ),
            Divider(),
        ]
    if enrolment.status is EnrolmentStatus.WAITING:
        return [
            Section(
                tr._t(
                    "You are on the waiting list: number {place}.",
                    place=await position(ctx, enrolment),
                )
            ),
            Divider(),
        ]
    pairing = await ctx.uow.mentors.of_mentee(ctx.member.id)
    if pairing is None:
        return []
    return [
        Section(tr._t("Your mentor: {mentor}", mentor=await ctx.mention(pairing.mentor_id))),
        Divider(),
    ]


async def _ideas(ctx: Context) -> list[Block]:
    tr = ctx.tr
    ideas, total = await ctx.uow.ideas.list(
        ctx.workspace.id,
        statuses=[IdeaStatus.OPEN, IdeaStatus.CLAIMED, IdeaStatus.DRAFTED, IdeaStatus.PUBLISHED],
        member_id=ctx.member.id,
        limit=HOME_IDEAS,
    )
    blocks: list[Block] = [Header(tr._("Your ideas"))]
    if not ideas:
        blocks.append(
            Section(tr._t("You have no ideas in the bank yet. Park one with /idea TEXT."))
        )
        return blocks
    for idea in ideas:
        blocks.append(
            Section(tr._t("Idea #{number}: {text}", number=idea.number, text=_excerpt(idea)))
        )
        blocks.append(Note(await _facts(ctx, idea)))
    if total > len(ideas):
        blocks.append(
            Note(
                Text.plain(
                    tr._n(
                        "You have {n} idea in all; /idea list mine shows them.",
                        "You have {n} ideas in all; /idea list mine shows them.",
                        total,
                    )
                )
            )
        )
    return blocks


def _excerpt(idea: Idea) -> str:
    text = " ".join(idea.text.split())
    if len(text) > HOME_EXCERPT_CHARS:
        text = text[: HOME_EXCERPT_CHARS - 1].rstrip() + "…"
    return text


async def _facts(ctx: Context, idea: Idea) -> Text:
    tr = ctx.tr
    votes = Text.plain(tr._n("{n} vote", "{n} votes", idea.vote_count))
    if idea.claimed_by_id == ctx.member.id and idea.status is IdeaStatus.CLAIMED:
        status = tr._t("You are writing it")
    elif idea.status is IdeaStatus.CLAIMED and idea.claimed_by_id is not None:
        status = tr._t("Claimed by {claimer}", claimer=await ctx.mention(idea.claimed_by_id))
    else:
        status = {
            IdeaStatus.OPEN: tr._t("Open — waiting for a writer"),
            IdeaStatus.DRAFTED: tr._t("Being drafted"),
            IdeaStatus.PUBLISHED: tr._t("Published"),
        }.get(idea.status, Text(()))
    return status + Text.plain(" · ") + votes


async def _drafts(ctx: Context) -> list[Block]:
    tr = ctx.tr
    drafts = await ctx.uow.drafts.of_author(ctx.workspace.id, ctx.member.id, [DraftStatus.ACTIVE])
    blocks: list[Block] = [Header(tr._("Your drafts"))]
    if not drafts:
        blocks.append(Section(tr._t("No drafts yet. Start one with /draft.")))
        return blocks
    for draft in drafts[:HOME_IDEAS]:
        blocks.append(
            Section(
                tr._t(
                    "Draft #{number} (version {version}): {text}",
                    number=draft.number,
                    version=draft.version,
                    text=_shorten(draft.text),
                )
            )
        )
    blocks.append(Actions((Button(tr._("Write a draft"), "draft"),)))
    return blocks


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= HOME_EXCERPT_CHARS else flat[: HOME_EXCERPT_CHARS - 1] + "…"


async def _bookings(ctx: Context) -> list[Block]:
    """My next drop-in slots and café seats, as ``/book mine`` shows them."""
    reply = await list_my_bookings(ctx, ListMyBookings())
    blocks = list(reply.messages[0].blocks)
    if not blocks or not isinstance(blocks[0], Header):
        blocks.insert(0, Header(ctx.tr._("Your bookings")))
    return blocks


async def _cheers(ctx: Context) -> list[Block]:
    tr = ctx.tr
    cheers, total = await ctx.uow.cheers.received(
        ctx.workspace.id, ctx.member.id, limit=HOME_CHEERS
    )
    blocks: list[Block] = [Header(tr._("Cheers you received"))]
    if not cheers:
        blocks.append(
            Section(
                tr._t(
                    "No cheers yet. When colleagues cheer your posts in the ambassador channel, you will see it here."
                )
            )
        )
        return blocks
    blocks.append(
        Section(
            Text.plain(
                tr._n(
                    "Colleagues have cheered you {n} time. Thank you for posting!",
                    "Colleagues have cheered you {n} times. Thank you for posting!",
                    total,
                )
            )
        )
    )
    for cheer in cheers:
        blocks.append(
            Note(
                tr._t(
                    "{giver} cheered you on {date}",
                    giver=await ctx.mention(cheer.giver_id),
                    date=tr.datetime(cheer.created_at),
                )
            )
        )
    return blocks
