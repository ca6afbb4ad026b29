"""Published posts and their like & comment calls: what they add to Chorus."""

from __future__ import annotations

from bot.capability import Capability, HelpLine
from bot.i18n import N_
from bot.posts import service
from bot.posts.commands import AnnouncePost, EngagePost, ShowPost
from bot.posts.grammar import WORDS

POSTS = Capability(
    "posts",
    handlers={
        AnnouncePost: service.announce_post,
        ShowPost: service.show_post,
        EngagePost: service.engage_post,
    },
    words=WORDS,
    help=(
        HelpLine(
            "/posted URL [N]",
            N_("announce your published post (N: the draft it was)"),
            "/posted https://www.linkedin.com/posts/chorus-backups 2",
            AnnouncePost,
            ("drafts",),
        ),
    ),
    examples={ShowPost: "posted show 3", EngagePost: "posted like 3"},
)
