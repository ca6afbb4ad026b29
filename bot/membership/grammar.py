"""The words of `/chorus join|leave|waitlist`."""

from __future__ import annotations

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import WordParser, number_of, parse_member
from bot.i18n import N_
from bot.membership.commands import (
    AcceptSeat,
    Admit,
    DeclineSeat,
    Join,
    Leave,
    MoveOnWaitlist,
    ShowWaitlist,
)

_WAITLIST_USAGE = N_(
    "Use /chorus waitlist, /chorus waitlist move @name N or /chorus waitlist admit @name."
)


def _parse_join(_: str, args: str) -> Command:
    word = args.casefold()
    if not word:
        return Join()
    if word == "accept":
        return AcceptSeat()
    if word == "decline":
        return DeclineSeat()
    raise UsageError(N_("Type /chorus join to join the programme."))


def _parse_leave(_: str, args: str) -> Command:
    if args:
        raise UsageError(N_("Type /chorus leave to leave the programme or its waiting list."))
    return Leave()


def _parse_waitlist(_: str, args: str) -> Command:
    parts = args.split()
    if not parts:
        return ShowWaitlist()
    action = parts[0].casefold()
    if action == "move" and len(parts) == 3:
        member = parse_member(parts[1], example="/chorus waitlist move @bente 1")
        position = number_of(
            parts[2],
            N_("Give the new place as a number, for example: /chorus waitlist move @bente 1"),
        )
        if position < 1:
            raise UsageError(N_("Places on the waiting list start at 1."))
        return MoveOnWaitlist(member, position)
    if action == "admit" and len(parts) in (2, 3):
        member = parse_member(parts[1], example="/chorus waitlist admit @bente")
        if len(parts) == 3 and parts[2].casefold() != "confirm":
            raise UsageError(_WAITLIST_USAGE)
        return Admit(member, confirmed=len(parts) == 3)
    raise UsageError(_WAITLIST_USAGE)


CHORUS_WORDS: dict[str, WordParser] = {
    "join": _parse_join,
    "leave": _parse_leave,
    "waitlist": _parse_waitlist,
}
