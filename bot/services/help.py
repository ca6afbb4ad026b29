"""Help texts: what a member can type, in their language."""

from __future__ import annotations

from bot import commands as c
from bot.context import Context
from bot.i18n import Translator
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Header,
    Reply,
    Section,
)
from bot.messages import (
    Context as Small,
)


def _lines(tr: Translator, pairs: list[tuple[str, str]]) -> Section:
    from bot.messages import Text

    text = Text(())
    for index, (command, meaning) in enumerate(pairs):
        if index:
            text += Text.plain("\n")
        text += tr._t("{command} — {meaning}", command=command, meaning=meaning)
    return Section(text)


def _ideas(tr: Translator) -> list[Block]:
    return [
        Header(tr._("Ideas")),
        _lines(
            tr,
            [
                ("/idea TEXT #theme", tr._("park a post idea (up to 2,000 characters)")),
                ("/idea list [mine | open | #theme]", tr._("see the ideas in the bank")),
                ("/idea vote N", tr._("vote for an idea; vote again to take it back")),
                ("/idea claim N", tr._("say you will write it (/idea unclaim N gives it back)")),
                ("/idea show N", tr._("see one idea")),
                (
                    "/idea archive N",
                    tr._("take your idea out of the bank (/idea restore N brings it back)"),
                ),
            ],
        ),
    ]


def _coordinators(tr: Translator) -> list[Block]:
    return [
        Header(tr._("For coordinators")),
        _lines(
            tr,
            [
                ("/chorus channel", tr._("make the channel you type it in the ambassador channel")),
                ("/chorus theme add NAME", tr._("add a theme (5-10 work best)")),
                ("/chorus theme remove NAME", tr._("remove a theme")),
                (
                    "/chorus promote @name",
                    tr._("make a member a coordinator (/chorus demote @name undoes it)"),
                ),
                (
                    "/chorus language workspace da",
                    tr._("set the programme's language (en, da, nl)"),
                ),
                (
                    "/chorus timezone workspace Europe/Copenhagen",
                    tr._("set the programme's time zone"),
                ),
            ],
        ),
    ]


def _settings(tr: Translator) -> list[Block]:
    return [
        Header(tr._("Your settings")),
        _lines(
            tr,
            [
                ("/chorus language da", tr._("speak Danish with me (en, da or nl)")),
                ("/chorus timezone Europe/Amsterdam", tr._("show times in your time zone")),
                ("/chorus settings", tr._("see the programme's settings and yours")),
            ],
        ),
    ]


def _themes(tr: Translator) -> list[Block]:
    return [
        Header(tr._("Themes")),
        Section(
            tr._t(
                "Themes are the few things the company wants to be known for. Add them to an idea with #, for example: /idea Three lessons from our cloud migration #engineering"
            )
        ),
        _lines(tr, [("/chorus theme list", tr._("see the programme's themes"))]),
    ]


async def show_help(ctx: Context, cmd: c.ShowHelp) -> Reply:
    """General help, or one topic."""
    tr = ctx.tr
    topics = {
        "ideas": _ideas,
        "themes": _themes,
        "coordinators": _coordinators,
        "settings": _settings,
    }
    if cmd.topic in topics:
        return Reply.private(*topics[cmd.topic](tr))
    blocks: list[Block] = [
        Header(tr._("Chorus — your ambassador programme's home")),
        Section(
            tr._t(
                "Park post ideas, pick one to write, and cheer each other on. Everything you type here is private unless it is meant for the channel."
            )
        ),
        *_ideas(tr),
        *_themes(tr)[2:],
        *_settings(tr),
    ]
    if ctx.member.is_coordinator:
        blocks.extend(_coordinators(tr))
    else:
        blocks.append(Small(tr._t("Coordinators: /chorus help coordinators")))
    blocks.append(
        Actions(
            (
                Button(tr._("Park an idea"), "idea form", ButtonStyle.PRIMARY),
                Button(tr._("Open ideas"), "idea list open"),
            )
        )
    )
    return Reply.private(*blocks)
