"""A short private welcome for new members of the ambassador channel."""

from __future__ import annotations

from bot.context import Context
from bot.messages import Actions, Button, ButtonStyle, Reply, Section
from bot.programme.commands import WelcomeMember


async def welcome_member(ctx: Context, cmd: WelcomeMember) -> Reply:
    """Greet a newcomer to the ambassador channel privately; other channels are not ours."""
    if not ctx.workspace.channel_id or cmd.channel_id != ctx.workspace.channel_id:
        return Reply()
    tr = ctx.tr
    buttons = [
        Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY),
        Button(tr._("Help"), "chorus help"),
    ]
    if await ctx.uow.enrolments.current(ctx.member.id) is None:
        # Joining is the newcomer's own choice: the button, never an announcement.
        buttons.insert(0, Button(tr._("Join the programme"), "chorus join", ButtonStyle.PRIMARY))
        buttons[1] = Button(tr._("Park an idea"), "idea form")
    return Reply.private(
        Section(
            tr._t(
                "Welcome to the ambassador channel, {member}! Here we park post ideas, write together and cheer each other on. Type /chorus help to see what you can do.",
                member=await ctx.mention(ctx.member.id),
            )
        ),
        Actions(tuple(buttons)),
    )
