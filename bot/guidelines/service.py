"""Coordinators edit the guidelines and the terms drafts are checked against."""

from __future__ import annotations

from bot.access import require_coordinator
from bot.context import Context
from bot.errors import UsageError
from bot.guidelines.check import PITCH_PHRASES
from bot.guidelines.commands import EditTerm, ListTerms, OpenGuidelinesForm, SetGuidelines
from bot.guidelines.ports import GUIDELINES_MAX_CHARS, TERM_MAX_CHARS, TermKind
from bot.i18n import N_, Count, Translator
from bot.messages import Block, Form, Header, Input, Note, Quote, Reply, Section
from bot.model import char_count


async def guidelines_help(ctx: Context, tr: Translator) -> list[Block]:
    """What members see with ``/chorus help guidelines``."""
    text = await ctx.uow.guidelines.text(ctx.workspace.id)
    blocks: list[Block] = [Header(tr._("Guidelines"))]
    if text:
        blocks.append(Quote(text))
    else:
        blocks.append(
            Section(
                tr._t(
                    "Write as yourself, about what you know. Leave out named customers and unreleased products, and share knowledge rather than sales pitches."
                )
            )
        )
    blocks.append(
        Note(
            tr._t(
                "Every draft you save gets a friendly guideline check: it never blocks you, it only gives hints."
            )
        )
    )
    return blocks


async def open_guidelines_form(ctx: Context, _: OpenGuidelinesForm) -> Reply:
    """Coordinators: the guidelines text in an editor."""
    require_coordinator(ctx)
    tr = ctx.tr
    current = await ctx.uow.guidelines.text(ctx.workspace.id) or ""
    return Reply.private(
        Form(
            title=tr._("Guidelines"),
            submit_label=tr._("Save"),
            command="chorus guidelines",
            inputs=(
                Input(
                    "text",
                    tr._("What members see with /chorus help guidelines"),
                    multiline=True,
                    initial=current,
                    max_length=GUIDELINES_MAX_CHARS,
                ),
            ),
        )
    )


async def set_guidelines(ctx: Context, cmd: SetGuidelines) -> Reply:
    """Coordinators: replace the guidelines text (empty brings back the built-in advice)."""
    require_coordinator(ctx)
    text = cmd.text.strip()
    if char_count(text) > GUIDELINES_MAX_CHARS:
        raise UsageError(
            N_("The guidelines can be at most {limit} characters; yours have {count}."),
            limit=Count(GUIDELINES_MAX_CHARS),
            count=Count(char_count(text)),
            field="text",
        )
    await ctx.uow.guidelines.set_text(ctx.workspace.id, text, ctx.clock.now())
    return Reply.private(
        Section(
            ctx.tr._t("The guidelines are saved. Members see them with /chorus help guidelines.")
        )
    )


async def list_terms(ctx: Context, cmd: ListTerms) -> Reply:
    """Coordinators: the off-limits terms, or the sales-pitch phrases (built-in and added)."""
    require_coordinator(ctx)
    tr = ctx.tr
    terms = await ctx.uow.guidelines.terms(ctx.workspace.id, cmd.kind)
    listed = ", ".join(terms) if terms else "—"
    if cmd.kind is TermKind.OFF_LIMITS:
        return Reply.private(
            Section(tr._t("Off-limits terms: {terms}", terms=listed)),
            Note(
                tr._t(
                    "Drafts mentioning them get a hint (whole words, any case or accents). /chorus offlimits add NAME adds one."
                )
            ),
        )
    builtin = ", ".join(p for phrases in PITCH_PHRASES.values() for p in phrases)
    return Reply.private(
        Section(tr._t("Sales-pitch phrases added by coordinators: {terms}", terms=listed)),
        Note(tr._t("Always checked (en, da, nl): {phrases}", phrases=builtin)),
    )


async def edit_term(ctx: Context, cmd: EditTerm) -> Reply:
    """Coordinators: add or remove an off-limits term or a sales-pitch phrase."""
    require_coordinator(ctx)
    term = " ".join(cmd.term.split())
    if char_count(term) > TERM_MAX_CHARS:
        raise UsageError(
            N_("A term can be at most {limit} characters."),
            limit=TERM_MAX_CHARS,
        )
    tr = ctx.tr
    if cmd.add:
        added = await ctx.uow.guidelines.add_term(ctx.workspace.id, cmd.kind, term)
        answer = (
            tr._t("Added “{term}”. Drafts are checked for it from now on.", term=term)
            if added
            else tr._t("“{term}” is on the list already.", term=term)
        )
    else:
        removed = await ctx.uow.guidelines.remove_term(ctx.workspace.id, cmd.kind, term)
        answer = (
            tr._t("Removed “{term}”.", term=term)
            if removed
            else tr._t("“{term}” is not on the list.", term=term)
        )
    return Reply.private(Section(answer))
