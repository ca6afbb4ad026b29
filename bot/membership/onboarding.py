"""A newcomer's first weeks: one private step at a time, each once, at a sensible hour in
their own time zone, until their first post (which the channel cheers, unless they opted
out of public cheers; after the last step only that is waited for). The same job passes on
seat offers nobody accepted in time."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.i18n import N_
from bot.ideas.ports import IdeaStatus
from bot.jobs.runner import channel_post
from bot.membership.seats import pass_on_expired
from bot.mentors.pairing import is_away
from bot.messages import Actions, Audience, Block, Button, ButtonStyle, Message, Quote, Section
from bot.model import Member

# Days after joining for steps 1, 2 and 3 (step 0, the welcome, comes with the seat).
STEP_DAYS = (0, 2, 7, 14)
# Local hours in which a step may arrive.
WORKING_HOURS = range(9, 17)


async def _step(ctx: Context, member: Member, step: int) -> list[Block]:
    tr = ctx.translator_for(member)
    if step == 1:
        blocks: list[Block] = [
            Section(
                tr._t(
                    "Two days in: time to park your first idea. One line is enough, for example: /idea What I learned from our last release #engineering"
                )
            )
        ]
        ideas, _ = await ctx.uow.ideas.list(ctx.workspace.id, statuses=[IdeaStatus.OPEN], limit=1)
        buttons = [Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY)]
        if ideas:
            blocks.append(
                Section(
                    tr._t(
                        "Or write one a colleague parked: idea #{number}.", number=ideas[0].number
                    )
                )
            )
            blocks.append(Quote(ideas[0].text[:300]))
            buttons.append(Button(tr._("I'll write it"), f"idea claim {ideas[0].number}"))
        blocks.append(Actions(tuple(buttons)))
        return blocks
    if step == 2:
        return [
            Section(
                tr._t(
                    "One week in: a coordinator reads your draft with you in a short drop-in slot. Book one whenever it suits you."
                )
            ),
            Actions((Button(tr._("Book a drop-in slot"), "book", ButtonStyle.PRIMARY),)),
        ]
    pairing = await ctx.uow.mentors.of_mentee(member.id)
    if pairing is not None:
        return [
            Section(
                tr._t(
                    "Two weeks in! A good moment to check in with your mentor, {mentor}: what would help with your first post?",
                    mentor=await ctx.mention(pairing.mentor_id),
                )
            )
        ]
    return [
        Section(
            tr._t(
                "Two weeks in! How is it going? If your first post feels big, book a drop-in slot and we write it together."
            )
        ),
        Actions((Button(tr._("Book a drop-in slot"), "book"),)),
    ]


async def _cheer_first_post(ctx: Context, member: Member) -> list[Message]:
    if not await ctx.uow.cheers.is_public(member.id):
        return []
    tr = ctx.channel_tr
    return [
        channel_post(
            [
                Section(
                    tr._t(
                        "🎉 {member} published their first post as an ambassador. Welcome aboard, and go cheer them on!",
                        member=await ctx.mention(member.id),
                    )
                )
            ],
            tr._("A first post"),
        )
    ]


async def onboarding(ctx: Context) -> list[Message]:
    """Pass on expired seat offers, then send each newcomer the step that is due."""
    messages = await pass_on_expired(ctx)
    newcomers = [
        e for e in await ctx.uow.enrolments.active(ctx.workspace.id) if not e.onboarding_done
    ]
    since = min((e.joined_at or e.requested_at for e in newcomers), default=ctx.now)
    posts = await ctx.uow.posts.published_between(ctx.workspace.id, since, ctx.now)
    for enrolment in newcomers:
        member = await ctx.uow.members.get(enrolment.member_id)
        if member is None:
            continue
        joined = enrolment.joined_at or enrolment.requested_at
        if any(p.author_id == member.id and p.created_at >= joined for p in posts):
            await ctx.uow.enrolments.save_onboarding(enrolment.id, enrolment.onboarding_step, True)
            messages += await _cheer_first_post(ctx, member)
            continue
        if member.nudges_off:  # they asked for no gentle notes: the sequence ends here
            await ctx.uow.enrolments.save_onboarding(enrolment.id, enrolment.onboarding_step, True)
            continue
        due = [
            i
            for i in range(max(enrolment.onboarding_step, 1), len(STEP_DAYS))
            if ctx.now >= joined + timedelta(days=STEP_DAYS[i])
        ]
        if not due:
            continue
        step = due[-1]  # back from time away: only the step that fits now, not a backlog
        tr = ctx.translator_for(member)
        if ctx.now.astimezone(tr.timezone).hour not in WORKING_HOURS or is_away(ctx, member):
            continue
        messages.append(
            Message(
                tuple(await _step(ctx, member, step)),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=tr._(SUMMARIES[step]),
            )
        )
        # After the last step the sequence waits only for the first post, to cheer it.
        await ctx.uow.enrolments.save_onboarding(enrolment.id, step + 1, False)
    return messages


SUMMARIES = (
    N_("Welcome to the ambassador programme"),
    N_("Park your first idea"),
    N_("Book a drop-in slot"),
    N_("Two weeks in"),
)
