"""The words of ``/chorus nominate`` and ``/chorus award``."""

from __future__ import annotations

import re

from bot.award.commands import (
    AddRunnerUp,
    AnswerAward,
    Nominate,
    PickWinner,
    RemoveRunnerUp,
    ShowAwardHistory,
    ShowCandidates,
)
from bot.commands import Command, MemberRef
from bot.errors import UsageError
from bot.grammar import WordParser, parse_member
from bot.i18n import N_

NOMINATE_EXAMPLE = (
    "/chorus nominate @bente her posts on our backup tests taught customers something new"
)
PICK_EXAMPLE = "/chorus award pick @bente for posts that explained our work in her own voice"
RUNNER_UP_EXAMPLE = "/chorus award runner-up @dan for the series on our support desk"
AWARD_USAGE = N_(
    "Use /chorus award to see the candidates (/chorus award clicks adds like and comment counts), /chorus award runner-up @name [NOTE] to mention a runner-up, /chorus award pick @name CITATION to choose, or /chorus award history."
)
_QUARTER = re.compile(r"^\d{4}-[Qq][1-4]$")


def _member_and_text(rest: str, example: str, usage: str) -> tuple[MemberRef, str]:
    """``<@U1|name> TEXT`` (or ``@name TEXT`` in the console)."""
    rest = rest.strip()
    if rest.startswith("<@") and ">" in rest:
        end = rest.index(">") + 1
        who, text = rest[:end], rest[end:]
    else:
        who, _, text = rest.partition(" ")
    if not who:
        raise UsageError(usage, example=example)
    return parse_member(who, example=example), text.strip()


def _parse_nominate(_: str, args: str) -> Command:
    """``/chorus nominate @x REASON``."""
    member, reason = _member_and_text(
        args,
        NOMINATE_EXAMPLE,
        N_("Name a colleague and say why, for example: {example}"),
    )
    return Nominate(member, reason)


def _parse_award(_: str, args: str) -> Command:
    """``/chorus award [clicks|history|pick @x CITATION|runner-up [remove] @x [NOTE]|
    announce|private [QUARTER]]``."""
    word, _sep, rest = args.partition(" ")
    word = word.casefold()
    if word == "" and not rest:
        return ShowCandidates()
    if word == "clicks" and not rest.strip():
        return ShowCandidates(clicks=True)
    if word == "history" and not rest.strip():
        return ShowAwardHistory()
    if word == "pick":
        member, citation = _member_and_text(
            rest, PICK_EXAMPLE, N_("Name the winner and say why, for example: {example}")
        )
        return PickWinner(member, citation)
    if word in ("runner-up", "runnerup"):
        action, _sep, after = rest.strip().partition(" ")
        if action.casefold() == "remove":
            member, extra = _member_and_text(
                after, RUNNER_UP_EXAMPLE, N_("Name the runner-up, for example: {example}")
            )
            if not extra:
                return RemoveRunnerUp(member)
            raise UsageError(AWARD_USAGE)
        member, note = _member_and_text(
            rest, RUNNER_UP_EXAMPLE, N_("Name the runner-up, for example: {example}")
        )
        return AddRunnerUp(member, note)
    if word in ("announce", "private"):
        quarter = rest.strip()
        if not quarter:
            return AnswerAward(announce=word == "announce")
        if _QUARTER.match(quarter):
            return AnswerAward(announce=word == "announce", quarter=quarter.upper())
    raise UsageError(AWARD_USAGE)


CHORUS_WORDS: dict[str, WordParser] = {"nominate": _parse_nominate, "award": _parse_award}
