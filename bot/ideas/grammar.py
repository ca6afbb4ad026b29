"""The words of `/idea`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import NUMBER, TAG, LineParser, ask_about_typo, unescape_channels
from bot.i18n import N_
from bot.ideas.commands import (
    ArchiveIdea,
    ClaimIdea,
    DraftFromIdea,
    IdeaFilter,
    ListIdeas,
    OpenIdeaForm,
    RestoreIdea,
    ShowIdea,
    SubmitIdea,
    TagIdea,
    UnclaimIdea,
    VoteIdea,
)
from bot.messages import Button

IDEA_ACTIONS: dict[str, Callable[[int], Command]] = {
    "vote": VoteIdea,
    "claim": ClaimIdea,
    "unclaim": UnclaimIdea,
    "archive": ArchiveIdea,
    "restore": RestoreIdea,
    "show": ShowIdea,
    "draft": DraftFromIdea,
}


def _parse_idea(rest: str) -> Command:
    if not rest:
        raise UsageError(
            N_(
                "Write the idea after the command, for example: /idea Why we test our backups every Friday #engineering"
            ),
            buttons=(Button(N_("Open the idea form"), "idea form"),),
        )
    word, _, args = rest.partition(" ")
    sub = word.casefold()
    args = args.strip()
    if sub == "new":
        return _idea_text(args)
    if sub == "form" and not args:
        return OpenIdeaForm()
    if sub == "list":
        return _parse_idea_list(args)
    if sub == "tag":
        number, _, tags = args.partition(" ")
        found = _split_tags(tags)
        if not NUMBER.match(number) or not found:
            raise UsageError(
                N_("Tell me which idea and which themes, for example: /idea tag 3 #engineering")
            )
        return TagIdea(int(number.lstrip("#")), found)
    if sub in IDEA_ACTIONS:
        match = NUMBER.match(args)
        if not match:
            raise UsageError(
                N_("Tell me which idea by its number, for example: /idea {action} 3"),
                action=sub,
            )
        return IDEA_ACTIONS[sub](int(match.group(1)))
    ask_about_typo(
        "idea",
        rest,
        ("new", "form", "list", "tag", *IDEA_ACTIONS),
        keep_command="new",
        keep_label=N_('Park "{text}" as an idea'),
    )
    return _idea_text(rest)


def _idea_text(text: str) -> Command:
    """Split trailing ``#theme`` tags off an idea's text; tags inside the text stay put."""
    text = unescape_channels(text).strip()
    tokens = text.split()
    tags: list[str] = []
    while tokens and TAG.fullmatch(tokens[-1]):
        tags.insert(0, tokens.pop()[1:])
    body = text
    if tags:
        # Cut at the start of the trailing tags, keeping the body's own line breaks.
        cut = len(text)
        for tag in reversed(tags):
            cut = text.rfind("#" + tag, 0, cut)
        body = text[:cut].rstrip()
    if not body:
        raise UsageError(
            N_(
                "An idea needs some words besides its themes, for example: /idea Three lessons from our cloud migration #engineering"
            )
        )
    return SubmitIdea(text=text if not tags else body, tags=tuple(tags))


def _split_tags(value: str) -> tuple[str, ...]:
    value = unescape_channels(value)
    return tuple(t.lstrip("#") for t in re.split(r"[\s,]+", value) if t.lstrip("#"))


def _parse_idea_list(args: str) -> Command:
    words = args.split()
    page = 1
    if words and words[-1].isdigit():
        page = max(1, int(words.pop()))
    if not words:
        return ListIdeas(page=page)
    if len(words) == 1:
        choice = unescape_channels(words[0])
        lowered = choice.casefold()
        if lowered == "mine":
            return ListIdeas(IdeaFilter.MINE, page=page)
        if lowered == "open":
            return ListIdeas(IdeaFilter.OPEN, page=page)
        if lowered in ("all", "active"):
            return ListIdeas(page=page)
        if TAG.fullmatch(choice):
            return ListIdeas(IdeaFilter.THEME, theme=choice[1:], page=page)
    raise UsageError(N_("Use /idea list, /idea list mine, /idea list open or /idea list #theme."))


def parse_idea_form(command: str, values: Mapping[str, str]) -> Command | None:
    """The idea form; None for others."""
    if command != "idea":
        return None
    text = values.get("text", "").strip()
    if not text:
        raise UsageError(N_("Write your idea in the text field."), field="text")
    return SubmitIdea(text=text, tags=_split_tags(values.get("themes", "")))


WORDS: dict[str, LineParser] = {"idea": _parse_idea}
