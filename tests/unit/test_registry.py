"""The lists that must agree, checked in one place: every command has a handler, a way in
(a help line or an example that parses to it, or an adapter that builds it) and help in all
three languages; every job has a schedule default."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.commands import Command
from bot.config import DEFAULT_SCHEDULES
from bot.registry import CAPABILITIES, GRAMMAR, HANDLERS, HELP_BOOK, JOBS, parse

ROOT = Path(__file__).resolve().parents[2]


def _all_commands() -> set[type[Command]]:
    found: set[type[Command]] = set()
    todo = list(Command.__subclasses__())
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


def test_every_command_has_a_handler() -> None:
    missing = sorted(c.__name__ for c in _all_commands() - set(HANDLERS))
    assert missing == []


def test_every_command_has_a_help_line_an_example_or_an_adapter_that_builds_it() -> None:
    covered: set[type[Command]] = set()
    for capability in CAPABILITIES:
        covered |= {line.command for line in capability.help}
        covered |= set(capability.examples) | set(capability.events)
    assert sorted(c.__name__ for c in set(HANDLERS) - covered) == []


@pytest.mark.parametrize(
    ("example", "command"),
    [
        *((line.example, line.command) for c in CAPABILITIES for line in c.help),
        *((example, command) for c in CAPABILITIES for command, example in c.examples.items()),
    ],
)
def test_every_example_parses_to_its_command(example: str, command: type[Command]) -> None:
    assert type(parse(example)) is command


def _msgids() -> list[str]:
    ids = [line.meaning for line in HELP_BOOK.lines]
    for topic in HELP_BOOK.topics.values():
        ids += [text for text in (topic.title, topic.intro, topic.note) if text]
    ids += [job.description for job in JOBS.values()]
    return ids


@pytest.mark.parametrize("locale", ["da", "nl"])
def test_every_help_line_topic_and_job_is_translated(locale: str) -> None:
    path = ROOT / "bot" / "i18n" / locale / "LC_MESSAGES" / "chorus.po"
    with path.open("rb") as file:
        catalogue = read_po(file)
    untranslated = []
    for msgid in _msgids():
        message = catalogue.get(msgid)
        if message is None or not message.string:
            untranslated.append(msgid)
    assert untranslated == []


def test_every_help_line_belongs_to_a_known_topic() -> None:
    assert {t for line in HELP_BOOK.lines for t in line.topics} <= set(HELP_BOOK.topics)


def test_every_job_has_a_schedule_default_in_the_core_and_the_programme_file() -> None:
    shipped = tomllib.loads((ROOT / "config" / "programme.toml").read_text(encoding="utf-8"))
    assert set(JOBS) <= set(DEFAULT_SCHEDULES)
    assert set(JOBS) <= set(shipped["schedules"])


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("/idea Lessons", "idea"),
        ("IDEA lessons", "idea"),
        ("/chorus stats quarter", "chorus stats"),
        ("/chorus\nme", "chorus me"),
        ("/chorus <!channel>", "chorus"),
        ("/chorus", "chorus"),
        ("good morning", None),
        ("", None),
        ("/idea" + "x" * 10_000, None),
    ],
)
def test_a_lines_command_word_is_one_of_ours_or_none(line: str, word: str | None) -> None:
    assert GRAMMAR.command_word(line) == word
