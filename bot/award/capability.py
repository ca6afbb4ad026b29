"""Ambassador of the quarter: what it adds to Chorus."""

from __future__ import annotations

from bot.award import service
from bot.award.commands import (
    AddRunnerUp,
    AnswerAward,
    Nominate,
    PickWinner,
    RemoveRunnerUp,
    ShowAwardHistory,
    ShowCandidates,
)
from bot.award.grammar import CHORUS_WORDS
from bot.award.jobs import award_reminder
from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.jobs.runner import Job

AWARD = Capability(
    "award",
    handlers={
        Nominate: service.nominate,
        ShowCandidates: service.show_candidates,
        ShowAwardHistory: service.show_history,
        PickWinner: service.pick_winner,
        AnswerAward: service.answer_award,
        AddRunnerUp: service.add_runner_up,
        RemoveRunnerUp: service.remove_runner_up,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus nominate @name REASON",
            N_(
                "nominate a colleague for ambassador of the quarter (in the quarter's last two weeks; only coordinators read it)"
            ),
            "/chorus nominate @bente her posts on our backup tests taught customers something new",
            Nominate,
            ("award",),
        ),
        HelpLine(
            "/chorus award [clicks]",
            N_("the candidates for ambassador of the quarter, with their nominations and evidence"),
            "/chorus award",
            ShowCandidates,
            (COORDINATORS, "award"),
        ),
        HelpLine(
            "/chorus award pick @name CITATION",
            N_("choose the ambassador of the quarter; the channel gets your citation"),
            "/chorus award pick @bente for posts that explained our work in her own voice",
            PickWinner,
            (COORDINATORS, "award"),
        ),
        HelpLine(
            "/chorus award runner-up @name [NOTE]",
            N_(
                "before the pick, mention up to three runners-up, named with the winner (runner-up remove @name takes one back)"
            ),
            "/chorus award runner-up @dan for the series on our support desk",
            AddRunnerUp,
            (COORDINATORS, "award"),
        ),
        HelpLine(
            "/chorus award history",
            N_("every ambassador of the quarter so far"),
            "/chorus award history",
            ShowAwardHistory,
            (COORDINATORS, "award"),
        ),
    ),
    topics=(HelpTopic("award", N_("Ambassador of the quarter")),),
    examples={
        AnswerAward: "/chorus award announce",
        RemoveRunnerUp: "/chorus award runner-up remove @dan",
    },
    jobs=(
        Job(
            "award-reminder",
            N_(
                "opens nominations for ambassador of the quarter and reminds coordinators to choose"
            ),
            award_reminder,
        ),
    ),
)
