"""Asking for help."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command


@dataclass(frozen=True)
class ShowHelp(Command):
    """Help, optionally on one topic."""

    topic: str | None = None
