"""The like & comment roundup: last week's posts in one message."""

from __future__ import annotations

from datetime import timedelta

from bot.context import Context
from bot.jobs.runner import RAN_STATUS
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    Header,
    Message,
    Note,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.posts.ports import Engagement, Network, Post
from bot.posts.urls import NETWORK_NAMES

ROUNDUP_POSTS = 10


LOOK_BACK = timedelta(days=7)  # the first roundup, or after a long pause


_PREVIOUS_WITHIN = timedelta(days=30)


async def roundup(ctx: Context) -> list[Message]:
    """Posts announced since the previous roundup fire (at most a week back the first
    time), oldest first; nothing at all when there are none."""
    ws = ctx.workspace.id
    earlier = [
        moment
        for job, moment, status in await ctx.uow.jobs.fires_since(ws, ctx.now - _PREVIOUS_WITHIN)
        if job == "roundup" and status == RAN_STATUS and moment < ctx.now
    ]
    since = max(earlier) if earlier else ctx.now - LOOK_BACK
    posts = await ctx.uow.posts.published_between(ws, since, ctx.now)
    if not posts:
        return []
    tr = ctx.tr
    blocks: list[Block] = [
        Header(tr._("🔁 Like & comment roundup")),
        Section(
            Text.plain(
                tr._n(
                    "{n} post by colleagues since the last roundup. A genuine comment — what you learned, or a question — helps the most:",
                    "{n} posts by colleagues since the last roundup. A genuine comment — what you learned, or a question — helps the most:",
                    len(posts),
                )
            )
        ),
    ]
    for post in posts[:ROUNDUP_POSTS]:
        blocks.append(await _line(ctx, post))
    if len(posts) > ROUNDUP_POSTS:
        blocks.append(
            Note(tr._t("… and {count} more in the channel.", count=len(posts) - ROUNDUP_POSTS))
        )
    blocks.append(
        Actions(
            tuple(
                Button(tr._("Post #{number}", number=p.number), f"posted show {p.number}")
                for p in posts[:5]
            )
        )
    )
    return [Message(tuple(blocks), Audience.CHANNEL, summary=tr._("Like & comment roundup"))]


async def _line(ctx: Context, post: Post) -> Section:
    tr = ctx.tr
    author = await ctx.uow.members.get(post.author_id)
    who = (
        Span(author.display_name, SpanKind.MENTION, user_id=author.external_id)
        if author
        else Span("…")
    )
    network = NETWORK_NAMES.get(post.network, "") if post.network is not Network.WEB else ""
    where = Span(network or tr._("the web"))
    link = Span(post.url, SpanKind.LINK, url=post.url)
    likes = tr._n("{n} like", "{n} likes", post.counts.get(Engagement.LIKED, 0))
    comments = tr._n("{n} comment", "{n} comments", post.counts.get(Engagement.COMMENTED, 0))
    return Section(
        tr._t(
            "#{number} {author} on {network}: {link} ({likes}, {comments})",
            number=post.number,
            author=who,
            network=where,
            link=link,
            likes=Span(likes),
            comments=Span(comments),
        )
    )
