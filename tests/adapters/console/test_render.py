"""What members type reaches the terminal as inert text."""

from __future__ import annotations

from adapters.console.render import Style, render_message
from bot.messages import Audience, Message, Section, Text


def test_escape_sequences_and_bidi_overrides_in_member_text_are_not_printed() -> None:
    typed = "ok\x1b[2J\x1b]0;pwned\x07 \u202etxt.exe\nnext line"
    message = Message((Section(Text.user(typed)),), Audience.PRIVATE)
    lines = render_message(message, Style(enabled=False), lambda command: "1", channel="#c")
    shown = "\n".join(lines)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "ok[2J]0;pwned txt.exe" in shown
    assert "next line" in shown
