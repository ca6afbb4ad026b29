"""Guidelines and the draft check's terms: what they add to Chorus."""

from __future__ import annotations

from collections.abc import Sequence

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.context import Context
from bot.guidelines import service
from bot.guidelines.commands import EditTerm, ListTerms, OpenGuidelinesForm, SetGuidelines
from bot.guidelines.grammar import CHORUS_WORDS, parse_guidelines_form
from bot.i18n import N_
from bot.messages import Block


async def _guidelines_topic(ctx: Context) -> Sequence[Block]:
    return await service.guidelines_help(ctx, ctx.tr)


GUIDELINES = Capability(
    "guidelines",
    handlers={
        OpenGuidelinesForm: service.open_guidelines_form,
        SetGuidelines: service.set_guidelines,
        ListTerms: service.list_terms,
        EditTerm: service.edit_term,
    },
    chorus_words=CHORUS_WORDS,
    forms=(parse_guidelines_form,),
    help=(
        HelpLine(
            "/chorus guidelines",
            N_("edit the guidelines members see"),
            "/chorus guidelines",
            OpenGuidelinesForm,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus offlimits add NAME",
            N_("a customer or code name drafts get a hint about (list, remove)"),
            "/chorus offlimits add ACME Corp",
            EditTerm,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus pitch add PHRASE",
            N_("a sales-pitch phrase to hint about"),
            "/chorus pitch add book a demo",
            EditTerm,
            (COORDINATORS,),
        ),
    ),
    topics=(HelpTopic("guidelines", N_("Guidelines"), render=_guidelines_topic),),
    examples={
        SetGuidelines: "/chorus guidelines Write as yourself, about what you know.",
        ListTerms: "/chorus offlimits list",
    },
)
