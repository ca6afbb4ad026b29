"""The words of `/cheer` and `/chorus cheers`."""

from __future__ import annotations

from bot.cheers.commands import GiveCheer, SetCheerVisibility
from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import LineParser, WordParser, parse_member
from bot.i18n import N_

CHEER_USAGE = N_(
    "Name a colleague and say why, for example: /cheer @bente for explaining our backup tests so clearly"
)


def _parse_cheer(rest: str) -> Command:
    """``/cheer <@U1|name> REASON`` (or ``@name REASON`` in the console)."""
    rest = rest.strip()
    if rest.startswith("<@") and ">" in rest:
        end = rest.index(">") + 1
        who, reason = rest[:end], rest[end:]
    else:
        who, _, reason = rest.partition(" ")
    if not who:
        raise UsageError(CHEER_USAGE)
    member = parse_member(who, example="/cheer @bente for explaining our backup tests so clearly")
    return GiveCheer(member, reason.strip())


def _parse_cheers_word(_: str, args: str) -> Command:
    """``/chorus cheers public|private``."""
    choice = args.casefold()
    if choice in ("public", "private"):
        return SetCheerVisibility(public=choice == "public")
    raise UsageError(
        N_(
            "Use /chorus cheers private to keep cheers for you out of the channel, or /chorus cheers public."
        )
    )


WORDS: dict[str, LineParser] = {"cheer": _parse_cheer}
CHORUS_WORDS: dict[str, WordParser] = {"cheers": _parse_cheers_word}
