"""Private drafts: save (every save a new version), list, show, discard and restore, start
from a claimed idea, and ask colleagues for feedback on one exact version."""

from __future__ import annotations

from datetime import timedelta

from bot import commands as c
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.guidelines import check
from bot.i18n import N_, Translator
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Form,
    Input,
    Message,
    Quote,
    Reply,
    Section,
    Span,
    Text,
)
from bot.messages import (
    Context as Small,
)
from bot.model import (
    DISCARD_KEEP_DAYS,
    DRAFT_MAX_CHARS,
    FEEDBACK_MAX_CHARS,
    Draft,
    DraftStatus,
    DraftVersion,
    IdeaStatus,
    Member,
    Role,
    TermKind,
    char_count,
)
from bot.services import ideas
from bot.services.programme import find_member

LIST_EXCERPT_CHARS = 120


async def open_draft_editor(ctx: Context, cmd: c.OpenDraftEditor) -> Reply:
    """The editor: empty for a new draft, or holding the newest version of mine."""
    tr = ctx.tr
    if cmd.number is None:
        return Reply.private(_editor(tr, "draft", tr._("New draft"), ""))
    draft = await _mine(ctx, cmd.number)
    _require_active(draft)
    return Reply.private(
        _editor(
            tr,
            f"draft edit {draft.number}",
            tr._("Draft #{number}", number=draft.number),
            draft.text,
        )
    )


def _editor(tr: Translator, command: str, title: str, text: str) -> Form:
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


async def save_draft(ctx: Context, cmd: c.SaveDraft) -> Reply:
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
            limit=f"{DRAFT_MAX_CHARS:,}",
            count=f"{char_count(text):,}",
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
        draft = await _mine(ctx, cmd.number)
        _require_active(draft)
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
        draft = await _mine(ctx, cmd.number)
        headline = tr._t(
            "Draft #{number} is saved as version {version}. Earlier versions are kept.",
            number=draft.number,
            version=version,
        )
    return Reply.private(Section(headline), *await _hints(ctx, text), _draft_actions(tr, draft))


async def draft_from_idea(ctx: Context, cmd: c.DraftFromIdea) -> Reply:
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
            _draft_actions(tr, existing),
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
        *await _hints(ctx, draft.text),
        _draft_actions(tr, draft),
    )
    if ctx.workspace.channel_id and fresh is not None:
        reply = reply.with_messages([await ideas.idea_post(ctx, fresh)])
    return reply


async def list_drafts(ctx: Context, cmd: c.ListDrafts) -> Reply:
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
    blocks: list[Block] = [Section(tr._t("Your drafts:"))]
    for draft in active:
        line = tr._t(
            "#{number} (version {version}): {excerpt}",
            number=draft.number,
            version=draft.version,
            excerpt=_excerpt(draft.text),
        )
        if cmd.everyone:
            line = Text((await ctx.mention(draft.author_id),)) + Text.plain(" · ") + line
        blocks.append(Section(line))
        blocks.append(Actions((Button(tr._("Show"), f"draft show {draft.number}"),)))
    if discarded:
        blocks.append(Divider())
        blocks.append(
            Small(
                tr._t(
                    "Discarded, kept for {days} days: {numbers}. /draft restore N brings one back.",
                    days=DISCARD_KEEP_DAYS,
                    numbers=", ".join(f"#{d.number}" for d in discarded),
                )
            )
        )
    return Reply.private(*blocks)


async def _version(ctx: Context, draft: Draft, version: int) -> DraftVersion:
    """One stored version of a draft, or a clear answer naming the versions there are."""
    stored = await ctx.uow.drafts.version(draft.id, version)
    if stored is None:
        raise NotFound(
            N_("Draft #{number} has versions 1 to {last}."),
            number=draft.number,
            last=draft.version,
        )
    return stored


async def show_draft(ctx: Context, cmd: c.ShowDraft) -> Reply:
    """One draft: a version's text, the hints, and the feedback so far."""
    tr = ctx.tr
    draft = await _visible(ctx, cmd.number)
    version = cmd.version or draft.version
    stored = await _version(ctx, draft, version)
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
        *await _hints(ctx, stored.text),
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
        blocks.append(_draft_actions(tr, draft))
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


