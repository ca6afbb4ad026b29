"""The content library: suggest, browse, pick with an angle, and the coordinators' marks."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.access import require_coordinator
from bot.context import Context
from bot.drafts.ports import DraftStatus
from bot.drafts.views import draft_actions, hint_blocks
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import N_
from bot.library.commands import (
    DraftFromItem,
    ExpireItem,
    ListLibrary,
    MarkItem,
    PickItem,
    PinItem,
    ShowItem,
    SuggestItem,
)
from bot.library.ports import (
    MAX_PINS,
    NOTE_MAX_CHARS,
    ContentKind,
    LibraryItem,
    NewLibraryItem,
)
from bot.library.views import ANGLES, item_blocks, link, unknown_theme
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Note,
    Quote,
    Reply,
    Section,
    Text,
)
from bot.model import char_count
from bot.posts.ports import URL_MAX_CHARS
from bot.posts.urls import network_of, url_key, validate_url
from bot.programme.ports import Theme, theme_key

BAD_LINK = N_(
    "That doesn't look like a web link. Paste the whole address, starting with https://, for example: /share https://example.com/article"
)


def _valid_url(raw: str) -> str:
    """The link as ``/posted`` accepts it, with answers that speak of the library."""
    if len(raw.strip()) > URL_MAX_CHARS:
        raise UsageError(
            N_("That link is longer than {limit} characters. Paste a shorter address."),
            limit=f"{URL_MAX_CHARS:,}",
        )
    try:
        return validate_url(raw)
    except UsageError:
        raise UsageError(BAD_LINK) from None


async def suggest_item(ctx: Context, cmd: SuggestItem) -> Reply:
    """Add a link to the library; a link that is there already points to the first."""
    tr = ctx.tr
    url = _valid_url(cmd.url)
    note = cmd.note.strip()
    if char_count(note) > NOTE_MAX_CHARS:
        raise UsageError(
            N_(
                "A note can be at most {limit} characters; yours has {count}. Say in a sentence why it is worth sharing."
            ),
            limit=NOTE_MAX_CHARS,
            count=f"{char_count(note):,}",
        )
    themes = await ctx.uow.themes.list(ctx.workspace.id)
    theme = _theme(themes, cmd.theme)
    key = url_key(url)
    earlier = await ctx.uow.library.by_url_key(ctx.workspace.id, key)
    if earlier is None:
        item = await ctx.uow.library.add(
            NewLibraryItem(
                workspace_id=ctx.workspace.id,
                url=url,
                url_key=key,
                network=network_of(url),
                created_at=ctx.clock.now(),
                suggested_by_id=ctx.member.id,
                note=note or None,
                theme_id=theme.id if theme else None,
            )
        )
        if item is None:  # someone suggested the same link a moment ago
            await ctx.uow.rollback()
            earlier = await ctx.uow.library.by_url_key(ctx.workspace.id, key)
            if earlier is None:
                raise Conflict(N_("Something changed at the same moment. Please try again."))
    if earlier is not None:
        return await _merge(ctx, earlier, note, theme, cmd.theme, themes)
    assert item is not None
    blocks: list[Block] = [
        Section(tr._t("Item #{number} is in the library. Thank you!", number=item.number))
    ]
    if cmd.theme and theme is None:
        blocks.append(unknown_theme(tr, cmd.theme, themes))
    blocks.append(
        Note(
            tr._t(
                "Colleagues find it with /share list and share it with their own angle. Coordinators can mark it as company content or external."
            )
        )
    )
    blocks.extend(item_blocks(tr, item, manage=ctx.member.is_coordinator))
    return Reply.private(*blocks)


async def _merge(
    ctx: Context,
    first: LibraryItem,
    note: str,
    theme: Theme | None,
    asked_theme: str | None,
    themes: list[Theme],
) -> Reply:
    """A repeated link joins the first item: it keeps its own number, and gains the theme
    or note it lacked."""
    tr = ctx.tr
    added = await ctx.uow.library.fill_in(
        first.id, theme_id=theme.id if theme else None, note=note or None
    )
    if added:
        fresh = await ctx.uow.library.get(first.id)
        assert fresh is not None
        first = fresh
    blocks: list[Block] = [
        Section(
            tr._t(
                "That link is in the library already, as item #{number}, so I merged your suggestion into it.",
                number=first.number,
            )
        )
    ]
    if added:
        blocks.append(Note(tr._t("Your theme or note was added to it.")))
    if asked_theme and theme is None:
        blocks.append(unknown_theme(tr, asked_theme, themes))
    blocks.extend(item_blocks(tr, first, manage=ctx.member.is_coordinator))
    return Reply.private(*blocks)


def _theme(themes: list[Theme], name: str | None) -> Theme | None:
    if not name:
        return None
    return next((t for t in themes if theme_key(t.name) == theme_key(name)), None)


async def list_library(ctx: Context, cmd: ListLibrary) -> Reply:
    """A page of fresh items, pinned first, then the most picked and the newest."""
    tr = ctx.tr
    theme_id: int | None = None
    if cmd.theme is not None:
        themes = await ctx.uow.themes.list(ctx.workspace.id)
        theme = _theme(themes, cmd.theme)
        if theme is None:
            return Reply.private(unknown_list_theme(ctx, cmd.theme, themes))
        theme_id = theme.id
    size = ctx.programme.page_size
    items, total = await ctx.uow.library.fresh(
        ctx.workspace.id,
        ctx.clock.now(),
        theme_id=theme_id,
        kind=cmd.kind,
        limit=size,
        offset=(cmd.page - 1) * size,
    )
    if not items:
        empty = (
            tr._t("Nothing on this page. /share list starts at the beginning.")
            if cmd.page > 1
            else tr._t(
                "Nothing to share here yet. Suggest something worth reading: /share URL #theme why it matters."
            )
        )
        return Reply.private(Section(empty))
    blocks: list[Block] = [
        Section(
            Text.plain(
                tr._n(
                    "{n} item worth sharing — pick one and give it your own angle:",
                    "{n} items worth sharing — pick one and give it your own angle:",
                    total,
                )
            )
        )
    ]
    for item in items:
        blocks.append(Divider())
        blocks.extend(item_blocks(tr, item, manage=ctx.member.is_coordinator))
    if cmd.page * size < total:
        words = ["share list"]
        if cmd.theme:
            words.append(f"#{cmd.theme}")
        if cmd.kind:
            words.append(cmd.kind.value)
        words.append(str(cmd.page + 1))
        blocks.append(Actions((Button(tr._("More"), " ".join(words)),)))
    return Reply.private(*blocks)


def unknown_list_theme(ctx: Context, tag: str, themes: list[Theme]) -> Section:
    """``/share list #nosuch``: the themes there are."""
    names = ", ".join(f"#{t.name}" for t in sorted(themes, key=lambda t: t.name.casefold()))
    return Section(
        ctx.tr._t(
            "I don't know the theme #{tag}. The programme's themes are: {themes}.",
            tag=tag,
            themes=names or "—",
        )
    )


