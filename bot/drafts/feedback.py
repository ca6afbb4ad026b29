"""Feedback on a draft: asking for it and giving it, kept with the version it was for."""

from __future__ import annotations

from bot.access import find_member
from bot.context import Context
from bot.drafts.commands import AskFeedback, GiveFeedback, OpenFeedbackForm
from bot.drafts.ports import (
    FEEDBACK_MAX_CHARS,
    Draft,
    DraftStatus,
)
from bot.drafts.service import my_draft, require_active, version_of, visible_to
from bot.drafts.views import joined_mentions
from bot.errors import Conflict, NotAllowed, UsageError
from bot.i18n import N_, Count
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Form,
    Input,
    Message,
    Note,
    Quote,
    Reply,
    Section,
)
from bot.model import Member, Role, char_count
from bot.notes import on_behalf, require_room


async def ask_feedback(ctx: Context, cmd: AskFeedback) -> Reply:
    """Send my draft's newest version to the coordinators (and a colleague) for feedback:
    once per reviewer and version, so asking again sends nothing new until I save a new
    version. Refused, with nothing saved, when my notes for the hour are used up."""
    tr = ctx.tr
    draft = await my_draft(ctx, cmd.number)
    require_active(draft)
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
    asked = await ctx.uow.drafts.asked_for_feedback(draft.id, draft.version)
    fresh = [r for r in reviewers if r.id not in asked]
    if not fresh:
        return await _asked_already(ctx, draft, asked)
    await require_room(ctx)
    now = ctx.clock.now()
    fresh = [
        r
        for r in fresh
        if await ctx.uow.drafts.ask_for_feedback(draft.id, draft.version, r.id, now)
    ]
    await ctx.uow.drafts.mark_feedback_requested(draft.id, now)
    notes, held = await on_behalf(
        ctx, [await _feedback_request(ctx, draft, reviewer) for reviewer in fresh]
    )
    blocks: list[Block] = [
        Section(
            tr._t(
                "Draft #{number} (version {version}) is on its way to {reviewers}. You will hear from me when feedback comes in.",
                number=draft.number,
                version=draft.version,
                reviewers=joined_mentions([await ctx.mention(r.id) for r in fresh]),
            )
        ),
        *held,
    ]
    before = [r for r in reviewers if r.id in asked]
    if before:
        blocks.append(
            Note(
                tr._t(
                    "Already asked about this version, so not again: {reviewers}.",
                    reviewers=joined_mentions([await ctx.mention(r.id) for r in before]),
                )
            )
        )
    return Reply.private(*blocks).with_messages(notes)


async def _asked_already(ctx: Context, draft: Draft, asked: list[int]) -> Reply:
    """Everyone named was asked about this version before: say who has still to answer."""
    tr = ctx.tr
    answered = {
        f.reviewer_id for f in await ctx.uow.drafts.feedback(draft.id) if f.version == draft.version
    }
    waiting = [r for r in asked if r not in answered]
    if waiting:
        text = tr._t(
            "You already asked for feedback on draft #{number} (version {version}), so I sent nothing new. Still waiting for {reviewers}. Save a new version to ask again.",
            number=draft.number,
            version=draft.version,
            reviewers=joined_mentions([await ctx.mention(r) for r in waiting]),
        )
    else:
        text = tr._t(
            "Everyone you asked has given feedback on draft #{number} (version {version}) already, so I sent nothing new. Save a new version to ask again.",
            number=draft.number,
            version=draft.version,
        )
    return Reply.private(
        Section(text),
        Actions((Button(tr._("Show the draft"), f"draft show {draft.number}"),)),
    )


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
            Note(
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


async def open_feedback_form(ctx: Context, cmd: OpenFeedbackForm) -> Reply:
    """The feedback form for one version (the newest unless the button named one)."""
    tr = ctx.tr
    draft = await _reviewable(ctx, cmd.number)
    version = cmd.version or draft.version
    stored = await version_of(ctx, draft, version)
    blocks: list[Block] = [Quote(stored.text)]
    if version != draft.version:
        blocks.insert(
            0,
            Note(
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


async def give_feedback(ctx: Context, cmd: GiveFeedback) -> Reply:
    """Store feedback against the exact version it was written for; the author is told."""
    tr = ctx.tr
    text = cmd.text.strip()
    if not text:
        raise UsageError(N_("Write your feedback in the text field."), field="text")
    if char_count(text) > FEEDBACK_MAX_CHARS:
        raise UsageError(
            N_("Feedback can be at most {limit} characters; yours has {count}."),
            limit=Count(FEEDBACK_MAX_CHARS),
            count=Count(char_count(text)),
            field="text",
        )
    draft = await _reviewable(ctx, cmd.number)
    version = cmd.version or draft.version
    await version_of(ctx, draft, version)
    await ctx.uow.drafts.add_feedback(draft.id, version, ctx.member.id, text, ctx.clock.now())
    thanks = Section(
        tr._t(
            "Thank you! Your feedback on draft #{number} (version {version}) is with its author.",
            number=draft.number,
            version=version,
        )
    )
    author = await ctx.uow.members.get(draft.author_id)
    if author is None:
        return Reply.private(thanks)
    author_tr = ctx.translator_for(author)
    note = Message(
        (
            Section(
                author_tr._t(
                    "{reviewer} gave feedback on your draft #{number} (version {version}):",
                    reviewer=await ctx.mention(ctx.member.id),
                    number=draft.number,
                    version=version,
                )
            ),
            Quote(text),
            Actions(
                (
                    Button(author_tr._("Edit the draft"), f"draft edit {draft.number}"),
                    Button(author_tr._("Show the draft"), f"draft show {draft.number}"),
                )
            ),
        ),
        Audience.MEMBER,
        recipient_id=author.external_id,
        summary=author_tr._("Feedback on your draft #{number}", number=draft.number),
    )
    # The feedback is saved either way: the author finds it with /draft show.
    notes, held = await on_behalf(ctx, [note])
    return Reply.private(thanks, *held).with_messages(notes)


async def _reviewable(ctx: Context, number: int) -> Draft:
    draft = await visible_to(ctx, number)
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