async def discard_draft(ctx: Context, cmd: c.DiscardDraft) -> Reply:
    """Set my draft aside; it can be restored for 30 days."""
    draft = await _mine(ctx, cmd.number)
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


async def restore_draft(ctx: Context, cmd: c.RestoreDraft) -> Reply:
    """Bring a discarded draft of mine back, within 30 days."""
    draft = await _mine(ctx, cmd.number)
    if draft.status is not DraftStatus.DISCARDED:
        return Reply.private(
            Section(ctx.tr._t("Draft #{number} is not discarded.", number=draft.number)),
            _draft_actions(ctx.tr, draft),
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
    return Reply.private(
        Section(ctx.tr._t("Draft #{number} is back.", number=draft.number)),
        _draft_actions(ctx.tr, draft),
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
    return [await ideas.idea_post(ctx, fresh)]


async def ask_feedback(ctx: Context, cmd: c.AskFeedback) -> Reply:
    """Send my draft's newest version to the coordinators (and a colleague) for feedback."""
    tr = ctx.tr
    draft = await _mine(ctx, cmd.number)
    _require_active(draft)
    reviewers = [
        m
        for m in await ctx.uow.members.with_role(ctx.workspace.id, Role.COORDINATOR)
        if m.id != ctx.member.id
    ]
    if cmd.colleague is not None:
        colleague = await find_member(ctx, cmd.colleague)
        if colleague.id == ctx.member.id:
            raise NotAllowed(N_("Ask a colleague for feedback, not yourself."))
        await ctx.uow.drafts.add_reviewer(draft.id, colleague.id)
        if all(r.id != colleague.id for r in reviewers):
            reviewers.append(colleague)
    if not reviewers:
        raise Conflict(
            N_(
                "There is nobody to ask yet: the programme has no other coordinator. Name a colleague: /draft feedback {number} @name"
            ),
            number=draft.number,
        )
    await ctx.uow.drafts.mark_feedback_requested(draft.id, ctx.clock.now())
    notes = [await _feedback_request(ctx, draft, reviewer) for reviewer in reviewers]
    return Reply.private(
        Section(
            tr._t(
                "Draft #{number} (version {version}) is on its way to {reviewers}. You will hear from me when feedback comes in.",
                number=draft.number,
                version=draft.version,
                reviewers=_join([await ctx.mention(r.id) for r in reviewers]),
            )
        )
    ).with_messages(notes)


async def _feedback_request(ctx: Context, draft: Draft, reviewer: Member) -> Message:
    rtr = ctx.translator_for(reviewer)
    return Message(
        (
            Section(
                rtr._t(
                    "{author} asks for your feedback on draft #{number} (version {version}):",
                    author=await ctx.mention(ctx.member.id),
                    number=draft.number,
                    version=draft.version,
                )
            ),
            Quote(draft.text),
            Small(
                rtr._t("Be kind and concrete: what works, and one thing that would make it better.")
            ),
            Actions(
                (
                    Button(
                        rtr._("Give feedback"),
                        f"draft review {draft.number} v{draft.version}",
                        ButtonStyle.PRIMARY,
                    ),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=reviewer.external_id,
        summary=rtr._("Feedback wanted on draft #{number}", number=draft.number),
    )


async def open_feedback_form(ctx: Context, cmd: c.OpenFeedbackForm) -> Reply:
    """The feedback form for one version (the newest unless the button named one)."""
    tr = ctx.tr
    draft = await _reviewable(ctx, cmd.number)
    version = cmd.version or draft.version
    stored = await _version(ctx, draft, version)
    blocks: list[Block] = [Quote(stored.text)]
    if version != draft.version:
        blocks.insert(
            0,
            Small(
                tr._t(
                    "The author has saved version {last} since; your feedback will be for version {version}, the one you read.",
                    last=draft.version,
                    version=version,
                )
            ),
        )
    return Reply.private(
        *blocks,
        Form(
            title=tr._("Feedback on draft #{number}", number=draft.number),
            submit_label=tr._("Send"),
            command=f"draft review {draft.number} v{version}",
            inputs=(
                Input(
                    "text",
                    tr._("Your feedback"),
                    multiline=True,
                    max_length=FEEDBACK_MAX_CHARS,
                    placeholder=tr._("What works, and one thing that would make it better."),
                ),
            ),
        ),
    )


async def give_feedback(ctx: Context, cmd: c.GiveFeedback) -> Reply:
    """Store feedback against the exact version it was written for; the author is told."""
    tr = ctx.tr
    text = cmd.text.strip()
    if not text:
        raise UsageError(N_("Write your feedback in the text field."), field="text")
    if char_count(text) > FEEDBACK_MAX_CHARS:
        raise UsageError(
            N_("Feedback can be at most {limit} characters; yours has {count}."),
            limit=f"{FEEDBACK_MAX_CHARS:,}",
            count=f"{char_count(text):,}",
            field="text",
        )
    draft = await _reviewable(ctx, cmd.number)
    version = cmd.version or draft.version
    await _version(ctx, draft, version)
    await ctx.uow.drafts.add_feedback(draft.id, version, ctx.member.id, text, ctx.clock.now())
    reply = Reply.private(
        Section(
            tr._t(
                "Thank you! Your feedback on draft #{number} (version {version}) is with its author.",
                number=draft.number,
                version=version,
            )
        )
    )
    author = await ctx.uow.members.get(draft.author_id)
    if author is None:
        return reply
    atr = ctx.translator_for(author)
    note = Message(
        (
            Section(
                atr._t(
                    "{reviewer} gave feedback on your draft #{number} (version {version}):",
                    reviewer=await ctx.mention(ctx.member.id),
                    number=draft.number,
                    version=version,
                )
            ),
            Quote(text),
            Actions(
                (
                    Button(atr._("Edit the draft"), f"draft edit {draft.number}"),
                    Button(atr._("Show the draft"), f"draft show {draft.number}"),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=author.external_id,
        summary=atr._("Feedback on your draft #{number}", number=draft.number),
    )
    return reply.with_messages([note])


async def _hints(ctx: Context, text: str) -> list[Block]:
    tr = ctx.tr
    hints = check(
        text,
        off_limits=await ctx.uow.guidelines.terms(ctx.workspace.id, TermKind.OFF_LIMITS),
        pitches=await ctx.uow.guidelines.terms(ctx.workspace.id, TermKind.PITCH),
    )
    if not hints:
        return [Small(tr._t("✅ The guideline check has nothing to remark."))]
    blocks: list[Block] = [Small(tr._t("💡 A few hints from the guideline check (just hints):"))]
    blocks.extend(Small(Text.plain("• ") + tr._t(h.msgid, **h.values)) for h in hints)
    return blocks


def _draft_actions(tr: Translator, draft: Draft) -> Actions:
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


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LIST_EXCERPT_CHARS else flat[: LIST_EXCERPT_CHARS - 1] + "…"


def _join(mentions: list[Span]) -> Text:
    text = Text(())
    for index, item in enumerate(mentions):
        if index:
            text += Text.plain(", ")
        text += Text((item,))
    return text


def _not_found(number: int) -> NotFound:
    return NotFound(
        N_("There is no draft #{number} you can see. /draft list shows your drafts."),
        number=number,
    )


async def _mine(ctx: Context, number: int) -> Draft:
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


async def _visible(ctx: Context, number: int) -> Draft:
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


async def _reviewable(ctx: Context, number: int) -> Draft:
    draft = await _visible(ctx, number)
    if draft.author_id == ctx.member.id:
        raise NotAllowed(N_("Feedback comes from colleagues; ask for it with /draft feedback N."))
    if draft.status is DraftStatus.DISCARDED:
        raise Conflict(
            N_(
                "Draft #{number} was discarded by its author, so it no longer needs feedback. Thank you for offering!"
            ),
            number=draft.number,
        )
    if draft.status is DraftStatus.PUBLISHED:
        raise Conflict(
            N_("Draft #{number} is already published. Thank you for offering!"),
            number=draft.number,
        )
    return draft


def _require_active(draft: Draft) -> None:
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
