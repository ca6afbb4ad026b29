"""The words of `/draft`, and the draft and feedback forms."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.commands import Command
from bot.drafts.commands import (
    AskFeedback,
    DiscardDraft,
    GiveFeedback,
    ListDrafts,
    OpenDraftEditor,
    OpenFeedbackForm,
    RestoreDraft,
    SaveDraft,
    ShowDraft,
)
from bot.errors import UsageError
from bot.grammar import LineParser, ask_about_typo, number_of, parse_member
from bot.i18n import N_

_VERSION = re.compile(r"^v?(\d{1,6})$", re.IGNORECASE)


DRAFT_USAGE = N_(
    "Use /draft to open the editor, /draft TEXT to save a draft, /draft list, /draft show N, /draft edit N, /draft feedback N [@colleague], /draft discard N or /draft restore N."
)


def _parse_draft(rest: str) -> Command:
    """``/draft``, ``/draft TEXT``, ``/draft list|show|edit|discard|restore|feedback|review``."""
    if not rest:
        return OpenDraftEditor()
    word, _, args = rest.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        args = more + " " + args
    sub = word.casefold()
    args = args.strip()
    if sub == "new":
        return SaveDraft(args) if args else OpenDraftEditor()
    if sub == "list" and args.casefold() in ("", "all", "mine"):
        return ListDrafts(everyone=args.casefold() == "all")
    if sub in ("show", "edit", "discard", "restore", "feedback", "review"):
        first, _, more = args.partition(" ")
        if "\n" in first:
            first, _, tail = first.partition("\n")
            more = tail + " " + more
        number = number_of(first, DRAFT_USAGE)
        more = more.strip()
        if sub == "show":
            if not more:
                return ShowDraft(number)
            version = _VERSION.match(more)
            if version:
                return ShowDraft(number, int(version.group(1)))
            raise UsageError(DRAFT_USAGE)
        if sub == "edit":
            return SaveDraft(more, number) if more else OpenDraftEditor(number)
        if sub == "feedback":
            colleague = parse_member(more, example="/draft feedback 3 @bente") if more else None
            return AskFeedback(number, colleague)
        if sub == "review":
            version = _VERSION.match(more)
            if not more or version:
                return OpenFeedbackForm(number, int(version.group(1)) if version else None)
            return GiveFeedback(number, None, more)
        if more:
            raise UsageError(DRAFT_USAGE)
        return DiscardDraft(number) if sub == "discard" else RestoreDraft(number)
    ask_about_typo(
        "draft",
        rest,
        ("new", "list", "show", "edit", "discard", "restore", "feedback", "review"),
        keep_command="new",
        keep_label=N_('Save "{text}" as a draft'),
    )
    return SaveDraft(rest)


def parse_draft_form(command: str, values: Mapping[str, str]) -> Command | None:
    """The draft editor and the feedback form; None for others."""
    text = values.get("text", "").strip()
    if command == "draft" or re.fullmatch(r"draft edit \d{1,9}", command):
        if not text:
            raise UsageError(N_("Write your draft in the text field."), field="text")
        number = command.rpartition(" ")[2]
        return SaveDraft(text, int(number) if number.isdigit() else None)
    match = re.fullmatch(r"draft review (\d{1,9}) v(\d{1,6})", command)
    if match:
        if not text:
            raise UsageError(N_("Write your feedback in the text field."), field="text")
        return GiveFeedback(int(match.group(1)), int(match.group(2)), text)
    return None


WORDS: dict[str, LineParser] = {"draft": _parse_draft}
