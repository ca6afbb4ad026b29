"""The content library: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.library import balance, service
from bot.library.commands import (
    DraftFromItem,
    ExpireItem,
    ListLibrary,
    MarkItem,
    PickItem,
    PinItem,
    ShowBalance,
    ShowItem,
    SuggestItem,
)
from bot.library.grammar import WORDS

LIBRARY = Capability(
    "library",
    handlers={
        SuggestItem: service.suggest_item,
        ListLibrary: service.list_library,
        ShowItem: service.show_item,
        PickItem: service.pick_item,
        DraftFromItem: service.draft_from_item,
        MarkItem: service.mark_item,
        ExpireItem: service.expire_item,
        PinItem: service.pin_item,
        ShowBalance: balance.show_balance,
    },
    words=WORDS,
    help=(
        HelpLine(
            "/share URL [#theme] [NOTE]",
            N_("suggest something worth sharing for the content library"),
            "/share https://example.com/green-data-centres #sustainability Our numbers are in it",
            SuggestItem,
            ("library",),
        ),
        HelpLine(
            "/share list [#theme] [company | external]",
            N_("the library, pinned and most picked first"),
            "/share list #sustainability",
            ListLibrary,
            ("library",),
        ),
        HelpLine(
            "/share pick N",
            N_("I'll share this: get angles and start a draft with the link"),
            "/share pick 3",
            PickItem,
            ("library",),
        ),
        HelpLine(
            "/share company N / external N",
            N_("mark an item as company content or external"),
            "/share company 3",
            MarkItem,
            (COORDINATORS,),
        ),
        HelpLine(
            "/share expire N YYYY-MM-DD",
            N_("the last day an item is worth sharing (never: no end)"),
            "/share expire 3 2026-12-31",
            ExpireItem,
            (COORDINATORS,),
        ),
        HelpLine(
            "/share pin N / unpin N",
            N_("pin up to three items as the week's picks"),
            "/share pin 3",
            PinItem,
            (COORDINATORS,),
        ),
        HelpLine(
            "/share stats [week | month | quarter]",
            N_("the company/external mix of what was shared, against the target"),
            "/share stats month",
            ShowBalance,
            (COORDINATORS,),
        ),
    ),
    topics=(HelpTopic("library", N_("Content to share"), overview=35),),
    examples={ShowItem: "/share show 3", DraftFromItem: "/share draft 3 2"},
)
