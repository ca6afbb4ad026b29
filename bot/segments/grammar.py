"""The words of `/chorus segment …` and `/chorus networks …`."""

from __future__ import annotations

import re

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import WordParser, parse_member
from bot.i18n import N_
from bot.segments.commands import AddSegment, ListSegments, RemoveSegment, SetNetworks, SetSegment

_SEGMENT_USAGE = N_(
    "Use /chorus segment list, /chorus segment add NAME, /chorus segment remove NAME or /chorus segment set @name NAME."
)


def _parse_segment(_: str, args: str) -> Command:
    word, _, rest = args.partition(" ")
    action, rest = word.casefold(), rest.strip()
    if action in ("", "list") and not rest:
        return ListSegments()
    if action in ("add", "remove") and rest:
        return AddSegment(rest) if action == "add" else RemoveSegment(rest)
    if action == "set" and rest:
        who, _, name = rest.partition(" ")
        member = parse_member(who, example="/chorus segment set @bente networker")
        if not name.strip():
            raise UsageError(
                N_("Name the segment too, for example: /chorus segment set @bente networker")
            )
        return SetSegment(member, name.strip())
    raise UsageError(_SEGMENT_USAGE)


def _parse_networks(_: str, args: str) -> Command:
    names = tuple(n for n in re.split(r"[\s,]+", args.casefold()) if n)
    if names == ("none",):
        return SetNetworks(clear=True)
    return SetNetworks(names)


CHORUS_WORDS: dict[str, WordParser] = {
    "segment": _parse_segment,
    "segments": _parse_segment,
    "networks": _parse_networks,
    "network": _parse_networks,
}
