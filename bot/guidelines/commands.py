"""Coordinators' guidelines, off-limits terms and sales-pitch phrases."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.guidelines.ports import TermKind


@dataclass(frozen=True)
class OpenGuidelinesForm(Command):
    """Coordinators: edit the guidelines text members see."""


@dataclass(frozen=True)
class SetGuidelines(Command):
    """Coordinators: replace the guidelines text."""

    text: str


@dataclass(frozen=True)
class ListTerms(Command):
    """Coordinators: off-limits terms or sales-pitch phrases."""

    kind: TermKind


@dataclass(frozen=True)
class EditTerm(Command):
    """Coordinators: add or remove an off-limits term or a sales-pitch phrase."""

    kind: TermKind
    term: str
    add: bool
