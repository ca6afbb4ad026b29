"""Extract every marked string and update the en/da/nl catalogues (keeps translations).

Run after adding or changing user-facing text:  python scripts/update_catalogues.py
New entries get an empty msgstr (English gets the msgid); the catalogue test then names
every entry still waiting for a translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.i18n import CATALOGUE_DIR, DOMAIN, KEYWORDS, LOCALES  # noqa: E402

SOURCES = ("bot", "adapters")


def extract() -> Catalog:
    """All marked strings in the sources, as a template catalogue."""
    template = Catalog(project="Chorus", domain=DOMAIN)
    for folder in SOURCES:
        for filename, lineno, message, comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            template.add(
                message,
                None,
                [(f"{folder}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    # The dashboard's pages: ``_("…")`` and ``_n(…)`` in the Jinja2 templates.
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "adapters" / "web" / "templates",
        method_map=[("**.html", "jinja2.ext:babel_extract")],
        keywords=KEYWORDS,
    ):
        template.add(
            message,
            None,
            [(f"adapters/web/templates/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def translated(message: Message) -> bool:
    """Whether every form of the message has a translation."""
    string = message.string
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


def main() -> int:
    for locale in LOCALES:
        template = extract()  # fresh per locale: Catalog.update shares message objects
        path = CATALOGUE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            catalog = Catalog(locale=locale, project="Chorus", domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if locale == "en":
            for message in catalog:
                if message.id and not translated(message):
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(
                handle,
                catalog,
                width=100,
                include_lineno=False,
                ignore_obsolete=True,
            )
        missing = sum(1 for m in catalog if m.id and not translated(m))
        print(f"{locale}: {len(catalog)} entries, {missing} without a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
