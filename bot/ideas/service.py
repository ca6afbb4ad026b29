"""The idea bank: park, list, vote, claim, archive."""

from __future__ import annotations

from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.i18n import N_, Count
from bot.ideas.commands import (
    ArchiveIdea,
    ClaimIdea,
    IdeaFilter,
    ListIdeas,
    OpenIdeaForm,
    RestoreIdea,
    ShowIdea,
    SubmitIdea,
    TagIdea,
    UnclaimIdea,
    VoteIdea,
)
from bot.ideas.ports import IDEA_MAX_CHARS, Idea, IdeaStatus, NewIdea
from bot.ideas.views import channel_update, idea_blocks, idea_post, unknown_themes_text
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Form,
    Input,
    Message,
    Note,
    Quote,
    Reply,
    Section,
)
from bot.model import char_count
from bot.notes import NOTES_KEPT, on_behalf, told_recently
from bot.programme.ports import Theme, theme_key

# How long a claimer's claim of one idea is news to its author only once.
CLAIM_TOLD_FOR = NOTES_KEPT


async def submit_idea(ctx: Context, cmd: SubmitIdea) -> Reply:
    """Park an idea; known trailing ``#themes`` are attached, unknown ones stay in the text."""
    tr = ctx.tr
    full = " ".join([cmd.text.strip(), *(f"#{t}" for t in cmd.tags)]).strip()
    if not cmd.text.strip():
        raise UsageError(
            N_(
                "Write the idea after the command, for example: /idea Why we test our backups every Friday #engineering"
            )
        )
    if char_count(full) > IDEA_MAX_CHARS:
        raise UsageError(
            N_(
                "An idea can be at most {limit} characters; yours has {count}. Park the core of it now; the rest can go into a draft later."
            ),
            limit=Count(IDEA_MAX_CHARS),
            count=Count(char_count(full)),
            field="text",
        )
    themes = {theme_key(t.name): t for t in await ctx.uow.themes.list(ctx.workspace.id)}
    known: list[Theme] = []
    unknown: list[str] = []
    for tag in cmd.tags:
        theme = themes.get(theme_key(tag))
        if theme is None:
            unknown.append(tag)
        elif theme not in known:
            known.append(theme)
    text = " ".join([cmd.text.strip(), *(f"#{t}" for t in unknown)])
    idea = await ctx.uow.ideas.add(
        NewIdea(
            workspace_id=ctx.workspace.id,
            author_id=ctx.member.id,
            text=text,
            themes=tuple(known),
            created_at=ctx.clock.now(),
        )
    )

    blocks: list[Block] = [
        Section(tr._t("Idea #{number} is parked in the idea bank. Thank you!", number=idea.number)),
    ]
    if unknown:
        blocks.extend(unknown_themes_text(tr, unknown, list(themes.values()), idea.number))
    if ctx.workspace.channel_id:
        blocks.append(
            Note(tr._t("Colleagues can now vote for it and claim it in the ambassador channel."))
        )
    else:
        blocks.append(
            Note(
                tr._t(
                    "There is no ambassador channel yet, so only you see it for now. A coordinator can choose one with /chorus channel."
                )
            )
        )
    blocks.append(Actions((Button(tr._("Archive it"), f"idea archive {idea.number}"),)))
    # Once the idea is in the channel, the answer is no secret either.
    reply = Reply.private(*blocks, shareable=bool(ctx.workspace.channel_id))
    if ctx.workspace.channel_id:
        # Numbers are never reused, so nothing was queued under this card's key before.
        reply = reply.with_messages([await idea_post(ctx, idea, first=True)])
    return reply


