"""Guessing the theme a member meant: a typo of a theme's name, or its name in Danish or
Dutch (``#bæredygtighed`` and ``#duurzaamheid`` are ``#sustainability``)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

# Common themes of advocacy programmes in Danish and Dutch, by their English name. A theme
# the programme named in another language is still found by its typo.
TRANSLATED_THEMES: dict[str, tuple[str, ...]] = {
    "sustainability": ("bæredygtighed", "baeredygtighed", "duurzaamheid", "klima", "klimaat"),
    "engineering": ("ingeniørarbejde", "teknik", "techniek", "engineering"),
    "culture": ("kultur", "virksomhedskultur", "cultuur", "bedrijfscultuur"),
    "innovation": ("innovation", "nytænkning", "innovatie", "vernieuwing"),
    "security": ("sikkerhed", "it-sikkerhed", "veiligheid", "beveiliging"),
    "leadership": ("ledelse", "lederskab", "leiderschap"),
    "diversity": ("mangfoldighed", "diversitet", "diversiteit", "inclusie"),
    "careers": ("karriere", "job", "carrière", "loopbaan", "werken"),
    "technology": ("teknologi", "technologie"),
    "customers": ("kunder", "kundeservice", "klanten", "klantenservice"),
    "data": ("data", "dataanalyse", "gegevens"),
    "health": ("sundhed", "trivsel", "gezondheid", "welzijn"),
    "finance": ("økonomi", "finans", "financiën", "financieel"),
    "ai": ("kunstig-intelligens", "kunstmatige-intelligentie"),
}


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold().replace("æ", "ae"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ø", "o")


# Folded once: every unknown tag is compared with all of them.
_TRANSLATED = {
    _fold(word): english for english, words in TRANSLATED_THEMES.items() for word in words
}
_TRANSLATED_WORDS = list(_TRANSLATED)


def guess_theme(tag: str, names: Iterable[str]) -> str | None:
    """The programme's theme ``tag`` most likely meant, or None."""
    themes = {_fold(name): name for name in names}
    folded = _fold(tag)
    close = difflib.get_close_matches(folded, list(themes), n=1, cutoff=0.6)
    if close:
        return themes[close[0]]
    translated = difflib.get_close_matches(folded, _TRANSLATED_WORDS, n=1, cutoff=0.8)
    if translated:
        english = _fold(_TRANSLATED[translated[0]])
        match = difflib.get_close_matches(english, list(themes), n=1, cutoff=0.8)
        if match:
            return themes[match[0]]
    return None
