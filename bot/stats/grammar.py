"""The words of `/chorus stats`, `/chorus me` and `/chorus dashboard`."""

from __future__ import annotations

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import TAG, WordParser, unescape_channels
from bot.i18n import N_
from bot.stats.commands import OpenDashboard, ShowMyFigures, ShowStats
from bot.stats.periods import PeriodSpec

STATS_USAGE = N_(
    "Use /chorus stats [week|month|quarter|2026-Q4|2026-10-01..2026-10-31] [#theme], for example: /chorus stats month #engineering"
)


def _parse_stats(_: str, args: str) -> Command:
    """``/chorus stats [PERIOD] [#theme]``, in either order."""
    period: str | None = None
    theme: str | None = None
    for word in unescape_channels(args).split():
        tag = TAG.fullmatch(word)
        if tag and theme is None:
            theme = tag.group(1)
        elif not tag and period is None:
            period = word
        else:
            raise UsageError(STATS_USAGE)
    return ShowStats(PeriodSpec(period or "week"), theme)


def _parse_me(_: str, args: str) -> Command:
    """``/chorus me [PERIOD]``."""
    if " " in args.strip():
        raise UsageError(N_("Use /chorus me, or add a period: /chorus me month"))
    return ShowMyFigures(PeriodSpec(args.strip() or "month"))


def _parse_dashboard(_: str, args: str) -> Command:
    if args:
        raise UsageError(N_("Just type /chorus dashboard: I send you a sign-in link."))
    return OpenDashboard()


CHORUS_WORDS: dict[str, WordParser] = {
    "stats": _parse_stats,
    "me": _parse_me,
    "dashboard": _parse_dashboard,
}
