"""Catalogues are complete, placeholders survive translation, and formatting follows the
member's locale and time zone."""

from __future__ import annotations

import gettext
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.core import Core
from bot.drafts.views import hint_text
from bot.guidelines.check import HASHTAGS_HINT, LINKS_HINT, MENTIONS_HINT, Hint
from bot.i18n import (
    CATALOGUE_DIR,
    DOMAIN,
    LOCALES,
    Catalogue,
    Count,
    Translator,
    normalize_locale,
)
from scripts.update_catalogues import extract
from tests.helpers import Chat, answer

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _catalogue(locale: str) -> Catalog:
    path: Path = CATALOGUE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _ids(message_id: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(message_id) if isinstance(message_id, (tuple, list)) else (message_id,)


def _compiled(catalog: Catalog) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalogue_in_memory_answers_as_its_compiled_mo_would(locale: str) -> None:
    catalog = _catalogue(locale)
    # Edge cases a .mo compiler treats specially: fuzzy, untranslated, a missing plural form.
    catalog.add("An untranslated line", "")
    catalog.add("A fuzzy line", "Vague", flags=["fuzzy"])
    catalog.add(("One stray", "{n} strays"), ("Én", ""))
    ours, mo = Catalogue(catalog), _compiled(catalog)
    messages: list[Message] = list(catalog)
    assert len(messages) > 1000
    for message in messages[1:]:  # after the header
        ids = _ids(message.id)
        assert ours.gettext(ids[0]) == mo.gettext(ids[0]), ids
        if len(ids) == 2:
            for n in (0, 1, 2, 3, 5, 11, 21, 101, 1234):
                assert ours.ngettext(*ids, n) == mo.ngettext(*ids, n), (ids, n)
    assert ours.gettext("Not in any catalogue") == "Not in any catalogue"
    assert ours.ngettext("a {n}", "{n}s", 1) == "a {n}"
    assert ours.ngettext("a {n}", "{n}s", 2) == "{n}s"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_in_the_code_is_translated_in_every_catalogue(locale: str) -> None:
    catalogue = _catalogue(locale)
    missing = []
    for message in extract():
        if not message.id:
            continue
        found = catalogue.get(message.id)
        strings = _ids(found.string) if found is not None and found.string else ()
        if not strings or not all(strings):
            missing.append(_ids(message.id)[0])
    assert missing == [], (
        f"{locale} misses {len(missing)} strings; run scripts/update_catalogues.py and translate: {missing[:5]}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders_of_their_msgid(locale: str) -> None:
    for message in _catalogue(locale):
        if not message.id or not message.string:
            continue
        wanted = set(PLACEHOLDER.findall(_ids(message.id)[-1]))
        for string in _ids(message.string):
            assert set(PLACEHOLDER.findall(string)) <= wanted | {"n"}, (locale, message.id)
            assert set(PLACEHOLDER.findall(string)) >= wanted - {"n"}, (locale, message.id)


def test_danish_and_dutch_plurals_follow_the_count() -> None:
    assert Translator("da")._n("{n} vote", "{n} votes", 1) == "1 stemme"
    assert Translator("da")._n("{n} vote", "{n} votes", 3) == "3 stemmer"
    assert Translator("nl")._n("{n} vote", "{n} votes", 3) == "3 stemmen"


def test_times_are_shown_in_the_members_time_zone_and_locale() -> None:
    moment = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the day Europe moves its clocks
    assert Translator("en", "Europe/Copenhagen").time(moment) == "2:00\u202fPM"
    assert Translator("da", "Europe/Copenhagen").time(moment) == "14.00"
    assert Translator("nl", "Europe/Amsterdam").datetime(moment) == "29 mrt 2026, 14:00"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("da-DK", "da"), ("nl_NL", "nl"), ("Dansk", "da"), ("fr", None), ("", None)],
)
def test_platform_locales_are_normalised(given: str, expected: str | None) -> None:
    assert normalize_locale(given) == expected


async def test_a_member_who_chose_danish_is_answered_in_danish(chat: Chat) -> None:
    chosen = await chat.say("ann", "/chorus language da")
    assert "dansk" in answer(chosen)

    outcome = await chat.say("ann", "/idea vote 99")
    assert "Der er ingen idé #99" in answer(outcome)

    others = await chat.say("bente", "/idea vote 99")
    assert "There is no idea #99" in answer(others)


async def test_a_coordinator_sets_the_workspace_language_for_channel_posts(
    chat: Chat, core: Core
) -> None:
    refused = await chat.say("ann", "/chorus language workspace nl")
    assert "Only coordinators" in answer(refused)

    await chat.say("cora", "/chorus language workspace nl")
    outcome = await chat.say("bente", "/idea Iets over duurzaamheid")
    post = outcome.reply.messages[-1]
    assert "Nieuw idee #1" in post.text
    assert "Idee #1" in answer(outcome)  # bente chose nothing: the workspace language


# ------------------------------------------------------------------------- issue 21

