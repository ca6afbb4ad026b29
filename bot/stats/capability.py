"""Programme numbers: what they add to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.jobs.runner import Job
from bot.stats import service
from bot.stats.commands import OpenDashboard, ShowMyFigures, ShowStats
from bot.stats.dashboard import open_dashboard
from bot.stats.grammar import CHORUS_WORDS
from bot.stats.jobs import status_note

STATS = Capability(
    "stats",
    handlers={
        ShowStats: service.show_stats,
        ShowMyFigures: service.show_my_figures,
        OpenDashboard: open_dashboard,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus me [week|month|quarter]",
            N_("your own figures, privately: what you contributed and the cheers you got"),
            "/chorus me month",
            ShowMyFigures,
            ("stats", "settings"),
        ),
        HelpLine(
            "/chorus stats [week|month|quarter|YYYY-Qn] [#theme]",
            N_(
                "the programme's figures against the period before: participation, activation, the idea → draft → post funnel, engagement, best times"
            ),
            "/chorus stats quarter",
            ShowStats,
            (COORDINATORS, "stats"),
        ),
        HelpLine(
            "/chorus dashboard",
            N_("a sign-in link to the web dashboard with charts and CSV files, by direct message"),
            "/chorus dashboard",
            OpenDashboard,
            (COORDINATORS, "stats"),
        ),
    ),
    topics=(
        HelpTopic(
            "stats",
            N_("Figures"),
            note=N_(
                "Active means at least one contribution in the period: an idea parked, a draft saved, feedback given, a post announced, a like, comment or share answered, a cheer given, or a slot or café booked. Participation is active members ÷ members enrolled at any time in the period. Nobody is ranked."
            ),
        ),
    ),
    jobs=(
        Job(
            "status-note",
            N_("last week's figures for coordinators, privately"),
            status_note,
        ),
    ),
)
