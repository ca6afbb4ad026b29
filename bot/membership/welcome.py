"""Day 0 of a newcomer's onboarding: what the programme is about and how to start."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import Translator
from bot.messages import Actions, Block, Button, ButtonStyle, Section


async def welcome_blocks(ctx: Context, tr: Translator) -> list[Block]:
    """The welcome a newcomer reads when they get their seat: guidelines, themes, and how
    to park an idea."""
    themes = await ctx.uow.themes.list(ctx.workspace.id)
    blocks: list[Block] = [
        Section(
            tr._t(
                "Welcome to the ambassador programme! You share what you know, in your own words, and we help: ideas, feedback, cheers."
            )
        )
    ]
    if themes:
        blocks.append(
            Section(
                tr._t(
                    "The themes we want to be known for: {themes}.",
                    themes=", ".join(f"#{t.name}" for t in themes),
                )
            )
        )
    blocks.append(
        Section(
            tr._t(
                "Start small: park an idea with /idea TEXT #theme. Read the guidelines with /chorus help guidelines before your first post."
            )
        )
    )
    blocks.append(
        Actions(
            (
                Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY),
                Button(tr._("Guidelines"), "chorus help guidelines"),
            )
        )
    )
    return blocks
