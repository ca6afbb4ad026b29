"""Announcing a published post, and the channel's like & comment answers."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.drafts.ports import Draft, DraftStatus
from bot.errors import Conflict, NotAllowed, NotFound
from bot.guidelines.check import off_limits_in
from bot.guidelines.ports import TermKind
from bot.i18n import N_
from bot.ideas.ports import IdeaStatus
from bot.ideas.views import idea_post
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Message,
    Note,
    Reply,
    Section,
    Text,
)
from bot.posts.commands import AnnouncePost, EngagePost, ShowPost
from bot.posts.ports import PICK_LINK_DAYS, Engagement, NewPost, Post
from bot.posts.urls import network_of, url_key, validate_url
from bot.posts.views import BUTTON_WORDS, call_blocks, call_message


async def announce_post(ctx: Context, cmd: AnnouncePost) -> Reply:
    """Announce my published post: a like & comment call in the channel; a linked draft
    and its idea become published."""
    tr = ctx.tr
    url = validate_url(cmd.url)
    key = url_key(url)
    earlier = await ctx.uow.posts.by_url_key(ctx.workspace.id, key)
    if earlier is not None:
        raise _already_announced(earlier)
    draft = None
    if cmd.draft_number is not None:
        draft = await ctx.uow.drafts.by_number(ctx.workspace.id, cmd.draft_number)
        if draft is None or draft.author_id != ctx.member.id:
            raise NotFound(
                N_("You have no draft #{number}. /draft list shows your drafts."),
                number=cmd.draft_number,
            )
        if draft.status is DraftStatus.PUBLISHED:
            raise Conflict(
                N_("Draft #{number} was announced already."),
                number=draft.number,
            )
        if not cmd.confirmed:
            warning = await _warning(ctx, draft, url)
            if warning is not None:
                return warning
    now = ctx.clock.now()
    post = await ctx.uow.posts.add(
        NewPost(
            workspace_id=ctx.workspace.id,
            author_id=ctx.member.id,
            url=url,
            url_key=key,
            network=network_of(url),
            created_at=now,
            draft_id=draft.id if draft else None,
        )
    )
    if post is None:  # someone announced the same link a moment ago
        first = await ctx.uow.posts.by_url_key(ctx.workspace.id, key)
        if first is None:
            raise Conflict(N_("Something changed at the same moment. Please try again."))
        raise _already_announced(first)
    origin = await _link_library_pick(ctx, post, draft.id if draft else None)
    messages: list[Message] = []
    if draft is not None:
        await ctx.uow.drafts.set_status(draft.id, DraftStatus.PUBLISHED, now)
        if draft.idea_number is not None:
            idea = await ctx.uow.ideas.by_number(ctx.workspace.id, draft.idea_number)
            if idea is not None and idea.status is not IdeaStatus.ARCHIVED:
                await ctx.uow.ideas.set_status(
                    idea.id, IdeaStatus.PUBLISHED, claimed_by_id=idea.claimed_by_id
                )
                fresh = await ctx.uow.ideas.by_number(ctx.workspace.id, idea.number)
                if fresh is not None and ctx.workspace.channel_id:
                    messages.append(await idea_post(ctx, fresh))
    blocks: list[Block] = [
        Section(
            tr._t(
                "Congratulations on your post! It is announced as post #{number}.",
                number=post.number,
            )
        )
    ]
    if origin is not None:
        blocks.append(
            Note(
                tr._t(
                    "It is linked to library item #{number}, the one you picked to share.",
                    number=origin,
                )
            )
        )
    if ctx.workspace.channel_id:
        messages.insert(0, await call_message(ctx, post))
        blocks.append(
            Note(tr._t("Colleagues get a like & comment call in the ambassador channel."))
        )
    else:
        blocks.append(
            Note(
                tr._t(
                    "There is no ambassador channel yet, so nobody was called to it. A coordinator can choose one with /chorus channel."
                )
            )
        )
    if draft is None:
        mine = await ctx.uow.drafts.of_author(ctx.workspace.id, ctx.member.id, [DraftStatus.ACTIVE])
        if mine:
            blocks.append(
                Note(
                    tr._t(
                        "Was it one of your drafts? Next time add its number, for example /posted URL {number}, and it is filed as published.",
                        number=mine[0].number,
                    )
                )
            )
    return Reply.private(*blocks).with_messages(messages)


async def _link_library_pick(ctx: Context, post: Post, draft_id: int | None) -> int | None:
    """Link the post to the library item it came from: the one its draft was started
    from, or else the member's newest pick that no post shared yet. The item's number."""
    if draft_id is not None:
        pick = await ctx.uow.library.pick_for_draft(draft_id)
    else:
        since = post.created_at - timedelta(days=PICK_LINK_DAYS)
        pick = next(iter(await ctx.uow.library.open_picks(ctx.member.id, since)), None)
    if pick is None or pick.post_id is not None:
        return None
    item = await ctx.uow.library.get(pick.item_id)
    if item is None:
        return None
    await ctx.uow.library.link_post(pick.item_id, ctx.member.id, post.id)
    return item.number


async def _warning(ctx: Context, draft: Draft, url: str) -> Reply | None:
    """A private word before the channel hears of a post whose draft still names
    off-limits terms or waits for the feedback its author asked for; None when all is well."""
    tr = ctx.tr
    terms = off_limits_in(
        draft.text, await ctx.uow.guidelines.terms(ctx.workspace.id, TermKind.OFF_LIMITS)
    )
    waiting = draft.feedback_requested_at is not None and draft.first_feedback_at is None
    if not terms and not waiting:
        return None
    blocks: list[Block] = [
        Section(
            tr._t(
                "Before I tell the channel about your post, one look at draft #{number}:",
                number=draft.number,
            )
        )
    ]
    if terms:
        blocks.append(
            Section(
                Text.plain("• ")
                + tr._t(
                    "It names {terms}, which the programme keeps off-limits.",
                    terms=", ".join(terms),
                )
            )
        )
    if waiting and draft.feedback_requested_at is not None:
        blocks.append(
            Section(
                Text.plain("• ")
                + tr._t(
                    "You asked for feedback on {date}, and nobody has answered yet.",
                    date=tr.date(draft.feedback_requested_at.astimezone(tr.timezone).date()),
                )
            )
        )
    blocks.append(
        Note(
            tr._t(
                "Nothing is announced yet. If the published post is fine as it is, announce it; the call quotes only its opening line."
            )
        )
    )
    blocks.append(
        Actions(
            (
                Button(
                    tr._("Announce it anyway"),
                    f"posted confirm {url} {draft.number}",
                    ButtonStyle.PRIMARY,
                ),
                Button(tr._("Show the draft"), f"draft show {draft.number}"),
            )
        )
    )
    return Reply.private(*blocks)


def _already_announced(post: Post) -> Conflict:
    return Conflict(
        N_(
            "This post was announced already, as post #{number}. Its call is still there to like and comment on."
        ),
        number=post.number,
        buttons=(Button(N_("Show the call"), f"posted show {post.number}"),),
    )


async def show_post(ctx: Context, cmd: ShowPost) -> Reply:
    """A post's call, privately (for "show the call" and stale links)."""
    post = await _get(ctx, cmd.number)
    call = await call_blocks(ctx, ctx.tr, post)
    return Reply.private(*call)


