"""The programme's weekly rhythm: the writing prompt, the digest, gentle nudges (the award reminder lives with the award)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.context import Context
from bot.i18n import N_
from bot.ideas.ports import IdeaStatus
from bot.jobs.runner import channel_post
from bot.library.views import picks_blocks, week_picks
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Fields,
    Header,
    Message,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.model import Role
from bot.posts.ports import Post
from bot.rhythm.service import away_example
from bot.segments.service import post_types, segment_of

# Post types from real programmes; the prompt rotates through them week by week.
POST_TYPES = (
    N_(
        "Share something you know from your daily work that people in your field would find useful: a method, a mistake you learned from, a question customers keep asking."
    ),
    N_(
        "Been to an event, a course or a conference lately? Share one lesson you took home and what you will do differently."
    ),
    N_(
        "Show what working here is really like: a colleague who helped you, a team ritual, a small win from this week."
    ),
    N_(
        "Is there an opinion about your field you would like to voice? Say it, say why, and invite people to disagree."
    ),
)


BUILT_IN_TIPS = (
    N_(
        'The first two lines decide whether people click "see more": open with a question, a number or a short story.'
    ),
    N_("Three to five hashtags are plenty. Pick the ones people in your field actually follow."),
    N_(
        "Comment on a colleague's post with what you learned or a question. It helps them more than a like."
    ),
    N_("Posts with a personal angle beat company news. Tell what you did, saw or learned."),
    N_("Early morning works best: most people read LinkedIn before 9."),
)


def _engagement(post: Post) -> int:
    """Likes, comments and shares together."""
    total = 0
    for count in post.counts.values():
        total += count
    return total


ROTATION_EPOCH = date(2024, 1, 1)  # a Monday


async def weekly_prompt(ctx: Context) -> list[Message]:
    """The writing prompt of the week: a post type crossed with a programme theme."""
    tr = ctx.tr
    local = ctx.now.astimezone(tr.timezone).date()
    # Weeks since a fixed Monday: post type and theme move on every week, never restarting
    # in January.
    weeks = (local - ROTATION_EPOCH).days // 7
    themes = await ctx.uow.themes.list(ctx.workspace.id)
    blocks: list[Block] = [
        Header(tr._("✍️ Writing prompt of the week")),
        Section(tr._t(POST_TYPES[weeks % len(POST_TYPES)])),
    ]
    if themes:
        theme = themes[weeks % len(themes)]
        blocks.append(
            Section(
                tr._t("This week's theme: #{theme}. Any angle on it is welcome.", theme=theme.name)
            )
        )
    blocks.append(
        Note(
            tr._t(
                "Not sure yet? Park the idea first: a colleague may want to write it, or vote for it."
            )
        )
    )
    blocks.append(
        Actions(
            (
                Button(tr._("I have an idea"), "idea form", ButtonStyle.PRIMARY),
                Button(tr._("Ideas waiting for a writer"), "idea list open"),
            )
        )
    )
    return [channel_post(blocks, tr._("Writing prompt of the week")), *await _segment_prompts(ctx)]


# A tip for each network Chorus knows; a programme's own networks get the general one.
NETWORK_TIPS = {
    "linkedin": N_(
        'On LinkedIn the first two lines decide whether people click "see more": open with a question or a number.'
    ),
    "x": N_("On X, one clear thought per post works best; a thread can carry the rest."),
    "reddit": N_(
        "On Reddit, answer in the community's own words and read its rules first: plain company links get removed."
    ),
    "mastodon": N_("On Mastodon, hashtags are how people find you: add two or three."),
    "youtube": N_("On YouTube, say in the first ten seconds what viewers will learn."),
}


async def _segment_prompts(ctx: Context) -> list[Message]:
    """Each member with a seat is asked, privately, for the kind of post their segment is
    asked for this week, with a tip for one of their own networks. Away members and those
    who turned nudges off get none."""
    week = ctx.now.astimezone(ctx.tr.timezone).isocalendar().week
    today = ctx.now.astimezone(ctx.tr.timezone).date()
    notes: list[Message] = []
    for enrolment in await ctx.uow.enrolments.active(ctx.workspace.id):
        member = await ctx.uow.members.get(enrolment.member_id)
        if member is None or member.nudges_off:
            continue
        if member.away_until is not None and member.away_until >= today:
            continue
        tr = ctx.translator_for(member)
        segment = await segment_of(ctx, member.id)
        types = post_types(ctx, segment, tr.locale)
        if segment is None or not types:
            continue
        blocks: list[Block] = [
            Section(
                tr._t(
                    "This week's prompt for you as a {segment}: {prompt}",
                    segment=segment.name(tr.locale),
                    prompt=types[week % len(types)],
                )
            )
        ]
        networks = await ctx.uow.networks.of(member.id)
        if networks:
            network = networks[week % len(networks)]
            tip = NETWORK_TIPS.get(network)
            blocks.append(
                Note(
                    tr._t(tip)
                    if tip
                    else tr._t(
                        "Posting on {network}? Write the way people there write to each other.",
                        network=network,
                    )
                )
            )
        blocks.append(Actions((Button(tr._("I have an idea"), "idea form", ButtonStyle.PRIMARY),)))
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=tr._("Your writing prompt of the week"),
            )
        )
    return notes


async def digest(ctx: Context) -> list[Message]:
    """The weekly status: ideas waiting for a writer, what happened this week, one tip."""
    tr = ctx.tr
    since = ctx.now - timedelta(days=7)
    ws = ctx.workspace.id
    _, new_ideas = await ctx.uow.ideas.list(
        ws, statuses=list(IdeaStatus), created_after=since, limit=1
    )
    waiting, waiting_total = await ctx.uow.ideas.list(ws, statuses=[IdeaStatus.OPEN], limit=3)
    posts = await ctx.uow.posts.published_between(ws, since, ctx.now)
    cheers = await ctx.uow.cheers.count_since(ws, since)
    blocks: list[Block] = [
        Header(tr._("📬 The week in the ambassador programme")),
        Fields(
            (
                (tr._("New ideas this week"), Text.plain(str(new_ideas))),
                (tr._("Ideas waiting for a writer"), Text.plain(str(waiting_total))),
                (tr._("Posts published"), Text.plain(str(len(posts)))),
                (tr._("Cheers given"), Text.plain(str(cheers))),
            )
        ),
    ]
    engaged = max(posts, key=lambda p: (_engagement(p), p.number), default=None)
    if engaged is not None and _engagement(engaged):
        blocks.append(
            Section(
                tr._t(
                    "🌟 Most engaged this week: post #{number} by {author} ({reactions}).",
                    number=engaged.number,
                    author=await ctx.mention(engaged.author_id),
                    reactions=tr._n(
                        "{n} like, comment or share",
                        "{n} likes, comments and shares",
                        _engagement(engaged),
                    ),
                )
            )
        )
        blocks.append(Section(Text((Span(engaged.url, SpanKind.LINK, url=engaged.url),))))
    if waiting:
        blocks.append(Section(tr._t("Waiting for a writer — could one of these be yours?")))
        for idea in waiting:
            blocks.append(Quote(f"#{idea.number} {idea.text[:200]}"))
        blocks.append(Actions((Button(tr._("See the open ideas"), "idea list open"),)))
    blocks.extend(picks_blocks(tr, await week_picks(ctx, ctx.now)))
    tips = [text for _, text in await ctx.uow.tips.list(ws)]
    week = ctx.now.isocalendar().week
    if tips:
        tip = Text.user(tips[week % len(tips)])
    else:
        tip = tr._t(BUILT_IN_TIPS[week % len(BUILT_IN_TIPS)])
    blocks.append(Section(tr._t("💡 Tip of the week: {tip}", tip=tip)))
    return [channel_post(blocks, tr._("The week in the ambassador programme"))]


async def nudge(ctx: Context) -> list[Message]:
    """A gentle private note to ambassadors who have been quiet, with one concrete step."""
    weeks = ctx.programme.nudge_after_weeks
    quiet_since = ctx.now - timedelta(weeks=weeks)
    today = ctx.now.astimezone(ctx.tr.timezone).date()
    open_ideas, _ = await ctx.uow.ideas.list(ctx.workspace.id, statuses=[IdeaStatus.OPEN], limit=1)
    notes: list[Message] = []
    for member in await ctx.uow.members.all(ctx.workspace.id):
        if member.role is not Role.AMBASSADOR or member.nudges_off:
            continue
        if member.away_until is not None and member.away_until >= today:
            continue
        if member.last_active_at is None or member.last_active_at > quiet_since:
            continue
        if member.last_nudged_at is not None and member.last_nudged_at > quiet_since:
            continue
        tr = ctx.translator_for(member)
        blocks: list[Block] = [
            Section(
                tr._t(
                    "Hi {name}! It has been a few weeks since we heard from you — no pressure, just one small step if you feel like it:",
                    name=member.display_name,
                )
            ),
        ]
        buttons = [Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY)]
        if open_ideas:
            idea = open_ideas[0]
            blocks.append(
                Section(tr._t("Idea #{number} is waiting for a writer:", number=idea.number))
            )
            blocks.append(Quote(idea.text[:300]))
            buttons.insert(
                0, Button(tr._("I'll write it"), f"idea claim {idea.number}", ButtonStyle.PRIMARY)
            )
        blocks.append(Actions(tuple(buttons)))
        blocks.append(
            Note(
                tr._t(
                    "Away for a while? /chorus away until {example} pauses these notes; /chorus nudges off stops them.",
                    example=away_example(today),
                )
            )
        )
        notes.append(
            Message(
                tuple(blocks),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=tr._("A small step for this week"),
            )
        )
        member.last_nudged_at = ctx.now
        await ctx.uow.members.save(member)
    return notes
