"""The words of `/chorus mentor …`."""

from __future__ import annotations

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import WordParser, number_of, parse_member
from bot.i18n import N_
from bot.mentors.commands import (
    DEFAULT_MENTOR_CAPACITY,
    AddMentor,
    AskAnotherMentor,
    EndPairing,
    ListMentors,
    RecordMeeting,
    RemoveMentor,
    SwapMentor,
)

_USAGE = N_(
    "Use /chorus mentor add @name [N], /chorus mentor list, /chorus mentor swap @newcomer @mentor or /chorus mentor end @newcomer."
)
_CAPACITY = N_(
    "A mentor's capacity is a whole number of newcomers, 1 or more, for example: /chorus mentor add @bente 2"
)


def _parse_mentor(_: str, args: str) -> Command:
    parts = args.split()
    action = parts[0].casefold() if parts else ""
    if action in ("", "list") and len(parts) <= 1:
        return ListMentors()
    if action == "add" and len(parts) in (2, 3):
        member = parse_member(parts[1], example="/chorus mentor add @bente 2")
        capacity = number_of(parts[2], _CAPACITY) if len(parts) == 3 else DEFAULT_MENTOR_CAPACITY
        if capacity < 1 or capacity > 50:
            raise UsageError(_CAPACITY)
        return AddMentor(member, capacity)
    if action == "remove" and len(parts) == 2:
        return RemoveMentor(parse_member(parts[1], example="/chorus mentor remove @bente"))
    if action == "swap" and len(parts) == 3:
        example = "/chorus mentor swap @newcomer @mentor"
        return SwapMentor(
            parse_member(parts[1], example=example), parse_member(parts[2], example=example)
        )
    if action == "end" and len(parts) == 2:
        return EndPairing(parse_member(parts[1], example="/chorus mentor end @newcomer"))
    if action == "another" and len(parts) == 1:
        return AskAnotherMentor()
    if action == "met" and len(parts) == 3 and parts[2].casefold() in ("yes", "no"):
        return RecordMeeting(number_of(parts[1], _USAGE), parts[2].casefold() == "yes")
    raise UsageError(_USAGE)


CHORUS_WORDS: dict[str, WordParser] = {"mentor": _parse_mentor, "mentors": _parse_mentor}
