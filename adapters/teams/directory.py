"""Teams' people, for the core's :class:`~bot.ports.Directory`: the conversation's members.

One directory lives for one turn. It resolves the turn's mentions (a Teams ``29:`` id to the
AAD object id members are known by), and remembers every account it looked up, so the
colleagues the core met in the turn can get a personal chat with the bot for their notes.
"""

from __future__ import annotations

import logging

import aiohttp
from microsoft_agents.activity import ChannelAccount
from microsoft_agents.hosting.core import TurnContext

from adapters.teams.delivery import connector_of
from adapters.teams.inbound import conversation_id, member_ids
from bot.ports import Person

log = logging.getLogger(__name__)


class TeamsDirectory:
    """The members of the conversation a turn came from."""

    def __init__(self, context: TurnContext) -> None:
        self._context = context
        self._accounts: dict[str, ChannelAccount | None] = {}  # member id → account
        self.met: list[ChannelAccount] = []  # the colleagues the core asked about
        self._actor: str | None = None
        sender = context.activity.from_property
        if sender is not None and sender.id and sender.name:
            # The activity itself says who acts, and by what name: nothing to look up.
            self._actor, _ = member_ids(sender)
            self._accounts[self._actor] = sender

    async def resolve(self, teams_id: str) -> str | None:
        """A mentioned person's AAD object id, by their Teams id."""
        try:
            account = await self._lookup(teams_id)
        except (aiohttp.ClientError, TimeoutError):
            log.info("could not look up a mentioned Teams member")
            return None
        if account is None or not account.aad_object_id:
            return None
        self._accounts[str(account.aad_object_id)] = account
        return str(account.aad_object_id)

    async def person(self, user_id: str) -> Person | None:
        """A member of this conversation (Teams takes an AAD object id or a Teams id)."""
        account = self._accounts.get(user_id)
        if account is None and user_id not in self._accounts:
            account = await self._lookup(user_id)
            self._accounts[user_id] = account
        if account is None or not account.name:
            return None
        if user_id != self._actor:
            self.met.append(account)
        member_id, _ = member_ids(account)
        return Person(member_id, str(account.name))

    async def named(self, name: str) -> Person | None:
        """Teams mentions carry ids; a bare name is nobody in particular."""
        return None

    async def _lookup(self, member: str) -> ChannelAccount | None:
        client = connector_of(self._context)
        if client is None:
            return None
        try:
            return await client.conversations.get_conversation_member(
                conversation_id(self._context.activity), member
            )
        except aiohttp.ClientResponseError as error:
            if error.status != 404:
                raise
            return None
        except ValueError:
            log.info("a Teams member lookup gave an answer that is not a member")
            return None
