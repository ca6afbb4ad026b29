"""The one entry point every adapter calls: ``Core.handle_text`` / ``handle_form``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.bookings.calendar import calendar_document
from bot.commands import Actor, Command
from bot.config import Programme
from bot.context import Context, ReportPdf
from bot.errors import ChorusError, StoreConflict
from bot.i18n import Translator
from bot.messages import Actions, Attachment, Audience, Message, Reply, Section
from bot.model import Member, Platform, Role, Workspace, clean_name
from bot.outbox import enqueue
from bot.ports import Clock, Directory, Person, UnitOfWork, UnitOfWorkFactory
from bot.privacy.ports import Erasure
from bot.privacy.service import erase, leave, token_hash, upload_failed
from bot.programme.service import channel_lost_notes
from bot.registry import HANDLERS, JOB_DESCRIPTIONS, parse, parse_form

log = logging.getLogger(__name__)

ACTIVITY_RESOLUTION = timedelta(hours=1)
NAME_REFRESH = timedelta(days=1)  # how often a member's name is asked of the platform


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What the adapter needs besides the reply: the workspace's channel, and where a form
    error belongs (so a modal can show it inline)."""

    reply: Reply
    # Internal id, for adapters' bookkeeping (where posts went); None when the store failed.
    workspace_id: int | None
    channel_id: str | None
    error_field: str | None = None
    locale: str | None = None  # the language the answer speaks (adapters' own words match)
    # The actor's name is due to be asked of the platform again: the adapter calls
    # Core.refresh_name after it has answered, so the lookup never delays an answer.
    name_due: bool = False


