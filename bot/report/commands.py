"""Asking for the quarterly evaluation report."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command


@dataclass(frozen=True)
class SendReport(Command):
    """``/chorus report [YYYY-Qn]``: the quarter's report as a PDF, privately."""

    quarter: str = ""
