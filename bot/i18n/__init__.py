"""Message catalogues (gettext, managed with Babel) and locale-aware formatting.

Every user-facing string is an English msgid marked with one of the extraction keywords
below; ``bot/i18n/<locale>/LC_MESSAGES/chorus.po`` holds the translations. The ``.po``
files are read into memory at first use, so there is no build step.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from bot.messages import Span, SpanKind, Text

LOCALES: tuple[str, ...] = ("en", "da", "nl")
DEFAULT_LOCALE = "en"
DOMAIN = "chorus"
CATALOGUE_DIR = Path(__file__).parent
# Babel extraction keywords: ``_`` returns str, ``_t`` returns Text, ``_n`` is plural,
# ``_nt`` is plural returning Text, ``N_`` marks a msgid for translation later (errors raised by
# services) and ``N_n`` a plural pair.
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "_t": None,
    "_n": (1, 2),
    "_nt": (1, 2),
    "N_": None,
    "N_n": (1, 2),
}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction; it is translated where it is shown."""
    return msgid


def N_n(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for extraction; it is translated with the count where it is shown."""
    return singular, plural


@dataclass(frozen=True)
class Count:
    """A number shown to people (a length, a limit): written the way their language writes
    numbers, ``1,234`` in English and ``1.234`` in Danish and Dutch."""

    value: int


def normalize_locale(value: str | None) -> str | None:
    """``"da-DK"``, ``"nl_NL"``, ``"Dansk"``… → a supported locale code, or None."""
    if not value:
        return None
    code = value.strip().replace("-", "_").split("_")[0].lower()
    aliases = {"dansk": "da", "danish": "da", "nederlands": "nl", "dutch": "nl", "english": "en"}
    code = aliases.get(code, code)
    return code if code in LOCALES else None


class Catalogue(gettext.NullTranslations):
    """A ``.po`` catalogue held as dictionaries: what compiling it to ``.mo`` would keep
    (translated, not fuzzy, no context), without writing, sorting and re-reading a ``.mo``
    at every start."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._plural = gettext.c2py(catalog.plural_expr)
        self._singular: dict[str, str] = {}
        self._plurals: dict[str, tuple[str, ...]] = {}
        for message in catalog:
            if not message.id or not message.string or message.fuzzy or message.context:
                continue
            if isinstance(message.id, str) and isinstance(message.string, str):
                self._singular[message.id] = message.string
            elif isinstance(message.id, (tuple, list)) and isinstance(message.string, tuple):
                ids = tuple(message.id)  # an empty form reads as its msgid, as in a .mo
                forms = (s or ids[min(i, 1)] for i, s in enumerate(message.string))
                self._plurals[ids[0]] = tuple(forms)

    def gettext(self, message: str) -> str:
        """The translation of ``message``, or ``message`` itself."""
        found = self._singular.get(message)
        if found is not None:
            return found
        forms = self._plurals.get(message)
        found = self._form(forms, 1) if forms else None
        return message if found is None else found

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The form of ``msgid1`` for ``n``; English rules when it is not translated."""
        forms = self._plurals.get(msgid1)
        found = self._form(forms, n) if forms else None
        if found is not None:
            return found
        return msgid1 if n == 1 else msgid2

    def _form(self, forms: tuple[str, ...], n: int) -> str | None:
        index = self._plural(n)
        return forms[index] if 0 <= index < len(forms) else None


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    path = CATALOGUE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        return Catalogue(read_po(po, locale=locale))


class Translator:
    """Translates and formats for one locale and time zone."""

    def __init__(self, locale: str = DEFAULT_LOCALE, timezone: str = "UTC") -> None:
        self.locale = normalize_locale(locale) or DEFAULT_LOCALE
        self.timezone = ZoneInfo(timezone)
        self._gettext = _translations(self.locale)

    def _(self, msgid: str, **params: object) -> str:
        """Translate ``msgid`` and fill its ``{placeholders}`` as plain text."""
        return (
            self._gettext.gettext(msgid).format(**self._numbers(params, spans=False))
            if params
            else (self._gettext.gettext(msgid))
        )

    def _n(self, singular: str, plural: str, n: int, **params: object) -> str:
        """Plural-aware translation; ``{n}`` is available as a placeholder, written the
        way the language writes numbers."""
        return self._gettext.ngettext(singular, plural, n).format(
            n=self.number(n), **self._numbers(params, spans=False)
        )

    def _t(self, msgid: str, **params: object) -> Text:
        """Translate ``msgid`` into spans: the catalogue text is trusted, each parameter is
        user text unless it already is a :class:`Span` or :class:`Text`."""
        return interpolate(self._gettext.gettext(msgid), self._numbers(params))

    def _nt(self, singular: str, plural: str, n: int, **params: object) -> Text:
        """:meth:`_n` as spans, like :meth:`_t`."""
        template = self._gettext.ngettext(singular, plural, n)
        return interpolate(template, {"n": Span(self.number(n)), **self._numbers(params)})

    def _numbers(self, params: dict[str, object], *, spans: bool = True) -> dict[str, object]:
        """Counts written in this language (trusted spans for :meth:`_t`, text for :meth:`_`)."""
        shown: dict[str, object] = {}
        for key, value in params.items():
            if isinstance(value, Count):
                number = self.number(value.value)
                shown[key] = Span(number) if spans else number
            else:
                shown[key] = value
        return shown

    def datetime(self, moment: dt.datetime) -> str:
        """A moment in this locale and time zone, e.g. ``Nov 24, 2026, 2:00 PM``."""
        local = moment.astimezone(self.timezone)
        pattern = Locale.parse(self.locale).datetime_formats["medium"]
        return str(pattern).format(
            format_time(local, "short", locale=self.locale),
            format_date(local.date(), "medium", locale=self.locale),
        )

    def time(self, moment: dt.datetime) -> str:
        """Time of day in this locale and time zone."""
        return format_time(moment, "short", tzinfo=self.timezone, locale=self.locale)

    def date(self, day: dt.date) -> str:
        """A calendar date in this locale."""
        return format_date(day, "medium", locale=self.locale)

    def duration(self, span: dt.timedelta) -> str:
        """A length of time in words, rounded to its largest unit: ``4 minutes``,
        ``4 minutter``, ``4 minuten``."""
        return format_timedelta(span, locale=self.locale)

    def percent(self, share: float) -> str:
        """A share (0.25) as a whole percentage in this locale: ``25%``, ``25 %``."""
        return format_percent(share, "#,##0%", locale=self.locale)

    def number(self, value: float, digits: int = 1) -> str:
        """A number with at most ``digits`` decimals in this locale: ``1,234.5`` in English,
        ``1.234,5`` in Danish and Dutch."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    def long_date(self, day: dt.date) -> str:
        """A calendar date in words: ``Tuesday, December 1, 2026``, ``tirsdag den 1. december 2026``."""
        return format_date(day, "full", locale=self.locale)

    def language_name(self, code: str) -> str:
        """``"da"`` → ``"dansk"`` in Danish, ``"Danish"`` in English."""
        return Locale.parse(code).get_display_name(self.locale) or code


def interpolate(template: str, params: dict[str, object]) -> Text:
    """Split ``template`` at ``{name}`` placeholders into trusted and parameter spans."""
    spans: list[Span] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            spans.append(Span(template[position : match.start()]))
        value = params[match.group(1)]
        if isinstance(value, Span):
            spans.append(value)
        elif isinstance(value, Text):
            spans.extend(value.spans)
        elif isinstance(value, int):
            spans.append(Span(str(value)))
        else:
            spans.append(Span(str(value), SpanKind.USER))
        position = match.end()
    if position < len(template):
        spans.append(Span(template[position:]))
    return Text(tuple(spans))
