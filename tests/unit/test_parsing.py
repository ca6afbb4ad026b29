"""One grammar for every platform."""

from __future__ import annotations

import pytest

from bot import commands as c
from bot.errors import UsageError
from bot.model import Role
from bot.parsing import parse, parse_form


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "/idea Backups every Friday #engineering",
            c.SubmitIdea("Backups every Friday", ("engineering",)),
        ),
        ("idea Backups every Friday", c.SubmitIdea("Backups every Friday")),
        ("/IDEA  Mixed case  ", c.SubmitIdea("Mixed case")),
        (
            "/idea Why #1 matters #culture #Engineering",
            c.SubmitIdea("Why #1 matters", ("culture", "Engineering")),
        ),
        (
            "/idea First line\nsecond line #culture",
            c.SubmitIdea("First line\nsecond line", ("culture",)),
        ),
        (
            "/idea Slack channel tag <#C024BE7LR|culture>",
            c.SubmitIdea("Slack channel tag", ("culture",)),
        ),
        ("/idea new list of five tips", c.SubmitIdea("list of five tips")),
        ("/idea list", c.ListIdeas()),
        ("/idea list mine", c.ListIdeas(c.IdeaFilter.MINE)),
        ("/idea list open 3", c.ListIdeas(c.IdeaFilter.OPEN, page=3)),
        ("/idea list #culture", c.ListIdeas(c.IdeaFilter.THEME, theme="culture")),
        ("/idea list 2", c.ListIdeas(page=2)),
        ("/idea vote 1", c.VoteIdea(1)),
        ("/idea vote #12", c.VoteIdea(12)),
        ("/idea claim 3", c.ClaimIdea(3)),
        ("/idea unclaim 3", c.UnclaimIdea(3)),
        ("/idea archive 3", c.ArchiveIdea(3)),
        ("/idea restore 3", c.RestoreIdea(3)),
        ("/idea show 3", c.ShowIdea(3)),
        ("/idea form", c.OpenIdeaForm()),
        ("/chorus", c.ShowHelp()),
        ("help", c.ShowHelp()),
        ("/chorus help ideas", c.ShowHelp("ideas")),
        ("/chorus theme add open-banking", c.AddTheme("open-banking")),
        ("/chorus theme add #Bæredygtighed", c.AddTheme("Bæredygtighed")),
        ("/chorus theme remove culture", c.RemoveTheme("culture")),
        ("/chorus themes", c.ListThemes()),
        ("/chorus channel", c.SetChannel()),
        ("/chorus channel <#C123|ambassadors>", c.SetChannel("C123")),
        (
            "/chorus promote <@U123|bente>",
            c.SetRole(c.MemberRef("U123", "bente"), Role.COORDINATOR),
        ),
        ("/chorus demote <@U123>", c.SetRole(c.MemberRef("U123"), Role.AMBASSADOR)),
        ("/chorus promote @bente", c.SetRole(c.MemberRef(name="bente"), Role.COORDINATOR)),
        ("/chorus language da", c.SetLanguage("da")),
        ("/chorus language workspace nl", c.SetLanguage("nl", workspace=True)),
        ("/chorus timezone Europe/Amsterdam", c.SetTimezone("Europe/Amsterdam")),
        ("/chorus settings", c.ShowSettings()),
    ],
)
def test_lines_parse_into_commands(line: str, expected: c.Command) -> None:
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
        assert parse(line) == c.ListThemes()
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
    assert parse_form("idea", {"text": " Hello ", "themes": "#a, b  #c"}) == c.SubmitIdea(
        "Hello", ("a", "b", "c")
    )
    with pytest.raises(UsageError):
        parse_form("idea", {"text": ""})
    with pytest.raises(UsageError):
        parse_form("unknown-form", {"text": "x"})
