"""Every capability of Chorus, merged: one table of handlers, one grammar, one help book and
one list of jobs. A new capability is added to ``CAPABILITIES`` once; everything else it
brings lives in its own folder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TypeVar

from bot.award.capability import AWARD
from bot.bookings.capability import BOOKINGS
from bot.capability import Capability, Handler
from bot.cheers.capability import CHEERS
from bot.commands import Command
from bot.config import DEFAULT_SCHEDULES, Programme
from bot.drafts.capability import DRAFTS
from bot.grammar import Grammar
from bot.guidelines.capability import GUIDELINES
from bot.help.capability import help_capability
from bot.help.service import HelpBook
from bot.home.capability import HOME
from bot.ideas.capability import IDEAS
from bot.jobs import runner
from bot.jobs.runner import FireResult, Job
from bot.library.capability import LIBRARY
from bot.membership.capability import MEMBERSHIP
from bot.mentors.capability import MENTORS
from bot.ports import UnitOfWorkFactory
from bot.posts.capability import POSTS
from bot.privacy.capability import PRIVACY
from bot.programme.capability import PROGRAMME
from bot.report.capability import REPORT
from bot.rhythm.capability import RHYTHM
from bot.segments.capability import SEGMENTS
from bot.stats.capability import STATS
from bot.surveys.capability import SURVEYS

_K = TypeVar("_K")
_V = TypeVar("_V")


def _merge(what: str, tables: Iterable[Mapping[_K, _V]]) -> dict[_K, _V]:
    merged: dict[_K, _V] = {}
    for table in tables:
        for key, value in table.items():
            if key in merged:
                raise ValueError(f"two capabilities claim the {what} {key!r}")
            merged[key] = value
    return merged


_SHOWN = (
    IDEAS,
    PROGRAMME,
    DRAFTS,
    POSTS,
    LIBRARY,
    CHEERS,
    AWARD,
    SURVEYS,
    REPORT,
    BOOKINGS,
    RHYTHM,
    STATS,
    GUIDELINES,
    SEGMENTS,
    MEMBERSHIP,
    MENTORS,
    HOME,
    PRIVACY,
)
HELP_BOOK = HelpBook(
    [topic for c in _SHOWN for topic in c.topics], [line for c in _SHOWN for line in c.help]
)
CAPABILITIES: tuple[Capability, ...] = (*_SHOWN, help_capability(HELP_BOOK))

HANDLERS: dict[type[Command], Handler] = _merge("command", (c.handlers for c in CAPABILITIES))
GRAMMAR = Grammar(
    _merge("word", (c.words for c in CAPABILITIES)),
    _merge("/chorus word", (c.chorus_words for c in CAPABILITIES)),
    [form for c in CAPABILITIES for form in c.forms],
)
parse = GRAMMAR.parse
parse_form = GRAMMAR.parse_form

_jobs = _merge("job", ({job.name: job for job in c.jobs} for c in CAPABILITIES))
# In the order of the programme's defaults, so lists read the same everywhere.
JOBS: dict[str, Job] = {
    name: _jobs[name] for name in sorted(_jobs, key=list(DEFAULT_SCHEDULES).index)
}
JOB_NAMES = tuple(JOBS)
JOB_DESCRIPTIONS: dict[str, str] = {name: job.description for name, job in JOBS.items()}


async def run_fire(
    uow_factory: UnitOfWorkFactory,
    programme: Programme,
    job: str,
    workspace_id: int,
    fire_time: datetime,
) -> FireResult:
    """Run one fire of the job called ``job`` for one workspace, exactly once."""
    return await runner.run_fire(uow_factory, programme, JOBS[job], workspace_id, fire_time)