async def engage_post(ctx: Context, cmd: EngagePost) -> Reply:
    """I liked / commented / shared: counted once per kind; the call's counts update."""
    tr = ctx.tr
    post = await _get(ctx, cmd.number)
    if post.author_id == ctx.member.id:
        raise NotAllowed(
            N_(
                "That's your own post: the buttons are for colleagues. Reply to their comments instead, that keeps the conversation going."
            )
        )
    if cmd.undo:
        changed = await ctx.uow.posts.disengage(post.id, ctx.member.id, cmd.kind)
        answer = (
            tr._t("Taken back. Thanks for keeping the numbers honest.")
            if changed
            else tr._t("There was nothing to take back.")
        )
        reply = Reply.private(Section(answer))
    else:
        changed = await ctx.uow.posts.engage(post.id, ctx.member.id, cmd.kind, ctx.clock.now())
        if changed:
            answer = {
                Engagement.LIKED: tr._t("Thank you for liking post #{number}!", number=post.number),
                Engagement.COMMENTED: tr._t(
                    "Thank you for commenting on post #{number}! A real comment helps the most.",
                    number=post.number,
                ),
                Engagement.SHARED: tr._t(
                    "Thank you for sharing post #{number}!", number=post.number
                ),
            }[cmd.kind]
        else:
            answer = tr._t("You are counted already — each of us counts once.")
        reply = Reply.private(
            Section(answer),
            Actions((Button(tr._("Undo"), f"posted undo {BUTTON_WORDS[cmd.kind]} {post.number}"),)),
        )
    if not changed:
        return reply
    fresh = await _get(ctx, cmd.number)
    if ctx.workspace.channel_id:
        reply = reply.with_messages([await call_message(ctx, fresh)])
    return reply


async def _get(ctx: Context, number: int) -> Post:
    post = await ctx.uow.posts.by_number(ctx.workspace.id, number)
    if post is None:
        raise NotFound(
            N_("There is no post #{number} any more. Announce yours with /posted URL."),
            number=number,
        )
    return post
