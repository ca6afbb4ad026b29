"""Private drafts and feedback on them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, MemberRef


@dataclass(frozen=True)
class SaveDraft(Command):
    """Save a draft's text: a new draft, or a new version of draft ``number``."""

    text: str
    number: int | None = None


@dataclass(frozen=True)
class OpenDraftEditor(Command):
    """Show the draft editor (a modal, a card, console lines): empty, or with a draft."""

    number: int | None = None


@dataclass(frozen=True)
class ListDrafts(Command):
    """My drafts (coordinators: add ``all`` for everyone's)."""

    everyone: bool = False


@dataclass(frozen=True)
class ShowDraft(Command):
    """One draft, its newest version unless another is asked for, with hints and feedback."""

    number: int
    version: int | None = None


@dataclass(frozen=True)
class DiscardDraft(Command):
    """Set a draft aside (recoverable for 30 days)."""

    number: int


@dataclass(frozen=True)
class RestoreDraft(Command):
    """Bring a discarded draft back."""

    number: int


@dataclass(frozen=True)
class AskFeedback(Command):
    """Send my draft to the coordinators, and optionally to a colleague, for feedback."""

    number: int
    colleague: MemberRef | None = None


@dataclass(frozen=True)
class OpenFeedbackForm(Command):
    """The form for feedback on one version of a draft."""

    number: int
    version: int | None = None


@dataclass(frozen=True)
class GiveFeedback(Command):
    """Feedback on a draft, stored against the version it was written for."""

    number: int
    version: int | None
    text: str
