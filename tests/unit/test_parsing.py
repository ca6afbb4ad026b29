"""One grammar for every platform."""

from __future__ import annotations

import pytest

from bot.commands import Command, MemberRef
from bot.errors import UsageError
from bot.help.commands import ShowHelp
from bot.ideas.commands import (
    ArchiveIdea,
    ClaimIdea,
    IdeaFilter,
    ListIdeas,
    OpenIdeaForm,
    RestoreIdea,
    ShowIdea,
    SubmitIdea,
    UnclaimIdea,
    VoteIdea,
)
from bot.model import Role
from bot.programme.commands import (
    AddTheme,
    ListThemes,
    RemoveTheme,
    SetChannel,
    SetLanguage,
    SetRole,
    SetTimezone,
    ShowSettings,
)
from bot.registry import parse, parse_form


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "/idea Backups every Friday #engineering",
            SubmitIdea("Backups every Friday", ("engineering",)),
        ),
        ("idea Backups every Friday", SubmitIdea("Backups every Friday")),
        ("/IDEA  Mixed case  ", SubmitIdea("Mixed case")),
        (
            "/idea Why #1 matters #culture #Engineering",
            SubmitIdea("Why #1 matters", ("culture", "Engineering")),
        ),
        (
            "/idea First line\nsecond line #culture",
            SubmitIdea("First line\nsecond line", ("culture",)),
        ),
        (
            "/idea Slack channel tag <#C024BE7LR|culture>",
            SubmitIdea("Slack channel tag", ("culture",)),
        ),
        ("/idea new list of five tips", SubmitIdea("list of five tips")),
        ("/idea list", ListIdeas()),
        ("/idea list mine", ListIdeas(IdeaFilter.MINE)),
        ("/idea list open 3", ListIdeas(IdeaFilter.OPEN, page=3)),
        ("/idea list #culture", ListIdeas(IdeaFilter.THEME, theme="culture")),
        ("/idea list 2", ListIdeas(page=2)),
        ("/idea vote 1", VoteIdea(1)),
        ("/idea vote #12", VoteIdea(12)),
        ("/idea claim 3", ClaimIdea(3)),
        ("/idea unclaim 3", UnclaimIdea(3)),
        ("/idea archive 3", ArchiveIdea(3)),
        ("/idea restore 3", RestoreIdea(3)),
        ("/idea show 3", ShowIdea(3)),
        ("/idea form", OpenIdeaForm()),
        ("/chorus", ShowHelp()),
        ("help", ShowHelp()),
        ("/chorus help ideas", ShowHelp("ideas")),
        ("/chorus theme add open-banking", AddTheme("open-banking")),
        ("/chorus theme add #Bæredygtighed", AddTheme("Bæredygtighed")),
        ("/chorus theme remove culture", RemoveTheme("culture")),
        ("/chorus themes", ListThemes()),
        ("/chorus channel", SetChannel()),
        ("/chorus channel <#C123|ambassadors>", SetChannel("C123")),
        (
            "/chorus promote <@U123|bente>",
            SetRole(MemberRef("U123", "bente"), Role.COORDINATOR),
        ),
        ("/chorus demote <@U123>", SetRole(MemberRef("U123"), Role.AMBASSADOR)),
        ("/chorus promote @bente", SetRole(MemberRef(name="bente"), Role.COORDINATOR)),
        ("/chorus language da", SetLanguage("da")),
        ("/chorus language workspace nl", SetLanguage("nl", workspace=True)),
        ("/chorus timezone Europe/Amsterdam", SetTimezone("Europe/Amsterdam")),
        ("/chorus settings", ShowSettings()),
    ],
)
def test_lines_parse_into_commands(line: str, expected: Command) -> None:
    assert parse(line) == expected


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("", "/chorus help"),
        ("   ", "/chorus help"),
        ("/idea", "/idea Why we test"),
        ("/idea vote", "/idea vote 3"),
        ("/idea vote one", "/idea vote 3"),
        ("/idea claim -1", "/idea claim 3"),
        ("/idea list everything please", "/idea list mine"),
        ("/frobnicate", "/chorus help"),
        ("/chorus frobnicate", "/chorus help"),
        ("/chorus help nonsense", "/chorus help"),
        ("/chorus theme add two words", "one word"),
        ("/chorus theme", "/chorus theme list"),  # parsed as list: no error
        ("/chorus promote bente", "@bente"),
        ("/chorus language", "en, da or nl"),
        ("/chorus channel somewhere", "/chorus channel"),
    ],
)
def test_bad_lines_say_what_to_type(line: str, hint: str) -> None:
    if line == "/chorus theme":
        assert parse(line) == ListThemes()
        return
    with pytest.raises(UsageError) as caught:
        parse(line)
    rendered = caught.value.msgid.format(**{k: str(v) for k, v in caught.value.params.items()})
    assert hint in rendered


def test_an_empty_idea_offers_the_form() -> None:
    with pytest.raises(UsageError) as caught:
        parse("/idea")
    assert [b.command for b in caught.value.buttons] == ["idea form"]


def test_the_idea_form_splits_themes_on_spaces_and_commas() -> None:
    assert parse_form("idea", {"text": " Hello ", "themes": "#a, b  #c"}) == SubmitIdea(
        "Hello", ("a", "b", "c")
    )
    with pytest.raises(UsageError):
        parse_form("idea", {"text": ""})
    with pytest.raises(UsageError):
        parse_form("unknown-form", {"text": "x"})