async def open_idea_form(ctx: Context, _: OpenIdeaForm) -> Reply:
    """The idea form (a modal in Slack, a card in Teams)."""
    tr = ctx.tr
    return Reply.private(
        Form(
            title=tr._("Park an idea"),
            submit_label=tr._("Park it"),
            command="idea",
            inputs=(
                Input(
                    "text",
                    tr._("Your idea"),
                    multiline=True,
                    max_length=IDEA_MAX_CHARS,
                    placeholder=tr._(
                        "What would you like to write about, and why would people care?"
                    ),
                ),
                Input(
                    "themes",
                    tr._("Themes"),
                    optional=True,
                    placeholder=tr._("For example: #engineering #culture"),
                    hint=tr._("Separate themes with spaces. /chorus theme list shows them."),
                ),
            ),
        )
    )


async def list_ideas(ctx: Context, cmd: ListIdeas) -> Reply:
    """A page of ideas with their buttons; a "More" button for the next page."""
    tr = ctx.tr
    size = ctx.programme.page_size
    statuses = (
        [IdeaStatus.OPEN]
        if cmd.filter is IdeaFilter.OPEN
        else [IdeaStatus.OPEN, IdeaStatus.CLAIMED]
    )
    if cmd.filter is IdeaFilter.MINE:
        statuses = [IdeaStatus.OPEN, IdeaStatus.CLAIMED, IdeaStatus.DRAFTED, IdeaStatus.PUBLISHED]
    theme_id: int | None = None
    if cmd.filter is IdeaFilter.THEME and cmd.theme is not None:
        themes = await ctx.uow.themes.list(ctx.workspace.id)
        match = next((t for t in themes if theme_key(t.name) == theme_key(cmd.theme)), None)
        if match is None:
            raise NotFound(
                N_("There is no theme #{theme}. The themes are: {themes}."),
                theme=cmd.theme,
                themes=", ".join(f"#{t.name}" for t in themes) or "—",
            )
        theme_id = match.id
    ideas, total = await ctx.uow.ideas.list(
        ctx.workspace.id,
        statuses=statuses,
        member_id=ctx.member.id if cmd.filter is IdeaFilter.MINE else None,
        theme_id=theme_id,
        limit=size,
        offset=(cmd.page - 1) * size,
    )
    if not ideas:
        if cmd.page > 1:
            return Reply.private(Section(tr._t("There are no more ideas.")))
        return Reply.private(
            Section(tr._t("No ideas here yet. Park the first one with /idea TEXT.")),
            Actions((Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY),)),
        )
    shown_to = min(total, (cmd.page - 1) * size + len(ideas))
    blocks: list[Block] = [
        Section(
            tr._t(
                "Ideas {first}–{last} of {total}:",
                first=(cmd.page - 1) * size + 1,
                last=shown_to,
                total=total,
            )
        )
    ]
    for idea in ideas:
        blocks.extend(await idea_blocks(ctx, tr, idea, excerpt=True))
        blocks.append(Divider())
    if shown_to < total:
        words = {
            IdeaFilter.ACTIVE: "",
            IdeaFilter.OPEN: " open",
            IdeaFilter.MINE: " mine",
            IdeaFilter.THEME: f" #{cmd.theme}",
        }[cmd.filter]
        blocks.append(Actions((Button(tr._("More ideas"), f"idea list{words} {cmd.page + 1}"),)))
    return Reply.private(*blocks)


async def show_idea(ctx: Context, cmd: ShowIdea) -> Reply:
    """One idea with its buttons, privately."""
    idea = await _get(ctx, cmd.number)
    return Reply.private(*await idea_blocks(ctx, ctx.tr, idea))


async def vote_idea(ctx: Context, cmd: VoteIdea) -> Reply:
    """Vote for an idea, or take the vote back."""
    idea = await _get(ctx, cmd.number)
    _require_not_archived(idea)
    if idea.author_id == ctx.member.id:
        raise NotAllowed(
            N_("You can't vote for your own idea — ask a colleague what they think of it.")
        )
    voted = await ctx.uow.ideas.toggle_vote(idea.id, ctx.member.id)
    idea = await _get(ctx, cmd.number)
    tr = ctx.tr
    if voted:
        answer = tr._t(
            "Your vote for idea #{number} is counted. It has {votes} now.",
            number=idea.number,
            votes=tr._n("{n} vote", "{n} votes", idea.vote_count),
        )
    else:
        answer = tr._t(
            "You took back your vote for idea #{number}. It has {votes} now.",
            number=idea.number,
            votes=tr._n("{n} vote", "{n} votes", idea.vote_count),
        )
    return Reply.private(Section(answer)).with_messages(await channel_update(ctx, idea))


