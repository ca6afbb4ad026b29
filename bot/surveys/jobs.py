"""The survey reminder: one reminder to each member who has not answered, two days in; and
the survey closes on its day, with a note to the coordinators."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.messages import Actions, Audience, Button, ButtonStyle, Message, Section
from bot.model import Role
from bot.surveys.service import template_of

# Members get a couple of days to answer before the one reminder.
REMIND_AFTER = timedelta(days=2)


async def survey_reminder(ctx: Context) -> list[Message]:
    """Close a survey that is due, or remind those who have not answered it yet."""
    survey = await ctx.uow.surveys.current(ctx.workspace.id)
    if survey is None:
        return []
    template = template_of(ctx, survey)
    if ctx.now >= survey.closes_at:
        await ctx.uow.surveys.close(survey.id, ctx.now)
        notes = []
        for coordinator in await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR):
            tr = ctx.translator_for(coordinator)
            notes.append(
                Message(
                    (
                        Section(
                            tr._t(
                                "Survey #{number} ({title}) has closed. Its results: /chorus survey results {number}",
                                number=survey.number,
                                title=template.title_in(tr),
                            )
                        ),
                    ),
                    Audience.MEMBER,
                    recipient_id=coordinator.external_id,
                    summary=tr._("A survey has closed"),
                )
            )
        return notes
    if ctx.now - survey.created_at < REMIND_AFTER:
        return []
    reminders = []
    for member_id in await ctx.uow.surveys.to_remind(survey.id):
        member = await ctx.uow.members.get(member_id)
        if member is None or member.left_at is not None:
            continue
        tr = ctx.translator_for(member)
        reminders.append(
            Message(
                (
                    Section(
                        tr._t(
                            "A gentle reminder: survey #{number} ({title}) takes answers until {day}. It is anonymous and takes two minutes.",
                            number=survey.number,
                            title=template.title_in(tr),
                            day=tr.date(survey.closes_at.astimezone(tr.timezone).date()),
                        )
                    ),
                    Actions(
                        (
                            Button(
                                tr._("Answer"),
                                f"/chorus survey answer {survey.number}",
                                ButtonStyle.PRIMARY,
                            ),
                        )
                    ),
                ),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=tr._("A survey waits for you"),
            )
        )
    return reminders
