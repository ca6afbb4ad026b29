"""Help texts: what a member can type, in their language, assembled from the help lines and
topics every capability declares."""

from __future__ import annotations

from collections.abc import Sequence

from bot.capability import Handler, HelpLine, HelpTopic
from bot.context import Context
from bot.help.commands import ShowHelp
from bot.i18n import Translator
from bot.messages import Actions, Block, Button, ButtonStyle, Header, Note, Reply, Section, Text


def _lines(tr: Translator, lines: Sequence[HelpLine]) -> Section:
    text = Text(())
    for index, line in enumerate(lines):
        if index:
            text += Text.plain("\n")
        text += tr._t("{command} — {meaning}", command=line.usage, meaning=tr._(line.meaning))
    return Section(text)


class HelpBook:
    """Every capability's topics and help lines, rendered for one member."""

    def __init__(self, topics: Sequence[HelpTopic], lines: Sequence[HelpLine]) -> None:
        self.topics = {topic.name: topic for topic in topics}
        self.lines = tuple(lines)

    @property
    def names(self) -> tuple[str, ...]:
        """The topics ``/chorus help TOPIC`` knows."""
        return tuple(self.topics)

    def _topic_lines(self, name: str) -> list[HelpLine]:
        return [line for line in self.lines if name in line.topics]

    async def topic(self, ctx: Context, name: str, *, overview: bool = False) -> list[Block]:
        """One topic: its title, introduction, lines and note."""
        topic = self.topics[name]
        tr = ctx.tr
        if topic.render is not None:
            return list(await topic.render(ctx))
        blocks: list[Block] = [Header(tr._(topic.title))]
        if topic.intro and not overview:
            blocks.append(Section(tr._t(topic.intro)))
        lines = self._topic_lines(name)
        if lines:
            blocks.append(_lines(tr, lines))
        if topic.note:
            blocks.append(Note(tr._t(topic.note)))
        return blocks

    async def overview(self, ctx: Context) -> list[Block]:
        """General help: every topic that belongs in the overview, in order."""
        tr = ctx.tr
        blocks: list[Block] = [
            Header(tr._("Chorus — your ambassador programme's home")),
            Section(
                tr._t(
                    "Park post ideas, pick one to write, and cheer each other on. Everything you type here is private unless it is meant for the channel."
                )
            ),
        ]
        shown = sorted(
            (t for t in self.topics.values() if t.overview is not None),
            key=lambda t: t.overview or 0,
        )
        for topic in shown:
            if topic.coordinators_only and not ctx.member.is_coordinator:
                blocks.append(Note(tr._t("Coordinators: /chorus help coordinators")))
                continue
            blocks.extend(await self.topic(ctx, topic.name, overview=True))
        blocks.append(
            Actions(
                (
                    Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY),
                    Button(tr._("Open ideas"), "idea list open"),
                )
            )
        )
        return blocks

    def handler(self) -> Handler:
        """The handler of :class:`ShowHelp`."""

        async def show_help(ctx: Context, cmd: ShowHelp) -> Reply:
            """General help, or one topic."""
            if cmd.topic in self.topics:
                return Reply.private(*await self.topic(ctx, cmd.topic))
            return Reply.private(*await self.overview(ctx))

        return show_help
