"""The words of `/chorus schedule|tip|away|nudges|deliveries`."""

from __future__ import annotations

from datetime import date

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import NUMBER, WordParser
from bot.i18n import N_
from bot.rhythm.commands import (
    AddTip,
    ListSchedules,
    ListTips,
    ListUndelivered,
    PauseJob,
    RemoveTip,
    SetAway,
    SetNudges,
    SetSchedule,
    SkipNextFire,
)
from bot.time.schedule import friendly_cron

RHYTHM_WORDS = ("schedule", "schedules", "tip", "tips", "away", "nudges", "deliveries")


def _parse_rhythm(sub: str, args: str) -> Command:
    """``/chorus schedule|tip|away|nudges|deliveries …``."""
    word, _, rest = args.partition(" ")
    action = word.casefold()
    rest = rest.strip()
    if sub in ("schedule", "schedules"):
        if action in ("", "list") and not rest:
            return ListSchedules()
        job, _, when = rest.partition(" ")
        job = job.casefold()
        if action in ("pause", "resume", "skip", "set") and not job:
            raise UsageError(
                N_("Name the job, for example: /chorus schedule {action} weekly-prompt"),
                action=action,
            )
        if action in ("pause", "resume") and not when:
            return PauseJob(job, paused=action == "pause")
        if action == "skip" and not when:
            return SkipNextFire(job)
        if action == "set" and when:
            days, _, time = when.strip().rpartition(" ")
            return SetSchedule(job, friendly_cron(days, time))
        raise UsageError(
            N_(
                "Use /chorus schedule, /chorus schedule set NAME DAYS HH:MM, /chorus schedule pause NAME, resume NAME or skip NAME."
            )
        )
    if sub in ("tip", "tips"):
        if action in ("", "list") and not rest:
            return ListTips()
        if action == "add" and rest:
            return AddTip(rest)
        if action == "remove" and NUMBER.match(rest):
            return RemoveTip(int(rest.lstrip("#")))
        raise UsageError(N_("Use /chorus tip add TEXT, /chorus tip list or /chorus tip remove N."))
    if sub == "away":
        if action in ("off", "back") and not rest:
            return SetAway(None)
        if action == "until":
            try:
                return SetAway(date.fromisoformat(rest))
            except ValueError:
                pass
        # The answer's example date is computed from today, so the service gives it.
        return SetAway(None, unreadable=args)
    if sub == "nudges" and action in ("on", "off") and not rest:
        return SetNudges(on=action == "on")
    if sub == "deliveries" and not args:
        return ListUndelivered()
    raise UsageError(N_("Use /chorus nudges on or /chorus nudges off."))


CHORUS_WORDS: dict[str, WordParser] = dict.fromkeys(RHYTHM_WORDS, _parse_rhythm)
