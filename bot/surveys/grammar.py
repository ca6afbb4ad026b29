"""The words of ``/chorus survey`` and the survey form."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.commands import Command
from bot.errors import UsageError
from bot.grammar import FormParser, WordParser
from bot.i18n import N_
from bot.surveys.commands import (
    AnswerSurvey,
    CloseSurvey,
    ShowSurveyResults,
    ShowSurveyTemplates,
    StartSurvey,
)

SURVEY_USAGE = N_(
    "Use /chorus survey start [TEMPLATE], /chorus survey templates, /chorus survey close or /chorus survey results."
)
_NUMBER = re.compile(r"^#?(\d{1,9})$")


def _parse_survey(_: str, args: str) -> Command:
    """``/chorus survey start [TEMPLATE]|templates|close|results [N]|answer N``."""
    word, _sep, rest = args.partition(" ")
    word, rest = word.casefold(), rest.strip()
    if word == "start" and " " not in rest:
        return StartSurvey(rest.casefold())
    if word == "templates" and not rest:
        return ShowSurveyTemplates()
    if word == "close" and not rest:
        return CloseSurvey()
    if word == "results":
        if not rest:
            return ShowSurveyResults()
        number = _NUMBER.match(rest)
        if number:
            return ShowSurveyResults(int(number.group(1)))
    if word == "answer":
        number = _NUMBER.match(rest)
        if number:
            return AnswerSurvey(int(number.group(1)))
    raise UsageError(SURVEY_USAGE)


def parse_survey_form(command: str, values: Mapping[str, str]) -> Command | None:
    """``chorus survey answer N`` submitted with its answers; None for other forms."""
    match = re.fullmatch(r"chorus survey answer (\d{1,9})", command)
    if match is None:
        return None
    return AnswerSurvey(int(match.group(1)), dict(values))


CHORUS_WORDS: dict[str, WordParser] = {"survey": _parse_survey}
FORMS: tuple[FormParser, ...] = (parse_survey_form,)
