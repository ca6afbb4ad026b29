"""The words of `/share`, and its items' buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import TAG, LineParser, number_of, unescape_channels
from bot.i18n import N_
from bot.library.commands import (
    DraftFromItem,
    ExpireItem,
    ListLibrary,
    MarkItem,
    Period,
    PickItem,
    PinItem,
    ShowBalance,
    ShowItem,
    SuggestItem,
)
from bot.library.ports import ContentKind

_SLACK_LINK = re.compile(r"^<([^|>\s]+)(?:\|[^>]*)?>$")

SHARE_USAGE = N_(
    "Paste the link of something worth sharing, for example: /share https://example.com/article #engineering Why it matters to us. /share list shows the library."
)

_KINDS = {"company": ContentKind.COMPANY, "external": ContentKind.EXTERNAL}

_NUMBERED: dict[str, Callable[[int], Command]] = {
    "show": ShowItem,
    "pick": PickItem,
    "pin": PinItem,
    "unpin": lambda n: PinItem(n, pinned=False),
    "company": lambda n: MarkItem(n, ContentKind.COMPANY),
    "external": lambda n: MarkItem(n, ContentKind.EXTERNAL),
    "unmark": lambda n: MarkItem(n, None),
}

_PERIODS = {period.value: period for period in Period}


def _parse_share(rest: str) -> Command:
    words = rest.split()
    if not words:
        raise UsageError(SHARE_USAGE)
    sub = words[0].casefold()
    args = words[1:]
    if sub == "list":
        return _parse_list(args)
    if sub in _NUMBERED:
        if len(args) != 1:
            raise UsageError(
                N_("Tell me which item by its number, for example: /share {action} 3"), action=sub
            )
        return _NUMBERED[sub](number_of(args[0], SHARE_USAGE))
    if sub == "draft":
        usage = N_("Start a draft from an item with one of its angles: /share draft 3 2")
        if len(args) not in (1, 2):
            raise UsageError(usage)
        angle = number_of(args[1], usage) if len(args) == 2 else 1
        return DraftFromItem(number_of(args[0], usage), angle)
    if sub in ("expire", "expires"):
        return _parse_expire(args)
    if sub == "stats":
        if not args:
            return ShowBalance()
        if len(args) == 1 and args[0].casefold() in _PERIODS:
            return ShowBalance(_PERIODS[args[0].casefold()])
        raise UsageError(N_("Use /share stats, /share stats week, month or quarter."))
    return _parse_suggestion(rest)


def _parse_suggestion(rest: str) -> SuggestItem:
    """``URL [#theme] [NOTE]``; the note keeps its own line breaks."""
    first, _, tail = rest.strip().partition(" ")
    link = _SLACK_LINK.match(first)
    url = link.group(1) if link else first
    if "\n" in url:
        url, _, more = url.partition("\n")
        tail = more + " " + tail
    tail = unescape_channels(tail).strip()
    theme: str | None = None
    head, _, after = tail.partition(" ")
    if TAG.fullmatch(head):
        theme, tail = head[1:], after.strip()
    return SuggestItem(url, theme, tail)


def _parse_list(args: list[str]) -> ListLibrary:
    theme: str | None = None
    kind: ContentKind | None = None
    page = 1
    for raw in args:
        word = unescape_channels(raw)
        if word.isdigit():
            page = max(1, int(word))
        elif word.casefold() in _KINDS and kind is None:
            kind = _KINDS[word.casefold()]
        elif TAG.fullmatch(word) and theme is None:
            theme = word[1:]
        else:
            raise UsageError(
                N_(
                    "Use /share list, /share list #theme, /share list company or /share list external."
                )
            )
    return ListLibrary(theme, kind, page)


def _parse_expire(args: list[str]) -> ExpireItem:
    usage = N_(
        "Give the item's number and its last day, for example: /share expire 3 2026-12-31 (or /share expire 3 never)."
    )
    if len(args) != 2:
        raise UsageError(usage)
    number = number_of(args[0], usage)
    if args[1].casefold() == "never":
        return ExpireItem(number, None)
    try:
        return ExpireItem(number, date.fromisoformat(args[1]))
    except ValueError:
        raise UsageError(usage) from None


WORDS: dict[str, LineParser] = {"share": _parse_share}
