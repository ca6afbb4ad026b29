"""The Teams agent: every activity in, the core's answer out as Adaptive Cards.

Typed commands, ``Action.Submit`` presses and ``adaptiveCard/action`` invokes all run the
same command lines as Slack. Private answers go to the member's personal chat with the
bot (the conversation itself when they wrote there; Teams has no ephemeral messages).
Channel posts and notes to other members travel through the outbox (see
``TeamsTransport``). Every conversation the bot sees is remembered for later.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationReference,
    InvokeResponse,
)
from microsoft_agents.hosting.core import TurnContext

from adapters.delivery import Unreachable
from adapters.metrics import Metrics
from adapters.teams.delivery import TeamsSender, card_activity, connector_of
from adapters.teams.directory import TeamsDirectory
from adapters.teams.inbound import (
    CHANNEL,
    PERSONAL,
    FormSubmission,
    Press,
    actor_of,
    command_text,
    conversation_id,
    conversation_kind,
    dump_reference,
    event_id,
    load_reference,
    member_ids,
    read_value,
    reference_of,
    team_id,
    workspace_id,
)
from adapters.teams.render import (
    CARD_CONTENT_TYPE,
    form_from_definition,
    render_card,
    summary,
)
from adapters.teams.trust import ServiceUrls
from adapters.web.chat_charts import ChartLinks, data_uri, draw_png
from bot.commands import Actor
from bot.core import Core, Outcome
from bot.home.commands import ShowHome
from bot.i18n import DEFAULT_LOCALE, Translator
from bot.messages import Actions, Audience, Chart, Form, Message, Reply, Section, Text
from bot.model import Platform
from bot.programme.commands import WelcomeMember
from storage.platform import PlatformStore

log = logging.getLogger(__name__)

CARD_ACTION = "adaptiveCard/action"
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"
PLATFORM = "teams"
# Teams refuses a message over about 28 KB; a card whose pictures inside would pass this
# links to them instead.
CARD_BYTES = 26_000


@dataclass(frozen=True)
class _Turn:
    """One incoming activity, with the member and workspace it belongs to."""

    context: TurnContext
    actor: Actor
    workspace_id: int
    member_id: int
    person: ChannelAccount  # the acting member's Teams account (for a first private chat)

    @property
    def activity(self) -> Activity:
        return self.context.activity


class TeamsBot:
    """The Agent the SDK runs for every activity (anything with ``on_turn``)."""

    def __init__(
        self,
        core: Core,
        platform: PlatformStore,
        sender: TeamsSender,
        service_urls: ServiceUrls,
        charts: ChartLinks | None = None,
        *,
        metrics: Metrics | None = None,
    ) -> None:
        self.core = core
        self.platform = platform
        self.sender = sender  # private answers during a turn
        self.service_urls = service_urls
        self.charts = charts  # links to chart pictures too big to go inside a card
        self.metrics = metrics

    async def _card(self, message: Message, *, shared: bool) -> dict[str, Any]:
        """The message's card, its charts drawn inside as ``data:`` URIs when the card stays
        within Teams' size limit, else linked (a signed link to ``chorus serve``); a chart
        that cannot be drawn is told in words."""
        charts = [block for block in message.blocks if isinstance(block, Chart)]
        if not charts:
            return render_card(message, shared=shared)
        try:
            inside = {chart: data_uri(await draw_png(chart)) for chart in charts}
        except (ValueError, RuntimeError, OSError):
            log.exception("a chart could not be drawn")
            return render_card(message, shared=shared)
        card = render_card(message, shared=shared, images=inside)
        if len(json.dumps(card).encode("utf-8")) <= CARD_BYTES:
            return card
        linked = {chart: self.charts.link(chart) for chart in charts} if self.charts else {}
        return render_card(message, shared=shared, images=linked)

    async def on_turn(self, context: TurnContext) -> None:
        """Dispatch one activity."""
        kind = context.activity.type
        if kind == ActivityTypes.message:
            await self._on_message(context)
        elif kind == ActivityTypes.invoke and context.activity.name == CARD_ACTION:
            await self._on_card_action(context)
        elif kind == ActivityTypes.invoke:
            # An invoke Chorus does not offer (its manifest declares none but card
            # actions): a 400 answer, where the SDK would say 501 for want of one.
            await context.send_activity(
                Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=400))
            )
        elif kind in (ActivityTypes.conversation_update, ActivityTypes.installation_update):
            await self._on_membership(context)

    # --- activities ---------------------------------------------------------------------

    async def _on_message(self, context: TurnContext) -> None:
        started = time.monotonic()
        turn = await self._arrive(context)
        if turn is None or not await self._first_sighting(turn.activity):
            return
        submitted = read_value(turn.activity.value)
        if isinstance(submitted, FormSubmission):
            outcome = await self._submit_form(turn, submitted)
            replace_id = turn.activity.reply_to_id if self._is_personal(turn) else None
            await self._deliver(turn, outcome, replace_id=replace_id)
            return
        if isinstance(submitted, Press):
            line = submitted.command
        elif turn.activity.value is not None and not turn.activity.text:
            line = ""  # a card that is not ours: the core explains what to type
        else:
            directory = TeamsDirectory(context)
            line = await command_text(turn.activity, directory.resolve)
            outcome = await self.core.handle_text(turn.actor, line, directory=directory)
            await self._open_chats(turn, directory.met)
            if not self._is_personal(turn):
                # Mentioned in a channel or group chat: answer in that thread.
                await self._answer_in_thread(turn, outcome)
            else:
                await self._deliver(turn, outcome)
            if self.metrics is not None:
                self.metrics.observe_command("teams", line, time.monotonic() - started)
            if outcome.name_due and outcome.workspace_id is not None:
                # Answered first: a renamed colleague's name is asked of Teams afterwards.
                await self.core.refresh_name(outcome.workspace_id, turn.actor.user_id, directory)
            return
        await self._deliver(turn, await self.core.handle_text(turn.actor, line))

    async def _on_card_action(self, context: TurnContext) -> None:
        turn = await self._arrive(context)
        if turn is None or not await self._first_sighting(turn.activity):
            await _respond(context, _message_response(""))
            return
        value = turn.activity.value
        action = value.get("action") if isinstance(value, dict) else None
        submitted = read_value(action.get("data") if isinstance(action, dict) else None)
        if isinstance(submitted, FormSubmission):
            outcome = await self._submit_form(turn, submitted)
            private = outcome.reply.for_audience(Audience.PRIVATE)
            rest = (
                tuple(m for m in outcome.reply.messages if m is not private[0]) if private else ()
            )
            await self._deliver(turn, replace(outcome, reply=Reply(rest)))
            if private:
                await _respond(context, _card_response(await self._card(private[0], shared=False)))
            else:
                await _respond(context, _message_response(""))
            return
        press = submitted if isinstance(submitted, Press) else Press("")
        outcome = await self.core.handle_text(turn.actor, press.command)
        private = outcome.reply.for_audience(Audience.PRIVATE)
        if len(private) == 1 and _is_plain(private[0]):
            # Teams shows this to the presser alone, on the card: the private answer needs
            # no chat of its own. A shared card is updated for everyone by the outbox.
            await _respond(context, _message_response(_plain_text(private[0])))
            return
        await self._deliver(turn, outcome)
        refreshed = next(
            (m for m in outcome.reply.for_audience(Audience.CHANNEL) if m.key == press.key),
            None,
        )
        if press.key is not None and refreshed is not None:
            # The presser sees the new state at once; the outbox updates everyone's copy.
            await _respond(context, _card_response(render_card(refreshed, shared=True)))
        else:
            answer = outcome.reply.answer
            await _respond(context, _message_response(summary(answer) if answer else ""))

    async def _on_membership(self, context: TurnContext) -> None:
        activity = context.activity
        turn = await self._arrive(context)
        if turn is None:
            return
        bot_id = activity.recipient.id if activity.recipient else None
        removed = any(m.id == bot_id for m in activity.members_removed or []) or (
            activity.type == ActivityTypes.installation_update
            and str(activity.action or "").startswith("remove")
        )
        if removed:
            lost = {conversation_id(activity)}
            await self.platform.mark_unreachable(turn.workspace_id, conversation_id(activity))
            team = team_id(activity)
            if team is not None:  # every channel of the team, not only the one that said so
                lost.update(await self.platform.mark_team_unreachable(turn.workspace_id, team))
            await self.core.conversations_lost(turn.workspace_id, lost)
            return
        gone = [m for m in activity.members_removed or [] if m.id and m.id != bot_id]
        if gone and await self._first_sighting(activity):
            # Removed from the team: they leave the programme (no notes, seats given back).
            for account in gone:
                user_id, aliases = member_ids(account)
                await self.core.member_left(
                    Platform.TEAMS, workspace_id(activity), [user_id, *aliases]
                )
            return
        if activity.type != ActivityTypes.conversation_update or not activity.members_added:
            return
        if not await self._first_sighting(activity):
            return
        if self._is_personal(turn):
            if any(m.id == bot_id for m in activity.members_added):
                # A personal install opens the chat on the member's own page, like
                # opening the app's Home in Slack.
                await self._deliver(turn, await self.core.handle(turn.actor, ShowHome()))
            return
        for account in activity.members_added:
            if account.id and account.id != bot_id:
                await self._welcome(context, account)

    async def _welcome(self, context: TurnContext, account: ChannelAccount) -> None:
        """Someone joined the team: if its channel is the ambassador channel, the core
        greets them privately. Teams reports team joins, not joins of other channels."""
        person = await _member_details(context, account)
        if person is None:
            return  # without a name they would appear as an id; they are met on first use
        user_id, aliases = member_ids(person)
        channel = conversation_id(context.activity)
        actor = Actor(
            Platform.TEAMS,
            workspace_id(context.activity),
            user_id,
            str(person.name),
            channel_id=channel,
            aliases=aliases,
        )
        outcome = await self.core.handle(actor, WelcomeMember(channel))
        private = outcome.reply.for_audience(Audience.PRIVATE)
        if private and outcome.workspace_id is not None:
            _, member = await self.core.register(actor)
            turn = _Turn(context, actor, outcome.workspace_id, member.id, person)
            await self._answer(turn, private, None)

    # --- steps --------------------------------------------------------------------------

    async def _arrive(self, context: TurnContext) -> _Turn | None:
        """Register the member and remember the conversation, for proactive posts later."""
        activity = context.activity
        if not self.service_urls.allows(activity.service_url):
            # Never remembered: proactive posts would go wherever the activity said.
            log.warning("ignored a Teams activity whose serviceUrl is not an allowed host")
            return None
        actor = actor_of(activity)
        if actor is None or activity.conversation is None:
            return None
        workspace, member = await self.core.register(actor)
        kind = conversation_kind(activity)
        await self.platform.save_conversation(
            workspace.id,
            conversation_id(activity),
            kind,
            dump_reference(reference_of(activity)),
            member.id if kind == PERSONAL else None,
            team_id(activity) if kind == CHANNEL else None,
        )
        assert activity.from_property is not None  # actor_of found someone
        return _Turn(context, actor, workspace.id, member.id, activity.from_property)

    async def _first_sighting(self, activity: Activity) -> bool:
        key = event_id(activity)
        return key is None or await self.platform.first_sighting(PLATFORM, key)

    async def _submit_form(self, turn: _Turn, submitted: FormSubmission) -> Outcome:
        """Run a submitted form; a refused one comes back as the form again, with the
        message beside the field and everything typed kept."""
        form = form_from_definition(submitted.command, submitted.definition)
        if form is not None:
            values = {i.name: _text(submitted.values.get(i.name)) for i in form.inputs}
        else:
            values = {k: v for k, v in submitted.values.items() if isinstance(v, str)}
        outcome = await self.core.handle_form(turn.actor, submitted.command, values)
        if form is None or outcome.error_field not in {i.name for i in form.inputs}:
            return outcome
        answer = outcome.reply.answer
        again = Form(
            title=form.title,
            submit_label=form.submit_label,
            command=form.command,
            inputs=tuple(replace(i, initial=values.get(i.name, "")) for i in form.inputs),
            errors=((str(outcome.error_field), answer.text if answer else ""),),
        )
        return replace(outcome, reply=Reply((Message((again,), Audience.PRIVATE),)))

    async def _deliver(
        self, turn: _Turn, outcome: Outcome, *, replace_id: str | None = None
    ) -> None:
        """Send the outcome's private answers now. Its channel posts and notes are already
        in the outbox; the delivery worker brings them to Teams (see TeamsTransport)."""
        private = outcome.reply.for_audience(Audience.PRIVATE)
        if private:
            await self._answer(turn, private, replace_id)

    async def _answer_in_thread(self, turn: _Turn, outcome: Outcome) -> None:
        """Answers that hold nothing private go into the thread where the member typed;
        the rest to their personal chat, with a short note in the thread saying so."""
        private = outcome.reply.for_audience(Audience.PRIVATE)
        shared = tuple(m for m in private if m.shareable)
        secret = tuple(m for m in private if not m.shareable)
        notes: list[Message] = list(shared)
        if secret and await self._answer(turn, secret, None):
            tr = Translator(outcome.locale or DEFAULT_LOCALE)
            note = tr._("I sent you the details in our chat.")
            notes.append(Message((Section(Text.plain(note)),), summary=note))
        elif not secret:
            await self._open_chat(turn)  # so later notes (a claim, a cheer) can reach them
        if not notes:
            return
        thread = turn.activity.get_conversation_reference()
        thread.activity_id = None
        try:
            for message in notes:
                activity = card_activity(await self._card(message, shared=True), summary(message))
                await self.sender.post(turn.workspace_id, thread, activity, turn.context)
        except Unreachable:
            log.info("a Teams thread refused the bot")
        except (aiohttp.ClientError, TimeoutError):
            log.exception("an answer in a Teams thread failed")

    async def _answer(
        self, turn: _Turn, messages: tuple[Message, ...], replace_id: str | None
    ) -> bool:
        """Private answers, in the member's personal chat with the bot; whether they
        went out."""
        try:
            place = await self._private_place(turn)
            if place is None:
                log.info("no personal chat to answer a Teams member in")
                return False
            for index, message in enumerate(messages):
                activity = card_activity(await self._card(message, shared=False), summary(message))
                if index == 0 and replace_id:
                    await self.sender.update(
                        turn.workspace_id, place, replace_id, activity, turn.context
                    )
                else:
                    await self.sender.post(turn.workspace_id, place, activity, turn.context)
        except Unreachable:
            log.info("a member's personal chat refused the bot")
            return False
        except (aiohttp.ClientError, TimeoutError):
            log.exception("a private Teams answer failed")
            return False
        return True

    async def _open_chat(self, turn: _Turn) -> None:
        """Make sure the member has a personal chat with the bot (nothing is sent)."""
        try:
            await self._private_place(turn)
        except Unreachable:
            log.info("a member's personal chat refused the bot")
        except (aiohttp.ClientError, TimeoutError):
            log.exception("opening a Teams member's personal chat failed")

    async def _private_place(self, turn: _Turn) -> ConversationReference | None:
        if self._is_personal(turn):
            return reference_of(turn.activity)
        stored = await self.platform.personal_conversation(turn.workspace_id, turn.member_id)
        if stored is not None:
            return None if stored.unreachable else load_reference(stored.reference)
        return await self.sender.open_personal(
            turn.workspace_id, turn.member_id, turn.person, turn.context
        )

    @staticmethod
    def _is_personal(turn: _Turn) -> bool:
        return conversation_kind(turn.activity) == PERSONAL

    async def _open_chats(self, turn: _Turn, accounts: list[ChannelAccount]) -> None:
        """Colleagues met in this turn get a personal chat with the bot (nothing is sent),
        so the notes queued for them (a cheer) reach them."""
        for account in accounts:
            user_id, _ = member_ids(account)
            member = await self.core.known_member(turn.workspace_id, user_id)
            if member is None:
                continue  # the command was refused: nobody was met after all
            if await self.platform.personal_conversation(turn.workspace_id, member.id):
                continue
            try:
                await self.sender.open_personal(turn.workspace_id, member.id, account, turn.context)
            except Unreachable:
                log.info("Teams refused a personal chat with a colleague")
            except (aiohttp.ClientError, TimeoutError):
                log.exception("opening a colleague's personal chat failed")


async def _member_details(context: TurnContext, account: ChannelAccount) -> ChannelAccount | None:
    """A joining member with their name (Teams often announces only ids)."""
    if account.name:
        return account
    client = connector_of(context)
    if client is None:
        return None
    try:
        person = await client.conversations.get_conversation_member(
            conversation_id(context.activity), str(account.id)
        )
    except (aiohttp.ClientError, TimeoutError, ValueError):
        log.info("could not look up a Teams member who joined")
        return None
    return person if person.name else None


def _is_plain(message: Message) -> bool:
    """Whether a message is only words (no buttons or form to keep)."""
    return not any(isinstance(block, Actions | Form) for block in message.blocks)


def _plain_text(message: Message, limit: int = 1000) -> str:
    text = message.text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _card_response(card: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": card}


def _message_response(text: str) -> dict[str, Any]:
    return {"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text}


async def _respond(context: TurnContext, body: dict[str, Any]) -> None:
    """The invoke's answer, returned in the HTTP response."""
    await context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))
    )
