"""The Block Kit renderer keeps Slack's limits and escapes everything a member wrote."""

from __future__ import annotations

import json
import re

from adapters.slack.payloads import unescape_command_text
from adapters.slack.render import (
    escape,
    home_view,
    modal,
    render_message,
)
from bot.messages import (
    Actions,
    Block,
    Button,
    Divider,
    Fields,
    Form,
    Header,
    Input,
    Message,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
    mention,
)
from tests.adapters.slack.fake_slack import validate_blocks, validate_view

HOSTILE = "<!channel> <!here> <@U0EVIL01> <https://evil.example|bank> & *"


def every_block_kind() -> list[Block]:
    return [
        Header(HOSTILE * 10),
        Section(Text.plain("Hello ") + Text((mention("U0ANN0001", "Ann"),)) + Text.user(HOSTILE)),
        Section(
            Text(
                (
                    Span("bold", bold=True),
                    Span(" and "),
                    Span("a link", SpanKind.LINK, url="https://example.com/x?a=1&b=2"),
                )
            )
        ),
        Quote(HOSTILE + "\nsecond line"),
        Fields(tuple((f"label {i}", Text.user(HOSTILE)) for i in range(12))),
        Note(Text.user(HOSTILE)),
        Actions(tuple(Button("b" * 100, f"idea vote {i}") for i in range(30))),
        Divider(),
    ]


def test_every_neutral_block_renders_to_valid_block_kit() -> None:
    [part] = render_message(Message(tuple(every_block_kind()), summary=HOSTILE))

    assert validate_blocks(part.blocks) == []
    dumped = json.dumps(part.blocks) + part.text
    for danger in ("<!channel>", "<!here>", "<@U0EVIL01>", "<https://evil"):
        assert danger not in dumped
    assert "<@U0ANN0001>" in dumped
    assert "<https://example.com/x?a=1&amp;b=2|a link>" in dumped
    assert "*bold*" in dumped


def test_action_ids_are_unique_within_a_message() -> None:
    [part] = render_message(
        Message((Actions((Button("A", "a"), Button("B", "b"))), Actions((Button("C", "c"),))))
    )

    ids = [e["action_id"] for b in part.blocks for e in b["elements"]]
    assert ids == ["chorus:0", "chorus:1", "chorus:2"]


def test_a_list_longer_than_fifty_blocks_is_split_into_several_messages() -> None:
    blocks: list[Block] = []
    for number in range(40):
        blocks += [
            Section(Text.user(f"Idea {number}")),
            Actions((Button("Vote", f"idea vote {number}"),)),
            Divider(),
        ]

    parts = render_message(Message(tuple(blocks), summary="Ideas"))

    assert len(parts) == 3
    assert all(validate_blocks(p.blocks) == [] and len(p.blocks) <= 50 for p in parts)
    assert all(p.text == "Ideas" for p in parts)
    values = [
        e["value"] for p in parts for b in p.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert values == [f"idea vote {n}" for n in range(40)]


def test_long_text_is_split_without_breaking_an_escape() -> None:
    text = ("a&" * 1499 + "\n") * 4

    [part] = render_message(Message((Section(Text.user(text)), Quote(text))))

    assert validate_blocks(part.blocks) == []
    for block in part.blocks:
        body = block["text"]["text"]
        assert len(body) <= 3000
        assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt);)*", body, re.DOTALL)
    joined = "".join(b["text"]["text"] for b in part.blocks if b["text"]["type"] == "plain_text")
    assert joined.count("&amp;") == 1499 * 4


def test_the_fallback_text_is_escaped_and_short() -> None:
    [part] = render_message(Message((Section(Text.user(HOSTILE * 500)),)))

    assert len(part.text) <= 3000 and "<!channel>" not in part.text


def test_a_form_becomes_a_modal_within_slacks_limits() -> None:
    form = Form(
        title="A title that is much longer than Slack allows",
        submit_label="Submit this form right now please",
        command="idea",
        inputs=(
            Input(
                "text",
                HOSTILE,
                multiline=True,
                max_length=2000,
                placeholder=HOSTILE * 10,
                hint=HOSTILE,
            ),
            Input("themes", "Themes", optional=True, initial="<!here>"),
        ),
        errors=(("text", HOSTILE),),
    )

    view = modal(form, channel_id="C0AMBASSADOR")

    assert validate_view(view) == []
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    assert json.loads(view["private_metadata"]) == {"command": "idea", "channel": "C0AMBASSADOR"}
    assert "<!here>" not in json.dumps(view) and "<!channel>" not in json.dumps(view)


def test_the_home_tab_keeps_to_a_hundred_blocks() -> None:
    view = home_view(Message(tuple(Section(Text.user(f"line {n}")) for n in range(150))))

    assert validate_view(view) == []
    assert len(view["blocks"]) == 100


def test_escape_covers_slacks_three_control_characters() -> None:
    assert escape("a & b < c > d") == "a &amp; b &lt; c &gt; d"


def test_command_text_is_unescaped_to_what_the_member_typed() -> None:
    assert (
        unescape_command_text(
            "Fish &amp; chips &lt;3 <https://example.com|example.com> <https://a.example/x> "
            "<mailto:a@b.example|a@b.example> <!here> <!subteam^S0TEAM|@writers> "
            "<@U0ANN0001|ann> <#C0AMB|ambassadors> &lt;@U0FAKE&gt;"
        )
        == "Fish & chips <3 example.com https://a.example/x a@b.example @here @writers "
        "<@U0ANN0001|ann> <#C0AMB|ambassadors> <@U0FAKE>"
    )