async def show_item(ctx: Context, cmd: ShowItem) -> Reply:
    """One item with its buttons."""
    item = await _get(ctx, cmd.number)
    blocks = item_blocks(ctx.tr, item, manage=ctx.member.is_coordinator)
    if item.expired(ctx.clock.now()):
        blocks.insert(0, Note(ctx.tr._t("This item has expired: news goes stale.")))
    return Reply.private(*blocks)


async def pick_item(ctx: Context, cmd: PickItem) -> Reply:
    """ "I'll share this": the intent is recorded once; the answer suggests angles."""
    tr = ctx.tr
    item = await _fresh(ctx, cmd.number)
    now = ctx.clock.now()
    first_time = await ctx.uow.library.pick(item.id, ctx.member.id, now)
    headline = (
        tr._t("Great, you'll share item #{number}.", number=item.number)
        if first_time
        else tr._t(
            "You picked item #{number} already — here are the angles again.", number=item.number
        )
    )
    blocks: list[Block] = [
        Section(headline + Text.plain(" ") + link(item)),
        Section(
            tr._t(
                "People read a colleague's own take, not a reshare. Pick an angle and start a draft with the link:"
            )
        ),
    ]
    for index, angle in enumerate(ANGLES, start=1):
        blocks.append(Quote(f"{index}. {tr._(angle)}"))
    blocks.append(
        Actions(
            tuple(
                Button(
                    tr._("Draft with angle {n}", n=index),
                    f"share draft {item.number} {index}",
                    ButtonStyle.PRIMARY if index == 1 else ButtonStyle.DEFAULT,
                )
                for index in range(1, len(ANGLES) + 1)
            )
        )
    )
    blocks.append(
        Note(
            tr._t(
                "Once it is out, announce it with /posted URL: colleagues get the like & comment call, and it counts for the library."
            )
        )
    )
    return Reply.private(*blocks)


