"""The App Home."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command


@dataclass(frozen=True)
class ShowHome(Command):
    """My own page: my ideas and the cheers I received."""
