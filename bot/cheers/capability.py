"""Cheers: what they add to Chorus."""

from __future__ import annotations

from bot.capability import Capability, HelpLine, HelpTopic
from bot.cheers import service
from bot.cheers.commands import (
    CheerByReaction,
    CheerPost,
    GiveCheer,
    SetCheerVisibility,
    WithdrawReactionCheer,
)
from bot.cheers.grammar import CHORUS_WORDS, WORDS
from bot.i18n import N_

CHEERS = Capability(
    "cheers",
    handlers={
        GiveCheer: service.give_cheer,
        CheerPost: service.cheer_post,
        SetCheerVisibility: service.set_cheer_visibility,
        CheerByReaction: service.cheer_by_reaction,
        WithdrawReactionCheer: service.withdraw_reaction_cheer,
    },
    words=WORDS,
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/cheer @name REASON",
            N_("thank a colleague, in the channel and privately"),
            "/cheer @bente for explaining our backup tests so clearly",
            GiveCheer,
            ("drafts", "cheers"),
        ),
        HelpLine(
            "/chorus cheers private",
            N_("cheers for you stay private (/chorus cheers public undoes it)"),
            "/chorus cheers private",
            SetCheerVisibility,
            ("cheers",),
        ),
    ),
    topics=(HelpTopic("cheers", N_("Cheers")),),
    examples={CheerPost: "posted cheer 3"},
    events=(CheerByReaction, WithdrawReactionCheer),
)
