"""The words of `/chorus privacy [export]` and `/chorus member erase @x`."""

from __future__ import annotations

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import WordParser, parse_member
from bot.i18n import N_
from bot.privacy.commands import EraseMember, ExportMyData, ShowPrivacy


def _parse_privacy(_: str, args: str) -> Command:
    word = args.casefold()
    if not word:
        return ShowPrivacy()
    if word == "export":
        return ExportMyData()
    raise UsageError(N_("Use /chorus privacy to see what I keep, or /chorus privacy export."))


def _parse_member(_: str, args: str) -> Command:
    action, _, rest = args.partition(" ")
    if action.casefold() != "erase" or not rest.strip():
        raise UsageError(N_("Use /chorus member erase @name (coordinators)."))
    target, _, flag = rest.strip().rpartition(" ")
    confirmed = flag.casefold() == "confirm" and bool(target)
    ref = parse_member(target if confirmed else rest, example="/chorus member erase @bente")
    return EraseMember(ref, confirmed)


CHORUS_WORDS: dict[str, WordParser] = {
    "privacy": _parse_privacy,
    "member": _parse_member,
}
