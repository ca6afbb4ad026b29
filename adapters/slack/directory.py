"""Slack's people, for the core's :class:`~bot.ports.Directory`: ``users.info``, cached.

``users.info`` is a Tier 4 method (100+ calls a minute per workspace); the cache keeps a
burst of cheers for the same colleague to one call a day, and the Web API client's
rate-limit handler waits out a 429 within the request's budget.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import Person

DAY = 24 * 60 * 60.0
NOT_FOUND = frozenset({"user_not_found", "users_not_found"})


class SlackPeople:
    """The ``users.info`` cache shared by every request of one process."""

    def __init__(
        self,
        *,
        ttl: float = DAY,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._cache: OrderedDict[tuple[str, str], tuple[float, Person | None]] = OrderedDict()

    def directory(self, client: AsyncWebClient, team_id: str) -> SlackDirectory:
        """The directory of one workspace, asked through that request's client."""
        return SlackDirectory(self, client, team_id)

    def cached(self, key: tuple[str, str]) -> tuple[bool, Person | None]:
        """(found, person) from the cache; entries older than a day are gone."""
        entry = self._cache.get(key)
        if entry is None or self._clock() - entry[0] >= self._ttl:
            self._cache.pop(key, None)
            return False, None
        return True, entry[1]

    def remember(self, key: tuple[str, str], person: Person | None) -> None:
        """Keep an answer (also "no such person") for a day."""
        self._cache[key] = (self._clock(), person)
        self._cache.move_to_end(key)
        while len(self._cache) > self._max:
            self._cache.popitem(last=False)


class SlackDirectory:
    """One workspace's people, as ``users.info`` describes them."""

    def __init__(self, people: SlackPeople, client: AsyncWebClient, team_id: str) -> None:
        self._people = people
        self._client = client
        self._team = team_id

    async def person(self, user_id: str) -> Person | None:
        """The Slack user ``user_id``; None for an unknown, deleted or bot user."""
        key = (self._team, user_id)
        found, person = self._people.cached(key)
        if found:
            return person
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            if error.response.get("error") not in NOT_FOUND:
                raise
            self._people.remember(key, None)
            return None
        user = response.get("user")
        person = slack_person(user) if isinstance(user, dict) else None
        self._people.remember(key, person)
        return person

    async def named(self, name: str) -> Person | None:
        """Slack mentions carry ids; a bare name is nobody in particular."""
        return None


def slack_person(user: dict[str, Any]) -> Person | None:
    """A Slack user object as a person; None for a deleted or bot user."""
    if user.get("deleted") is True or user.get("is_bot") is True or not user.get("id"):
        return None
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    assert isinstance(profile, dict)
    name = next(
        (
            str(value)
            for value in (
                profile.get("display_name"),
                profile.get("real_name"),
                user.get("real_name"),
                user.get("name"),
            )
            if isinstance(value, str) and value.strip()
        ),
        str(user["id"]),
    )
    locale = user.get("locale")
    return Person(str(user["id"]), name, locale if isinstance(locale, str) else None)
