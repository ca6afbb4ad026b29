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
from bot.services.guidelines import guidelines_help


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


def _drafts(tr: Translator) -> list[Block]:
    return [
        Header(tr._("Drafts and posts")),
        _lines(
            tr,
            [
                ("/draft [TEXT]", tr._("write a private draft (alone: opens the editor)")),
                ("/draft list", tr._("your drafts; /draft show N shows one with its hints")),
                ("/draft edit N", tr._("a new version of a draft (all versions are kept)")),
                ("/draft feedback N [@colleague]", tr._("ask the coordinators for feedback")),
                ("/draft discard N", tr._("set a draft aside (/draft restore N within 30 days)")),
                ("/idea draft N", tr._("start a draft from an idea you claimed")),
                ("/posted URL [N]", tr._("announce your published post (N: the draft it was)")),
                ("/cheer @name REASON", tr._("thank a colleague, in the channel and privately")),
            ],
        ),
    ]


def _cheers(tr: Translator) -> list[Block]:
    return [
        Header(tr._("Cheers")),
        _lines(
            tr,
            [
                ("/cheer @name REASON", tr._("thank a colleague, in the channel and privately")),
                (
                    "/chorus cheers private",
                    tr._("cheers for you stay private (/chorus cheers public undoes it)"),
                ),
            ],
        ),
    ]


def _bookings(tr: Translator) -> list[Block]:
    return [
        Header(tr._("Feedback slots and writing cafés")),
        _lines(
            tr,
            [
                ("/book", tr._("see the free feedback slots and writing cafés, and book one")),
                ("/book mine", tr._("your bookings")),
                (
                    "/book cancel slot N",
                    tr._("give a slot back (/book cancel cafe N for a café seat)"),
                ),
                (
                    "/book attach slot N",
                    tr._("attach your draft, so the coordinator can read it before you meet"),
                ),
                ("/chorus calendar", tr._("your private calendar feed with your bookings")),
            ],
        ),
        Small(
            tr._t(
                "Coordinators publish slots with /chorus slot add YYYY-MM-DD HH:MM [MINUTES] and cafés with /chorus cafe add."
            )
        ),
    ]


def _booking_coordinators(tr: Translator) -> list[Block]:
    return [
        _lines(
            tr,
            [
                (
                    "/chorus slot add YYYY-MM-DD HH:MM [MINUTES] [PLACE]",
                    tr._(
                        "publish a drop-in feedback slot (programme time zone, 15 minutes unless you say)"
                    ),
                ),
                (
                    "/chorus slot series tue 14:00-15:00 15 8 [PLACE]",
                    tr._("weekly slots: 15-minute slots on Tuesdays 14-15 for 8 weeks"),
                ),
                ("/chorus slot list", tr._("upcoming slots, booked or free")),
                (
                    "/chorus slot cancel N [NOTE]",
                    tr._("cancel a slot; its booker is told, with your note"),
                ),
                (
                    "/chorus slot cancel series N [NOTE]",
                    tr._("cancel the rest of a series"),
                ),
                (
                    "/chorus cafe add",
                    tr._("publish a writing café: title, time, place, seats and topic"),
                ),
                (
                    "/chorus cafe cancel N [NOTE]",
                    tr._("cancel a café; everyone with a seat or on the waitlist is told"),
                ),
                (
                    "/chorus bookings [DAY]",
                    tr._("upcoming bookings per day, with the drafts attached"),
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
        *_booking_coordinators(tr),
        _lines(
            tr,
            [
                ("/chorus guidelines", tr._("edit the guidelines members see")),
                (
                    "/chorus offlimits add NAME",
                    tr._("a customer or code name drafts get a hint about (list, remove)"),
                ),
                ("/chorus pitch add PHRASE", tr._("a sales-pitch phrase to hint about")),
                ("/draft list all", tr._("everyone's drafts")),
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
        "bookings": _bookings,
    }
    if cmd.topic in topics:
        return Reply.private(*topics[cmd.topic](tr))
    if cmd.topic == "guidelines":
        return Reply.private(*await guidelines_help(ctx, tr))
    if cmd.topic == "drafts":
        return Reply.private(*_drafts(tr))
    if cmd.topic == "cheers":
        return Reply.private(*_cheers(tr))
    blocks: list[Block] = [
        Header(tr._("Chorus — your ambassador programme's home")),
        Section(
            tr._t(
                "Park post ideas, pick one to write, and cheer each other on. Everything you type here is private unless it is meant for the channel."
            )
        ),
        *_ideas(tr),
        *_themes(tr)[2:],
        *_drafts(tr),
        *_bookings(tr),
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
