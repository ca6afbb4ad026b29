"""Private drafts and feedback: what they add to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.drafts import feedback, service
from bot.drafts.commands import (
    AskFeedback,
    DiscardDraft,
    GiveFeedback,
    ListDrafts,
    OpenDraftEditor,
    OpenFeedbackForm,
    RestoreDraft,
    SaveDraft,
    ShowDraft,
)
from bot.drafts.grammar import WORDS, parse_draft_form
from bot.i18n import N_
from bot.ideas.commands import DraftFromIdea

DRAFTS = Capability(
    "drafts",
    handlers={
        SaveDraft: service.save_draft,
        OpenDraftEditor: service.open_draft_editor,
        ListDrafts: service.list_drafts,
        ShowDraft: service.show_draft,
        DiscardDraft: service.discard_draft,
        RestoreDraft: service.restore_draft,
        DraftFromIdea: service.draft_from_idea,
        AskFeedback: feedback.ask_feedback,
        OpenFeedbackForm: feedback.open_feedback_form,
        GiveFeedback: feedback.give_feedback,
    },
    words=WORDS,
    forms=(parse_draft_form,),
    help=(
        HelpLine(
            "/draft [TEXT]",
            N_("write a private draft (alone: opens the editor)"),
            "/draft Three lessons from our cloud migration",
            SaveDraft,
            ("drafts",),
        ),
        HelpLine(
            "/draft list",
            N_("your drafts; /draft show N shows one with its hints"),
            "/draft list",
            ListDrafts,
            ("drafts",),
        ),
        HelpLine(
            "/draft edit N",
            N_("a new version of a draft (all versions are kept)"),
            "/draft edit 2",
            OpenDraftEditor,
            ("drafts",),
        ),
        HelpLine(
            "/draft feedback N [@colleague]",
            N_("ask the coordinators for feedback"),
            "/draft feedback 2 @bente",
            AskFeedback,
            ("drafts",),
        ),
        HelpLine(
            "/draft discard N",
            N_("set a draft aside (/draft restore N within 30 days)"),
            "/draft discard 2",
            DiscardDraft,
            ("drafts",),
        ),
        HelpLine(
            "/idea draft N",
            N_("start a draft from an idea you claimed"),
            "/idea draft 3",
            DraftFromIdea,
            ("drafts",),
        ),
        HelpLine(
            "/draft list all",
            N_("everyone's drafts"),
            "/draft list all",
            ListDrafts,
            (COORDINATORS,),
        ),
    ),
    topics=(HelpTopic("drafts", N_("Drafts and posts"), overview=30),),
    examples={
        ShowDraft: "/draft show 2 v1",
        RestoreDraft: "/draft restore 2",
        OpenFeedbackForm: "/draft review 2",
        GiveFeedback: "/draft review 2 A strong opening line.",
    },
)