async def claim_idea(ctx: Context, cmd: ClaimIdea) -> Reply:
    """Claim an idea to write it; its author is told."""
    idea = await _get(ctx, cmd.number)
    _require_not_archived(idea)
    if idea.status is IdeaStatus.PUBLISHED:
        raise Conflict(
            N_(
                "Idea #{number} is written and published already, so there is nothing left to claim. /idea list open shows the ideas still waiting for a writer."
            ),
            number=idea.number,
            buttons=(Button(N_("Open ideas"), "idea list open"),),
        )
    if idea.claimed_by_id == ctx.member.id:
        return Reply.private(
            Section(
                ctx.tr._t(
                    "You have already claimed idea #{number}. Happy writing!", number=idea.number
                )
            )
        )
    if idea.claimed_by_id is not None or not await ctx.uow.ideas.claim(idea.id, ctx.member.id):
        fresh = await _get(ctx, cmd.number)
        claimer = await ctx.mention(fresh.claimed_by_id) if fresh.claimed_by_id else "…"
        raise Conflict(
            N_(
                "Idea #{number} is already claimed by {claimer}. Ask them about writing it together, or pick another one from /idea list open."
            ),
            number=idea.number,
            claimer=claimer,
        )
    idea = await _get(ctx, cmd.number)
    tr = ctx.tr
    answer: list[Block] = [
        Section(
            tr._t(
                "Idea #{number} is yours to write. When your post is out, tell the channel with /posted URL.",
                number=idea.number,
            )
        ),
        Quote(idea.text),
        Actions((Button(tr._("Unclaim"), f"idea unclaim {idea.number}"),)),
    ]
    messages = await channel_update(ctx, idea)
    about = f"idea-claimed:{idea.id}"
    # Claim, unclaim, claim again: the author already knows, and is not told twice a day.
    if idea.author_id != ctx.member.id and not await told_recently(ctx, about, CLAIM_TOLD_FOR):
        author = await ctx.uow.members.get(idea.author_id)
        if author is not None:
            author_tr = ctx.translator_for(author)
            messages.append(
                Message(
                    (
                        Section(
                            author_tr._t(
                                "{claimer} claimed your idea #{number} and will write it. Thank you for sharing it!",
                                claimer=await ctx.mention(ctx.member.id),
                                number=idea.number,
                            )
                        ),
                        Quote(idea.text),
                    ),
                    Audience.MEMBER,
                    recipient_id=author.external_id,
                    summary=author_tr._("Your idea #{number} was claimed", number=idea.number),
                )
            )
    # The claim stands either way: the idea's card in the channel shows who writes it.
    messages, held = await on_behalf(ctx, messages, about=about)
    return Reply.private(*answer, *held).with_messages(messages)


async def unclaim_idea(ctx: Context, cmd: UnclaimIdea) -> Reply:
    """Give a claimed idea back (its claimer or a coordinator)."""
    idea = await _get(ctx, cmd.number)
    if idea.status is not IdeaStatus.CLAIMED or idea.claimed_by_id is None:
        raise Conflict(N_("Idea #{number} is not claimed by anyone."), number=idea.number)
    if idea.claimed_by_id != ctx.member.id and not ctx.member.is_coordinator:
        raise NotAllowed(
            N_("Only the member who claimed idea #{number}, or a coordinator, can unclaim it."),
            number=idea.number,
        )
    await ctx.uow.ideas.set_status(idea.id, IdeaStatus.OPEN, claimed_by_id=None)
    idea = await _get(ctx, cmd.number)
    return Reply.private(
        Section(
            ctx.tr._t(
                "Idea #{number} is back in the bank for someone else to write.", number=idea.number
            )
        ),
        Actions((Button(ctx.tr._("Claim it again"), f"idea claim {idea.number}"),)),
    ).with_messages(await channel_update(ctx, idea))


