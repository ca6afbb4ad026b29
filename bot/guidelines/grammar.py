"""The words of `/chorus guidelines|offlimits|pitch`."""

from __future__ import annotations

from collections.abc import Mapping

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import WordParser
from bot.guidelines.commands import EditTerm, ListTerms, OpenGuidelinesForm, SetGuidelines
from bot.guidelines.ports import TermKind
from bot.i18n import N_

_TERM_WORDS = {
    "offlimits": TermKind.OFF_LIMITS,
    "off-limits": TermKind.OFF_LIMITS,
    "pitch": TermKind.PITCH,
}


def _parse_terms(kind: TermKind, args: str) -> Command:
    word, _, term = args.partition(" ")
    action = word.casefold()
    term = term.strip()
    if action in ("", "list") and not term:
        return ListTerms(kind)
    if action in ("add", "remove") and term:
        return EditTerm(kind, term, add=action == "add")
    raise UsageError(
        N_("Use /chorus {word} add TERM, /chorus {word} remove TERM or /chorus {word} list."),
        word="offlimits" if kind is TermKind.OFF_LIMITS else "pitch",
    )


def _parse_guidelines(_: str, args: str) -> Command:
    """``/chorus guidelines [TEXT]``."""
    return SetGuidelines(args) if args else OpenGuidelinesForm()


def _parse_term_word(word: str, args: str) -> Command:
    return _parse_terms(_TERM_WORDS[word], args)


def parse_guidelines_form(command: str, values: Mapping[str, str]) -> Command | None:
    """The guidelines form; None for others."""
    if command == "chorus guidelines":
        return SetGuidelines(values.get("text", "").strip())
    return None


CHORUS_WORDS: dict[str, WordParser] = {
    "guidelines": _parse_guidelines,
    **dict.fromkeys(_TERM_WORDS, _parse_term_word),
}
