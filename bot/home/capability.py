"""The App Home: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import Capability
from bot.home.commands import ShowHome
from bot.home.service import show_home

HOME = Capability("home", handlers={ShowHome: show_home}, events=(ShowHome,))