async def draft_from_item(ctx: Context, cmd: DraftFromItem) -> Reply:
    """A private draft seeded with an angle and the item's link; the usual hints apply."""
    tr = ctx.tr
    if not 1 <= cmd.angle <= len(ANGLES):
        raise UsageError(
            N_("Choose angle 1, 2 or 3, for example: /share draft {number} 2"), number=cmd.number
        )
    item = await _fresh(ctx, cmd.number)
    now = ctx.clock.now()
    await ctx.uow.library.pick(item.id, ctx.member.id, now)
    pick = await ctx.uow.library.pick_of(item.id, ctx.member.id)
    if pick is not None and pick.draft_id is not None:
        existing = await ctx.uow.drafts.get(pick.draft_id)
        if existing is not None and existing.status is DraftStatus.ACTIVE:
            return Reply.private(
                Section(
                    tr._t(
                        "You already have draft #{number} for item #{item}.",
                        number=existing.number,
                        item=item.number,
                    )
                ),
                draft_actions(tr, existing),
            )
    text = f"{tr._(ANGLES[cmd.angle - 1])} …\n\n{item.url}"
    draft = await ctx.uow.drafts.add(ctx.workspace.id, ctx.member.id, text, now, idea_id=None)
    await ctx.uow.library.set_pick_draft(item.id, ctx.member.id, draft.id)
    return Reply.private(
        Section(
            tr._t(
                "Draft #{number} is started from item #{item}. Answer the question in your own words; only you and the coordinators see it.",
                number=draft.number,
                item=item.number,
            )
        ),
        Quote(draft.text),
        *await hint_blocks(ctx, draft.text),
        draft_actions(tr, draft),
    )


async def mark_item(ctx: Context, cmd: MarkItem) -> Reply:
    """Coordinators: company content, external, or unmarked."""
    require_coordinator(ctx)
    item = await _get(ctx, cmd.number)
    await ctx.uow.library.set_kind(item.id, cmd.kind)
    tr = ctx.tr
    if cmd.kind is None:
        text = tr._t("Item #{number} is no longer marked.", number=item.number)
    elif cmd.kind is ContentKind.COMPANY:
        text = tr._t("Item #{number} is marked as company content.", number=item.number)
    else:
        text = tr._t("Item #{number} is marked as external content.", number=item.number)
    return Reply.private(Section(text))


async def expire_item(ctx: Context, cmd: ExpireItem) -> Reply:
    """Coordinators: the item's last day (programme time zone), or never."""
    require_coordinator(ctx)
    item = await _get(ctx, cmd.number)
    tr = ctx.tr
    if cmd.until is None:
        await ctx.uow.library.set_expiry(item.id, None)
        return Reply.private(
            Section(tr._t("Item #{number} no longer expires.", number=item.number))
        )
    zone = ctx.channel_tr.timezone
    end = datetime.combine(cmd.until + timedelta(days=1), time(0), zone)
    if end <= ctx.clock.now():
        raise UsageError(
            N_(
                "That day is over already. Give a day from today on, or /share expire {number} never."
            ),
            number=item.number,
        )
    await ctx.uow.library.set_expiry(item.id, end)
    return Reply.private(
        Section(
            tr._t(
                "Item #{number} can be shared until {day}; after that it leaves the list.",
                number=item.number,
                day=tr.date(cmd.until),
            )
        )
    )


async def pin_item(ctx: Context, cmd: PinItem) -> Reply:
    """Coordinators: pin up to three fresh items as the week's picks."""
    require_coordinator(ctx)
    tr = ctx.tr
    item = await _get(ctx, cmd.number)
    now = ctx.clock.now()
    if not cmd.pinned:
        if item.pinned_at is None:
            return Reply.private(Section(tr._t("Item #{number} isn't pinned.", number=item.number)))
        await ctx.uow.library.set_pinned(item.id, None)
        return Reply.private(Section(tr._t("Item #{number} is unpinned.", number=item.number)))
    if item.pinned_at is not None:
        return Reply.private(
            Section(tr._t("Item #{number} is pinned already.", number=item.number))
        )
    if item.expired(now):
        raise Conflict(
            N_("Item #{number} has expired, so it can't be one of the week's picks."),
            number=item.number,
        )
    pinned = await ctx.uow.library.pinned(ctx.workspace.id, now)
    if len(pinned) >= MAX_PINS:
        raise Conflict(
            N_(
                "Three items are pinned already: {numbers}. Unpin one first, so the week's picks stay a short list."
            ),
            numbers=", ".join(f"#{p.number}" for p in pinned),
            buttons=tuple(Button(N_("Unpin"), f"share unpin {p.number}") for p in pinned),
        )
    await ctx.uow.library.set_pinned(item.id, now)
    return Reply.private(
        Section(
            tr._t(
                "Item #{number} is pinned: the digest and everyone's App Home show it as one of the week's picks.",
                number=item.number,
            )
        )
    )


async def _get(ctx: Context, number: int) -> LibraryItem:
    item = await ctx.uow.library.by_number(ctx.workspace.id, number)
    if item is None:
        raise NotFound(
            N_("There is no item #{number} in the library. /share list shows what's there."),
            number=number,
        )
    return item


async def _fresh(ctx: Context, number: int) -> LibraryItem:
    item = await _get(ctx, number)
    if item.expired(ctx.clock.now()):
        raise Conflict(
            N_(
                "Item #{number} has expired — news goes stale, so it left the library. /share list shows what's fresh to share."
            ),
            number=item.number,
            buttons=(Button(N_("See the library"), "share list"),),
        )
    return item
