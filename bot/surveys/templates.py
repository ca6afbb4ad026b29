"""The survey templates: a quarterly pulse and a yearly reflection, in every language of the
catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.i18n import N_


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


@dataclass(frozen=True)
class Question:
    """One question: its key in storage, its text (a msgid) and its scale; ``nps`` marks the
    "would you recommend" question whose eNPS is shown."""

    key: str
    text: str
    scale: Scale
    nps: bool = False


@dataclass(frozen=True)
class Template:
    """A survey's questions, under a name a coordinator types."""

    name: str
    title: str  # a msgid
    questions: tuple[Question, ...]


_RECOMMEND = Question(
    "recommend",
    N_("How likely are you to recommend the programme to a colleague?"),
    Scale.TEN,
    nps=True,
)
_RATING = Question("rating", N_("How would you rate the programme?"), Scale.TEN)

TEMPLATES: dict[str, Template] = {
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
DEFAULT_TEMPLATE = "pulse"
