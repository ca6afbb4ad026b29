"""Shared tokenising: the patterns and helpers every capability's grammar uses, and the
:class:`Grammar` that merges the capabilities' words into one parser.

Adapters hand over the text as a member would have typed it; Slack's ``<@U1|name>`` and
``<#C1|name>`` escapes, Teams mentions rewritten to ``<@id|name>``, and the console's
``@name`` are all understood here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from bot.commands import Command, MemberRef
from bot.errors import UsageError
from bot.i18n import N_, Count
from bot.messages import Button, ButtonStyle

TAG = re.compile(r"#([\w][\w-]*)")
SLACK_CHANNEL = re.compile(r"<#(\w+)(?:\|([^<>]*))?>")  # [^<>]: linear on "<#C1|<#C1|…"
_MENTION = re.compile(r"^<@(\w[\w:.-]*)(?:\|([^>]*))?>$")
NUMBER = re.compile(r"^#?(\d{1,9})$")
# "Short" text whose first word is one typo from a sub-command is asked about, not stored.
TYPO_MAX_WORDS = 3
TYPO_MIN_LETTERS = 3
# Far over every limit (a draft is at most 10,000 characters): refused before any pattern runs.
LINE_MAX_CHARS = 20_000

LineParser = Callable[[str], Command]  # the rest of a line after its command word
WordParser = Callable[[str, str], Command]  # ``/chorus WORD ARGS`` → (word, args)
FormParser = Callable[[str, Mapping[str, str]], Command | None]  # None: not this form


def unescape_channels(text: str, *, hash_sign: bool = True) -> str:
    """Slack's ``<#C1|name>`` as ``#name`` (or plain ``name``)."""
    prefix = "#" if hash_sign else ""
    return SLACK_CHANNEL.sub(lambda m: prefix + (m.group(2) or m.group(1)), text)


class Grammar:
    """One grammar for every platform: a command line (or a button's command) or a form
    → a :class:`Command`, from the words each capability contributes."""

    def __init__(
        self,
        words: Mapping[str, LineParser],
        chorus_words: Mapping[str, WordParser],
        forms: Iterable[FormParser],
    ) -> None:
        self._words = dict(words)
        self._chorus_words = dict(chorus_words)
        self._forms = tuple(forms)
        self._words["chorus"] = self._chorus

    def parse(self, line: str) -> Command:
        """Parse a typed command line. Raises :class:`UsageError` with what to type instead."""
        if len(line) > LINE_MAX_CHARS:
            raise UsageError(
                N_(
                    "That is {count} characters: more than I take in one command ({limit}). Shorten it and try again."
                ),
                count=Count(len(line)),
                limit=Count(LINE_MAX_CHARS),
            )
        stripped = line.strip()
        if not stripped:
            raise UsageError(N_("Type a command, for example /idea TEXT, or /chorus help."))
        word, _, rest = stripped.partition(" ")
        if "\n" in word:
            word, _, more = word.partition("\n")
            rest = more + " " + rest
        parser = self._words.get(word.lstrip("/").casefold())
        if parser is None and NUMBER.match(word):
            raise UsageError(
                N_(
                    "{number} on its own is not a command. A number goes after what it is for, for example /idea show {number} or /draft show {number}; in the console, a number presses the button shown with it in brackets."
                ),
                number=word.lstrip("#"),
            )
        if parser is None:
            raise UsageError(
                N_("I don't know the command {command}. Type /chorus help to see what I can do."),
                command=word,
            )
        return parser(rest.strip())

    def command_word(self, line: str) -> str | None:
        """The command a typed line names, as a short label (``idea``, ``chorus stats``),
        or None when it names none of ours: metrics label by it, so the labels stay a
        known, bounded set whatever people type."""
        word, _, rest = line.strip().partition(" ")
        if "\n" in word:
            word, _, more = word.partition("\n")
            rest = more + " " + rest
        word = word.lstrip("/").casefold()
        if word not in self._words:
            return None
        if word != "chorus":
            return word
        sub = rest.split(maxsplit=1)[0].casefold() if rest.strip() else ""
        return f"chorus {sub}" if sub and sub in self._chorus_words else "chorus"

    def parse_form(self, command: str, values: Mapping[str, str]) -> Command:
        """Parse a submitted form: ``command`` names the form, ``values`` are its inputs."""
        name = command.strip().lstrip("/").casefold()
        for form in self._forms:
            parsed = form(name, values)
            if parsed is not None:
                return parsed
        raise UsageError(N_("This form is out of date. Open it again from /chorus help."))

    def _chorus(self, rest: str) -> Command:
        word, _, args = rest.partition(" ")
        parser = self._chorus_words.get(word.casefold())
        if parser is None:
            raise UsageError(
                N_("I don't know /chorus {sub}. Type /chorus help to see the commands."), sub=word
            )
        return parser(word.casefold(), args.strip())


def parse_member(text: str, *, example: str) -> MemberRef:
    """``<@U1|bente>``, ``<@U1>`` or ``@bente`` → a :class:`MemberRef`."""
    text = text.strip()
    match = _MENTION.match(text)
    if match:
        return MemberRef(user_id=match.group(1), name=match.group(2) or None)
    if text.startswith("@") and len(text) > 1 and " " not in text:
        return MemberRef(name=text[1:])
    raise UsageError(N_("Name a member with @, for example: {example}"), example=example)


def number_of(text: str, usage: str) -> int:
    match = NUMBER.match(text.strip())
    if not match:
        raise UsageError(usage)
    return int(match.group(1))


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one inserted, deleted, changed or swapped letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and (a[diffs[0]], a[diffs[1]]) == (b[diffs[1]], b[diffs[0]])
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def ask_about_typo(
    command: str, text: str, subs: Iterable[str], *, keep_command: str, keep_label: str
) -> None:
    """Stop short text like ``/idea lst`` that would otherwise be stored as content: ask
    whether the member meant the sub-command (``/idea list``) or really wants to keep the
    text (``keep_command`` with the text, for example ``idea new lst``)."""
    words = text.split()
    if not words or len(words) > TYPO_MAX_WORDS or len(words[0]) < TYPO_MIN_LETTERS:
        return
    first = words[0].casefold()
    guess = next((sub for sub in subs if one_edit_apart(first, sub)), None)
    if guess is None:
        return
    meant = " ".join((command, guess, *words[1:]))
    raise UsageError(
        N_("Did you mean /{suggestion}? Nothing is saved or posted until you choose."),
        suggestion=meant,
        text=" ".join(words),
        buttons=(
            Button(N_("Yes: /{suggestion}"), meant, ButtonStyle.PRIMARY),
            Button(keep_label, f"{command} {keep_command} {' '.join(words)}"),
        ),
    )