class Core:
    """Registers the actor, parses, runs the service in one unit of work, and turns every
    domain error into a friendly private reply in the member's language."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        programme: Programme,
        clock: Clock | None = None,
        on_queued: Callable[[], None] | None = None,
        report_pdf: ReportPdf | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self.programme = programme
        self._clock = clock or SystemClock()
        self._on_queued = on_queued  # wakes the delivery worker after a commit
        self._report_pdf = report_pdf

    @property
    def clock(self) -> Clock:
        """The clock commands run on (the web dashboard reads it too)."""
        return self._clock

    async def handle_text(
        self, actor: Actor, line: str, *, directory: Directory | None = None
    ) -> Outcome:
        """Run a typed command line (or a button's command) for ``actor``; ``directory``
        is the platform's people, for colleagues Chorus has not met yet."""
        return await self._run(actor, lambda: parse(line), directory)

    async def handle_form(
        self,
        actor: Actor,
        command: str,
        values: Mapping[str, str],
        *,
        directory: Directory | None = None,
    ) -> Outcome:
        """Run a submitted form for ``actor``."""
        return await self._run(actor, lambda: parse_form(command, values), directory)

    async def handle(
        self, actor: Actor, command: Command, *, directory: Directory | None = None
    ) -> Outcome:
        """Run an already parsed command for ``actor``."""
        return await self._run(actor, lambda: command, directory)

    async def _run(
        self, actor: Actor, make: Callable[[], Command], directory: Directory | None
    ) -> Outcome:
        try:
            return await self._run_once(actor, make, directory)
        except Exception:  # the store failed before or after the command: say so, privately
            log.exception("command could not run for %s", actor.platform.value)
            tr = Translator(
                actor.locale or self.programme.locale, actor.timezone or self.programme.timezone
            )
            return Outcome(_went_wrong(tr), None, None, locale=tr.locale)

    async def _run_once(
        self, actor: Actor, make: Callable[[], Command], directory: Directory | None
    ) -> Outcome:
        async with self._uow_factory() as uow:
            workspace, member, name_due = await self._register(uow, actor, directory)
            tr = Translator(
                member.locale or workspace.locale,
                member.timezone or actor.timezone or workspace.timezone,
            )
            ctx = Context(
                uow,
                workspace,
                self.programme,
                self._clock,
                tr,
                actor=actor,
                acting=member,
                jobs=JOB_DESCRIPTIONS,
                report_pdf=self._report_pdf,
                directory=directory,
            )
            try:
                command = make()
                reply = await HANDLERS[type(command)](ctx, command)
                queued = await enqueue(uow.outbox, workspace, reply.messages)
                await uow.commit()
            except ChorusError as error:
                await uow.rollback()
                return Outcome(
                    _error_reply(tr, error),
                    workspace.id,
                    workspace.channel_id,
                    error.field,
                    tr.locale,
                    name_due,
                )
            except Exception:
                await uow.rollback()
                log.exception("command failed for %s", actor.platform.value)
                return Outcome(
                    _went_wrong(tr),
                    workspace.id,
                    workspace.channel_id,
                    locale=tr.locale,
                    name_due=name_due,
                )
            if queued and self._on_queued is not None:
                self._on_queued()
            return Outcome(
                reply, workspace.id, workspace.channel_id, locale=tr.locale, name_due=name_due
            )

    async def refresh_name(self, workspace_id: int, user_id: str, directory: Directory) -> None:
        """Ask the platform for a member's current name (after an answer that said it was
        due): a renamed colleague's next cards carry the new name. A directory that fails
        leaves the name as it is, to be asked again on their next command."""
        person = await _directory_person(directory, user_id)
        if person is None:
            return
        try:
            async with self._uow_factory() as uow:
                member = await uow.members.by_external_id(workspace_id, user_id)
                if member is not None:
                    member.name_checked_at = self._clock.now()
                    name = clean_name(person.display_name)
                    if name:
                        member.display_name = name
                    await uow.members.save(member)
                    await uow.commit()
        except Exception:  # a name is never worth a failed request
            log.exception("a member's name could not be refreshed")

    async def calendar(self, token: str) -> bytes | None:
        """The ``.ics`` behind a calendar link (``GET /calendar/<token>.ics``); None when the
        token is unknown or was revoked."""
        async with self._uow_factory() as uow:
            return await calendar_document(
                uow, token, now=self._clock.now(), public_url=self.programme.public_url
            )

    async def download(self, token: str) -> bytes | None:
        """The ZIP behind a one-time export link (``GET /export/<token>.zip``), once; None
        when the token is malformed, unknown, used or expired."""
        if not token.isascii() or not 20 <= len(token) <= 100:
            return None
        async with self._uow_factory() as uow:
            data = await uow.privacy.take_download(token_hash(token), self._clock.now())
            if data is not None:
                await uow.commit()
            return data

    async def upload_failed(
        self, workspace_id: int, user_id: str, attachment: Attachment
    ) -> Reply | None:
        """The platform would not take ``attachment`` for the member ``user_id``: what to
        tell them privately, in their language (None when Chorus does not know them)."""
        async with self._uow_factory() as uow:
            workspace = await uow.workspaces.get(workspace_id)
            member = await uow.members.by_external_id(workspace_id, user_id)
            if workspace is None or member is None:
                return None
            tr = Translator(
                member.locale or workspace.locale, member.timezone or workspace.timezone
            )
            ctx = Context(
                uow,
                workspace,
                self.programme,
                self._clock,
                tr,
                acting=member,
                jobs=JOB_DESCRIPTIONS,
            )
            reply = await upload_failed(ctx, attachment)
            await uow.commit()
            return reply

    async def member_left(
        self,
        platform: Platform,
        workspace_id: str,
        user_ids: Sequence[str],
        *,
        forgotten: bool = False,
    ) -> bool:
        """Someone left the platform workspace (``user_ids``: every id the platform gave
        for them): no more notes, upcoming bookings given back; ``forgotten`` (Slack's
        "forget this user") erases them. False when Chorus never knew them."""
        async with self._uow_factory() as uow:
            found = await _known(uow, platform, workspace_id, user_ids)
            if found is None:
                return False
            workspace, member = found
            ctx = self._job_context(uow, workspace)
            if forgotten:
                _, notes = await erase(ctx, member, by=None, label="platform")
            else:
                notes = await leave(ctx, member)
            await self._commit_with(uow, workspace, notes)
            return True

    async def member_renamed(
        self, platform: Platform, workspace_id: str, user_id: str, name: str
    ) -> bool:
        """The platform says a member changed their name (Slack's ``user_change``): their
        next cards carry it at once. False when Chorus never knew them."""
        name = clean_name(name)
        async with self._uow_factory() as uow:
            found = await _known(uow, platform, workspace_id, [user_id])
            if found is None or not name:
                return False
            _, member = found
            if member.display_name != name:  # else nothing to write
                member.display_name = name
                member.name_checked_at = self._clock.now()
                await uow.members.save(member)
                await uow.commit()
            return True

    async def conversations_lost(
        self, workspace_id: int, conversation_ids: Collection[str]
    ) -> bool:
        """The platform will not let Chorus post in these conversations any more (removed
        from a Teams team). If the ambassador channel is among them, the coordinators are
        told privately; True then."""
        async with self._uow_factory() as uow:
            workspace = await uow.workspaces.get(workspace_id)
            if workspace is None or workspace.channel_id not in conversation_ids:
                return False
            notes = await channel_lost_notes(self._job_context(uow, workspace))
            await self._commit_with(uow, workspace, notes)
            return True

    async def erase_member(self, workspace: Workspace, member: Member, *, label: str) -> Erasure:
        """Erase a member on an operator's word (``chorus member erase``)."""
        async with self._uow_factory() as uow:
            erasure, notes = await erase(
                self._job_context(uow, workspace), member, by=None, label=label
            )
            await self._commit_with(uow, workspace, notes)
            return erasure

    def _job_context(self, uow: UnitOfWork, workspace: Workspace) -> Context:
        """A context with no acting member, in the workspace's language."""
        tr = Translator(workspace.locale, workspace.timezone)
        return Context(uow, workspace, self.programme, self._clock, tr, jobs=JOB_DESCRIPTIONS)

    async def _commit_with(
        self, uow: UnitOfWork, workspace: Workspace, messages: Sequence[Message]
    ) -> None:
        queued = await enqueue(uow.outbox, workspace, messages)
        await uow.commit()
        if queued and self._on_queued is not None:
            self._on_queued()

    async def register(self, actor: Actor) -> tuple[Workspace, Member]:
        """Make sure the actor's workspace and member exist (first contact)."""
        async with self._uow_factory() as uow:
            workspace, member, _ = await self._register(uow, actor)
            return workspace, member

    async def known_member(self, workspace_id: int, external_id: str) -> Member | None:
        """A member by platform user id, without counting it as their activity."""
        async with self._uow_factory() as uow:
            return await uow.members.by_external_id(workspace_id, external_id)

    async def workspace(
        self, platform: Platform, external_id: str, *, channel_id: str | None = None
    ) -> Workspace:
        """The workspace, created with the programme's defaults if it is new (jobs need one
        before anybody has spoken)."""
        async with self._uow_factory() as uow:
            workspace, created = await self._workspace(uow, platform, external_id, channel_id)
            if created:
                await uow.commit()
            return workspace

    async def _workspace(
        self, uow: UnitOfWork, platform: Platform, external_id: str, channel_id: str | None
    ) -> tuple[Workspace, bool]:
        workspace, created = await uow.workspaces.get_or_add(
            platform, external_id, locale=self.programme.locale, timezone=self.programme.timezone
        )
        if created:
            if self.programme.channel_id and platform is Platform.SLACK:
                workspace.channel_id = self.programme.channel_id
            elif platform is Platform.CONSOLE:
                workspace.channel_id = channel_id
            await uow.workspaces.save(workspace)
            for name in self.programme.themes:
                with suppress(StoreConflict):
                    await uow.themes.add(workspace.id, name)
        return workspace, created

    async def _register(
        self, uow: UnitOfWork, actor: Actor, directory: Directory | None = None
    ) -> tuple[Workspace, Member, bool]:
        """The actor's workspace and member, registered on first contact; True when their
        name is due to be asked of the platform again (see :meth:`refresh_name`)."""
        known = await uow.workspaces.with_member(actor.platform, actor.workspace_id, actor.user_id)
        if known is not None:  # every command but a workspace's first: one read
            (workspace, member), changed = known, False
        else:
            workspace, changed = await self._workspace(
                uow, actor.platform, actor.workspace_id, actor.channel_id
            )
            member = await uow.members.by_external_id(workspace.id, actor.user_id)
        name = clean_name(actor.display_name)
        now = self._clock.now()
        refreshed = due = False
        if directory is not None and member is not None:
            # The directory's name is the one colleagues know (a Slack command carries only
            # the account's username): it stands until it is asked again, after the answer.
            name = ""
            checked = member.name_checked_at
            due = checked is None or now - checked >= NAME_REFRESH
        elif directory is not None:
            # First contact: the first card they cause should already carry their name.
            person = await _directory_person(directory, actor.user_id)
            if person is not None and clean_name(person.display_name):
                name = clean_name(person.display_name)
                refreshed = True
        admin = not self.programme.admins.isdisjoint((actor.user_id, *actor.aliases))
        if member is None:
            role = (
                Role.COORDINATOR
                if admin or await self._first_in_console(uow, workspace)
                else Role.AMBASSADOR
            )
            member = await uow.members.add(workspace.id, actor.user_id, name, role)
            changed = True
        if refreshed:
            member.name_checked_at = now
            changed = True
        if member.last_active_at is None or now - member.last_active_at > ACTIVITY_RESOLUTION:
            member.last_active_at = now  # for gentle nudges; at most one write an hour
            changed = True
        if member.left_at is not None:
            member.left_at = None  # back in the workspace: welcome back
            changed = True
        if name and member.display_name != name:
            member.display_name = name  # kept fresh, never copied elsewhere
            changed = True
        if admin and not member.is_coordinator:
            member.role = Role.COORDINATOR
            changed = True
        if changed:
            await uow.members.save(member)
            await uow.commit()
        return workspace, member, due

    @staticmethod
    async def _first_in_console(uow: UnitOfWork, workspace: Workspace) -> bool:
        # The console is a private sandbox: whoever opens it first runs the programme.
        if workspace.platform is not Platform.CONSOLE:
            return False
        return not await uow.members.with_role(workspace.id, Role.COORDINATOR)


async def _known(
    uow: UnitOfWork, platform: Platform, workspace_id: str, user_ids: Sequence[str]
) -> tuple[Workspace, Member] | None:
    """The member behind a platform's ids (any of ``user_ids``), in its workspace."""
    for space in await uow.workspaces.all():
        if space.platform is not platform or space.external_id != workspace_id:
            continue
        for user_id in user_ids:
            if (member := await uow.members.by_external_id(space.id, user_id)) is not None:
                return space, member
    return None


async def _directory_person(directory: Directory, user_id: str) -> Person | None:
    """The platform's word on the actor; a directory that fails leaves the name as it is."""
    try:
        return await directory.person(user_id)
    except Exception:  # any platform failure: the command goes on with the name it has
        log.warning("the platform's directory could not be asked for a member's name")
        return None


def _went_wrong(tr: Translator) -> Reply:
    return Reply.private(
        Section(
            tr._t(
                "Something went wrong on my side, and nothing was saved. Please try again in a moment."
            )
        )
    )


def _error_reply(tr: Translator, error: ChorusError) -> Reply:
    blocks: list[Section | Actions] = [Section(tr._t(error.msgid, **error.params))]
    if error.buttons:
        blocks.append(
            Actions(
                tuple(
                    type(b)(tr._(b.label, **error.params), b.command, b.style)
                    for b in error.buttons
                )
            )
        )
    return Reply((Message(tuple(blocks), Audience.PRIVATE),))