async def tag_idea(ctx: Context, cmd: TagIdea) -> Reply:
    """Tag my idea (or, for coordinators, any idea) with programme themes."""
    tr = ctx.tr
    idea = await _get(ctx, cmd.number)
    _require_author_or_coordinator(ctx, idea)
    themes = {theme_key(t.name): t for t in await ctx.uow.themes.list(ctx.workspace.id)}
    unknown = [tag for tag in cmd.tags if theme_key(tag) not in themes]
    if unknown:
        raise NotFound(
            N_("I don't know the theme #{tag}. /chorus theme list shows the programme's themes."),
            tag=unknown[0],
        )
    await ctx.uow.ideas.add_themes(idea.id, [themes[theme_key(tag)].id for tag in cmd.tags])
    idea = await _get(ctx, cmd.number)
    return Reply.private(
        Section(
            tr._t(
                "Idea #{number} is tagged {themes}.",
                number=idea.number,
                themes=" ".join(f"#{name}" for name in idea.themes),
            )
        )
    ).with_messages(await channel_update(ctx, idea))


async def archive_idea(ctx: Context, cmd: ArchiveIdea) -> Reply:
    """Take an idea out of the bank; one click undoes it."""
    idea = await _get(ctx, cmd.number)
    _require_author_or_coordinator(ctx, idea)
    if idea.status is IdeaStatus.ARCHIVED:
        return Reply.private(
            Section(ctx.tr._t("Idea #{number} is already archived.", number=idea.number))
        )
    await ctx.uow.ideas.set_status(idea.id, IdeaStatus.ARCHIVED, claimed_by_id=idea.claimed_by_id)
    idea = await _get(ctx, cmd.number)
    return Reply.private(
        Section(ctx.tr._t("Idea #{number} is archived.", number=idea.number)),
        Actions((Button(ctx.tr._("Undo"), f"idea restore {idea.number}"),)),
    ).with_messages(await channel_update(ctx, idea))


async def restore_idea(ctx: Context, cmd: RestoreIdea) -> Reply:
    """Bring an archived idea back."""
    idea = await _get(ctx, cmd.number)
    _require_author_or_coordinator(ctx, idea)
    if idea.status is not IdeaStatus.ARCHIVED:
        return Reply.private(
            Section(ctx.tr._t("Idea #{number} is not archived.", number=idea.number))
        )
    status = IdeaStatus.CLAIMED if idea.claimed_by_id else IdeaStatus.OPEN
    await ctx.uow.ideas.set_status(idea.id, status, claimed_by_id=idea.claimed_by_id)
    idea = await _get(ctx, cmd.number)
    return Reply.private(
        Section(ctx.tr._t("Idea #{number} is back in the bank.", number=idea.number))
    ).with_messages(await channel_update(ctx, idea))


async def _get(ctx: Context, number: int) -> Idea:
    idea = await ctx.uow.ideas.by_number(ctx.workspace.id, number)
    if idea is None:
        raise NotFound(
            N_("There is no idea #{number}. /idea list shows the ideas in the bank."), number=number
        )
    return idea


def _require_not_archived(idea: Idea) -> None:
    if idea.status is IdeaStatus.ARCHIVED:
        raise Conflict(
            N_(
                "Idea #{number} was archived, so it can't be voted for or claimed. /idea list shows the ideas in the bank."
            ),
            number=idea.number,
        )


def _require_author_or_coordinator(ctx: Context, idea: Idea) -> None:
    if idea.author_id != ctx.member.id and not ctx.member.is_coordinator:
        raise NotAllowed(
            N_("Only the author of idea #{number} or a coordinator can do that."),
            number=idea.number,
        )
