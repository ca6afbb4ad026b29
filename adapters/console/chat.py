"""The console chat loop: one line in, the core's answer out.

Works the same on a terminal and with piped input, so it doubles as an end-to-end driver:
``printf '/idea Hello #culture\n' | chorus console``.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from adapters.console.render import Style, render_message
from adapters.console.transport import ConsoleTransport
from adapters.delivery import DeliveryWorker
from adapters.runtime import Runtime
from bot.commands import Actor
from bot.core import Outcome
from bot.messages import Attachment, Audience, Form, Input, Message
from bot.model import Platform

WORKSPACE = "console"
CHANNEL = "#ambassadors"

BANNER = """Chorus console — the same commands as in Slack and Teams.
Try: /idea Why we test our backups every Friday #engineering
     /idea list      /chorus help      :user NAME (switch who is speaking)      :quit
Press a button by typing the number in its brackets."""


def member_id(name: str) -> str:
    """The console's stand-in for a platform user id."""
    return name.strip().lstrip("@").casefold()


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
        transport = ConsoleTransport(runtime.platform, self._print_delivered)
        self._worker = DeliveryWorker(runtime.outbox, {Platform.CONSOLE: transport})

    def _print(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self._sink)
        self._sink.flush()

    async def _read(self, prompt: str) -> str | None:
        if self._interactive:
            print(prompt, end="", file=self._sink, flush=True)
        line = await asyncio.to_thread(self._source.readline)
        return None if line == "" else line.rstrip("\n")

    def _actor(self) -> Actor:
        return Actor(
            Platform.CONSOLE, WORKSPACE, member_id(self._user), self._user, channel_id=CHANNEL
        )

    async def run(self) -> int:
        """Chat until end of input or ``:quit``; returns the exit code."""
        if self._interactive:
            self._print(self._style.dim(BANNER), "")
        while True:
            line = await self._read(f"{self._user}> ")
            if line is None:
                return 0
            line = line.strip()
            if not line or line.startswith("#!"):
                continue
            if not self._interactive:
                self._print(self._style.dim(f"{self._user}> {line}"))
            if line.startswith(":"):
                if not self._meta(line):
                    return 0
                continue
            if line in self._buttons:
                line = self._buttons[line]
            await self._show(await self._core.handle_text(self._actor(), line))

    def _meta(self, line: str) -> bool:
        word, _, rest = line[1:].partition(" ")
        if word in ("quit", "exit", "q"):
            return False
        if word == "user" and rest.strip():
            self._user = rest.strip().lstrip("@")
            self._print(self._style.dim(f"(now speaking as {self._user})"))
        else:
            self._print("Console commands: :user NAME (switch who is speaking), :quit")
        return True

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
        values: dict[str, str] = {}
        for field in form.inputs:
            value = await self._ask(field)
            if value is None:
                return
            values[field.name] = value
        await self._show(await self._core.handle_form(self._actor(), form.command, values))

    async def _ask(self, field: Input) -> str | None:
        hint = " (optional)" if field.optional else ""
        if field.multiline:
            self._print(
                self._style.bold(f"{field.label}{hint}")
                + self._style.dim(" — end with an empty line")
            )
            lines: list[str] = []
            while True:
                line = await self._read("… ")
                if line is None or (line == "" and (lines or field.optional)):
                    break
                if line:
                    lines.append(line)
            return "\n".join(lines) if lines or line is not None else None
        self._print(
            self._style.bold(f"{field.label}{hint}")
            + (self._style.dim(f" — {field.hint}") if field.hint else "")
        )
        return await self._read("… ")


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