COUNTS = (0, 1, 2, 1234)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en",
            [
                "It has 0 hashtags;",
                "It has 1 hashtag;",
                "It has 2 hashtags;",
                "It has 1,234 hashtags;",
                "It has 0 links.",
                "It has 1 link.",
                "It has 2 links.",
                "It has 1,234 links.",
                "It mentions 0 colleagues.",
                "It mentions 1 colleague.",
                "It mentions 2 colleagues.",
                "It mentions 1,234 colleagues.",
                "0 messages queued",
                "1 message queued",
                "2 messages queued",
                "1,234 messages queued",
            ],
        ),
        (
            "da",
            [
                "Det har 0 hashtags;",
                "Det har 1 hashtag;",
                "Det har 2 hashtags;",
                "Det har 1.234 hashtags;",
                "Det har 0 links.",
                "Det har 1 link.",
                "Det har 2 links.",
                "Det har 1.234 links.",
                "Det nævner 0 kolleger.",
                "Det nævner 1 kollega.",
                "Det nævner 2 kolleger.",
                "Det nævner 1.234 kolleger.",
                "0 beskeder sat i kø",
                "1 besked sat i kø",
                "2 beskeder sat i kø",
                "1.234 beskeder sat i kø",
            ],
        ),
        (
            "nl",
            [
                "Er staan 0 hashtags in;",
                "Er staat 1 hashtag in;",
                "Er staan 2 hashtags in;",
                "Er staan 1.234 hashtags in;",
                "Er staan 0 links in.",
                "Er staat 1 link in.",
                "Er staan 2 links in.",
                "Er staan 1.234 links in.",
                "Er worden 0 collega's in genoemd.",
                "Er wordt 1 collega in genoemd.",
                "Er worden 2 collega's in genoemd.",
                "Er worden 1.234 collega's in genoemd.",
                "0 berichten in de wachtrij",
                "1 bericht in de wachtrij",
                "2 berichten in de wachtrij",
                "1.234 berichten in de wachtrij",
            ],
        ),
    ],
)
def test_counts_0_1_2_and_1234_read_naturally_in_every_language(
    locale: str, expected: list[str]
) -> None:
    tr = Translator(locale)
    rendered = [
        hint_text(tr, Hint(forms[0], (("low", 3), ("high", 5)), plural=forms[1], count=n)).raw
        for forms in (HASHTAGS_HINT, LINKS_HINT, MENTIONS_HINT)
        for n in COUNTS
    ] + [tr._n("{n} message queued", "{n} messages queued", n) for n in COUNTS]
    assert [text[: len(want)] for text, want in zip(rendered, expected, strict=True)] == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("en", "3,215"), ("da", "3.215"), ("nl", "3.215")]
)
def test_lengths_and_limits_are_written_the_languages_way(locale: str, expected: str) -> None:
    text = Translator(locale)._t(
        "A draft can be at most {limit} characters; yours has {count}. Shorten it, or split it into two posts.",
        limit=Count(10_000),
        count=Count(3_215),
    )
    assert expected in text.raw


@pytest.mark.parametrize(
    ("locale", "msgid", "unwanted", "wanted"),
    [
        (
            "da",
            "It mentions {terms}, which the programme keeps off-limits (named customers, product code names). Please leave it out or ask a coordinator.",
            "Den nævner",  # a draft is "et udkast": "det"
            "Det nævner",
        ),
        ("da", "Cheers given", "Ros", "Cheers"),  # the same word as /cheer everywhere
        ("da", "Cheers you received", "Ros", "Cheers"),
        ("da", "write a private draft (alone: opens the editor)", "alene:", "uden tekst"),
        (
            "nl",
            "It has {count} characters; LinkedIn takes at most {limit}. Cut it down, or make it a blog post and share the link.",
            "Hij ",  # "het concept"
            "Het concept",
        ),
        (
            "nl",
            "Idea #{number} is yours to write. When your post is out, tell the channel with /posted URL.",
            "Laat het het kanaal",
            "in het kanaal",
        ),
        ("nl", "write a private draft (alone: opens the editor)", "alleen:", "zonder tekst"),
        ("nl", "Cheers given", "Complimenten", "Cheers"),
    ],
)
def test_a_fluent_reviewers_corrections_stay(
    locale: str, msgid: str, unwanted: str, wanted: str
) -> None:
    translated = Translator(locale)._(msgid)
    assert unwanted not in translated and wanted in translated


@pytest.mark.parametrize("locale", ["da", "nl"])
def test_no_like_count_reads_0_synes_godt_om(locale: str) -> None:
    counts = [Translator(locale)._n("{n} like", "{n} likes", n) for n in (0, 1, 2)]
    assert counts == ["0 likes", "1 like", "2 likes"]


@pytest.mark.parametrize(
    ("tag", "guess"),
    [
        ("bæredygtighed", "sustainability"),
        ("duurzaamheid", "sustainability"),
        ("kultur", "culture"),
    ],
)
async def test_danish_and_dutch_theme_names_get_a_did_you_mean(
    chat: Chat, tag: str, guess: str
) -> None:
    parked = answer(await chat.say("ann", f"/idea Why we reuse our old laptops #{tag}"))
    assert f"I don't know the theme #{tag}. Did you mean #{guess}?" in parked
