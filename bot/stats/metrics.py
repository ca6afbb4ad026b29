"""The metric dictionary: every figure Chorus shows, computed from facts in one place.

Pure functions over :mod:`bot.stats.ports` facts, so each formula is tested against hand-made
fixtures. The README and the dashboard's "How we count" page describe the same formulas.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from statistics import median
from zoneinfo import ZoneInfo

from bot.programme.ports import theme_key
from bot.stats.periods import Period
from bot.stats.ports import (
    Contribution,
    Contributions,
    Headcount,
    IdeaFact,
    IdeaFunnels,
    IdeaSteps,
    PostFact,
    SupportFacts,
)

# A theme or network with fewer distinct members behind it is folded into "other", so
# nobody can be picked out from a breakdown.
MIN_GROUP = 3
OTHER = ""  # the key of the folded row; views name it


def enrolled_during(headcounts: Sequence[Headcount]) -> int:
    """Members enrolled at any time in the period: those enrolled when its first day began,
    plus everyone who joined on one of its days (the headcount-at-start rule)."""
    if not headcounts:
        return 0
    return headcounts[0].at_start + sum(h.joined for h in headcounts)


def share(part: float, whole: float) -> float | None:
    """``part / whole``, or None when there is nothing to divide by."""
    return part / whole if whole else None


def total(contributions: Mapping[Contribution, int]) -> int:
    """All of one member's contributions together."""
    return sum(contributions.values())


def active_members(contributions: Contributions) -> set[int]:
    """Members with at least one contribution."""
    return {member for member, kinds in contributions.items() if any(kinds.values())}


def grew(current: Contributions, previous: Contributions) -> set[int]:
    """Members who contributed more than in their own previous period."""
    return {
        member
        for member, kinds in current.items()
        if sum(kinds.values()) > sum(previous[member].values() if member in previous else ())
    }


@dataclass(frozen=True)
class Funnel:
    """Ideas parked in a period and how far they got (an idea drafted or published counts as
    claimed too), with the median days from parking to the first draft and from the first
    draft to the post."""

    ideas: int
    claimed: int
    drafted: int
    published: int
    days_to_draft: float | None
    days_to_post: float | None

    @property
    def steps(self) -> tuple[tuple[str, int, float | None], ...]:
        """(step, count, conversion from the step before) for each step."""
        return (
            ("ideas", self.ideas, None),
            ("claimed", self.claimed, share(self.claimed, self.ideas)),
            ("drafted", self.drafted, share(self.drafted, self.claimed)),
            ("published", self.published, share(self.published, self.drafted)),
        )


def _days(microseconds: Iterable[int]) -> float | None:
    # As timedelta.total_seconds() / 86400 would give, to the last bit.
    values = [us / 10**6 / 86400 for us in microseconds]
    return median(values) if values else None


def _microseconds(span: timedelta) -> int:
    return (span.days * 86400 + span.seconds) * 10**6 + span.microseconds


def steps(ideas: Iterable[IdeaFact]) -> IdeaSteps:
    """How far these ideas got: what the database adds up for :meth:`StatsRepository.funnels`."""
    facts = list(ideas)
    drafted = [i for i in facts if i.drafted_at is not None]
    published = [i for i in facts if i.published_at is not None]
    claimed = [i for i in facts if i.claimed or i.drafted_at or i.published_at]
    return IdeaSteps(
        ideas=len(facts),
        claimed=len(claimed),
        drafted=len(drafted),
        published=len(published),
        to_draft=tuple(_microseconds(i.drafted_at - i.created_at) for i in drafted if i.drafted_at),
        to_post=tuple(
            _microseconds(i.published_at - i.drafted_at)
            for i in published
            if i.published_at and i.drafted_at
        ),
    )


def funnel_of(counted: IdeaSteps) -> Funnel:
    """The funnel of ideas counted per step."""
    return Funnel(
        ideas=counted.ideas,
        claimed=counted.claimed,
        drafted=counted.drafted,
        published=counted.published,
        days_to_draft=_days(counted.to_draft),
        days_to_post=_days(counted.to_post),
    )


def funnel(ideas: Iterable[IdeaFact]) -> Funnel:
    """The idea → claimed → drafted → published funnel of these ideas."""
    return funnel_of(steps(ideas))


