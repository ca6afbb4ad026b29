"""Member text cannot stall the event loop: patterns stay linear, and a line far over every
limit is refused before any pattern runs."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from bot.errors import UsageError
from bot.grammar import LINE_MAX_CHARS
from bot.guidelines.check import check
from bot.i18n import Count
from bot.model import NAME_MAX_CHARS, clean_name
from bot.registry import parse
from tests.helpers import Chat

# Generous: the quadratic patterns these replace took 1.8 s at 40,000 characters.
BUDGET_SECONDS = 0.5


def test_nested_channel_escapes_parse_in_linear_time() -> None:
    started = time.perf_counter()
    parse("/idea x " + "<#C1|" * (LINE_MAX_CHARS // 5 - 2))
    assert time.perf_counter() - started < BUDGET_SECONDS


def test_nested_mentions_are_checked_in_linear_time() -> None:
    started = time.perf_counter()
    check("<@U1|" * 2_000)  # the 10,000-character draft cap
    assert time.perf_counter() - started < BUDGET_SECONDS


def test_a_line_far_over_every_limit_is_refused_before_parsing() -> None:
    with pytest.raises(UsageError) as refused:
        parse("/idea x " + "<#C1|" * 20_000)
    assert refused.value.params["limit"] == Count(LINE_MAX_CHARS)


def test_display_names_lose_controls_bidi_and_zero_width_characters() -> None:
    assert clean_name("Ann\u202e\u200b\r\nLee\x1b") == "Ann Lee"
    assert clean_name("  Bente   Ørsted ") == "Bente Ørsted"
    assert len(clean_name("x" * 500)) == NAME_MAX_CHARS


async def test_a_member_is_registered_under_a_cleaned_name(chat: Chat) -> None:
    chat_actor = chat.actor("ann")
    actor = replace(chat_actor, display_name="Ann\u202eeivl\nx")
    await chat.core.handle_text(actor, "/idea Backups on Fridays")
    _, member = await chat.core.register(actor)
    assert member.display_name == "Anneivl x"
