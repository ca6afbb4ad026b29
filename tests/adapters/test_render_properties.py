"""Whatever a member types, what reaches Slack or Teams is inert: no raw broadcast, mention
or disguised link, no Teams ``<at>``, no control or bidi character."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.render import render_message
from adapters.teams.render import render_card
from bot.messages import Audience, Fields, Message, Quote, Section, Text

MARKUP = st.sampled_from(
    ["<!channel>", "<!here>", "<@U123|boss>", "<https://evil.example|bank>", "<at>x</at>", "<#C1>"]
)
OTHER = st.sampled_from(["&", "&amp;", "<", ">", "|", "*", "_", "\n", "\u202e", "\x1b[31m", "\x00"])
TYPED = st.lists(st.one_of(MARKUP, OTHER, st.text(max_size=15)), max_size=25).map("".join)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _message(typed: str) -> Message:
    return Message(
        (
            Section(Text.plain("Idea: ") + Text.user(typed)),
            Quote(typed),
            Fields(((typed[:40] or "x", Text.user(typed)),)),
        ),
        Audience.CHANNEL,
        summary=typed[:100],
    )


def _no_controls(text: str) -> bool:
    return all(
        ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in "\u202e") for ch in text
    )


@settings(max_examples=200, deadline=None)
@given(TYPED)
def test_slack_gets_no_live_markup_and_no_control_characters(typed: str) -> None:
    for part in render_message(_message(typed)):
        sent = [*_strings(part.blocks), part.text]
        for text in sent:
            assert "<" not in text, text  # every Slack control sequence starts with "<"
            assert _no_controls(text), text


@settings(max_examples=200, deadline=None)
@given(TYPED, st.booleans())
def test_teams_gets_no_mention_markup_and_no_control_characters(typed: str, shared: bool) -> None:
    card = render_card(_message(typed), shared=shared)
    for text in _strings(card):
        assert "<at>" not in text and "</at>" not in text, text
        assert _no_controls(text), text
    json.dumps(card)  # serialisable as it is sent
