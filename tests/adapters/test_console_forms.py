"""The console's forms (issue 21): they can be left, console commands are never text, and
each field is checked as it is typed."""

from __future__ import annotations

import io

from adapters.console.chat import ConsoleChat
from adapters.runtime import Runtime


async def _session(runtime: Runtime, lines: str) -> str:
    sink = io.StringIO()
    chat = ConsoleChat(runtime, "cora", io.StringIO(lines), sink)
    assert await chat.run() == 0
    return sink.getvalue()


async def test_cancel_leaves_the_editor_and_nothing_is_saved(runtime: Runtime) -> None:
    out = await _session(runtime, "/draft\n:cancel\n/draft list\n")
    assert "(:cancel or Ctrl-C leaves the form)" in out
    assert "(form cancelled, nothing saved)" in out
    assert "No drafts yet" in out


async def test_user_is_never_draft_text_and_switches_the_speaker(runtime: Runtime) -> None:
    out = await _session(runtime, "/draft\nA first line\n:user ann\n/draft list\n")
    assert "(form cancelled, nothing saved)" in out
    assert "(now speaking as ann)" in out
    assert "No drafts yet" in out and "A first line" not in out.split("now speaking")[1]


async def test_a_buttons_number_as_first_line_presses_the_button(runtime: Runtime) -> None:
    out = await _session(runtime, "/draft list\n/draft\n1\n")
    assert "[1] Write a draft" in out
    assert out.count("(:cancel or Ctrl-C leaves the form)") == 2  # the button opened it again
    assert "Draft #1 is saved" not in out


async def test_a_blank_first_line_asks_for_the_text_instead_of_being_ignored(
    runtime: Runtime,
) -> None:
    out = await _session(runtime, "/draft\n\nWhy we test backups\n\n/draft list\n")
    assert "This field needs an answer; type it, or :cancel to leave the form." in out
    assert "Draft #1 is saved" in out


async def test_a_field_is_checked_as_it_is_typed_and_the_others_are_kept(
    runtime: Runtime,
) -> None:
    lines = "/chorus cafe add\nWriting café\nsoon-ish\n2026-12-03 15:00\n\nmany\n8\nRoom 4\n\n"
    out = await _session(runtime, lines)
    refused = out.index("I can't read “soon-ish” as a day and a time.")
    assert refused < out.index("… 2026-12-03 15:00") < out.index("Minutes (optional)")
    assert out.count("Title") == 2  # the form's list and its one question: never asked again
    assert "Write the number of seats, for example 8." in out
    assert "Writing café #1 is published" in out


async def test_a_piped_console_starts_with_the_banner_too(runtime: Runtime) -> None:
    out = await _session(runtime, "/idea list\n")
    assert out.startswith("Chorus console — the same commands as in Slack and Teams.")