def theme_groups(
    ideas: Iterable[IdeaFact], min_authors: int = MIN_GROUP
) -> dict[str, list[IdeaFact]]:
    """The ideas of each theme (an idea with two themes is in both; one without in
    ``OTHER``); themes with fewer than ``min_authors`` authors are folded into ``OTHER``."""
    facts = list(ideas)
    authors: dict[str, set[int]] = {}
    for idea in facts:
        for theme in idea.themes or (OTHER,):
            authors.setdefault(theme, set()).add(idea.author_id)
    shown = {theme for theme, who in authors.items() if len(who) >= min_authors and theme}
    groups: dict[str, list[IdeaFact]] = {}
    for idea in facts:
        keys = {theme if theme in shown else OTHER for theme in idea.themes or (OTHER,)}
        for key in keys:
            groups.setdefault(key, []).append(idea)
    return groups


def idea_funnels(
    ideas: Iterable[IdeaFact], min_authors: int = MIN_GROUP, theme: str | None = None
) -> IdeaFunnels:
    """What :meth:`StatsRepository.funnels` adds up, from the ideas one by one (only those
    tagged with the theme of key ``theme``, when given)."""
    facts = list(ideas)
    if theme is not None:
        facts = [i for i in facts if theme in {theme_key(t) for t in i.themes}]
    groups = theme_groups(facts, min_authors)
    return IdeaFunnels(steps(facts), {name: steps(group) for name, group in groups.items()})


def funnels_of(groups: Mapping[str, IdeaSteps]) -> dict[str, Funnel]:
    """The funnel per theme group, the biggest first and ``OTHER`` last."""
    ordered = sorted(groups, key=lambda t: (t == OTHER, -groups[t].ideas, t))
    return {theme: funnel_of(groups[theme]) for theme in ordered}


def funnel_by_theme(ideas: Iterable[IdeaFact]) -> dict[str, Funnel]:
    """The funnel per theme (an idea with two themes counts in both; one without in
    ``OTHER``); themes with fewer than :data:`MIN_GROUP` authors are folded into ``OTHER``."""
    return funnels_of({theme: steps(group) for theme, group in theme_groups(ideas).items()})


@dataclass(frozen=True)
class NetworkRow:
    """Posts announced on one network and the answers they got."""

    network: str
    posts: int
    answers: int

    @property
    def answers_per_post(self) -> float | None:
        """Answers per post on this network."""
        return share(self.answers, self.posts)


def by_network(posts: Iterable[PostFact]) -> list[NetworkRow]:
    """Posts and answers per network, most posts first; networks with fewer than
    :data:`MIN_GROUP` authors are folded into ``OTHER``."""
    facts = list(posts)
    authors: dict[str, set[int]] = {}
    for post in facts:
        authors.setdefault(post.network, set()).add(post.author_id)
    counts: Counter[str] = Counter()
    answers: Counter[str] = Counter()
    for post in facts:
        key = post.network if len(authors[post.network]) >= MIN_GROUP else OTHER
        counts[key] += 1
        answers[key] += post.answers
    rows = [NetworkRow(key, counts[key], answers[key]) for key in counts]
    return sorted(rows, key=lambda r: (r.network == OTHER, -r.posts, r.network))


@dataclass(frozen=True)
class TimeCell:
    """Posts announced in one weekday × hour of the programme's time zone."""

    weekday: int  # Monday is 0
    hour: int
    posts: int
    answers: int


def best_times(posts: Iterable[PostFact], timezone: ZoneInfo) -> list[TimeCell]:
    """Posts and their answers by weekday × hour, for the cells that have posts."""
    counts: Counter[tuple[int, int]] = Counter()
    answers: Counter[tuple[int, int]] = Counter()
    for post in posts:
        local = post.created_at.astimezone(timezone)
        cell = (local.weekday(), local.hour)
        counts[cell] += 1
        answers[cell] += post.answers
    return [
        TimeCell(day, hour, counts[(day, hour)], answers[(day, hour)])
        for day, hour in sorted(counts)
    ]


