"""Friendly guideline hints on a draft: never a refusal."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.i18n import N_, Count, N_n

LINKEDIN_MAX_CHARS = 3000


LINKEDIN_VISIBLE_CHARS = 210  # about what LinkedIn shows before "see more"


HASHTAGS_RECOMMENDED = (3, 5)


HOOK_MIN_CHARS = 20


# Direct sales-pitch phrases per locale. Every list is checked, since a post's language
# need not be its author's; coordinators add their own with /chorus pitch add.
PITCH_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        "buy now",
        "order now",
        "book a demo",
        "contact us today",
        "limited offer",
        "special offer",
        "best price",
        "sign up today",
        "don't miss out",
        "call us",
    ),
    "da": (
        "køb nu",
        "bestil nu",
        "book en demo",
        "kontakt os i dag",
        "begrænset tilbud",
        "særligt tilbud",
        "bedste pris",
        "ring til os",
        "gå ikke glip af",
    ),
    "nl": (
        "koop nu",
        "bestel nu",
        "vraag een demo aan",
        "neem vandaag contact op",
        "tijdelijke aanbieding",
        "speciale aanbieding",
        "beste prijs",
        "bel ons",
        "mis het niet",
    ),
}


# Openings that spend the visible first lines on nothing (the hook is weak).
STOCK_OPENINGS = (
    "i am happy to",
    "i'm happy to",
    "i am excited to",
    "i'm excited to",
    "i am thrilled to",
    "i'm thrilled to",
    "i am proud to",
    "i'm proud to",
    "jeg er glad for at",
    "jeg er stolt",
    "jeg er begejstret",
    "ik ben blij",
    "ik ben trots",
    "trots om te",
)


_HASHTAG = re.compile(r"(?<![\w#])#\w+")


_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


_MENTION = re.compile(r"<@[\w:.-]+(?:\|[^<>]*)?>|(?<![\w@])@\w[\w.-]*")


def fold(text: str) -> str:
    """Text as terms are compared: case- and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _whole_word(term: str) -> re.Pattern[str]:
    words = fold(term).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


@dataclass(frozen=True)
class Hint:
    """One friendly remark on a draft: a catalogue msgid and its parameters."""

    msgid: str
    params: tuple[tuple[str, object], ...] = ()
    plural: str | None = None  # with ``count``: a plural msgid, ``{n}`` being the count
    count: int = 0

    @property
    def values(self) -> dict[str, object]:
        """The parameters as keyword arguments for the translator."""
        return dict(self.params)


def _found(text: str, terms: Iterable[str]) -> list[str]:
    folded = fold(text)
    seen: list[str] = []
    for term in terms:
        if term.strip() and term not in seen and _whole_word(term).search(folded):
            seen.append(term)
    return seen


def off_limits_in(text: str, terms: Iterable[str]) -> list[str]:
    """The off-limits terms a text names (whole words, ignoring case and accents)."""
    return _found(text, terms)


def check(text: str, *, off_limits: Iterable[str] = (), pitches: Iterable[str] = ()) -> list[Hint]:
    """Hints for a draft: off-limits terms, sales pitch, length and hook, hashtags, links
    and mentions. An empty list means nothing to remark."""
    hints: list[Hint] = []
    named = _found(text, off_limits)
    if named:
        hints.append(
            Hint(
                N_(
                    "It mentions {terms}, which the programme keeps off-limits (named customers, product code names). Please leave it out or ask a coordinator."
                ),
                (("terms", ", ".join(named)),),
            )
        )
    builtin = [p for phrases in PITCH_PHRASES.values() for p in phrases]
    pitch = _found(text, [*builtin, *pitches])
    if pitch:
        hints.append(
            Hint(
                N_(
                    "{phrases} sounds like a sales pitch. Posts that share what you know work better than offers."
                ),
                (("phrases", ", ".join(f'"{p}"' for p in pitch)),),
            )
        )
    body = text.strip()
    if len(body) > LINKEDIN_MAX_CHARS:
        hints.append(
            Hint(
                N_(
                    "It has {count} characters; LinkedIn takes at most {limit}. Cut it down, or make it a blog post and share the link."
                ),
                (("count", Count(len(body))), ("limit", Count(LINKEDIN_MAX_CHARS))),
            )
        )
    hints.extend(_hook(body))
    tags = len(_HASHTAG.findall(body))
    low, high = HASHTAGS_RECOMMENDED
    if not low <= tags <= high:
        hints.append(_counted(HASHTAGS_HINT, tags, (("low", low), ("high", high))))
    links = len(_LINK.findall(body))
    if links:
        hints.append(_counted(LINKS_HINT, links))
    mentions = len(_MENTION.findall(_LINK.sub(" ", body)))
    if mentions:
        hints.append(_counted(MENTIONS_HINT, mentions))
    return hints


HASHTAGS_HINT = N_n(
    "It has {n} hashtag; {low} to {high} that people in your field follow work best.",
    "It has {n} hashtags; {low} to {high} that people in your field follow work best.",
)
LINKS_HINT = N_n(
    "It has {n} link. LinkedIn shows posts with links to fewer people; consider putting the link in the first comment.",
    "It has {n} links. LinkedIn shows posts with links to fewer people; consider putting the link in the first comment.",
)
MENTIONS_HINT = N_n(
    "It mentions {n} colleague. Ask them before you tag them in a public post.",
    "It mentions {n} colleagues. Ask them before you tag them in a public post.",
)


def _counted(
    forms: tuple[str, str], count: int, params: tuple[tuple[str, object], ...] = ()
) -> Hint:
    return Hint(forms[0], params, plural=forms[1], count=count)


def _hook(body: str) -> list[Hint]:
    """The first line is what people see before "see more": it should make them click."""
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    opening = _LINK.sub("", _HASHTAG.sub("", first)).strip()
    if len(first) > LINKEDIN_VISIBLE_CHARS:
        return [
            Hint(
                N_(
                    'The first line runs past the ~{visible} characters LinkedIn shows before "see more". Open with one short line that makes people want to read on.'
                ),
                (("visible", LINKEDIN_VISIBLE_CHARS),),
            )
        ]
    if len(opening) < HOOK_MIN_CHARS or fold(opening).startswith(STOCK_OPENINGS):
        return [
            Hint(
                N_(
                    "The opening line is your hook: try a question, a number or a short story instead of a greeting or an announcement."
                )
            )
        ]
    return []
