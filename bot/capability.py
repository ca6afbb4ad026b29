"""What a capability contributes to Chorus: its handlers, its words, its help and its jobs.

Each folder under ``bot/`` declares one :class:`Capability` in its ``capability.py``;
``bot/registry.py`` merges them, and one test checks that the lists agree (every command
has a handler, a way in and a help line; every job has a schedule).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.commands import Command
from bot.context import Context
from bot.grammar import FormParser, LineParser, WordParser
from bot.jobs.runner import Job
from bot.messages import Block, Reply

# The help topic every capability adds its coordinators' lines to.
COORDINATORS = "coordinators"

Handler = Callable[[Context, Any], Awaitable[Reply]]
TopicRenderer = Callable[[Context], Awaitable[Sequence[Block]]]


@dataclass(frozen=True)
class HelpLine:
    """One line of help: what to type, what it does, and an example that parses to
    ``command`` (the registry test parses every example)."""

    usage: str
    meaning: str  # a msgid
    example: str
    command: type[Command]
    topics: tuple[str, ...]


@dataclass(frozen=True)
class HelpTopic:
    """A topic of ``/chorus help TOPIC``: its title, an optional introduction and note, and
    where it stands in the overview (``None``: only on request)."""

    name: str
    title: str  # a msgid
    overview: int | None = None
    intro: str | None = None  # a msgid, shown above the lines when the topic is asked for
    note: str | None = None  # a msgid, small print below the lines
    coordinators_only: bool = False  # in the overview only for coordinators
    render: TopicRenderer | None = None  # a topic whose text lives in the database


@dataclass(frozen=True)
class Capability:
    """Everything one capability adds: see the module docstring."""

    name: str
    handlers: Mapping[type[Command], Handler]
    words: Mapping[str, LineParser] = field(default_factory=dict)  # slash-command words
    chorus_words: Mapping[str, WordParser] = field(default_factory=dict)
    forms: Sequence[FormParser] = ()
    help: Sequence[HelpLine] = ()
    topics: Sequence[HelpTopic] = ()
    # Commands without a help line of their own (a button's, or help itself), each with an
    # example line that parses to it.
    examples: Mapping[type[Command], str] = field(default_factory=dict)
    # Commands only an adapter builds (a reaction, the App Home, a channel join).
    events: Sequence[type[Command]] = ()
    jobs: Sequence[Job] = ()
