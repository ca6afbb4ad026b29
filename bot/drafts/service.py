"""Private drafts: save, list, show, discard, restore, start from an idea."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.context import Context
from bot.drafts.commands import (
    DiscardDraft,
    ListDrafts,
    OpenDraftEditor,
    RestoreDraft,
    SaveDraft,
    ShowDraft,
)
from bot.drafts.ports import (
    DISCARD_KEEP_DAYS,
    DRAFT_MAX_CHARS,
    Draft,
    DraftStatus,
    DraftVersion,
)
from bot.drafts.views import draft_actions, draft_editor, draft_excerpt, hint_blocks
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.i18n import N_, Count
from bot.ideas.commands import DraftFromIdea
from bot.ideas.ports import IdeaStatus
from bot.ideas.views import idea_post
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Message,
    Note,
    Quote,
    Reply,
    Section,
    Span,
    Text,
)
from bot.model import char_count


async def open_draft_editor(ctx: Context, cmd: OpenDraftEditor) -> Reply:
    """The editor: empty for a new draft, or holding the newest version of mine."""
    tr = ctx.tr
    if cmd.number is None:
        return Reply.private(draft_editor(tr, "draft", tr._("New draft"), ""))
    draft = await my_draft(ctx, cmd.number)
    require_active(draft)
    return Reply.private(
        draft_editor(
            tr,
            f"draft edit {draft.number}",
            tr._("Draft #{number}", number=draft.number),
            draft.text,
        )
    )


async def save_draft(ctx: Context, cmd: SaveDraft) -> Reply:
    """Save a new draft, or a new version of one of mine; hints come with every save."""
    text = cmd.text.strip()
    if not text:
        raise UsageError(
            N_(
                "Write the draft after the command, for example: /draft Three things our interns taught us. Or type /draft alone for the editor."
            ),
            field="text",
        )
    if char_count(text) > DRAFT_MAX_CHARS:
        raise UsageError(
            N_(
                "A draft can be at most {limit} characters; yours has {count}. Shorten it, or split it into two posts."
            ),
            limit=Count(DRAFT_MAX_CHARS),
            count=Count(char_count(text)),
            field="text",
        )
    now = ctx.clock.now()
    tr = ctx.tr
    if cmd.number is None:
        draft = await ctx.uow.drafts.add(ctx.workspace.id, ctx.member.id, text, now, idea_id=None)
        headline = tr._t(
            "Draft #{number} is saved. Only you and the coordinators can see it.",
            number=draft.number,
        )
    else:
        draft = await my_draft(ctx, cmd.number)
        require_active(draft)
        if draft.text == text:
            return Reply.private(
                Section(
                    tr._t(
                        "Nothing changed, so draft #{number} stays at version {version}.",
                        number=draft.number,
                        version=draft.version,
                    )
                )
            )
        version = await ctx.uow.drafts.add_version(draft.id, text, now)
        draft = await my_draft(ctx, cmd.number)
        headline = tr._t(
            "Draft #{number} is saved as version {version}. Earlier versions are kept.",
            number=draft.number,
            version=version,
        )
    return Reply.private(Section(headline), *await hint_blocks(ctx, text), draft_actions(tr, draft))


async def draft_from_idea(ctx: Context, cmd: DraftFromIdea) -> Reply:
    """Start a draft from an idea I claimed: its text seeds the draft, it becomes drafted."""
    tr = ctx.tr
    idea = await ctx.uow.ideas.by_number(ctx.workspace.id, cmd.number)
    if idea is None:
        raise NotFound(
            N_("There is no idea #{number}. /idea list shows the ideas in the bank."),
            number=cmd.number,
        )
    existing = await ctx.uow.drafts.by_idea(idea.id, ctx.member.id)
    if existing is not None:
        return Reply.private(
            Section(
                tr._t(
                    "You already have draft #{number} for idea #{idea}.",
                    number=existing.number,
                    idea=idea.number,
                )
            ),
            draft_actions(tr, existing),
        )
    if idea.claimed_by_id != ctx.member.id or idea.status is not IdeaStatus.CLAIMED:
        raise Conflict(
            N_("Claim idea #{number} first, then start the draft with /idea draft {number}."),
            number=idea.number,
            buttons=(Button(N_("Claim"), f"idea claim {idea.number}"),),
        )
    draft = await ctx.uow.drafts.add(
        ctx.workspace.id, ctx.member.id, idea.text, ctx.clock.now(), idea_id=idea.id
    )
    await ctx.uow.ideas.set_status(idea.id, IdeaStatus.DRAFTED, claimed_by_id=ctx.member.id)
    fresh = await ctx.uow.ideas.by_number(ctx.workspace.id, idea.number)
    reply = Reply.private(
        Section(
            tr._t(
                "Draft #{number} is started from idea #{idea}. Make it yours: edit it as often as you like, every save is kept.",
                number=draft.number,
                idea=idea.number,
            )
        ),
        Quote(draft.text),
        *await hint_blocks(ctx, draft.text),
        draft_actions(tr, draft),
    )
    if ctx.workspace.channel_id and fresh is not None:
        reply = reply.with_messages([await idea_post(ctx, fresh)])
    return reply


async def list_drafts(ctx: Context, cmd: ListDrafts) -> Reply:
    """My drafts (a coordinator may ask for everyone's), newest first."""
    tr = ctx.tr
    if cmd.everyone and not ctx.member.is_coordinator:
        raise NotAllowed(N_("Only coordinators can see everyone's drafts."))
    author = None if cmd.everyone else ctx.member.id
    active = await ctx.uow.drafts.of_author(ctx.workspace.id, author, [DraftStatus.ACTIVE])
    cutoff = ctx.clock.now() - timedelta(days=DISCARD_KEEP_DAYS)
    discarded = [
        d
        for d in await ctx.uow.drafts.of_author(ctx.workspace.id, author, [DraftStatus.DISCARDED])
        if d.discarded_at is not None and d.discarded_at > cutoff
    ]
    if not active and not discarded:
        return Reply.private(
            Section(tr._t("No drafts yet. Start one with /draft, or /idea draft N from an idea.")),
            Actions((Button(tr._("Write a draft"), "draft", ButtonStyle.PRIMARY),)),
        )
    blocks: list[Block] = [
        Section(tr._t("Everyone's drafts:") if cmd.everyone else tr._t("Your drafts:"))
    ]
    for draft in active:
        line = tr._t(
            "#{number} (version {version}): {excerpt}",
            number=draft.number,
            version=draft.version,
            excerpt=draft_excerpt(draft.text),
        )
        if cmd.everyone:
            line = Text((await ctx.mention(draft.author_id),)) + Text.plain(" · ") + line
        blocks.append(Section(line))
        blocks.append(Actions((Button(tr._("Show"), f"draft show {draft.number}"),)))
    if discarded:
        blocks.append(Divider())
        blocks.append(
            Note(
                tr._t(
                    "Discarded, kept for {days} days: {numbers}. /draft restore N brings one back.",
                    days=DISCARD_KEEP_DAYS,
                    numbers=", ".join(f"#{d.number}" for d in discarded),
                )
            )
        )
    return Reply.private(*blocks)


async def version_of(ctx: Context, draft: Draft, version: int) -> DraftVersion:
    """One stored version of a draft, or a clear answer naming the versions there are."""
    stored = await ctx.uow.drafts.version(draft.id, version)
    if stored is None:
        raise NotFound(
            N_("Draft #{number} has versions 1 to {last}."),
            number=draft.number,
            last=draft.version,
        )
    return stored


async def show_draft(ctx: Context, cmd: ShowDraft) -> Reply:
    """One draft: a version's text, the hints, and the feedback so far."""
    tr = ctx.tr
    draft = await visible_to(ctx, cmd.number)
    if not await _behind_the_scenes(ctx, draft):
        return _published_only(ctx, draft, cmd.version, await ctx.mention(draft.author_id))
    version = cmd.version or draft.version
    stored = await version_of(ctx, draft, version)
    status = {
        DraftStatus.ACTIVE: tr._("being written"),
        DraftStatus.DISCARDED: tr._("discarded"),
        DraftStatus.PUBLISHED: tr._("published"),
    }[draft.status]
    blocks: list[Block] = [
        Section(
            tr._t(
                "Draft #{number} by {author}, version {version} of {last} ({status}):",
                number=draft.number,
                author=await ctx.mention(draft.author_id),
                version=version,
                last=draft.version,
                status=status,
            )
        ),
        Quote(stored.text),
        *await hint_blocks(ctx, stored.text),
    ]
    feedback = await ctx.uow.drafts.feedback(draft.id)
    if feedback:
        blocks.append(Divider())
        for item in feedback:
            blocks.append(
                Section(
                    tr._t(
                        "Feedback from {reviewer} on version {version}:",
                        reviewer=await ctx.mention(item.reviewer_id),
                        version=item.version,
                    )
                )
            )
            blocks.append(Quote(item.text))
    if draft.author_id == ctx.member.id:
        blocks.append(draft_actions(tr, draft))
    elif draft.status is DraftStatus.ACTIVE:
        blocks.append(
            Actions(
                (
                    Button(
                        tr._("Give feedback"),
                        f"draft review {draft.number} v{draft.version}",
                        ButtonStyle.PRIMARY,
                    ),
                )
            )
        )
    return Reply.private(*blocks)


def _published_only(ctx: Context, draft: Draft, version: int | None, author: Span) -> Reply:
    """What everyone may read of a published draft: the text as published, nothing else
    (earlier versions, hints and feedback stay with the author, reviewers, coordinators)."""
    if version is not None and version != draft.version:
        raise NotFound(
            N_(
                "Only the published text of draft #{number} is public; its earlier versions stay with its author. /draft show {number} shows it."
            ),
            number=draft.number,
        )
    return Reply.private(
        Section(
            ctx.tr._t(
                "Draft #{number} by {author}, as published:", number=draft.number, author=author
            )
        ),
        Quote(draft.text),
    )


async def discard_draft(ctx: Context, cmd: DiscardDraft) -> Reply:
    """Set my draft aside; it can be restored for 30 days."""
    draft = await my_draft(ctx, cmd.number)
    if draft.status is DraftStatus.PUBLISHED:
        raise Conflict(
            N_("Draft #{number} is published; there is nothing to discard."),
            number=draft.number,
        )
    messages: list[Message] = []
    if draft.status is not DraftStatus.DISCARDED:
        await ctx.uow.drafts.set_status(draft.id, DraftStatus.DISCARDED, ctx.clock.now())
        messages = await _move_idea(ctx, draft, IdeaStatus.DRAFTED, IdeaStatus.CLAIMED)
    return Reply.private(
        Section(
            ctx.tr._t(
                "Draft #{number} is discarded. You can bring it back for {days} days.",
                number=draft.number,
                days=DISCARD_KEEP_DAYS,
            )
        ),
        Actions((Button(ctx.tr._("Undo"), f"draft restore {draft.number}"),)),
    ).with_messages(messages)


async def restore_draft(ctx: Context, cmd: RestoreDraft) -> Reply:
    """Bring a discarded draft of mine back, within 30 days."""
    draft = await my_draft(ctx, cmd.number)
    if draft.status is not DraftStatus.DISCARDED:
        return Reply.private(
            Section(ctx.tr._t("Draft #{number} is not discarded.", number=draft.number)),
            draft_actions(ctx.tr, draft),
        )
    cutoff = ctx.clock.now() - timedelta(days=DISCARD_KEEP_DAYS)
    if draft.discarded_at is not None and draft.discarded_at <= cutoff:
        raise Conflict(
            N_("Draft #{number} was discarded more than {days} days ago and can't come back."),
            number=draft.number,
            days=DISCARD_KEEP_DAYS,
        )
    await ctx.uow.drafts.set_status(draft.id, DraftStatus.ACTIVE, ctx.clock.now())
    messages = await _move_idea(ctx, draft, IdeaStatus.CLAIMED, IdeaStatus.DRAFTED)
    back = replace(draft, status=DraftStatus.ACTIVE, discarded_at=None)  # its buttons: Edit, …
    return Reply.private(
        Section(ctx.tr._t("Draft #{number} is back.", number=draft.number)),
        draft_actions(ctx.tr, back),
    ).with_messages(messages)


async def _move_idea(
    ctx: Context, draft: Draft, expected: IdeaStatus, status: IdeaStatus
) -> list[Message]:
    """A draft set aside gives its idea back to its writer (claimed, not being drafted);
    restoring it makes the idea drafted again. The idea's channel card follows."""
    if draft.idea_number is None:
        return []
    idea = await ctx.uow.ideas.by_number(ctx.workspace.id, draft.idea_number)
    if idea is None or idea.status is not expected or idea.claimed_by_id != draft.author_id:
        return []
    await ctx.uow.ideas.set_status(idea.id, status, claimed_by_id=idea.claimed_by_id)
    fresh = await ctx.uow.ideas.by_number(ctx.workspace.id, idea.number)
    if fresh is None or not ctx.workspace.channel_id:
        return []
    return [await idea_post(ctx, fresh)]


def _not_found(number: int) -> NotFound:
    return NotFound(
        N_("There is no draft #{number} you can see. /draft list shows your drafts."),
        number=number,
    )


async def my_draft(ctx: Context, number: int) -> Draft:
    """A draft of the acting member (others' drafts look as if they did not exist)."""
    draft = await ctx.uow.drafts.by_number(ctx.workspace.id, number)
    if draft is None:
        raise _not_found(number)
    if draft.author_id != ctx.member.id:
        if ctx.member.is_coordinator:
            raise NotAllowed(
                N_("Only the author of draft #{number} can change it or ask for feedback on it."),
                number=number,
            )
        raise _not_found(number)
    return draft


async def visible_to(ctx: Context, number: int) -> Draft:
    """A draft the member may read: the author, coordinators, and colleagues asked for
    feedback; published drafts are no longer private."""
    draft = await ctx.uow.drafts.by_number(ctx.workspace.id, number)
    if draft is None:
        raise _not_found(number)
    if (
        draft.author_id == ctx.member.id
        or ctx.member.is_coordinator
        or draft.status is DraftStatus.PUBLISHED
        or await ctx.uow.drafts.is_reviewer(draft.id, ctx.member.id)
    ):
        return draft
    raise _not_found(number)


async def _behind_the_scenes(ctx: Context, draft: Draft) -> bool:
    """Whether the member may read a draft's history: every version, the guideline hints
    and the feedback. Publishing makes the text public, never the history."""
    return (
        draft.author_id == ctx.member.id
        or ctx.member.is_coordinator
        or await ctx.uow.drafts.is_reviewer(draft.id, ctx.member.id)
    )


def require_active(draft: Draft) -> None:
    if draft.status is DraftStatus.DISCARDED:
        raise Conflict(
            N_("Draft #{number} is discarded. Restore it first: /draft restore {number}"),
            number=draft.number,
            buttons=(Button(N_("Restore"), f"draft restore {draft.number}"),),
        )
    if draft.status is DraftStatus.PUBLISHED:
        raise Conflict(
            N_("Draft #{number} is published. Start a new one with /draft."),
            number=draft.number,
        )
