"""The console chat loop: one line in, the core's answer out.

Works the same on a terminal and with piped input, so it doubles as an end-to-end driver:
``printf '/idea Hello #culture\n' | chorus console``.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from adapters.console.render import Style, render_message
from adapters.console.transport import ConsoleTransport
from adapters.delivery import DeliveryWorker
from adapters.runtime import Runtime
from bot.commands import Actor
from bot.core import Outcome
from bot.errors import ChorusError
from bot.i18n import Translator
from bot.messages import Attachment, Audience, Form, Input, Message
from bot.model import Platform
from bot.ports import Person
from bot.registry import parse_form

WORKSPACE = "console"
CHANNEL = "#ambassadors"
CANCEL_WORDS = ("cancel", "c")
FIELD_PROMPT = "… "

BANNER = """Chorus console — the same commands as in Slack and Teams.
Try: /idea Why we test our backups every Friday #engineering
     /idea list      /chorus help      :user NAME (switch who is speaking)      :quit
Press a button by typing the number in its brackets."""


def member_id(name: str) -> str:
    """The console's stand-in for a platform user id."""
    return name.strip().lstrip("@").casefold()


class ConsoleDirectory:
    """The console's people: every name is somebody (``@bente`` makes Bente a member)."""

    async def person(self, user_id: str) -> Person | None:
        """Console mentions are names (see :meth:`named`); the speaker names themselves."""
        return None

    async def named(self, name: str) -> Person | None:
        """Whoever is named; a name with nothing in it is nobody."""
        shown = name.strip().lstrip("@")
        return Person(member_id(shown), shown) if shown else None


DIRECTORY = ConsoleDirectory()


