"""A small chat harness over a Core: say things as members, read the answers."""

from __future__ import annotations

from collections.abc import Mapping

from bot.commands import Actor
from bot.core import Core, Outcome
from bot.messages import Actions, Audience, Message
from bot.model import Platform


class Chat:
    """Members talking to one workspace; a user's id is their name, lowercased."""

    def __init__(
        self,
        core: Core,
        *,
        platform: Platform = Platform.SLACK,
        workspace: str = "T1",
        channel: str = "C1",
    ) -> None:
        self.core = core
        self.platform = platform
        self.workspace = workspace
        self.channel = channel

    def actor(self, user: str) -> Actor:
        return Actor(
            self.platform,
            self.workspace,
            user.casefold(),
            user.capitalize(),
            channel_id=self.channel,
        )

    async def say(self, user: str, line: str) -> Outcome:
        return await self.core.handle_text(self.actor(user), line)

    async def form(self, user: str, command: str, values: Mapping[str, str]) -> Outcome:
        return await self.core.handle_form(self.actor(user), command, values)


def answer(outcome: Outcome) -> str:
    """The private answer's text."""
    message = outcome.reply.answer
    assert message is not None, f"no private answer in {outcome.reply}"
    return message.text


def channel_posts(outcome: Outcome) -> tuple[Message, ...]:
    return outcome.reply.for_audience(Audience.CHANNEL)


def notes(outcome: Outcome) -> tuple[Message, ...]:
    return outcome.reply.for_audience(Audience.MEMBER)


def button_commands(message: Message) -> list[str]:
    return [
        b.command for block in message.blocks if isinstance(block, Actions) for b in block.buttons
    ]
