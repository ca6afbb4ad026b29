"""The survey templates: the programme file's own, or the built-in quarterly pulse and yearly
reflection, in every language of the catalogue."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from bot.config import Localised, Programme, SurveyTemplateDefault, localised
from bot.i18n import N_, Translator

log = logging.getLogger(__name__)


class Scale(Enum):
    """How a question is answered."""

    AGREE = "agree"  # 1 (disagree) to 5 (agree)
    TEN = "ten"  # 0 to 10
    TEXT = "text"  # free text

    @property
    def bounds(self) -> tuple[int, int] | None:
        """The lowest and highest score, or None for free text."""
        if self is Scale.AGREE:
            return (1, 5)
        if self is Scale.TEN:
            return (0, 10)
        return None


def _say(tr: Translator, text: str | Localised) -> str:
    """A built-in text (a msgid) translated, or a programme file's text in the language."""
    if isinstance(text, str):
        return tr._(text)
    return localised(text, tr.locale)


@dataclass(frozen=True)
class Question:
    """One question: its key in storage, its text (a msgid, or the programme file's text in
    each language) and its scale; ``nps`` marks the "would you recommend" question whose eNPS
    is shown."""

    key: str
    text: str | Localised
    scale: Scale
    nps: bool = False

    def text_in(self, tr: Translator) -> str:
        """The question in ``tr``'s language."""
        return _say(tr, self.text)


@dataclass(frozen=True)
class Template:
    """A survey's questions, under a name a coordinator types."""

    name: str
    title: str | Localised  # a msgid, or the programme file's title in each language
    questions: tuple[Question, ...]

    def title_in(self, tr: Translator) -> str:
        """The title in ``tr``'s language."""
        return _say(tr, self.title)


_RECOMMEND = Question(
    "recommend",
    N_("How likely are you to recommend the programme to a colleague?"),
    Scale.TEN,
    nps=True,
)
_RATING = Question("rating", N_("How would you rate the programme?"), Scale.TEN)

BUILT_IN: Mapping[str, Template] = {
    "pulse": Template(
        "pulse",
        N_("Quarterly pulse"),
        (
            Question(
                "comfortable", N_("I feel comfortable using social media for work"), Scale.AGREE
            ),
            _RECOMMEND,
            _RATING,
            Question("help", N_("What one thing would help you post more?"), Scale.TEXT),
        ),
    ),
    "yearly": Template(
        "yearly",
        N_("Yearly reflection"),
        (
            Question(
                "network", N_("The programme helped me grow my professional network"), Scale.AGREE
            ),
            Question("visible", N_("People know my expertise better than a year ago"), Scale.AGREE),
            _RECOMMEND,
            _RATING,
            Question("gained", N_("What did you get out of the programme this year?"), Scale.TEXT),
            Question("change", N_("What should we change next year?"), Scale.TEXT),
        ),
    ),
}


def _from_file(found: SurveyTemplateDefault) -> Template:
    return Template(
        found.name,
        found.title,
        tuple(Question(q.key, q.text, Scale(q.scale), q.nps) for q in found.questions),
    )


def templates(programme: Programme) -> dict[str, Template]:
    """The templates a coordinator may start, the default first: the programme file's (its
    first is the default), then the built-in ones it does not replace by name."""
    offered = {found.name: _from_file(found) for found in programme.surveys}
    return offered | {name: t for name, t in BUILT_IN.items() if name not in offered}


def template_named(programme: Programme, name: str) -> Template:
    """A survey's questions by its template's name. A template the programme file no longer
    has is looked up among the built-in ones, then falls back to the default."""
    offered = templates(programme)
    return offered.get(name) or BUILT_IN.get(name) or next(iter(offered.values()))


def snapshot(template: Template) -> str:
    """The template as a survey keeps it when it starts (JSON): its questions stay those
    that were asked, whatever later happens to the programme file. Built-in texts stay
    msgids, so they are still shown in each reader's language."""

    def text(value: str | Localised) -> str | dict[str, str]:
        return value if isinstance(value, str) else dict(value)

    return json.dumps(
        {
            "name": template.name,
            "title": text(template.title),
            "questions": [
                {"key": q.key, "text": text(q.text), "scale": q.scale.value, "nps": q.nps}
                for q in template.questions
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _restored(kept: str) -> Template:
    data: dict[str, Any] = json.loads(kept)
    return Template(
        str(data["name"]),
        data["title"],
        tuple(
            Question(str(q["key"]), q["text"], Scale(q["scale"]), bool(q["nps"]))
            for q in data["questions"]
        ),
    )


def survey_template(programme: Programme, name: str, kept: str | None) -> Template:
    """A survey's questions: those it kept when it started, or (a survey from before surveys
    kept them) its template looked up by name."""
    if kept:
        try:
            return _restored(kept)
        except (ValueError, KeyError, TypeError):
            log.error("survey template %s: its kept questions cannot be read", name)
    return template_named(programme, name)