class ConsoleChat:
    """Reads lines, runs them through the core as the current member, prints replies."""

    def __init__(self, runtime: Runtime, user: str, source: TextIO, sink: TextIO) -> None:
        self._core = runtime.core
        self._user = user
        self._source = source
        self._sink = sink
        self._interactive = source.isatty()
        self._style = Style(sink.isatty())
        self._buttons: dict[str, str] = {}
        self._reading: asyncio.Future[str] | None = None
        self._interrupted = asyncio.Event()
        self._quitting = False
        transport = ConsoleTransport(runtime.platform, self._print_delivered)
        self._worker = DeliveryWorker(runtime.outbox, {Platform.CONSOLE: transport})

    def _print(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self._sink)
        self._sink.flush()

    async def _read(self, prompt: str) -> str | None:
        """The next line (None at the end of input, or when Ctrl-C interrupts a form). A
        line being read when Ctrl-C comes is kept for the next read, never lost."""
        if self._interactive:
            print(prompt, end="", file=self._sink, flush=True)
        if self._reading is None:
            self._reading = asyncio.ensure_future(asyncio.to_thread(self._source.readline))
        interrupted = asyncio.ensure_future(self._interrupted.wait())
        try:
            await asyncio.wait((self._reading, interrupted), return_when=asyncio.FIRST_COMPLETED)
        finally:
            interrupted.cancel()
        if not self._reading.done():
            self._print("")
            return None
        line = self._reading.result()
        self._reading = None
        if line and not self._interactive and prompt == FIELD_PROMPT:
            self._print(self._style.dim(FIELD_PROMPT + line.rstrip("\n")))  # a readable transcript
        return None if line == "" else line.rstrip("\n")

    def _actor(self) -> Actor:
        return Actor(
            Platform.CONSOLE, WORKSPACE, member_id(self._user), self._user, channel_id=CHANNEL
        )

    async def run(self) -> int:
        """Chat until end of input or ``:quit``; returns the exit code."""
        self._print(self._style.dim(BANNER), "")  # piped or not: a transcript starts with it
        while True:
            line = await self._read(f"{self._user}> ")
            if line is None:
                return 0
            line = line.strip()
            if not line or line.startswith("#!"):
                continue
            if not self._interactive:
                self._print(self._style.dim(f"{self._user}> {line}"))
            await self._handle(line)
            if self._quitting:
                return 0

    async def _handle(self, line: str) -> None:
        """Run one typed line: a console command, a button's number or a command."""
        if line.startswith(":"):
            self._meta(line)
            return
        if line in self._buttons:
            line = self._buttons[line]
        actor = self._actor()
        outcome = await self._core.handle_text(actor, line, directory=DIRECTORY)
        await self._show(outcome)
        if outcome.name_due and outcome.workspace_id is not None:
            await self._core.refresh_name(outcome.workspace_id, actor.user_id, DIRECTORY)

    def _meta(self, line: str) -> None:
        word, _, rest = line[1:].partition(" ")
        if word in ("quit", "exit", "q"):
            self._quitting = True
        elif word in CANCEL_WORDS:
            self._print(self._style.dim("(no form is open)"))
        elif word == "user" and rest.strip():
            self._user = rest.strip().lstrip("@")
            self._print(self._style.dim(f"(now speaking as {self._user})"))
        else:
            self._print("Console commands: :user NAME (switch who is speaking), :quit")

    def _key(self, command: str) -> str:
        key = str(len(self._buttons) + 1)
        self._buttons[key] = command
        return key

    async def _show(self, outcome: Outcome) -> None:
        for message in outcome.reply.for_audience(Audience.PRIVATE):
            self._print(*render_message(message, self._style, self._key, channel=CHANNEL))
            if message.attachment is not None:
                path = save_attachment(message.attachment, Path.cwd())
                self._print(self._style.bold(f"Saved to {path}"))
            for form in (b for b in message.blocks if isinstance(b, Form)):
                await self._fill(form)
        # Channel posts and notes travel through the outbox, as they do in Slack and Teams.
        await self._worker.drain()
        self._print("")

    def _print_delivered(self, message: Message, updated: bool) -> None:
        lines = render_message(
            message,
            self._style,
            self._key,
            channel=CHANNEL,
            recipient=message.recipient_id,
            updated=updated,
        )
        self._print(*lines)

    async def _fill(self, form: Form) -> None:
        """Ask for each field in turn, checking it as it is typed; ``:cancel`` or Ctrl-C
        leaves the form, ``:user`` or a button's number leaves it and does that instead."""
        tr = await self._translator()
        self._print(self._style.dim(tr._("(:cancel or Ctrl-C leaves the form)")))
        after = await self._collect(form, tr)
        if isinstance(after, _Leave):
            self._print(self._style.dim(tr._("(form cancelled, nothing saved)")))
            if after.line is not None:
                await self._handle(after.line)
        else:
            await self._show(after)

    async def _collect(self, form: Form, tr: Translator) -> Outcome | _Leave:
        """The fields, each checked as it is typed, then the submitted form's outcome; a
        field the answer finds wrong is asked again, keeping the others."""
        values: dict[str, str] = {}
        pending = list(form.inputs)
        with self._interruptible():
            while True:
                field = pending[0]
                answer = await self._ask(field, tr)
                if isinstance(answer, _Leave):
                    return answer
                problem = self._check(form, field, {**values, field.name: answer}, tr)
                if problem is not None:
                    self._print(problem)
                    continue
                values[field.name] = answer
                pending.pop(0)
                if pending:
                    continue
                outcome = await self._core.handle_form(
                    self._actor(), form.command, values, directory=DIRECTORY
                )
                wrong = next((f for f in form.inputs if f.name == outcome.error_field), None)
                if wrong is None:
                    return outcome
                for message in outcome.reply.for_audience(Audience.PRIVATE):
                    self._print(*render_message(message, self._style, self._key, channel=CHANNEL))
                pending.append(wrong)

    def _check(
        self, form: Form, field: Input, values: dict[str, str], tr: Translator
    ) -> str | None:
        """What is wrong with a field just typed, before the other fields are asked for."""
        if not values[field.name] and not field.optional:
            return tr._("This field needs an answer; type it, or :cancel to leave the form.")
        if field.max_length is not None and len(values[field.name]) > field.max_length:
            return tr._(
                "That is {count} characters; this field takes at most {limit}.",
                count=tr.number(len(values[field.name])),
                limit=tr.number(field.max_length),
            )
        filled = {f.name: values.get(f.name, f.initial) for f in form.inputs}
        try:
            parse_form(form.command, filled)
        except ChorusError as error:
            if error.field == field.name:
                return tr._(error.msgid, **error.params)
        return None

    async def _ask(self, field: Input, tr: Translator) -> str | _Leave:
        hint = tr._(" (optional)") if field.optional else ""
        if not field.multiline:
            self._print(
                self._style.bold(f"{field.label}{hint}")
                + (self._style.dim(f" — {field.hint}") if field.hint else "")
            )
            line = await self._read(FIELD_PROMPT)
            return self._leave(line, first=False) or (line or "").strip()
        self._print(
            self._style.bold(f"{field.label}{hint}")
            + self._style.dim(tr._(" — end with an empty line"))
        )
        lines: list[str] = []
        while True:
            line = await self._read(FIELD_PROMPT)
            leave = self._leave(line, first=not lines)
            if leave is not None:
                return leave
            if not line:
                return "\n".join(lines)
            lines.append(line)

    def _leave(self, line: str | None, *, first: bool) -> _Leave | None:
        """Whether a typed line leaves the form: end of input, Ctrl-C, ``:cancel``, a
        console command (never text), or, as a field's first line, a button's number."""
        if line is None:
            return _Leave(None)
        stripped = line.strip()
        if stripped.startswith(":"):
            word = stripped[1:].partition(" ")[0].casefold()
            return _Leave(None if word in CANCEL_WORDS else stripped)
        if first and stripped in self._buttons:
            return _Leave(stripped)
        return None

    async def _translator(self) -> Translator:
        """The speaker's language, for the console's own words."""
        workspace, member = await self._core.register(self._actor())
        return Translator(member.locale or workspace.locale)

    @contextmanager
    def _interruptible(self) -> Iterator[None]:
        """Ctrl-C cancels the form being filled instead of quitting the console."""
        loop = asyncio.get_running_loop()
        self._interrupted.clear()
        try:
            loop.add_signal_handler(signal.SIGINT, self._interrupted.set)
        except (NotImplementedError, RuntimeError, ValueError):
            yield  # no signal handlers here (another platform or thread): Ctrl-C quits
            return
        try:
            yield
        finally:
            loop.remove_signal_handler(signal.SIGINT)
            self._interrupted.clear()


@dataclass(frozen=True)
class _Leave:
    """The member left a form; ``line`` is what to do instead (None: just cancel)."""

    line: str | None


def save_attachment(attachment: Attachment, folder: Path) -> Path:
    """Write a file that came with an answer into ``folder``, never over another file;
    readable by its owner only (it holds a member's data)."""
    stem, dot, suffix = attachment.filename.rpartition(".")
    path = folder / attachment.filename
    number = 1
    while True:
        try:
            with path.open("xb") as handle:
                handle.write(attachment.data)
        except FileExistsError:
            number += 1
            path = folder / f"{stem}-{number}{dot}{suffix}"
            continue
        path.chmod(0o600)
        return path.resolve()


def stdin_chat(runtime: Runtime, user: str) -> ConsoleChat:
    """A chat on this process's stdin/stdout."""
    return ConsoleChat(runtime, user, sys.stdin, sys.stdout)
