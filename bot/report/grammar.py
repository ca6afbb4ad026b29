"""The words of ``/chorus report``."""

from __future__ import annotations

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import WordParser
from bot.report.build import QUARTER_USAGE
from bot.report.commands import SendReport


def _parse_report(_: str, args: str) -> Command:
    """``/chorus report [YYYY-Qn]``."""
    if " " in args.strip():
        raise UsageError(QUARTER_USAGE)
    return SendReport(args.strip().upper())


CHORUS_WORDS: dict[str, WordParser] = {"report": _parse_report}
