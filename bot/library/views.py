"""How library items look: in lists, alone, in the digest and on the App Home."""

from __future__ import annotations

import difflib
from datetime import datetime, timedelta

from bot.context import Context
from bot.i18n import N_, Translator
from bot.library.ports import ContentKind, LibraryItem
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)
from bot.posts.ports import Network
from bot.posts.urls import NETWORK_NAMES
from bot.programme.ports import Theme

# The prompts a pick answers with: the member's own angle is what makes a share worth reading.
ANGLES = (
    N_("What surprised you?"),
    N_("What does this mean for your customers?"),
    N_("One thing you'd add"),
)

KIND_NAMES = {ContentKind.COMPANY: N_("company"), ContentKind.EXTERNAL: N_("external")}

# The week's picks when coordinators pinned none: the most picked of the newest items.
WEEK_PICKS = 3


def link(item: LibraryItem) -> Text:
    """The item's address as a link."""
    return Text((Span(item.url, SpanKind.LINK, url=item.url),))


def facts(tr: Translator, item: LibraryItem) -> Text:
    """Theme, kind, network, picks and expiry on one line."""
    parts: list[Text] = []
    if item.theme:
        parts.append(Text.user(f"#{item.theme}"))
    if item.kind is not None:
        parts.append(Text.plain(tr._(KIND_NAMES[item.kind])))
    if item.network is not Network.WEB:
        parts.append(Text.plain(NETWORK_NAMES[item.network]))
    parts.append(Text.plain(tr._n("{n} pick", "{n} picks", item.picks)))
    if item.expires_at is not None:
        last_day = (item.expires_at - timedelta(seconds=1)).astimezone(tr.timezone).date()
        parts.append(tr._t("until {day}", day=tr.date(last_day)))
    line = parts[0]
    for part in parts[1:]:
        line = line + Text.plain(" · ") + part
    return line


def item_blocks(tr: Translator, item: LibraryItem, *, manage: bool = False) -> list[Block]:
    """One item: its number and link, the suggester's note, its facts and buttons."""
    title = (
        tr._t("📌 Item #{number}", number=item.number)
        if item.pinned_at
        else tr._t("Item #{number}", number=item.number)
    )
    blocks: list[Block] = [Section(title + Text.plain(" ") + link(item))]
    if item.title:
        # The page's own title, as text beside the link: never a label that hides where
        # the link goes.
        blocks.append(Section(Text((Span(item.title, SpanKind.USER, bold=True),))))
    if item.note:
        blocks.append(Quote(item.note))
    blocks.append(Note(facts(tr, item)))
    buttons = [Button(tr._("I'll share this"), f"share pick {item.number}", ButtonStyle.PRIMARY)]
    if manage:
        buttons.append(Button(tr._("Company"), f"share company {item.number}"))
        buttons.append(Button(tr._("External"), f"share external {item.number}"))
        if item.pinned_at:
            buttons.append(Button(tr._("Unpin"), f"share unpin {item.number}"))
        else:
            buttons.append(Button(tr._("Pin"), f"share pin {item.number}"))
    blocks.append(Actions(tuple(buttons)))
    return blocks


async def week_picks(ctx: Context, now: datetime) -> list[LibraryItem]:
    """This week's picks: the pinned items, or else the most picked of the week's new ones."""
    pinned = await ctx.uow.library.pinned(ctx.workspace.id, now)
    if pinned:
        return pinned
    recent, _ = await ctx.uow.library.fresh(
        ctx.workspace.id, now, created_after=now - timedelta(days=7), limit=WEEK_PICKS
    )
    return recent


def picks_blocks(tr: Translator, items: list[LibraryItem]) -> list[Block]:
    """The week's picks, compact: a line each and an "I'll share this" button each."""
    if not items:
        return []
    blocks: list[Block] = [Section(tr._t("🔗 Worth sharing this week — with your own angle:"))]
    for item in items:
        line = Text.plain(f"#{item.number} ") + link(item)
        if item.note:
            line = line + Text.plain(" — ") + Text.user(_shorten(item.note))
        blocks.append(Section(line))
    blocks.append(
        Actions(
            tuple(
                Button(
                    tr._("I'll share #{number}", number=item.number), f"share pick {item.number}"
                )
                for item in items
            )
        )
    )
    return blocks


def unknown_theme(tr: Translator, tag: str, themes: list[Theme]) -> Section:
    """A "did you mean" answer for an unknown theme; the item was kept without it."""
    names = sorted((t.name for t in themes), key=str.casefold)
    folded = {n.casefold(): n for n in names}
    close = difflib.get_close_matches(tag.casefold(), list(folded), n=1, cutoff=0.6)
    if close:
        text = tr._t(
            "I don't know the theme #{tag}. Did you mean #{guess}?", tag=tag, guess=folded[close[0]]
        )
    else:
        text = tr._t("I don't know the theme #{tag}.", tag=tag)
    text = text + Text.plain(" ")
    if names:
        text = text + tr._t(
            "I kept the item without a theme; the programme's themes are: {themes}.",
            themes=", ".join(f"#{n}" for n in names),
        )
    else:
        text = text + tr._t("I kept the item without a theme; the programme has none yet.")
    return Section(text)


def _shorten(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
