"""How a draft looks: the editor, hints, actions and excerpts."""

from __future__ import annotations

from bot.context import Context
from bot.drafts.ports import (
    DRAFT_MAX_CHARS,
    Draft,
    DraftStatus,
)
from bot.guidelines.check import Hint, check
from bot.guidelines.ports import TermKind
from bot.i18n import Translator
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Form,
    Input,
    Note,
    Span,
    Text,
)

LIST_EXCERPT_CHARS = 120


def draft_editor(tr: Translator, command: str, title: str, text: str) -> Form:
    return Form(
        title=title,
        submit_label=tr._("Save"),
        command=command,
        inputs=(
            Input(
                "text",
                tr._("Your post"),
                multiline=True,
                initial=text,
                max_length=DRAFT_MAX_CHARS,
                placeholder=tr._("Start with a line that makes people want to read on."),
                hint=tr._(
                    "Every save keeps a new version. Only you and the coordinators see drafts."
                ),
            ),
        ),
    )


async def hint_blocks(ctx: Context, text: str) -> list[Block]:
    tr = ctx.tr
    hints = check(
        text,
        off_limits=await ctx.uow.guidelines.terms(ctx.workspace.id, TermKind.OFF_LIMITS),
        pitches=await ctx.uow.guidelines.terms(ctx.workspace.id, TermKind.PITCH),
    )
    if not hints:
        return [Note(tr._t("✅ The guideline check has nothing to remark."))]
    blocks: list[Block] = [Note(tr._t("💡 A few hints from the guideline check (just hints):"))]
    blocks.extend(Note(Text.plain("• ") + hint_text(tr, h)) for h in hints)
    return blocks


def hint_text(tr: Translator, hint: Hint) -> Text:
    """One hint in the reader's language, its count in the right plural form."""
    if hint.plural is not None:
        return tr._nt(hint.msgid, hint.plural, hint.count, **hint.values)
    return tr._t(hint.msgid, **hint.values)


def draft_actions(tr: Translator, draft: Draft) -> Actions:
    if draft.status is DraftStatus.DISCARDED:
        return Actions((Button(tr._("Restore"), f"draft restore {draft.number}"),))
    if draft.status is DraftStatus.PUBLISHED:
        return Actions((Button(tr._("Show"), f"draft show {draft.number}"),))
    return Actions(
        (
            Button(tr._("Edit"), f"draft edit {draft.number}", ButtonStyle.PRIMARY),
            Button(tr._("Ask for feedback"), f"draft feedback {draft.number}"),
            Button(tr._("Discard"), f"draft discard {draft.number}", ButtonStyle.DANGER),
        )
    )


def draft_excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LIST_EXCERPT_CHARS else flat[: LIST_EXCERPT_CHARS - 1] + "…"


def joined_mentions(mentions: list[Span]) -> Text:
    text = Text(())
    for index, item in enumerate(mentions):
        if index:
            text += Text.plain(", ")
        text += Text((item,))
    return text
