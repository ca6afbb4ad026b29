"""The like & comment call a post gets in the channel."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import Translator
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Message,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.posts.ports import Engagement, Network, Post
from bot.posts.urls import NETWORK_NAMES

# The call quotes the post's opening line only: enough to recognise it, not the whole text.
CALL_EXCERPT_CHARS = 140


BUTTON_WORDS = {
    Engagement.LIKED: "like",
    Engagement.COMMENTED: "comment",
    Engagement.SHARED: "share",
}


async def call_message(ctx: Context, post: Post) -> Message:
    """The like & comment call in the channel (posted once, then updated in place)."""
    tr = ctx.channel_tr
    return Message(
        tuple(await call_blocks(ctx, tr, post)),
        Audience.CHANNEL,
        key=f"post:{post.number}",
        summary=tr._("New post to like and comment on"),
    )


async def call_blocks(ctx: Context, tr: Translator, post: Post) -> list[Block]:
    author = await ctx.mention(post.author_id)
    if post.network is Network.WEB:
        headline = tr._t("📣 {author} published a new post", author=author)
    else:
        headline = tr._t(
            "📣 {author} published a new post on {network}",
            author=author,
            network=Span(NETWORK_NAMES[post.network]),
        )
    blocks: list[Block] = [Section(headline)]
    origin = await ctx.uow.library.item_of_post(post.id)
    if origin is not None:
        blocks.append(
            Note(
                tr._t(
                    "🔗 Shared from the content library (item #{number}), with their own angle.",
                    number=origin.number,
                )
            )
        )
    if post.draft_id is not None:
        excerpt = await _excerpt(ctx, post.draft_id)
        if excerpt:
            blocks.append(Quote(excerpt))
    blocks.append(Section(Text((Span(post.url, SpanKind.LINK, url=post.url),))))
    blocks.append(
        Note(
            tr._t(
                'Comment with something genuine — what you learned, or a question. It helps more than a like, and far more than "great post!".'
            )
        )
    )
    liked = post.counts.get(Engagement.LIKED, 0)
    commented = post.counts.get(Engagement.COMMENTED, 0)
    shared = post.counts.get(Engagement.SHARED, 0)
    blocks.append(
        Note(
            Text.plain(
                " · ".join(
                    (
                        tr._n("{n} like", "{n} likes", liked),
                        tr._n("{n} comment", "{n} comments", commented),
                        tr._n("{n} share", "{n} shares", shared),
                    )
                )
            )
        )
    )
    blocks.append(
        Actions(
            (
                Button(tr._("I liked it"), f"posted like {post.number}", ButtonStyle.PRIMARY),
                Button(tr._("I commented"), f"posted comment {post.number}"),
                Button(tr._("I shared"), f"posted share {post.number}"),
                Button(tr._("Cheer"), f"posted cheer {post.number}"),
            )
        )
    )
    return blocks


async def _excerpt(ctx: Context, draft_id: int) -> str:
    """The opening line of the post as published (the newest version), shortened."""
    draft = await ctx.uow.drafts.get(draft_id)
    if draft is None:
        return ""
    lines = [line.strip() for line in draft.text.splitlines() if line.strip()]
    if not lines:
        return ""
    text = lines[0]
    if len(text) > CALL_EXCERPT_CHARS:
        return text[: CALL_EXCERPT_CHARS - 1].rstrip() + "…"
    return text + " …" if len(lines) > 1 else text
