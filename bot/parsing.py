"""One grammar for every platform: a command line (or a button's command) → a Command.

Adapters hand over the text as a member would have typed it; Slack's ``<@U1|name>`` and
``<#C1|name>`` escapes, Teams mentions rewritten to ``<@id|name>``, and the console's
``@name`` are all understood here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from bot import commands as c
from bot.errors import UsageError
from bot.i18n import N_
from bot.messages import Button
from bot.model import Role

_TAG = re.compile(r"#([\w][\w-]*)")
_SLACK_CHANNEL = re.compile(r"<#(\w+)(?:\|([^>]*))?>")
_MENTION = re.compile(r"^<@(\w[\w:.-]*)(?:\|([^>]*))?>$")
_NUMBER = re.compile(r"^#?(\d{1,9})$")

IDEA_ACTIONS: dict[str, Callable[[int], c.Command]] = {
    "vote": c.VoteIdea,
    "claim": c.ClaimIdea,
    "unclaim": c.UnclaimIdea,
    "archive": c.ArchiveIdea,
    "restore": c.RestoreIdea,
    "show": c.ShowIdea,
}
HELP_TOPICS = ("ideas", "themes", "coordinators", "settings")


def parse(line: str) -> c.Command:
    """Parse a typed command line. Raises :class:`UsageError` with what to type instead."""
    stripped = line.strip()
    if not stripped:
        raise UsageError(N_("Type a command, for example /idea TEXT, or /chorus help."))
    word, _, rest = stripped.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        rest = more + " " + rest
    name = word.lstrip("/").casefold()
    rest = rest.strip()
    if name == "idea":
        return _parse_idea(rest)
    if name in ("chorus", "help"):
        return _parse_chorus(rest if name == "chorus" else f"help {rest}".strip())
    raise UsageError(
        N_("I don't know the command {command}. Type /chorus help to see what I can do."),
        command=word,
    )


def parse_form(command: str, values: Mapping[str, str]) -> c.Command:
    """Parse a submitted form: ``command`` names the form, ``values`` are its inputs."""
    if command.strip().lstrip("/").casefold() == "idea":
        text = values.get("text", "").strip()
        if not text:
            raise UsageError(N_("Write your idea in the text field."), field="text")
        return c.SubmitIdea(text=text, tags=_split_tags(values.get("themes", "")))
    raise UsageError(N_("This form is out of date. Open it again from /chorus help."))


def _parse_idea(rest: str) -> c.Command:
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
        return c.OpenIdeaForm()
    if sub == "list":
        return _parse_idea_list(args)
    if sub in IDEA_ACTIONS:
        match = _NUMBER.match(args)
        if not match:
            raise UsageError(
                N_("Tell me which idea by its number, for example: /idea {action} 3"),
                action=sub,
            )
        return IDEA_ACTIONS[sub](int(match.group(1)))
    return _idea_text(rest)


def _idea_text(text: str) -> c.Command:
    """Split trailing ``#theme`` tags off an idea's text; tags inside the text stay put."""
    text = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text).strip()
    tokens = text.split()
    tags: list[str] = []
    while tokens and _TAG.fullmatch(tokens[-1]):
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
    return c.SubmitIdea(text=text if not tags else body, tags=tuple(tags))


def _split_tags(value: str) -> tuple[str, ...]:
    value = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", value)
    return tuple(t.lstrip("#") for t in re.split(r"[\s,]+", value) if t.lstrip("#"))


def _parse_idea_list(args: str) -> c.Command:
    words = args.split()
    page = 1
    if words and words[-1].isdigit():
        page = max(1, int(words.pop()))
    if not words:
        return c.ListIdeas(page=page)
    if len(words) == 1:
        choice = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", words[0])
        lowered = choice.casefold()
        if lowered == "mine":
            return c.ListIdeas(c.IdeaFilter.MINE, page=page)
        if lowered == "open":
            return c.ListIdeas(c.IdeaFilter.OPEN, page=page)
        if lowered in ("all", "active"):
            return c.ListIdeas(page=page)
        if _TAG.fullmatch(choice):
            return c.ListIdeas(c.IdeaFilter.THEME, theme=choice[1:], page=page)
    raise UsageError(N_("Use /idea list, /idea list mine, /idea list open or /idea list #theme."))


def _parse_chorus(rest: str) -> c.Command:
    word, _, args = rest.partition(" ")
    sub = word.casefold()
    args = args.strip()
    if sub in ("", "help"):
        topic = args.casefold() or None
        if topic is not None and topic not in HELP_TOPICS:
            raise UsageError(
                N_("There is no help on {topic}. Try /chorus help, or one of: {topics}."),
                topic=args,
                topics=", ".join(HELP_TOPICS),
            )
        return c.ShowHelp(topic)
    if sub in ("theme", "themes"):
        return _parse_theme(args)
    if sub == "channel":
        match = _SLACK_CHANNEL.fullmatch(args)
        if args and not match:
            raise UsageError(N_("Type /chorus channel in the ambassador channel itself."))
        return c.SetChannel(match.group(1) if match else None)
    if sub in ("promote", "demote"):
        role = Role.COORDINATOR if sub == "promote" else Role.AMBASSADOR
        return c.SetRole(parse_member(args, example=f"/chorus {sub} @bente"), role)
    if sub in ("language", "timezone"):
        scope, _, value = args.partition(" ")
        workspace = scope.casefold() == "workspace"
        value = value.strip() if workspace else args
        if not value or " " in value:
            if sub == "language":
                raise UsageError(
                    N_(
                        "Choose a language: /chorus language en, da or nl (add 'workspace' before the code to set it for everyone)."
                    )
                )
            raise UsageError(
                N_("Name a time zone, for example: /chorus timezone Europe/Copenhagen")
            )
        if sub == "language":
            return c.SetLanguage(value, workspace)
        return c.SetTimezone(value, workspace)
    if sub == "settings" and not args:
        return c.ShowSettings()
    raise UsageError(
        N_("I don't know /chorus {sub}. Type /chorus help to see the commands."), sub=word
    )


def _parse_theme(args: str) -> c.Command:
    word, _, name = args.partition(" ")
    action = word.casefold()
    name = _SLACK_CHANNEL.sub(lambda m: m.group(2) or m.group(1), name.strip()).lstrip("#")
    if action in ("", "list") and not name:
        return c.ListThemes()
    if action in ("add", "remove") and name:
        if not re.fullmatch(r"[\w][\w-]*", name):
            raise UsageError(
                N_(
                    "A theme is one word (letters, digits and dashes), for example: /chorus theme add open-banking"
                )
            )
        return c.AddTheme(name) if action == "add" else c.RemoveTheme(name)
    raise UsageError(
        N_("Use /chorus theme add NAME, /chorus theme remove NAME or /chorus theme list.")
    )


def parse_member(text: str, *, example: str) -> c.MemberRef:
    """``<@U1|bente>``, ``<@U1>`` or ``@bente`` → a :class:`MemberRef`."""
    text = text.strip()
    match = _MENTION.match(text)
    if match:
        return c.MemberRef(user_id=match.group(1), name=match.group(2) or None)
    if text.startswith("@") and len(text) > 1 and " " not in text:
        return c.MemberRef(name=text[1:])
    raise UsageError(N_("Name a member with @, for example: {example}"), example=example)
