"""The idea bank: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.ideas import service
from bot.ideas.commands import (
    ArchiveIdea,
    ClaimIdea,
    ListIdeas,
    OpenIdeaForm,
    RestoreIdea,
    ShowIdea,
    SubmitIdea,
    TagIdea,
    UnclaimIdea,
    VoteIdea,
)
from bot.ideas.grammar import WORDS, parse_idea_form

IDEAS = Capability(
    "ideas",
    handlers={
        SubmitIdea: service.submit_idea,
        OpenIdeaForm: service.open_idea_form,
        ListIdeas: service.list_ideas,
        ShowIdea: service.show_idea,
        VoteIdea: service.vote_idea,
        ClaimIdea: service.claim_idea,
        UnclaimIdea: service.unclaim_idea,
        ArchiveIdea: service.archive_idea,
        RestoreIdea: service.restore_idea,
        TagIdea: service.tag_idea,
    },
    words=WORDS,
    forms=(parse_idea_form,),
    help=(
        HelpLine(
            "/idea TEXT #theme",
            N_("park a post idea (up to 2,000 characters)"),
            "/idea Why we test our backups every Friday #engineering",
            SubmitIdea,
            ("ideas",),
        ),
        HelpLine(
            "/idea list [mine | open | #theme]",
            N_("see the ideas in the bank"),
            "/idea list mine",
            ListIdeas,
            ("ideas",),
        ),
        HelpLine(
            "/idea vote N",
            N_("vote for an idea; vote again to take it back"),
            "/idea vote 3",
            VoteIdea,
            ("ideas",),
        ),
        HelpLine(
            "/idea claim N",
            N_("say you will write it (/idea unclaim N gives it back)"),
            "/idea claim 3",
            ClaimIdea,
            ("ideas",),
        ),
        HelpLine("/idea show N", N_("see one idea"), "/idea show 3", ShowIdea, ("ideas",)),
        HelpLine(
            "/idea tag N #theme",
            N_("tag your idea with one of the programme's themes"),
            "/idea tag 3 #engineering",
            TagIdea,
            ("ideas",),
        ),
        HelpLine(
            "/idea archive N",
            N_("take your idea out of the bank (/idea restore N brings it back)"),
            "/idea archive 3",
            ArchiveIdea,
            ("ideas",),
        ),
    ),
    topics=(HelpTopic("ideas", N_("Ideas"), overview=10),),
    examples={
        OpenIdeaForm: "/idea form",
        UnclaimIdea: "/idea unclaim 3",
        RestoreIdea: "/idea restore 3",
    },
)
