"""Published posts: ``/posted URL`` announces one with a like & comment call, and members
say they liked, commented on or shared it — each counted once, never the author's own."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from bot import commands as c
from bot.context import Context
from bot.errors import Conflict, NotAllowed, NotFound, UsageError
from bot.i18n import N_, Translator
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Message,
    Quote,
    Reply,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.messages import (
    Context as Small,
)
from bot.model import (
    URL_MAX_CHARS,
    DraftStatus,
    Engagement,
    IdeaStatus,
    Network,
    NewPost,
    Post,
)
from bot.services import ideas

CALL_EXCERPT_LINES = 3
CALL_EXCERPT_CHARS = 300
_TRACKING = re.compile(r"^(utm_\w+|trk\w*|fbclid|gclid|si)$", re.IGNORECASE)
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")

NETWORK_NAMES = {
    Network.LINKEDIN: "LinkedIn",
    Network.X: "X",
    Network.REDDIT: "Reddit",
    Network.MASTODON: "Mastodon",
    Network.YOUTUBE: "YouTube",
}
_NETWORK_HOSTS = {
    "linkedin.com": Network.LINKEDIN,
    "lnkd.in": Network.LINKEDIN,
    "x.com": Network.X,
    "twitter.com": Network.X,
    "reddit.com": Network.REDDIT,
    "redd.it": Network.REDDIT,
    "youtube.com": Network.YOUTUBE,
    "youtu.be": Network.YOUTUBE,
}
BUTTON_WORDS = {
    Engagement.LIKED: "like",
    Engagement.COMMENTED: "comment",
    Engagement.SHARED: "share",
}
_MASTODON_PATH = re.compile(r"^/@[\w.-]+/\d+/?$")

BAD_URL = N_(
    "That doesn't look like the link of a published post. Paste the whole address, starting with https://, for example: /posted https://www.linkedin.com/posts/..."
)


def validate_url(raw: str) -> str:
    """The URL as announced: http(s), a real host name, no credentials, not too long."""
    url = raw.strip()
    if len(url) > URL_MAX_CHARS:
        raise UsageError(
            N_("That link is longer than {limit} characters. Paste the post's own address."),
            limit=f"{URL_MAX_CHARS:,}",
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UsageError(BAD_URL) from None
    host = (parts.hostname or "").casefold()
    if parts.scheme.casefold() not in ("http", "https") or not _HOST.match(host) or port == 0:
        raise UsageError(BAD_URL)
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            N_(
                "That link carries a user name or password. Paste the post's public address without them."
            )
        )
    if any(ch.isspace() or ch in "<>\"'" for ch in url):
        raise UsageError(BAD_URL)
    return url


def network_of(url: str) -> Network:
    """The network a post lives on; anything unknown is the web (a blog, a site)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold().removeprefix("www.").removeprefix("m.")
    for domain, network in _NETWORK_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return network
    if "mastodon" in host or _MASTODON_PATH.match(parts.path):
        return Network.MASTODON
    return Network.WEB


def url_key(url: str) -> str:
    """The form two links to the same post share: no ``www.``, fragment, tracking
    parameters or trailing slash; host and scheme in lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold().removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _TRACKING.match(pair.split("=")[0])
    )
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


async def announce_post(ctx: Context, cmd: c.AnnouncePost) -> Reply:
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
        await ctx.uow.rollback()
        first = await ctx.uow.posts.by_url_key(ctx.workspace.id, key)
        if first is None:
            raise Conflict(N_("Something changed at the same moment. Please try again."))
        raise _already_announced(first)
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
                    messages.append(await ideas.idea_post(ctx, fresh))
    blocks: list[Block] = [
        Section(
            tr._t(
                "Congratulations on your post! It is announced as post #{number}.",
                number=post.number,
            )
        )
    ]
    if ctx.workspace.channel_id:
        messages.insert(0, await call_message(ctx, post))
        blocks.append(
            Small(tr._t("Colleagues get a like & comment call in the ambassador channel."))
        )
    else:
        blocks.append(
            Small(
                tr._t(
                    "There is no ambassador channel yet, so nobody was called to it. A coordinator can choose one with /chorus channel."
                )
            )
        )
    if draft is None:
        mine = await ctx.uow.drafts.of_author(ctx.workspace.id, ctx.member.id, [DraftStatus.ACTIVE])
        if mine:
            blocks.append(
                Small(
                    tr._t(
                        "Was it one of your drafts? Next time add its number, for example /posted URL {number}, and it is filed as published.",
                        number=mine[0].number,
                    )
                )
            )
    return Reply.private(*blocks).with_messages(messages)


def _already_announced(post: Post) -> Conflict:
    return Conflict(
        N_(
            "This post was announced already, as post #{number}. Its call is still there to like and comment on."
        ),
        number=post.number,
        buttons=(Button(N_("Show the call"), f"posted show {post.number}"),),
    )


async def show_post(ctx: Context, cmd: c.ShowPost) -> Reply:
    """A post's call, privately (for "show the call" and stale links)."""
    post = await _get(ctx, cmd.number)
    call = await _call_blocks(ctx, ctx.tr, post)
    return Reply.private(*call)


async def engage_post(ctx: Context, cmd: c.EngagePost) -> Reply:
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


async def call_message(ctx: Context, post: Post) -> Message:
    """The like & comment call in the channel (posted once, then updated in place)."""
    tr = ctx.channel_tr
    return Message(
        tuple(await _call_blocks(ctx, tr, post)),
        Audience.CHANNEL,
        key=f"post:{post.number}",
        summary=tr._("New post to like and comment on"),
    )


async def _call_blocks(ctx: Context, tr: Translator, post: Post) -> list[Block]:
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
    if post.draft_id is not None:
        excerpt = await _excerpt(ctx, post.draft_id)
        if excerpt:
            blocks.append(Quote(excerpt))
    blocks.append(Section(Text((Span(post.url, SpanKind.LINK, url=post.url),))))
    blocks.append(
        Small(
            tr._t(
                'Comment with something genuine — what you learned, or a question. It helps more than a like, and far more than "great post!".'
            )
        )
    )
    liked = post.counts.get(Engagement.LIKED, 0)
    commented = post.counts.get(Engagement.COMMENTED, 0)
    shared = post.counts.get(Engagement.SHARED, 0)
    blocks.append(
        Small(
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
    """The first lines of the post as drafted here (the newest version)."""
    draft = await ctx.uow.drafts.get(draft_id)
    if draft is None:
        return ""
    lines = [line for line in draft.text.splitlines() if line.strip()]
    text = "\n".join(lines[:CALL_EXCERPT_LINES])
    if len(text) > CALL_EXCERPT_CHARS:
        text = text[: CALL_EXCERPT_CHARS - 1].rstrip() + "…"
    elif len(lines) > CALL_EXCERPT_LINES:
        text += " …"
    return text


async def _get(ctx: Context, number: int) -> Post:
    post = await ctx.uow.posts.by_number(ctx.workspace.id, number)
    if post is None:
        raise NotFound(
            N_("There is no post #{number} any more. Announce yours with /posted URL."),
            number=number,
        )
    return post
