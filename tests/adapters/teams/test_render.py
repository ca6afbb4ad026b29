"""Neutral replies → Adaptive Cards 1.5: every element, escaping, mentions, buttons."""

from __future__ import annotations

from adapters.teams.render import (
    CARD_KEY,
    COMMAND_KEY,
    FORM_DEF_KEY,
    FORM_KEY,
    escape,
    form_definition,
    form_from_definition,
    render_card,
)
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
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
from tests.adapters.teams.conftest import actions_of, assert_valid_card, texts_of

HOSTILE = "<at>Alice</at> **loud** _it_ ~x~ `code` [click](https://evil.example) <b> &lt;at&gt; {{DATE(2017-02-14T06:08:39Z, SHORT)}} \\"


def private(*blocks: Block) -> Message:
    return Message(blocks, Audience.PRIVATE)


def test_every_neutral_element_renders_to_a_valid_card() -> None:
    form = Form(
        "Park an idea",
        "Park it",
        "idea",
        (
            Input("text", "Your idea", multiline=True, max_length=2000, placeholder="What?"),
            Input("themes", "Themes", optional=True, hint="Separate with spaces", initial="#x"),
        ),
        errors=(("text", "Write your idea in the text field."),),
    )
    message = private(
        Header("Settings"),
        Section(Text.plain("Hello ") + Text((mention("aad-1", "Ann"),))),
        Quote("A member's own words\n\nwith a second paragraph"),
        Fields(
            (("Themes", Text.user("#a, #b")), ("Coordinators", Text((mention("aad-2", "Bo"),))))
        ),
        Note(Text.plain("small print")),
        Divider(),
        Actions(
            (
                Button("Vote (1)", "idea vote 1", ButtonStyle.PRIMARY),
                Button("Archive", "idea archive 1", ButtonStyle.DANGER),
            )
        ),
        form,
    )
    card = render_card(message, shared=False)
    assert_valid_card(card)
    kinds = [element["type"] for element in card["body"]]
    assert kinds[:2] == ["TextBlock", "TextBlock"]
    assert "Container" in kinds and "ColumnSet" in kinds and "ActionSet" in kinds
    assert "Input.Text" in kinds
    inputs = [e for e in card["body"] if e["type"] == "Input.Text"]
    assert inputs[0] == {
        "type": "Input.Text",
        "id": "text",
        "label": "Your idea",
        "isMultiline": True,
        "isRequired": True,
        "placeholder": "What?",
        "maxLength": 2000,
        "errorMessage": "Write your idea in the text field.",
    }
    assert inputs[1]["isRequired"] is False and inputs[1]["value"] == "#x"
    assert "Write your idea in the text field\\." not in texts_of(card)  # plain: no list marker
    assert any(t == "Write your idea in the text field." for t in texts_of(card))
    assert "msteams" not in card
    divided = next(e for e in card["body"] if e.get("separator"))
    assert divided["type"] == "ActionSet"


def test_user_text_cannot_form_mentions_links_formatting_or_date_functions() -> None:
    card = render_card(private(Section(Text.user(HOSTILE)), Quote(HOSTILE)), shared=False)
    assert_valid_card(card)
    assert "msteams" not in card  # no mention entity: nothing can become a mention
    for text in texts_of(card):
        assert "<at>" not in text and "<b>" not in text
        assert "**loud**" not in text and "[click](" not in text and "`code`" not in text
        assert "{{" not in text and "\\&lt;at\\&gt;" in text
        assert "\\<at\\>Alice\\</at\\>" in text and "\\*\\*loud\\*\\*" in text
        assert "\\[click\\](https://evil.example)" in text


def test_line_starts_that_would_make_lists_or_headings_stay_text() -> None:
    assert escape("- not a list") == "\\- not a list"
    assert escape("1. not numbered") == "1\\. not numbered"
    assert escape("# not a heading") == "\\# not a heading"
    assert escape("well-known #culture 1.5") == "well-known #culture 1.5"


def test_a_mention_shows_the_name_in_bold_and_the_card_stays_schema_valid() -> None:
    card = render_card(
        private(Section(Text.plain("Thanks ") + Text((mention("aad-bente", "Bente <Hansen>"),)))),
        shared=False,
    )
    assert_valid_card(card)
    assert texts_of(card) == ["Thanks **Bente Hansen**"]
    assert "msteams" not in card


def test_links_and_bold_spans_keep_their_meaning_but_not_their_markup() -> None:
    text = Text(
        (
            Span("my post", SpanKind.LINK, url="https://www.linkedin.com/posts/a_(b)"),
            Span(" "),
            Span(" important ", bold=True),
            Span("[x](javascript:alert(1))", SpanKind.LINK, url="javascript:alert(1)"),
        )
    )
    [block] = render_card(private(Section(text)), shared=False)["body"]
    assert block["text"] == (
        "[my post](https://www.linkedin.com/posts/a_%28b%29)  **important** "
        "\\[x\\](javascript:alert(1))"
    )


def test_line_breaks_become_separate_text_blocks() -> None:
    body = render_card(private(Section(Text.plain("one\ntwo\n\nthree"))), shared=False)["body"]
    assert [b["text"] for b in body] == ["one", "two", "three"]
    assert (
        "spacing" not in body[0] and body[1]["spacing"] == "None" and body[2]["spacing"] == "Medium"
    )


def test_private_buttons_submit_and_shared_buttons_execute_with_the_command() -> None:
    buttons = Actions(
        (Button("Vote (0)", "idea vote 3", ButtonStyle.PRIMARY), Button("Claim", "idea claim 3"))
    )
    [vote, claim] = actions_of(render_card(private(buttons), shared=False))
    assert vote == {
        "type": "Action.Submit",
        "title": "Vote (0)",
        "data": {COMMAND_KEY: "idea vote 3"},
        "style": "positive",
    }
    assert claim["type"] == "Action.Submit"
    channel = Message((buttons,), Audience.CHANNEL, key="idea:3")
    card = render_card(channel, shared=True)
    assert_valid_card(card)
    [vote, claim] = actions_of(card)
    assert vote["type"] == "Action.Execute" and vote["verb"] == "chorus"
    assert vote["data"] == {COMMAND_KEY: "idea vote 3", CARD_KEY: "idea:3"}
    assert claim["data"] == {COMMAND_KEY: "idea claim 3", CARD_KEY: "idea:3"}


def test_a_form_card_carries_what_it_needs_to_show_itself_again() -> None:
    form = Form(
        "Park an idea",
        "Park it",
        "idea",
        (Input("text", "Your idea", multiline=True, max_length=2000),),
    )
    [submit] = actions_of(render_card(private(form), shared=False))
    assert submit["type"] == "Action.Submit" and submit["title"] == "Park it"
    assert submit["data"][FORM_KEY] == "idea"
    again = form_from_definition("idea", submit["data"][FORM_DEF_KEY])
    assert again == form
    assert form_from_definition("idea", {"title": 3}) is None
    assert form_from_definition("idea", "nonsense") is None
    assert form_definition(form)["inputs"][0]["max_length"] == 2000
