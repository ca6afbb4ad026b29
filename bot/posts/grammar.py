"""The words of `/posted`, and its call's buttons."""

from __future__ import annotations

import re

from bot.cheers.commands import CheerPost
from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import LineParser, number_of
from bot.i18n import N_
from bot.posts.commands import AnnouncePost, EngagePost, ShowPost
from bot.posts.ports import Engagement

_SLACK_LINK = re.compile(r"^<([^|>\s]+)(?:\|[^>]*)?>$")


_ENGAGEMENTS = {
    "like": Engagement.LIKED,
    "liked": Engagement.LIKED,
    "comment": Engagement.COMMENTED,
    "commented": Engagement.COMMENTED,
    "share": Engagement.SHARED,
    "shared": Engagement.SHARED,
}


POSTED_USAGE = N_(
    "Paste the link of your published post, for example: /posted https://www.linkedin.com/posts/... (add a draft's number to link it: /posted URL 3)."
)


def _parse_posted(rest: str) -> Command:
    """``/posted URL [N]`` and the call's buttons (``posted like 3`` …)."""
    words = rest.split()
    if not words:
        raise UsageError(POSTED_USAGE)
    sub = words[0].casefold()
    if sub in _ENGAGEMENTS and len(words) == 2:
        return EngagePost(number_of(words[1], POSTED_USAGE), _ENGAGEMENTS[sub])
    if sub == "undo" and len(words) == 3 and words[1].casefold() in _ENGAGEMENTS:
        kind = _ENGAGEMENTS[words[1].casefold()]
        return EngagePost(number_of(words[2], POSTED_USAGE), kind, undo=True)
    if sub == "cheer" and len(words) == 2:
        return CheerPost(number_of(words[1], POSTED_USAGE))
    if sub == "show" and len(words) == 2:
        return ShowPost(number_of(words[1], POSTED_USAGE))
    confirmed = sub == "confirm" and len(words) > 1  # the warning's "Announce anyway"
    if confirmed:
        words = words[1:]
    link = _SLACK_LINK.match(words[0])
    url = link.group(1) if link else words[0]
    tail = [w for w in words[1:] if w.casefold() != "draft"]
    if len(tail) > 1:
        raise UsageError(POSTED_USAGE)
    number = number_of(tail[0], POSTED_USAGE) if tail else None
    return AnnouncePost(url, number, confirmed)


WORDS: dict[str, LineParser] = {"posted": _parse_posted}
