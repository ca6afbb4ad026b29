"""Help: what it adds to Chorus. Its topics and lines come from every other capability."""

from __future__ import annotations

from bot.capability import Capability
from bot.commands import Command
from bot.errors import UsageError
from bot.help.commands import ShowHelp
from bot.help.service import HelpBook
from bot.i18n import N_


def help_capability(book: HelpBook) -> Capability:
    """``/chorus help [TOPIC]`` (and ``/help``) over ``book``."""

    def parse_help(_: str, args: str) -> Command:
        topic = args.casefold() or None
        if topic is not None and topic not in book.topics:
            raise UsageError(
                N_("There is no help on {topic}. Try /chorus help, or one of: {topics}."),
                topic=args,
                topics=", ".join(book.names),
            )
        return ShowHelp(topic)

    def parse_help_line(rest: str) -> Command:
        return parse_help("help", rest)

    return Capability(
        "help",
        handlers={ShowHelp: book.handler()},
        words={"help": parse_help_line},
        chorus_words={"": parse_help, "help": parse_help},
        examples={ShowHelp: "/chorus help ideas"},
    )
