"""Properties that must hold for any text a member can type: the grammar answers every line
with a command or a friendly error, in time linear in its length."""

from __future__ import annotations

import contextlib
import time

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.errors import ChorusError
from bot.guidelines.check import check
from bot.registry import parse

# Fragments of Slack and Teams markup, the shapes that have tripped parsers before.
FRAGMENTS = st.sampled_from(
    [
        "<#C1|",
        "<#C1>",
        "<@U1|",
        "<@U1>",
        "<!channel>",
        "<!here>",
        "<https://x.example|",
        "<at>",
        "</at>",
        "#",
        "@",
        "|",
        ">",
        "<",
        " ",
        "\n",
        "\u202e",
        "\u200b",
        "\x1b[2J",
        "æøå",
        "🎉",
    ]
)
COMMAND_WORDS = [
    "/idea",
    "/draft",
    "/posted",
    "/share",
    "/cheer",
    "/book",
    "/chorus",
    "help",
    "9999",
]
WORDS = st.sampled_from(COMMAND_WORDS)
MEMBER_TEXT = st.builds(
    lambda word, parts: word + " " + "".join(parts),
    WORDS,
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=60),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(MEMBER_TEXT, st.text(max_size=500)))
def test_any_line_parses_to_a_command_or_a_friendly_error(line: str) -> None:
    try:
        parse(line)
    except ChorusError as error:  # a message from the catalogue, never a crash
        refused = error
    else:
        return
    assert refused.msgid


@settings(max_examples=60, deadline=None)
@given(st.lists(FRAGMENTS, min_size=1, max_size=4), WORDS)
@example(["<#C1|"], "/idea")  # the shape that took 1.8 s at 40,000 characters
@example(["<@U1|"], "/draft")
def test_parsing_and_checking_stay_linear_in_the_length(pattern: list[str], word: str) -> None:
    # About 19,000 characters of any markup pattern, within a generous 5 µs a character:
    # the quadratic patterns this replaced needed half a second for the same.
    unit = "".join(pattern)
    line = word + " " + unit * (19_000 // len(unit))  # under the 20,000 refusal
    started = time.perf_counter()
    with contextlib.suppress(ChorusError):
        parse(line)
    check(line[:10_000])
    assert time.perf_counter() - started < 5e-6 * len(line) + 0.05
