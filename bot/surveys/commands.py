"""Starting, answering, closing and reading pulse surveys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.commands import Command


@dataclass(frozen=True)
class StartSurvey(Command):
    """``/chorus survey start [TEMPLATE]``."""

    template: str = ""


@dataclass(frozen=True)
class ShowSurveyTemplates(Command):
    """``/chorus survey templates``: the surveys a coordinator can start."""


@dataclass(frozen=True)
class CloseSurvey(Command):
    """``/chorus survey close``."""


@dataclass(frozen=True)
class ShowSurveyResults(Command):
    """``/chorus survey results [N]``."""

    number: int | None = None


@dataclass(frozen=True)
class AnswerSurvey(Command):
    """``/chorus survey answer N`` opens the survey's form (``values`` None); the form,
    submitted, carries the answers."""

    number: int
    values: Mapping[str, str] | None = None
