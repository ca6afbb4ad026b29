"""Privacy: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.jobs.runner import Job
from bot.privacy import service
from bot.privacy.commands import EraseMember, ExportMyData, ShowPrivacy
from bot.privacy.grammar import CHORUS_WORDS
from bot.privacy.jobs import housekeeping

PRIVACY = Capability(
    "privacy",
    handlers={
        ShowPrivacy: service.show_privacy,
        ExportMyData: service.export_my_data,
        EraseMember: service.erase_member,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus privacy",
            N_("what Chorus keeps about you, why, for how long and who sees it"),
            "/chorus privacy",
            ShowPrivacy,
            ("privacy",),
        ),
        HelpLine(
            "/chorus privacy export",
            N_("a ZIP of everything Chorus keeps about you"),
            "/chorus privacy export",
            ExportMyData,
            ("privacy",),
        ),
        HelpLine(
            "/chorus member erase @name",
            N_("erase a member's data (you confirm first)"),
            "/chorus member erase @bente",
            EraseMember,
            (COORDINATORS, "privacy"),
        ),
    ),
    topics=(HelpTopic("privacy", N_("Your data"), overview=60),),
    jobs=(Job("housekeeping", N_("removes what is past its retention time"), housekeeping),),
)