@dataclass(frozen=True)
class Support:
    """How quickly drafts get feedback, and how the feedback slots and cafés are used."""

    feedback_hours: float | None  # median hours from asking to the first feedback
    answered: int
    waiting: int
    slots_offered: int
    slots_booked: int
    cafe_seats: int
    cafe_seats_taken: int


def support(facts: SupportFacts) -> Support:
    """The support figures of a period."""
    waits = [w.total_seconds() / 3600 for w in facts.feedback_waits]
    return Support(
        feedback_hours=median(waits) if waits else None,
        answered=len(waits),
        waiting=facts.waiting_for_feedback,
        slots_offered=facts.slots_offered,
        slots_booked=facts.slots_booked,
        cafe_seats=facts.cafe_seats,
        cafe_seats_taken=facts.cafe_seats_taken,
    )


@dataclass(frozen=True)
class Figures:
    """Every figure of one period (see the README's metric dictionary)."""

    period: Period
    enrolled: int  # at any time in the period
    enrolled_at_end: int
    active: int
    grew: int
    first_posts: int
    posts: int
    answers: int
    cheers: int
    contributions: Contributions
    funnel: Funnel
    themes: dict[str, Funnel]
    support: Support
    # The period's posts, for the breakdowns below: only the pages that show one pay for it.
    post_facts: Sequence[PostFact] = field(default=(), repr=False, compare=False)
    timezone: ZoneInfo = field(default=ZoneInfo("UTC"), repr=False, compare=False)

    @cached_property
    def networks(self) -> list[NetworkRow]:
        """Posts and answers per network (see :func:`by_network`)."""
        return by_network(self.post_facts)

    @cached_property
    def best_times(self) -> list[TimeCell]:
        """Posts and answers by weekday × hour in the programme's time zone."""
        return best_times(self.post_facts, self.timezone)

    @property
    def participation(self) -> float | None:
        """Active ÷ enrolled at any time in the period."""
        return share(self.active, self.enrolled)

    @property
    def activation(self) -> float | None:
        """Share of the enrolled whose contributions exceeded their own previous period."""
        return share(self.grew, self.enrolled)

    @property
    def answers_per_post(self) -> float | None:
        """Likes, comments and shares answered per post announced in the period."""
        return share(self.answers, self.posts)

    @property
    def cheers_per_member(self) -> float | None:
        """Cheers given per member enrolled in the period."""
        return share(self.cheers, self.enrolled)


@dataclass(frozen=True)
class PeriodFacts:
    """Everything the figures of one period are computed from."""

    period: Period
    headcounts: Sequence[Headcount]
    contributions: Contributions
    previous_contributions: Contributions
    first_posters: set[int]
    posts: Sequence[PostFact]
    ideas: Sequence[IdeaFact]
    support: SupportFacts
    # The funnels as the database counted them; without them, counted from ``ideas``.
    funnels: IdeaFunnels | None = None
    # (posts, answers) as the database counted them, when nothing is broken down by post
    # (``posts`` is then empty); without them, counted from ``posts``.
    post_totals: tuple[int, int] | None = None


def figures(facts: PeriodFacts, timezone: ZoneInfo) -> Figures:
    """Compute every figure of a period from its facts."""
    cheers = sum(kinds.get(Contribution.CHEER, 0) for kinds in facts.contributions.values())
    return Figures(
        period=facts.period,
        enrolled=enrolled_during(facts.headcounts),
        enrolled_at_end=facts.headcounts[-1].enrolled if facts.headcounts else 0,
        active=len(active_members(facts.contributions)),
        grew=len(grew(facts.contributions, facts.previous_contributions)),
        first_posts=len(facts.first_posters),
        posts=facts.post_totals[0] if facts.post_totals else len(facts.posts),
        answers=facts.post_totals[1] if facts.post_totals else sum(p.answers for p in facts.posts),
        cheers=cheers,
        contributions=facts.contributions,
        funnel=funnel_of(facts.funnels.every) if facts.funnels else funnel(facts.ideas),
        themes=funnels_of(facts.funnels.themes) if facts.funnels else funnel_by_theme(facts.ideas),
        support=support(facts.support),
        post_facts=facts.posts,
        timezone=timezone,
    )


def change(current: float | None, previous: float | None) -> float | None:
    """The difference to the previous period (None when either is unknown)."""
    if current is None or previous is None:
        return None
    return current - previous
